// The process under test: the embedded SIP stack alone, answering OPTIONS statelessly on
// loopback (UDP and TCP, ephemeral ports), with rate limiting off so that the stack, not the
// policy, is what the benchmark measures. Prints `ready <udp port> <tcp port>` once listening;
// stops cleanly on SIGTERM.
import { SilentLogger, SystemClock } from '@herald/core';
import { EmbeddedSipStack } from '@herald/sip-stack-embedded';

const stack = new EmbeddedSipStack(
  {
    listen: [
      { transport: 'udp', host: '127.0.0.1', port: 0 },
      { transport: 'tcp', host: '127.0.0.1', port: 0 },
    ],
    peers: { trustedPeers: ['127.0.0.1'], rateLimit: false },
  },
  new SystemClock(),
  new SilentLogger(),
);
stack.onSubscribe((request) => request.respond(489), { events: ['presence'], accept: ['application/pidf+xml'], supported: ['eventlist'] });
await stack.start();
const port = (transport) => Number(stack.endpoints().find((e) => e.startsWith(`${transport}:`)).split(':').pop());
process.stdout.write(`ready ${port('udp')} ${port('tcp')}\n`);
process.on('SIGTERM', () => {
  stack.stop().then(() => process.exit(0));
});
