import { join, resolve } from 'node:path';
import { Lifecycle } from '@herald/core';
import { FakeDrachtioServer } from '@herald/sip-stack-drachtio/testing';
import { MessageQueue, RecordingLogger, sipFilters, type SipTestPeer } from '@herald/testing';
import { type HeraldConfig, loadHeraldConfig } from '../config/herald-config';
import { composeNode } from './compose-node';

/**
 * A node composed from config/example.yaml with `sip.stack: drachtio`, behind the
 * drachtio-server double: the unchanged SIP/SIMPLE adapter answers the PIDF scenario (E) that
 * sipp plays against the embedded stack, message for message.
 */
const repo = resolve(__dirname, '../../../..');
jest.setTimeout(30_000);

function subscribe(peer: SipTestPeer, presentity: string, cseq: number, expires: number, toTag = ''): string {
  const at = `${peer.host}:${peer.port}`;
  return [
    `SUBSCRIBE sip:${presentity} SIP/2.0`,
    `Via: SIP/2.0/${peer.transport.toUpperCase()} ${at};branch=z9hG4bK-e-${cseq}`,
    'From: "Watcher" <sip:bob@contoso.com>;tag=w1',
    `To: <sip:${presentity}>${toTag}`,
    'Call-ID: pidf-e@contoso.com',
    `CSeq: ${cseq} SUBSCRIBE`,
    `Contact: <sip:watcher@${at};transport=${peer.transport}>`,
    'Max-Forwards: 70',
    'Event: presence',
    `Expires: ${expires}`,
    'Accept: application/pidf+xml',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe('a node with sip.stack: drachtio behind drachtio-server', () => {
  let server: FakeDrachtioServer;
  let lifecycle: Lifecycle;

  beforeEach(async () => {
    server = new FakeDrachtioServer({ secret: 'cymru', inbox: new MessageQueue() });
    await server.start();
    const example = await loadHeraldConfig(join(repo, 'config/example.yaml'));
    const drachtio = {
      mode: 'inbound' as const,
      host: '127.0.0.1',
      port: server.port,
      secret: 'cymru',
      tags: ['herald'],
      reconnect: { initialDelayMs: 50, factor: 2, maxDelayMs: 500 },
      pingIntervalMs: 30_000,
      startTimeoutMs: 3000,
      peers: example.sip.embedded.peers,
    };
    const config: HeraldConfig = {
      ...example,
      adapters: ['sip'],
      http: { ...example.http, server: { ...example.http.server, listen: { host: '127.0.0.1', port: 0 } } },
      sip: { ...example.sip, stack: 'drachtio', drachtio },
    };
    lifecycle = composeNode(config, { logger: new RecordingLogger(), mode: 'serve' }).get<Lifecycle>(Lifecycle);
    await lifecycle.start();
  });

  afterEach(async () => {
    await lifecycle.stop();
    await server.stop();
  });

  it('E: a PIDF subscriber to a gateway contact gets 200 with Expires, basic open, and a terminated NOTIFY after unsubscribing', async () => {
    const peer = server.peer();
    const presentity = 'london-room003@vc.example.com';
    await peer.send(subscribe(peer, presentity, 1, 600));
    const ok = await peer.receive(sipFilters.response());
    expect(ok.status).toBe(200);
    expect(ok.get('Expires')).toBe('600');
    const notify = await peer.receive(sipFilters.request('NOTIFY'));
    expect(notify.get('Event')).toBe('presence');
    expect(notify.get('Subscription-State')).toMatch(/^active;expires=\d+$/);
    expect(notify.get('Contact')).toBe(ok.get('Contact'));
    const body = notify.body.toString('utf8');
    expect(body).toContain('<basic>open</basic>');
    expect(body).toContain(`<c:display-name>${presentity}</c:display-name>`);
    await peer.respond(notify, 200);

    await peer.send(subscribe(peer, presentity, 2, 0, `;tag=${ok.to.tag ?? ''}`));
    const unsubscribed = await peer.receive((m) => !m.isRequest && m.cseq.seq === 2);
    expect(unsubscribed.status).toBe(200);
    const final = await peer.receive(sipFilters.request('NOTIFY'));
    expect(final.get('Subscription-State')).toMatch(/^terminated/);
    await peer.respond(final, 200);
    expect(server.routes).toEqual(expect.arrayContaining(['subscribe', 'options']));
    expect(server.received.find((p) => p.includes('|authenticate|'))).toMatch(/\|authenticate\|cymru\|herald$/);
  });
});
