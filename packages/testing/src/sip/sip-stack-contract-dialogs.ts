import { expect, it } from '@jest/globals';
import { type ParsedSipMessage, type SubscriptionDialog } from '@herald/sip-stack';
import { type ContractRun, type SipStackContractFeatures } from './sip-stack-contract';
import { type BuiltSipRequest, sipRequestText } from './sip-request-text';
import { sipFilters } from './sip-test-peer';

interface Subscribed {
  readonly sent: BuiltSipRequest;
  readonly dialog: SubscriptionDialog;
  readonly ok: ParsedSipMessage;
  readonly recordRoute: string;
}

const body = 'Café ☕ <presence/>';

/** SUBSCRIBE from the peer (with a Record-Route back to itself), accepted by the handler. */
async function subscribe(run: ContractRun, options: { firstLocalCSeq?: number; contact?: string; recordRoute?: boolean } = {}): Promise<Subscribed> {
  const { peer } = run;
  const hostPort = peer.host.includes(':') ? `[${peer.host}]:${peer.port}` : `${peer.host}:${peer.port}`;
  const recordRoute = `<sip:proxy@${hostPort};transport=${peer.transport};lr>`;
  const sent = sipRequestText(peer, {
    method: 'SUBSCRIBE',
    ...(options.contact !== undefined && { contact: options.contact }),
    extra: ['Event: presence', 'Expires: 600', ...(options.recordRoute === false ? [] : [`Record-Route: ${recordRoute}`])],
  });
  await peer.send(sent.text);
  const incoming = await run.nextSubscribe();
  const dialog = await incoming.acceptSubscription({
    headers: { Expires: 600, Event: 'presence', 'Subscription-State': 'active;expires=600' },
    body,
    contentType: 'application/pidf+xml',
    ...(options.firstLocalCSeq !== undefined && { firstLocalCSeq: options.firstLocalCSeq }),
  });
  const ok = await peer.receive(sipFilters.responseTo(sent.callId));
  return { sent, dialog, ok, recordRoute };
}

const notify = (dialog: SubscriptionDialog, state = 'active;expires=600') =>
  dialog.sendRequest('NOTIFY', { headers: { Event: 'presence', 'Subscription-State': state }, body: '<presence/>', contentType: 'application/pidf+xml' });

const notifyWithCSeq = (seq: number) => (m: ParsedSipMessage) => m.isRequest && m.method === 'NOTIFY' && m.cseq.seq === seq;

/** The dialog half of the contract (called inside its describe block). */
export function describeDialogContract(start: () => Promise<ContractRun>, features: SipStackContractFeatures): void {
  it('accepts a subscription with 200, a To tag, its Contact, Record-Route and the given headers and UTF-8 body', async () => {
    const run = await start();
    const { sent, dialog, ok, recordRoute } = await subscribe(run);
    expect(ok.status).toBe(200);
    expect(ok.to.tag).toBe(dialog.localTag);
    expect(ok.get('Contact')).toMatch(/^<sips?:.+>$/);
    expect(ok.get('Expires')).toBe('600');
    expect(ok.get('Subscription-State')).toBe('active;expires=600');
    expect(ok.get('Record-Route')).toBe(recordRoute);
    expect(ok.get('Content-Type')).toBe('application/pidf+xml');
    expect(Number(ok.get('Content-Length'))).toBe(Buffer.byteLength(body));
    expect(ok.body.toString('utf8')).toBe(body);
    expect(dialog.callId).toBe(sent.callId);
    expect(dialog.remoteTag).toBe(sent.fromTag);
    expect(dialog.remote.uri).toBe('sip:watcher@herald.test');
    expect(dialog.local.uri).toBe('sip:meet.alice@herald.test');
    expect(dialog.local.tag).toBeUndefined();
    expect(dialog.source.transport).toBe(run.peer.transport);
  });

  it('sends NOTIFY through the route set to the Contact, with the dialog fields and CSeq counting up from firstLocalCSeq', async () => {
    const run = await start();
    const { sent, dialog, ok, recordRoute } = await subscribe(run, { firstLocalCSeq: 5 });
    const first = notify(dialog);
    const request = await run.peer.receive(notifyWithCSeq(5));
    expect(request.uri).toBe(sent.contactUri);
    expect(request.getAll('Route')).toEqual([recordRoute]);
    expect(request.from.tag).toBe(dialog.localTag);
    expect(request.from.uri).toBe('sip:meet.alice@herald.test');
    expect(request.to.tag).toBe(sent.fromTag);
    expect(request.to.uri).toBe('sip:watcher@herald.test');
    expect(request.callId).toBe(sent.callId);
    expect(request.get('Contact')).toBe(ok.get('Contact'));
    expect(Number(request.get('Max-Forwards'))).toBeGreaterThan(0);
    expect(request.topVia?.branch).toMatch(/^z9hG4bK/);
    expect(request.get('Event')).toBe('presence');
    expect(request.get('Subscription-State')).toBe('active;expires=600');
    expect(request.body.toString('utf8')).toBe('<presence/>');
    await run.peer.respond(request, 200);
    await expect(first).resolves.toEqual({ status: 200, reason: 'OK', origin: 'peer' });
    const second = notify(dialog);
    const next = await run.peer.receive(notifyWithCSeq(6));
    expect(next.topVia?.branch).not.toBe(request.topVia?.branch);
    await run.peer.respond(next, 200);
    await expect(second).resolves.toMatchObject({ status: 200, origin: 'peer' });
  });

  it("reports the peer's 481 as the NOTIFY outcome", async () => {
    const run = await start();
    const { dialog } = await subscribe(run);
    const outcome = notify(dialog, 'terminated;reason=timeout');
    await run.peer.respond(await run.peer.receive(sipFilters.request('NOTIFY')), 481);
    await expect(outcome).resolves.toMatchObject({ status: 481, origin: 'peer' });
  });

  (features.fastTimers ? it : it.skip)('reports 408 when the peer never answers a NOTIFY (fast timers)', async () => {
    const run = await start();
    const { dialog } = await subscribe(run);
    const outcome = notify(dialog);
    await run.peer.receive(sipFilters.request('NOTIFY'));
    await expect(outcome).resolves.toMatchObject({ status: 408, origin: 'timeout' });
  }, 15_000);

  (features.unreachableContact !== undefined ? it : it.skip)('reports 503 when the transport cannot deliver a NOTIFY', async () => {
    const run = await start();
    const { dialog } = await subscribe(run, { contact: features.unreachableContact, recordRoute: false });
    await expect(notify(dialog)).resolves.toMatchObject({ status: 503, origin: 'transport' });
  });

  it("delivers in-dialog refreshes and unsubscribes to the dialog's onSubscribe handler", async () => {
    const run = await start();
    const { sent, dialog, ok } = await subscribe(run);
    const received: string[] = [];
    dialog.onSubscribe((request) => {
      received.push(`${request.request.cseq.seq} ${request.request.headers.get('Expires')}`);
      request.respond(200, { headers: { Expires: request.request.headers.get('Expires') ?? '0' } });
    });
    for (const [cseq, expires] of [
      [2, 300],
      [3, 0],
    ] as const) {
      const refresh = sipRequestText(run.peer, { method: 'SUBSCRIBE', callId: sent.callId, fromTag: sent.fromTag, toTag: dialog.localTag, cseq, extra: ['Event: presence', `Expires: ${expires}`] });
      await run.peer.send(refresh.text);
      const answer = await run.peer.receive((m) => !m.isRequest && m.cseq.seq === cseq);
      expect(answer.status).toBe(200);
      expect(answer.to.tag).toBe(dialog.localTag);
      expect(answer.get('Expires')).toBe(String(expires));
      expect(answer.get('Contact')).toBe(ok.get('Contact'));
    }
    expect(received).toEqual(['2 300', '3 0']);
  });

  it('answers 481 to requests in an unknown dialog, and in a dialog after terminate()', async () => {
    const run = await start();
    const stray = sipRequestText(run.peer, { method: 'SUBSCRIBE', toTag: 'no-such-dialog', cseq: 2, extra: ['Event: presence'] });
    await run.peer.send(stray.text);
    expect((await run.peer.receive(sipFilters.responseTo(stray.callId))).status).toBe(481);
    const { sent, dialog } = await subscribe(run);
    dialog.onSubscribe((request) => request.respond(200));
    dialog.terminate();
    expect(dialog.terminated).toBe(true);
    const late = sipRequestText(run.peer, { method: 'SUBSCRIBE', callId: sent.callId, fromTag: sent.fromTag, toTag: dialog.localTag, cseq: 2, extra: ['Event: presence', 'Expires: 0'] });
    await run.peer.send(late.text);
    expect((await run.peer.receive((m) => !m.isRequest && m.cseq.seq === 2)).status).toBe(481);
  });
}
