import { ContainerModule } from '@herald/core';
import { SipStack } from '@herald/sip-stack';
import { aRule, aService, createTestNode, directoryContent, FakeSipStack, fakeSipRequest, type FakeDialog } from '@herald/testing';
import { createSipPresenceModule } from './sip-presence-module';
import { defaultSipPresenceOptions, type SipPresenceOptions } from './sip-presence-options';

const alice = aService({ name: "Alice's Room", description: 'Weekly syncs', aliases: [{ alias: 'meet.alice@vc.example.com', description: '' }] });
const bob = aService({ name: "Bob's Room", aliases: [{ alias: 'meet.bob@vc.example.com', description: '' }] });
const rooms = aRule({ name: 'rooms', priority: 100, matchString: '[a-z]+-room\\d\\d\\d@vc\\.example\\.com' });
const content = directoryContent({ services: [alice, bob], rules: [rooms] });
const lyncAccept = 'application/msrtc-event-categories+xml, text/xml+msrtc.pidf, application/pidf+xml, application/rlmi+xml, multipart/related';

function options(overrides: Partial<SipPresenceOptions['limits']> = {}): SipPresenceOptions {
  return { ...defaultSipPresenceOptions, limits: { ...defaultSipPresenceOptions.limits, ...overrides } };
}

async function setUp(limits: Partial<SipPresenceOptions['limits']> = {}) {
  const stack = new FakeSipStack();
  const node = createTestNode({
    content,
    modules: [new ContainerModule(({ bind }) => void bind(SipStack).toConstantValue(stack)), createSipPresenceModule(options(limits))],
  });
  await node.lifecycle.start();
  return { ...node, stack };
}

/** Lets queued promise callbacks and the core's change tracker run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

function batchSub(...uris: string[]): string {
  return (
    '<batchSub xmlns="http://schemas.microsoft.com/2006/01/sip/batch-subscribe" uri="sip:bob@contoso.com" name="">' +
    `<action name="subscribe" id="1"><adhocList>${uris.map((u) => `<resource uri="${u}"/>`).join('')}</adhocList></action></batchSub>`
  );
}

function pidfSubscribe(uri: string, extra: [string, string][] = [], from = 'sip:bob@contoso.com') {
  return fakeSipRequest({ uri, from, cseq: 7, headers: [['Event', 'presence'], ['Accept', 'application/pidf+xml'], ...extra] });
}

function lyncSubscribe(uri: string, piggyback: boolean) {
  return fakeSipRequest({
    uri,
    cseq: 1,
    headers: [
      ['Event', 'presence'],
      ['Accept', lyncAccept],
      ...(piggyback ? ([['Supported', 'ms-piggyback-first-notify']] as [string, string][]) : []),
      ['Content-Type', 'application/msrtc-adrl-categorylist+xml'],
    ],
    body: batchSub(uri),
  });
}

function dialogOf(incoming: { dialog?: FakeDialog }): FakeDialog {
  if (incoming.dialog === undefined) throw new Error('no dialog was created');
  return incoming.dialog;
}

describe('SipPresenceAdapter', () => {
  it('registers for SUBSCRIBE with capabilities that never draw a 420 for the Microsoft tags, and starts the stack', async () => {
    const { stack, lifecycle } = await setUp();
    expect(stack.running).toBe(true);
    expect(stack.capabilities?.supported).toEqual(expect.arrayContaining(['eventlist', 'adhoclist', 'categoryList', 'ms-piggyback-first-notify']));
    expect(stack.capabilities?.events).toEqual(['presence']);
    await lifecycle.stop();
    expect(stack.running).toBe(false);
  });

  it('A with piggyback: 200 carries the categories document and ms-piggyback-cseq, and no NOTIFY follows', async () => {
    const { stack, lifecycle } = await setUp();
    const incoming = stack.deliverSubscribe(lyncSubscribe('sip:meet.alice@vc.example.com', true));
    await settle();
    const [response] = incoming.responses;
    expect(response.status).toBe(200);
    expect(response.options.headers).toMatchObject({
      Expires: 3600,
      Event: 'presence',
      'Subscription-State': 'active;expires=3600',
      Supported: 'ms-piggyback-first-notify',
      'ms-piggyback-cseq': 1,
    });
    expect(response.options.contentType).toBe('application/msrtc-event-categories+xml');
    expect(String(response.options.body)).toContain('<availability>3500</availability>');
    expect(String(response.options.body)).toContain('<displayName>Alice&apos;s Room</displayName>');
    expect(String(response.options.body)).toContain('<body type="personal" uri="">Weekly syncs</body>');
    expect(String(response.options.body)).toContain('<hash>d0d0</hash>');
    expect(dialogOf(incoming).notifies).toEqual([]);
    await lifecycle.stop();
  });

  it('A without piggyback: an empty 200, then an immediate NOTIFY with the document', async () => {
    const { stack, lifecycle } = await setUp();
    const incoming = stack.deliverSubscribe(lyncSubscribe('sip:meet.alice@vc.example.com', false));
    await settle();
    expect(incoming.responses[0].options.body).toBeUndefined();
    const [notify] = dialogOf(incoming).notifies;
    expect(notify.state).toBe('active;expires=3600');
    expect(notify.options.contentType).toBe('application/msrtc-event-categories+xml');
    expect(notify.body).toContain('uri="sip:meet.alice@vc.example.com"');
    await lifecycle.stop();
  });

  it('starts its CSeq after the piggybacked one', async () => {
    const { stack, lifecycle, directory } = await setUp();
    const incoming = stack.deliverSubscribe(lyncSubscribe('sip:meet.alice@vc.example.com', true));
    await settle();
    directory.replace(directoryContent({ services: [{ ...alice, name: 'Renamed' }, bob], rules: [rooms] }));
    await settle();
    expect(dialogOf(incoming).notifies[0].cseq).toBe(2);
    await lifecycle.stop();
  });

  it('E: a PIDF subscriber to a gateway contact gets basic open', async () => {
    const { stack, lifecycle } = await setUp();
    const incoming = stack.deliverSubscribe(pidfSubscribe('sip:london-room003@vc.example.com'));
    await settle();
    expect(incoming.responses[0].status).toBe(200);
    const [notify] = dialogOf(incoming).notifies;
    expect(notify.options.contentType).toBe('application/pidf+xml');
    expect(notify.body).toContain('<basic>open</basic>');
    expect(notify.body).toContain('<c:display-name>london-room003@vc.example.com</c:display-name>');
    await lifecycle.stop();
  });

  it('answers 404 for an alias with no presence, and creates no dialog', async () => {
    const { stack, lifecycle, hub } = await setUp();
    const incoming = stack.deliverSubscribe(pidfSubscribe('sip:london-room03@vc.example.com'));
    await settle();
    expect(incoming.responses.map((r) => r.status)).toEqual([404]);
    expect(incoming.dialog).toBeUndefined();
    expect(hub.stats().watchers).toBe(0);
    await lifecycle.stop();
  });

  it('B: a list gets RLMI with each room, and noresource for an unknown one, piggybacked', async () => {
    const { stack, lifecycle, hub } = await setUp();
    const request = fakeSipRequest({
      uri: 'sip:bob@contoso.com',
      cseq: 4,
      headers: [
        ['Event', 'presence'],
        ['Accept', lyncAccept],
        ['Supported', 'ms-piggyback-first-notify'],
        ['Require', 'adhoclist, categoryList'],
        ['Content-Type', 'application/msrtc-adrl-categorylist+xml'],
      ],
      body: batchSub('sip:meet.alice@vc.example.com', 'sip:nobody@vc.example.com', 'sip:meet.bob@vc.example.com'),
    });
    const incoming = stack.deliverSubscribe(request);
    await settle();
    const [response] = incoming.responses;
    expect(response.options.headers).toMatchObject({ Require: 'eventlist', 'ms-piggyback-cseq': 4 });
    expect(response.options.contentType).toMatch(/^multipart\/related;type="application\/rlmi\+xml"/);
    const body = String(response.options.body);
    expect(body).toContain('version="1" fullState="true"');
    expect(body).toContain('<resource uri="sip:nobody@vc.example.com"><instance id="1" state="terminated" reason="noresource"/>');
    expect(body.match(/state="active"/g)).toHaveLength(2);
    expect(body.match(/<categories /g)).toHaveLength(2);
    expect(hub.stats().watchers).toBe(2);
    await lifecycle.stop();
  });

  it('a directory change reaches the subscriber: the new name, then noresource when the alias goes', async () => {
    const { stack, lifecycle, directory, hub, clock } = await setUp();
    const incoming = stack.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com'));
    await settle();
    const dialog = dialogOf(incoming);

    directory.replace(directoryContent({ services: [{ ...alice, name: 'Alice renamed' }, bob], rules: [rooms] }));
    await settle();
    expect(dialog.notifies.map((n) => n.state)).toEqual(['active;expires=3600', 'active;expires=3600']);
    expect(dialog.notifies[1].body).toContain('<c:display-name>Alice renamed</c:display-name>');

    clock.advance(6000);
    directory.replace(directoryContent({ services: [bob], rules: [rooms] }));
    await settle();
    expect(dialog.notifies[2]).toMatchObject({ state: 'terminated;reason=noresource', body: '' });
    expect(dialog.terminated).toBe(true);
    expect(hub.stats().watchers).toBe(0);
    await lifecycle.stop();
  });

  it('paces NOTIFYs about one contact: the first at once, the rest folded into one after 5 s', async () => {
    const { stack, lifecycle, directory, clock } = await setUp();
    const dialog = dialogOf(stack.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com')));
    await settle();
    for (const name of ['One', 'Two', 'Three']) {
      directory.replace(directoryContent({ services: [{ ...alice, name }, bob], rules: [rooms] }));
      await settle();
    }
    expect(dialog.notifies.map((n) => /display-name>([^<]*)</.exec(n.body)?.[1])).toEqual(['Alice&apos;s Room', 'One']);
    clock.advance(4900);
    await settle();
    expect(dialog.notifies).toHaveLength(2);
    clock.advance(200);
    await settle();
    expect(dialog.notifies.map((n) => /display-name>([^<]*)</.exec(n.body)?.[1])).toEqual(['Alice&apos;s Room', 'One', 'Three']);
    await lifecycle.stop();
  });

  it('refresh: 200 with the new duration and the state again; unsubscribe: 200 then a final NOTIFY', async () => {
    const { stack, lifecycle, hub } = await setUp();
    const dialog = dialogOf(stack.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com')));
    await settle();
    const refresh = dialog.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com', [['Expires', '600']]));
    await settle();
    expect(refresh.responses[0]).toMatchObject({ status: 200, options: { headers: { Expires: 600, 'Subscription-State': 'active;expires=600' } } });
    expect(dialog.notifies.at(-1)?.state).toBe('active;expires=600');

    const tooShort = dialog.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com', [['Expires', '5']]));
    expect(tooShort.responses[0]).toMatchObject({ status: 423, options: { headers: { 'Min-Expires': 60 } } });

    const unsubscribe = dialog.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com', [['Expires', '0']]));
    await settle();
    expect(unsubscribe.responses[0]).toMatchObject({ status: 200, options: { headers: { Expires: 0 } } });
    expect(dialog.notifies.at(-1)?.state).toBe('terminated');
    expect(dialog.notifies.at(-1)?.body).toContain('<basic>open</basic>');
    expect(dialog.terminated).toBe(true);
    expect(hub.stats().watchers).toBe(0);
    await lifecycle.stop();
  });

  it('expiry: terminated;reason=timeout when the subscription is not refreshed', async () => {
    const { stack, lifecycle, clock, hub } = await setUp();
    const dialog = dialogOf(stack.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com', [['Expires', '120']])));
    await settle();
    clock.advance(119_000);
    await settle();
    expect(dialog.notifies).toHaveLength(1);
    clock.advance(2000);
    await settle();
    expect(dialog.notifies.at(-1)?.state).toBe('terminated;reason=timeout');
    expect(dialog.terminated).toBe(true);
    expect(hub.stats().watchers).toBe(0);
    await lifecycle.stop();
  });

  it('a fetch (Expires: 0) gets 200 and one terminated NOTIFY with the state', async () => {
    const { stack, lifecycle, hub } = await setUp();
    const incoming = stack.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com', [['Expires', '0']]));
    await settle();
    expect(incoming.responses[0]).toMatchObject({ status: 200, options: { headers: { Expires: 0 } } });
    const dialog = dialogOf(incoming);
    expect(dialog.notifies.map((n) => n.state)).toEqual(['terminated;reason=timeout']);
    expect(dialog.notifies[0].body).toContain('<basic>open</basic>');
    expect(dialog.terminated).toBe(true);
    expect(hub.stats().watchers).toBe(0);
    await lifecycle.stop();
  });

  it('removes the subscription when the watcher answers 481', async () => {
    const { stack, lifecycle, directory, hub } = await setUp();
    const dialog = dialogOf(stack.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com')));
    await settle();
    stack.answerNotifies = { status: 481, reason: 'Call/Transaction Does Not Exist', origin: 'peer' };
    directory.replace(directoryContent({ services: [{ ...alice, name: 'Renamed' }, bob], rules: [rooms] }));
    await settle();
    expect(dialog.terminated).toBe(true);
    expect(hub.stats().watchers).toBe(0);
    expect(dialog.notifies).toHaveLength(2);
    await lifecycle.stop();
  });

  it('retries a NOTIFY that timed out once, then removes the subscription', async () => {
    const { stack, lifecycle, directory, hub } = await setUp();
    const dialog = dialogOf(stack.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com')));
    await settle();
    stack.answerNotifies = 'manual';
    directory.replace(directoryContent({ services: [{ ...alice, name: 'Renamed' }, bob], rules: [rooms] }));
    await settle();
    dialog.answer({ status: 408, reason: 'Request Timeout', origin: 'timeout' });
    await settle();
    expect(dialog.notifies).toHaveLength(3);
    expect(dialog.notifies[2].body).toContain('Renamed');
    expect(dialog.terminated).toBe(false);
    dialog.answer({ status: 408, reason: 'Request Timeout', origin: 'timeout' });
    await settle();
    expect(dialog.terminated).toBe(true);
    expect(hub.stats().watchers).toBe(0);
    await lifecycle.stop();
  });

  it('sends a large fan-out a few NOTIFYs at a time (max_notifies_in_flight), and every watcher gets it', async () => {
    const { stack, lifecycle, directory } = await setUp({ maxNotifiesInFlight: 2 });
    const dialogs = [1, 2, 3, 4, 5].map((n) => dialogOf(stack.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com', [], `sip:watcher${n}@contoso.com`))));
    await settle();
    stack.answerNotifies = 'manual';
    directory.replace(directoryContent({ services: [{ ...alice, name: 'Renamed' }, bob], rules: [rooms] }));
    await settle();
    const sentChanges = () => dialogs.filter((d) => d.notifies.length === 2);
    expect(sentChanges()).toHaveLength(2);
    for (let answered = 0; answered < 5; answered++) {
      const waiting = sentChanges().find((d) => d.unanswered > 0) as FakeDialog;
      waiting.answer({ status: 200, reason: 'OK', origin: 'peer' });
      await settle();
      expect(dialogs.filter((d) => d.unanswered > 0).length).toBeLessThanOrEqual(2);
    }
    expect(dialogs.map((d) => d.notifies[1]?.body.includes('Renamed'))).toEqual([true, true, true, true, true]);
    stack.answerNotifies = { status: 200, reason: 'OK', origin: 'peer' };
    await lifecycle.stop();
  });

  it('a NOTIFY that succeeds after a retry keeps the subscription', async () => {
    const { stack, lifecycle, directory } = await setUp();
    const dialog = dialogOf(stack.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com')));
    await settle();
    stack.answerNotifies = 'manual';
    directory.replace(directoryContent({ services: [{ ...alice, name: 'Renamed' }, bob], rules: [rooms] }));
    await settle();
    dialog.answer({ status: 503, reason: 'Transport failure', origin: 'transport' });
    await settle();
    dialog.answer({ status: 200, reason: 'OK', origin: 'peer' });
    await settle();
    expect(dialog.terminated).toBe(false);
    expect(dialog.notifies).toHaveLength(3);
    stack.answerNotifies = { status: 200, reason: 'OK', origin: 'peer' };
    await lifecycle.stop();
  });

  it('refuses subscriptions beyond the node cap (503) and the per-watcher cap (403)', async () => {
    const { stack, lifecycle } = await setUp({ maxSubscriptions: 3, maxPerWatcher: 2 });
    const statuses = async (from: string) => {
      const incoming = stack.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com', [], from));
      await settle();
      return incoming.responses[0];
    };
    expect((await statuses('sip:a@contoso.com')).status).toBe(200);
    expect((await statuses('sip:a@contoso.com')).status).toBe(200);
    expect(await statuses('sip:A@CONTOSO.com')).toMatchObject({ status: 403, options: { reason: 'Too many subscriptions from this watcher' } });
    expect((await statuses('sip:b@contoso.com')).status).toBe(200);
    expect(await statuses('sip:c@contoso.com')).toMatchObject({ status: 503, options: { headers: { 'Retry-After': 60 } } });
    await lifecycle.stop();
  });

  it('on shutdown tells every subscriber terminated;reason=deactivated, then stops the stack', async () => {
    const { stack, lifecycle, hub } = await setUp();
    const dialogs = ['sip:meet.alice@vc.example.com', 'sip:meet.bob@vc.example.com'].map((uri) => dialogOf(stack.deliverSubscribe(pidfSubscribe(uri))));
    await settle();
    await lifecycle.stop();
    expect(dialogs.map((d) => d.notifies.at(-1)?.state)).toEqual(['terminated;reason=deactivated', 'terminated;reason=deactivated']);
    expect(hub.stats().watchers).toBe(0);
    expect(stack.running).toBe(false);
  });

  it('does not wait longer than the grace period for subscribers that never answer the final NOTIFY', async () => {
    const { stack, lifecycle, clock, logger, hub } = await setUp();
    dialogOf(stack.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com')));
    await settle();
    stack.answerNotifies = 'manual';
    let stopped = false;
    const stopping = lifecycle.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    clock.advance(defaultSipPresenceOptions.shutdownGraceMs);
    await stopping;
    expect(hub.stats().watchers).toBe(0);
    expect(stack.running).toBe(false);
    expect(logger.find('warn', 'stopped before 1 subscribers confirmed the final NOTIFY')).toHaveLength(1);
  });

  it('answers 489 to an in-dialog SUBSCRIBE for another event, and 481 once the dialog is gone', async () => {
    const { stack, lifecycle } = await setUp();
    const dialog = dialogOf(stack.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com')));
    await settle();
    const wrong = dialog.deliverSubscribe(fakeSipRequest({ uri: 'sip:meet.alice@vc.example.com', headers: [['Event', 'dialog']] }));
    expect(wrong.responses[0].status).toBe(489);
    dialog.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com', [['Expires', '0']]));
    await settle();
    expect(dialog.deliverSubscribe(pidfSubscribe('sip:meet.alice@vc.example.com')).responses[0].status).toBe(481);
    await lifecycle.stop();
  });
});
