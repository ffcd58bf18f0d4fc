import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A loopback port free for TCP and, when asked, for UDP too (SIP listens on both with one
 * number). Bounded: gives up after 50 tries.
 */
export async function freePort(options: { readonly udp?: boolean } = {}): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((done, fail) => {
      const probe = createServer();
      probe.once('error', fail);
      probe.listen(0, '127.0.0.1', () => {
        const { port: chosen } = probe.address() as { port: number };
        probe.close(() => done(chosen));
      });
    });
    if (!options.udp || (await udpFree(port))) return port;
  }
  throw new Error('no free loopback port after 50 tries');
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createSocket('udp4');
    socket.once('error', () => done(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => done(true)));
  });
}
