import { type IncomingSubscribe, type ParsedSipMessage } from '@herald/sip-stack';
import { type SipTestPeer, createStreamSipTestPeer, createUdpSipTestPeer, sipFilters, sipRequestText } from '@herald/testing';
import { acceptingAll, delay, startTestStack, type TestStack } from './testing/test-stack';

describe('UDP transport and transactions', () => {
  let running: TestStack | undefined;
  const peers: SipTestPeer[] = [];
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.close()));
    await running?.stop();
    running = undefined;
  });
  const peerOn = async (transport: 'udp' | 'tcp', host = '127.0.0.1') => {
    if (running === undefined) throw new Error('start the stack first');
    const address = running.address(transport);
    const peer = transport === 'udp' ? await createUdpSipTestPeer({ ...address, host }) : await createStreamSipTestPeer({ ...address, host }, 'tcp');
    peers.push(peer);
    return peer;
  };

  it('absorbs a retransmitted request: one handler call, the same response replayed', async () => {
    const calls: IncomingSubscribe[] = [];
    running = await startTestStack({}, (stack) => stack.onSubscribe((request) => calls.push(request)));
    const peer = await peerOn('udp');
    const sent = sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence'] });
    await peer.send(sent.text);
    await delay(30);
    await peer.send(sent.text); // retransmission while the handler has not answered: absorbed
    await delay(30);
    expect(calls).toHaveLength(1);
    expect(await peer.collect(0)).toEqual([]);
    await calls[0]?.acceptSubscription({ headers: { Expires: 60 } });
    const first = await peer.receive(sipFilters.responseTo(sent.callId));
    await peer.send(sent.text); // retransmission after the answer: the same answer again
    const again = await peer.receive(sipFilters.responseTo(sent.callId));
    expect(calls).toHaveLength(1);
    expect(again.status).toBe(200);
    expect(again.to.tag).toBe(first.to.tag);
    expect(again.head).toBe(first.head);
  });

  it.each([
    ['a buffer the handler shares', Buffer.from('<doc>Ünïcode – shared</doc>', 'utf8')],
    ['a string', '<doc>Ünïcode – own</doc>'],
  ])('replays a completed answer with its body, given as %s, byte for byte', async (_form, body) => {
    const calls: IncomingSubscribe[] = [];
    running = await startTestStack({}, (stack) => stack.onSubscribe((request) => calls.push(request)));
    const peer = await peerOn('udp');
    const sent = sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence'] });
    await peer.send(sent.text);
    await delay(30);
    await calls[0]?.acceptSubscription({ headers: { Expires: 60 }, body, contentType: 'application/pidf+xml' });
    const first = await peer.receive(sipFilters.responseTo(sent.callId));
    await peer.send(sent.text);
    const again = await peer.receive(sipFilters.responseTo(sent.callId));
    expect(calls).toHaveLength(1);
    expect(again.head).toBe(first.head);
    expect(again.body.toString('utf8')).toBe(Buffer.from(body).toString('utf8'));
    expect(again.body.equals(first.body)).toBe(true);
  });

  it('retransmits a NOTIFY on Timer E over UDP until answered', async () => {
    const subscriptions = acceptingAll();
    running = await startTestStack({}, subscriptions.register);
    const peer = await peerOn('udp');
    await peer.send(sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence'] }).text);
    await peer.receive(sipFilters.response(200));
    const outcome = (await subscriptions.nextDialog()).sendRequest('NOTIFY', { headers: { Event: 'presence', 'Subscription-State': 'active' } });
    const copies = [await peer.receive(sipFilters.request('NOTIFY')), await peer.receive(sipFilters.request('NOTIFY')), await peer.receive(sipFilters.request('NOTIFY'))];
    expect(new Set(copies.map((c) => c.topVia?.branch)).size).toBe(1);
    expect(new Set(copies.map((c) => c.cseq.seq)).size).toBe(1);
    await peer.respond(copies[0] as ParsedSipMessage, 200);
    await expect(outcome).resolves.toMatchObject({ status: 200, origin: 'peer' });
  });

  it('sends a NOTIFY once over TCP: no retransmissions on a reliable transport', async () => {
    const subscriptions = acceptingAll();
    running = await startTestStack({}, subscriptions.register);
    const peer = await peerOn('tcp');
    await peer.send(sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence'] }).text);
    await peer.receive(sipFilters.response(200));
    const outcome = (await subscriptions.nextDialog()).sendRequest('NOTIFY', { headers: { Event: 'presence', 'Subscription-State': 'active' } });
    const notify = await peer.receive(sipFilters.request('NOTIFY'));
    expect(await peer.collect(300, sipFilters.request('NOTIFY'))).toEqual([]); // 15 × T1
    await peer.respond(notify, 200);
    await expect(outcome).resolves.toMatchObject({ status: 200 });
  });

  it('fills in rport and received (RFC 3581), and answers loopback at its source whatever the Via says', async () => {
    running = await startTestStack({ transports: ['udp'] });
    const peer = await peerOn('udp');
    const withRport = sipRequestText(peer, { method: 'OPTIONS' });
    await peer.send(withRport.text.replace(`${peer.host}:${peer.port};branch`, `client.herald.test:${peer.port};branch`));
    const answered = await peer.receive(sipFilters.responseTo(withRport.callId));
    expect(answered.get('Via')).toBe(`SIP/2.0/UDP client.herald.test:${peer.port};branch=${withRport.branch};rport=${peer.port};received=127.0.0.1`);
    const misleading = sipRequestText(peer, { method: 'OPTIONS' });
    await peer.send(misleading.text.replace(`${peer.host}:${peer.port};branch=${misleading.branch};rport`, `192.0.2.7:5099;branch=${misleading.branch}`));
    const loopback = await peer.receive(sipFilters.responseTo(misleading.callId));
    expect(loopback.status).toBe(200);
    expect(loopback.get('Via')).toBe(`SIP/2.0/UDP 192.0.2.7:5099;branch=${misleading.branch};received=127.0.0.1`);
  });

  it.each(['udp', 'tcp'] as const)('serves IPv6 (::1) over %s', async (transport) => {
    const subscriptions = acceptingAll();
    running = await startTestStack({ host: '::1', transports: [transport] }, subscriptions.register);
    const peer = await peerOn(transport, '::1');
    const sent = sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence'] });
    await peer.send(sent.text);
    const ok = await peer.receive(sipFilters.responseTo(sent.callId));
    expect(ok.get('Contact')).toMatch(/^<sip:\[::1\]:\d+/);
    const outcome = (await subscriptions.nextDialog()).sendRequest('NOTIFY', { headers: { Event: 'presence', 'Subscription-State': 'active' } });
    const notify = await peer.receive(sipFilters.request('NOTIFY'));
    expect(notify.uri).toBe(sent.contactUri);
    expect(notify.topVia?.host).toBe('[::1]');
    await peer.respond(notify, 200);
    await expect(outcome).resolves.toMatchObject({ status: 200 });
  });
});
