import { MessageQueue, RecordingLogger, TrackingClock, describeSipStackContract } from '@herald/testing';
import { DrachtioSipStack } from './drachtio-sip-stack';
import { FakeDrachtioServer } from './testing/fake-drachtio-server';

/** The drachtio transport connected to the drachtio-server double on loopback, trusting loopback. */
function fixture(transport: 'udp' | 'tcp') {
  return async () => {
    const clock = new TrackingClock();
    const server = new FakeDrachtioServer({ secret: 'cymru', transport, timeoutMs: 500, inbox: new MessageQueue() });
    await server.start();
    const stack = new DrachtioSipStack(
      {
        mode: 'inbound',
        host: '127.0.0.1',
        port: server.port,
        secret: 'cymru',
        tags: [],
        reconnect: { initialDelayMs: 50, factor: 2, maxDelayMs: 500 },
        pingIntervalMs: 30_000,
        startTimeoutMs: 3000,
        peers: { trustedPeers: ['127.0.0.0/8'] },
      },
      clock,
      new RecordingLogger(),
    );
    return {
      stack,
      connect: async () => server.peer(),
      pendingTimers: () => clock.pendingTimers,
      dispose: () => server.stop(),
    };
  };
}

// The double reports 408 after 500 ms and 503 for a Contact that is not the scripted peer.
const features = { fastTimers: true, unreachableContact: 'sip:gone@127.0.0.2:1;transport=tcp', onlyRoutedMethods: true };
describeSipStackContract('drachtio, UDP behind drachtio-server', fixture('udp'), features);
describeSipStackContract('drachtio, TCP behind drachtio-server', fixture('tcp'), features);
