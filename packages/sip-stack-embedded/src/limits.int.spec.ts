import { createConnection, type Socket } from 'node:net';
import { RecordingLogger, type SipTestPeer, createUdpSipTestPeer, sipFilters, sipRequestText } from '@herald/testing';
import { delay, startTestStack, type TestStack } from './testing/test-stack';

let running: TestStack | undefined;
function started(): TestStack {
  if (running === undefined) throw new Error('start the stack first');
  return running;
}

describe('peer policy, rate limits and size limits, on the wire', () => {
  const peers: SipTestPeer[] = [];
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.close()));
    await running?.stop();
    running = undefined;
  });
  const udpPeer = async () => {
    const peer = await createUdpSipTestPeer(started().address('udp'));
    peers.push(peer);
    return peer;
  };

  it('answers 403 to a SUBSCRIBE from an untrusted source, and still answers its OPTIONS', async () => {
    let delivered = 0;
    running = await startTestStack({ peers: { trustedPeers: ['127.0.0.2'] } }, (stack) => stack.onSubscribe(() => delivered++));
    const peer = await udpPeer();
    const subscribe = sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence'] });
    await peer.send(subscribe.text);
    const refused = await peer.receive(sipFilters.responseTo(subscribe.callId));
    expect(refused.status).toBe(403);
    const options = sipRequestText(peer, { method: 'OPTIONS' });
    await peer.send(options.text);
    expect((await peer.receive(sipFilters.responseTo(options.callId))).status).toBe(200);
    expect(delivered).toBe(0);
  });

  it('answers 503 with Retry-After over the rate, then drops a flood without answering', async () => {
    running = await startTestStack({ peers: { trustedPeers: ['127.0.0.2'], rateLimit: { trusted: { perSecond: 1000, burst: 1000 }, untrusted: { perSecond: 1, burst: 3 }, maxSources: 100 } } });
    const peer = await udpPeer();
    for (let i = 0; i < 12; i++) await peer.send(sipRequestText(peer, { method: 'OPTIONS', cseq: i + 1 }).text);
    const answers = await peer.collect(200, sipFilters.response());
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 503, 503, 503]);
    const limited = answers.find((a) => a.status === 503);
    expect(Number(limited?.get('Retry-After'))).toBeGreaterThanOrEqual(1);
  });

  it('answers 513 to an oversized datagram, 400 naming the limit for too many headers, and keeps serving', async () => {
    running = await startTestStack({ limits: { maxMessageBytes: 2000, maxHeaderCount: 20 } });
    const peer = await udpPeer();
    const big = sipRequestText(peer, { method: 'MESSAGE', body: 'x'.repeat(2500), contentType: 'text/plain' });
    await peer.send(big.text);
    expect((await peer.receive(sipFilters.responseTo(big.callId))).status).toBe(513);
    const many = sipRequestText(peer, { method: 'OPTIONS', extra: Array.from({ length: 20 }, (_, i) => `X-Filler-${i}: ${i}`) });
    await peer.send(many.text);
    const refused = await peer.receive(sipFilters.responseTo(many.callId));
    expect(refused.status).toBe(400);
    expect(refused.reason).toBe('Too Many Header Fields (limit 20)');
    const fine = sipRequestText(peer, { method: 'OPTIONS' });
    await peer.send(fine.text);
    expect((await peer.receive(sipFilters.responseTo(fine.callId))).status).toBe(200);
  });

  it('answers 503 when every server transaction is taken by a handler that has not answered', async () => {
    running = await startTestStack({ limits: { maxServerTransactions: 2 } }, (stack) => stack.onSubscribe(() => undefined));
    const peer = await udpPeer();
    const sent = [1, 2, 3].map(() => sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence'] }));
    for (const s of sent) await peer.send(s.text);
    const answer = await peer.receive(sipFilters.response());
    expect(answer.status).toBe(503);
    expect(answer.callId).toBe(sent[2]?.callId);
  });

  it('refuses a subscription beyond the dialog bound with 503, and tells the adapter', async () => {
    const outcomes: string[] = [];
    running = await startTestStack({ limits: { maxDialogs: 1 } }, (stack) =>
      stack.onSubscribe((request) =>
        request.acceptSubscription({}).then(
          () => outcomes.push('accepted'),
          (error: Error) => outcomes.push(error.message),
        ),
      ),
    );
    const peer = await udpPeer();
    const first = sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence'] });
    const second = sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence'] });
    await peer.send(first.text);
    expect((await peer.receive(sipFilters.responseTo(first.callId))).status).toBe(200);
    await peer.send(second.text);
    const refused = await peer.receive(sipFilters.responseTo(second.callId));
    expect(refused.status).toBe(503);
    expect(refused.get('Retry-After')).toBe('30');
    expect(outcomes).toEqual(['accepted', 'too many subscription dialogs (limit 1)']);
  });

  it('answers 500 for a handler that never answers, after the handler timeout', async () => {
    const logger = new RecordingLogger();
    running = await startTestStack({ logger, limits: { handlerTimeoutMs: 100 } }, (stack) => stack.onSubscribe(() => undefined));
    const peer = await udpPeer();
    const sent = sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence'] });
    await peer.send(sent.text);
    const answer = await peer.receive(sipFilters.responseTo(sent.callId));
    expect(answer.status).toBe(500);
    expect(logger.find('warn', 'did not answer in time')).toHaveLength(1);
  });
});

describe('TCP connections', () => {
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await running?.stop();
    running = undefined;
  });
  const connect = async (): Promise<{ socket: Socket; closed: Promise<void>; data: Buffer[] }> => {
    const { host, port } = started().address('tcp');
    const socket = createConnection({ host, port });
    sockets.push(socket);
    const data: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => data.push(chunk));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return { socket, closed, data };
  };

  it('closes connections beyond the per-source bound at once', async () => {
    running = await startTestStack({ transports: ['tcp'], limits: { maxConnectionsPerSource: 2 } });
    const kept = [await connect(), await connect()];
    const refused = await connect();
    await refused.closed;
    expect(kept.every((c) => !c.socket.destroyed)).toBe(true);
  });

  it('closes an idle connection, and one that stalls in the middle of a message', async () => {
    running = await startTestStack({ transports: ['tcp'], limits: { idleConnectionMs: 200, partialMessageMs: 200 } });
    const idle = await connect();
    const stalled = await connect();
    stalled.socket.write('OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKs\r\n');
    await stalled.closed;
    await idle.closed;
    expect(Buffer.concat(stalled.data).length).toBe(0);
  });

  it('answers a CRLFCRLF keep-alive with CRLF', async () => {
    running = await startTestStack({ transports: ['tcp'] });
    const client = await connect();
    client.socket.write('\r\n\r\n');
    await delay(50);
    expect(Buffer.concat(client.data).toString()).toBe('\r\n');
  });
});
