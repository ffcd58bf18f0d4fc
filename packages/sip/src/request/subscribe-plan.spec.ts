import { fakeSipRequest } from '@herald/testing';
import { planSubscribe } from './subscribe-plan';

const expiry = { defaultSeconds: 3600, minSeconds: 60, maxSeconds: 7200 };
const lyncAccept = 'application/msrtc-event-categories+xml, text/xml+msrtc.pidf, application/xpidf+xml, application/pidf+xml, application/rlmi+xml, multipart/related';

function batchSub(...uris: string[]): string {
  const resources = uris.map((u) => `<resource uri="${u}"/>`).join('');
  return (
    '<batchSub xmlns="http://schemas.microsoft.com/2006/01/sip/batch-subscribe" uri="sip:bob@contoso.com" name="">' +
    `<action name="subscribe" id="1048577"><adhocList>${resources}</adhocList>` +
    '<categoryList xmlns="http://schemas.microsoft.com/2006/09/sip/categorylist">' +
    '<category name="calendarData"/><category name="contactCard"/><category name="note"/><category name="services"/><category name="state"/>' +
    '</categoryList></action></batchSub>'
  );
}

const alice = 'sip:meet.alice@vc.example.com';

function request(headers: [string, string][], body?: string, uri = alice) {
  return fakeSipRequest({ uri, headers: [['Event', 'presence'], ...headers], ...(body === undefined ? {} : { body }) });
}

describe('planSubscribe', () => {
  it('A: a single category subscription gets categories, piggybacked when offered', () => {
    const decision = planSubscribe(
      request(
        [
          ['Accept', lyncAccept],
          ['Supported', 'ms-piggyback-first-notify'],
          ['Supported', 'ms-benotify'],
          ['Proxy-Require', 'ms-benotify'],
          ['Content-Type', 'application/msrtc-adrl-categorylist+xml'],
        ],
        batchSub('sip:Meet.Alice@vc.example.com'),
      ),
      expiry,
      100,
    );
    expect(decision).toEqual({
      accept: true,
      plan: { expires: 3600, format: 'categories', resources: ['sip:Meet.Alice@vc.example.com'], categories: ['state', 'contactCard', 'note'], piggyback: true },
    });
  });

  it('B: a batched category subscription becomes a resource list for the subscriber', () => {
    const decision = planSubscribe(
      request([['Accept', lyncAccept], ['Require', 'adhoclist, categoryList'], ['Supported', 'eventlist'], ['Content-Type', 'application/msrtc-adrl-categorylist+xml']], batchSub(alice, 'sip:meet.bob@vc.example.com')),
      expiry,
      100,
    );
    expect(decision).toMatchObject({ accept: true, plan: { format: 'categories', batch: { listUri: 'sip:bob@contoso.com' }, resources: [alice, 'sip:meet.bob@vc.example.com'], piggyback: false } });
  });

  it('C: an LCS ad-hoc list gets msrtc.pidf parts in a resource list', () => {
    const adrl = `<adhoclist xmlns="urn:ietf:params:xml:ns:adrl" uri="sip:bob@contoso.com" name="sip:bob@contoso.com"><create xmlns=""><resource uri="${alice}"/></create></adhoclist>`;
    const decision = planSubscribe(request([['Accept', lyncAccept], ['Content-Type', 'application/adrl+xml']], adrl), expiry, 100);
    expect(decision).toMatchObject({ accept: true, plan: { format: 'msrtc-pidf', batch: { listUri: 'sip:bob@contoso.com' }, resources: [alice] } });
  });

  it('D: an MSRTC subscription with no body gets msrtc.pidf', () => {
    const decision = planSubscribe(request([['Accept', 'application/xpidf+xml, text/xml+msrtc.pidf, application/pidf+xml']]), expiry, 100);
    expect(decision).toMatchObject({ accept: true, plan: { format: 'msrtc-pidf', resources: [alice] } });
  });

  it('E: plain RFC 3856 gets PIDF, with or without Accept', () => {
    expect(planSubscribe(request([['Accept', 'application/pidf+xml']]), expiry, 100)).toMatchObject({ accept: true, plan: { format: 'pidf' } });
    expect(planSubscribe(request([]), expiry, 100)).toMatchObject({ accept: true, plan: { format: 'pidf', resources: [alice] } });
    expect(planSubscribe(request([['Accept', '*/*']]), expiry, 100)).toMatchObject({ accept: true, plan: { format: 'pidf' } });
  });

  it('takes the presentity from the Request-URI without its parameters, or from To for a domain-only URI', () => {
    const withParameters = fakeSipRequest({ uri: 'sip:meet.alice@vc.example.com;transport=tls', headers: [['Event', 'presence']] });
    expect(planSubscribe(withParameters, expiry, 100)).toMatchObject({ plan: { resources: ['sip:meet.alice@vc.example.com'] } });
    const domainOnly = fakeSipRequest({ uri: 'sip:vc.example.com', to: 'sip:meet.bob@vc.example.com;x=y', headers: [['Event', 'presence']] });
    expect(planSubscribe(domainOnly, expiry, 100)).toMatchObject({ plan: { resources: ['sip:meet.bob@vc.example.com'] } });
  });

  it.each([
    ['a missing Event', [], 489, 'Bad Event: the Event header is missing'],
    ['another event package', [['Event', 'dialog']], 489, "Bad Event: 'dialog' is not served here"],
  ] as const)('answers %s with 489 and Allow-Events', (_name, headers, status, reason) => {
    const decision = planSubscribe(fakeSipRequest({ uri: alice, headers: [...headers] }), expiry, 100);
    expect(decision).toEqual({ accept: false, status, reason, headers: { 'Allow-Events': 'presence' } });
  });

  it('answers 406 when nothing acceptable can be sent', () => {
    expect(planSubscribe(request([['Accept', 'application/xpidf+xml']]), expiry, 100)).toMatchObject({ accept: false, status: 406 });
    expect(
      planSubscribe(request([['Accept', 'application/pidf+xml'], ['Content-Type', 'application/msrtc-adrl-categorylist+xml']], batchSub(alice)), expiry, 100),
    ).toMatchObject({ accept: false, status: 406 });
  });

  it('answers 415 to a body it does not read, naming what it reads', () => {
    expect(planSubscribe(request([['Content-Type', 'application/sdp']], 'v=0'), expiry, 100)).toMatchObject({
      accept: false,
      status: 415,
      headers: { Accept: 'application/msrtc-adrl-categorylist+xml, application/adrl+xml' },
    });
  });

  it('answers 400 to a malformed list, and refuses a DTD', () => {
    const contentType: [string, string] = ['Content-Type', 'application/msrtc-adrl-categorylist+xml'];
    expect(planSubscribe(request([['Accept', lyncAccept], contentType], '<batchSub><action>'), expiry, 100)).toMatchObject({ status: 400 });
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><batchSub uri="x"/>';
    expect(planSubscribe(request([['Accept', lyncAccept], contentType], bomb), expiry, 100)).toMatchObject({ status: 400, reason: expect.stringContaining('DTD') });
  });

  it('refuses lists longer than the limit with 413', () => {
    const uris = Array.from({ length: 4 }, (_, i) => `sip:room${i}@vc.example.com`);
    expect(planSubscribe(request([['Accept', lyncAccept], ['Content-Type', 'application/msrtc-adrl-categorylist+xml']], batchSub(...uris)), expiry, 3)).toMatchObject({
      status: 413,
    });
  });

  it('clamps Expires: default, 423 with Min-Expires below the minimum, shortened above the maximum, 0 is a fetch', () => {
    const plan = (value: string) => planSubscribe(request([['Expires', value]]), expiry, 100);
    expect(plan('30')).toEqual({ accept: false, status: 423, reason: 'Interval Too Brief', headers: { 'Min-Expires': 60 } });
    expect(plan('600')).toMatchObject({ plan: { expires: 600 } });
    expect(plan('86400')).toMatchObject({ plan: { expires: 7200 } });
    expect(plan('99999999999999999999999')).toMatchObject({ plan: { expires: 7200 } });
    expect(plan('0')).toMatchObject({ plan: { expires: 0 } });
    expect(plan('soon')).toMatchObject({ accept: false, status: 400 });
  });
});
