import { afterEach, describe, expect, it } from '@jest/globals';
import { sipFilters, sipRequestText } from '@herald/testing';
import { type DrachtioRun, notifyActive, startDrachtioRun, waitFor } from './testing/drachtio-fixture';

/** What the transport puts on drachtio's wire, checked by the drachtio-server double. */
describe('drachtio transport on the wire', () => {
  let run: DrachtioRun | undefined;
  afterEach(async () => {
    await run?.dispose();
    run = undefined;
  });

  it('authenticates with the secret and its tags and registers routes for SUBSCRIBE, OPTIONS and each handled method', async () => {
    run = await startDrachtioRun({ tags: ['herald', 'presence'] });
    expect(run.server.received.find((p) => p.includes('|authenticate|'))).toMatch(/\|authenticate\|cymru\|herald,presence$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(run.server.routes).toEqual(expect.arrayContaining(['subscribe', 'options']));
    expect(run.stack.endpoints()).toEqual([`drachtio-inbound:127.0.0.1:${run.server.port}`, 'udp:127.0.0.1:5060']);
  });

  it('answers SUBSCRIBE with 200 (not 202) carrying Expires, and sends NOTIFY in the dialog with Event, Subscription-State, Contact and body', async () => {
    run = await startDrachtioRun();
    const { peer } = run;
    const sent = sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence', 'Expires: 600'] });
    await peer.send(sent.text);
    const dialog = await (await run.nextSubscribe()).acceptSubscription({ headers: { Expires: 600 } });
    const ok = await peer.receive(sipFilters.responseTo(sent.callId));
    expect(ok.status).toBe(200);
    expect(ok.get('Expires')).toBe('600');
    const wireResponse = run.server.received.find((p) => p.includes('\r\nSIP/2.0 200'));
    expect(wireResponse).toMatch(/^[^|]+\|sip\|[^|]+\|\r\n/);
    expect(wireResponse).toMatch(/\r\nExpires: 600\r\n/i);

    const outcome = notifyActive(dialog, '<presence entity="sip:meet.alice@herald.test"><tuple id="t"><status><basic>open</basic></status></tuple></presence>');
    const notify = await peer.receive(sipFilters.request('NOTIFY'));
    const wireNotify = run.server.received.find((p) => p.includes('\r\nNOTIFY sip:placeholder'));
    expect(wireNotify).toContain(`|sip||${dialog.id}\r\n`);
    expect(notify.get('Event')).toBe('presence');
    expect(notify.get('Subscription-State')).toBe('active;expires=600');
    expect(notify.get('Content-Type')).toBe('application/pidf+xml');
    expect(notify.get('Contact')).toBe(ok.get('Contact'));
    expect(notify.body.toString('utf8')).toContain('<basic>open</basic>');
    await peer.respond(notify, 200);
    await expect(outcome).resolves.toEqual({ status: 200, reason: 'OK', origin: 'peer' });
  });

  it('keeps running when drachtio-server is not there at start, and connects once it comes up', async () => {
    const probe = await startDrachtioRun();
    const port = probe.server.port;
    await probe.dispose();
    run = await startDrachtioRun({ port, serverUp: false, startTimeoutMs: 200 });
    expect(run.stack.stats().connected).toBe(false);
    expect(run.logger.find('warn', 'not connected to drachtio-server yet')).toHaveLength(1);
    expect(run.logger.find('warn', 'cannot reach drachtio-server').length).toBeGreaterThan(0);
    await run.server.start(port);
    await waitFor(() => run?.stack.stats().connected === true);
    const dialog = await run.subscribe();
    expect(dialog.terminated).toBe(false);
  });

  it('does not crash on a wrong secret: it logs what to check and keeps retrying', async () => {
    run = await startDrachtioRun();
    const port = run.server.port;
    await run.dispose();
    const { FakeDrachtioServer } = await import('./testing/fake-drachtio-server');
    const strict = new FakeDrachtioServer({ secret: 'other' });
    await strict.start(port);
    try {
      run = await startDrachtioRun({ port, serverUp: false, startTimeoutMs: 300 });
      await waitFor(() => (run?.logger.find('error', 'drachtio-server refused the connection').length ?? 0) >= 2);
      expect(run.stack.stats().connected).toBe(false);
    } finally {
      await strict.stop();
    }
  });
});
