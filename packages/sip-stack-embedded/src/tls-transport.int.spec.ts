import { readFileSync } from 'node:fs';
import { type SipTestPeer, createStreamSipTestPeer, sipFilters, sipRequestText } from '@herald/testing';
import { createTestCertificates, type TestCertificates } from './testing/test-certificates';
import { startTestStack, type TestStack } from './testing/test-stack';

describe('TLS transport', () => {
  let certs: TestCertificates;
  let running: TestStack | undefined;
  let peer: SipTestPeer | undefined;

  beforeAll(() => {
    certs = createTestCertificates();
  });
  afterAll(() => certs.remove());
  afterEach(async () => {
    await peer?.close();
    await running?.stop();
    peer = undefined;
    running = undefined;
  });

  const start = (verifyClient: boolean, trustedPeers: string[]) =>
    startTestStack(
      {
        listen: [{ transport: 'tls', host: '127.0.0.1', port: 0, tls: { certFile: certs.serverCert, keyFile: certs.serverKey, caFile: certs.caFile, verifyClient } }],
        peers: { trustedPeers },
      },
      (stack) => stack.onSubscribe((request) => request.respond(200, { headers: { 'X-Peer-Names': request.source.tlsPeerNames.join(' ') || 'none' } })),
    );
  const clientCert = () => ({ cert: readFileSync(certs.clientCert), key: readFileSync(certs.clientKey), ca: readFileSync(certs.caFile) });

  async function subscribe(p: SipTestPeer) {
    const sent = sipRequestText(p, { method: 'SUBSCRIBE', extra: ['Event: presence'] });
    await p.send(sent.text);
    return p.receive(sipFilters.responseTo(sent.callId));
  }

  it('serves SIP over TLS with the configured certificate, without client certificates', async () => {
    running = await start(false, ['127.0.0.1']);
    peer = await createStreamSipTestPeer(running.address('tls'), 'tls', { ca: readFileSync(certs.caFile), rejectUnauthorized: true, servername: 'herald.test' });
    const answer = await subscribe(peer);
    expect(answer.status).toBe(200);
    expect(answer.get('X-Peer-Names')).toBe('none');
  });

  it('with verify_client, refuses a peer without a certificate and names a verified one', async () => {
    running = await start(true, ['127.0.0.1']);
    // TLS 1.3 completes the client side before the server checks the certificate: the server then closes.
    const anonymous = await createStreamSipTestPeer(running.address('tls'), 'tls');
    const closed = new Promise<void>((resolve) => anonymous.socket.once('close', () => resolve()));
    await anonymous.send(sipRequestText(anonymous, { method: 'OPTIONS' }).text).catch(() => undefined);
    await closed;
    expect(await anonymous.collect(0)).toEqual([]);
    peer = await createStreamSipTestPeer(running.address('tls'), 'tls', clientCert());
    const answer = await subscribe(peer);
    expect(answer.status).toBe(200);
    expect(answer.get('X-Peer-Names')).toBe(certs.clientName);
  });

  it('trusts a peer by the name in its verified certificate, and refuses the same address without it', async () => {
    running = await start(true, [certs.clientName]);
    peer = await createStreamSipTestPeer(running.address('tls'), 'tls', clientCert());
    expect((await subscribe(peer)).status).toBe(200);
    await peer.close();
    await running.stop();
    running = await start(false, [certs.clientName]);
    peer = await createStreamSipTestPeer(running.address('tls'), 'tls');
    expect((await subscribe(peer)).status).toBe(403);
  });
});
