import { RecordingLogger, TrackingClock, createStreamSipTestPeer, createUdpSipTestPeer, describeSipStackContract } from '@herald/testing';
import { EmbeddedSipStack } from './embedded-sip-stack';
import { type SipListenOptions } from './embedded-sip-stack-options';

/** The embedded stack on loopback, trusting loopback, with T1 = 20 ms so Timer F fires in 1.3 s. */
function fixture(transport: 'udp' | 'tcp') {
  return async () => {
    const clock = new TrackingClock();
    const listen: SipListenOptions[] = [{ transport, host: '127.0.0.1', port: 0 }];
    const stack = new EmbeddedSipStack({ listen, peers: { trustedPeers: ['127.0.0.0/8'] }, timers: { t1Ms: 20, t2Ms: 160, t4Ms: 200 } }, clock, new RecordingLogger());
    return {
      stack,
      connect: async () => {
        const port = Number(stack.endpoints()[0]?.split(':').pop());
        const address = { host: '127.0.0.1', port };
        return transport === 'udp' ? createUdpSipTestPeer(address) : createStreamSipTestPeer(address, 'tcp');
      },
      pendingTimers: () => clock.pendingTimers,
    };
  };
}

// Port 1 on another loopback address: nothing listens there, so connecting is refused at once.
describeSipStackContract('embedded, UDP', fixture('udp'), { fastTimers: true });
describeSipStackContract('embedded, TCP', fixture('tcp'), { fastTimers: true, unreachableContact: 'sip:gone@127.0.0.2:1;transport=tcp' });
