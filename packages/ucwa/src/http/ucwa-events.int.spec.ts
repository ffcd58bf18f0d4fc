import { request as httpRequest } from 'node:http';
import { AvatarSource, type MeetingService } from '@herald/core';
import { aRule, aService, createTestNode, directoryContent, type FakeAvatarSource } from '@herald/testing';
import { UcwaApplications } from '../applications/ucwa-applications';
import { type Answer, call, startUcwaServer, type UcwaTestServer } from '../test-support/ucwa-test-server';
import { createUcwaModule } from '../ucwa-module';
import { type UcwaLimits, ucwaBasePath } from '../ucwa-options';

/**
 * Presence subscriptions and the pending-GET event channel over real HTTP: what a web client
 * hears when the directory changes, and the channel's rules (409 on replacement, resync, a
 * bounded buffer, timeouts, idle expiry, shutdown). Time is the node's fake clock; the
 * directory is in memory and is edited as an operator's reload would.
 */
const token = 'portal-token-0123456789';
const alias = 'meet.alice@vc.example.com';
const room = (overrides: Partial<MeetingService> = {}) =>
  aService({ name: "Alice's meeting room", description: 'Weekly team syncs', aliases: [{ alias, description: '' }], ...overrides });
const bob = aService({ name: "Bob's room", aliases: [{ alias: 'meet.bob@vc.example.com', description: '' }] });

let server: UcwaTestServer;
let node: ReturnType<typeof createTestNode>;

async function start(limits: Partial<UcwaLimits> = {}, options: { connectionTimeoutMs?: number } = {}) {
  node = createTestNode({ content: directoryContent({ services: [room(), bob] }), modules: [createUcwaModule({ tokens: [{ name: 'portal', token }], limits })] });
  server = await startUcwaServer(node.container, options);
}
beforeEach(() => start());
afterEach(() => server.stop());

const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
  call(server.base, method, path.startsWith('/ucwa') ? path : `${ucwaBasePath}${path}`, { token, ...options });

/** An application and a subscription to `uris`, with the event channel read up to now. */
async function subscribed(uris = [`sip:${alias}`]) {
  const app = (await api('POST', '/applications', { body: { userAgent: 'tests', endpointId: `ep-${Math.random()}` } })).json;
  const subscription = await api('POST', `${app._links.self.href}/people/presenceSubscriptions`, { body: { duration: 15, uris } });
  expect(subscription.status).toBe(201);
  const first = await api('GET', app._links.events.href);
  return { app, subscription: subscription.json, first, next: first.json._links.next.href as string };
}

/** The (rel, type, href) of every event in an answer. */
const eventsOf = (answer: Answer) =>
  (answer.json.sender as { events: { link: { rel: string; href: string }; type: string }[] }[]).flatMap((s) => s.events.map((e) => [e.link.rel, e.type, e.link.href]));

/** Lets the server take a held request before the test changes something. */
async function held(app: { id: string }) {
  const applications = node.container.get<UcwaApplications>(UcwaApplications);
  for (let i = 0; i < 100; i++) {
    const application = applications.find({ name: 'portal', source: 'config' }, app.id);
    if (application?.holdsPendingGet) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the server never held the pending GET');
}

describe('presence subscriptions', () => {
  it('answers 201 with the subscription and its links, and announces it and the presence of its members', async () => {
    const { app, subscription, first } = await subscribed();
    const self = `${app._links.self.href}/people/presenceSubscriptions/1`;
    expect(subscription).toEqual({
      rel: 'presenceSubscription',
      id: '1',
      duration: 15,
      _links: { self: { href: self }, memberships: { href: `${self}/memberships` }, addToPresenceSubscription: { href: `${self}/memberships` } },
    });
    expect(first.status).toBe(200);
    expect(first.json._links).toEqual({ self: { href: `${app._links.self.href}/events?ack=1` }, next: { href: `${app._links.self.href}/events?ack=3` } });
    expect(first.json.sender).toEqual([
      {
        rel: 'people',
        href: `${app._links.self.href}/people`,
        events: [
          { link: { rel: 'contactPresence', href: `${app._links.self.href}/people/${alias}/presence` }, type: 'updated' },
          { link: { rel: 'presenceSubscription', href: self }, type: 'added' },
        ],
      },
    ]);
  });

  it('adds and removes members, extends, and deletes a subscription, releasing its watches', async () => {
    const { app, subscription } = await subscribed();
    const memberships = subscription._links.memberships.href as string;
    expect((await api('POST', memberships, { body: { uris: ['meet.bob@vc.example.com', 'sip:nobody@vc.example.com'] } })).status).toBe(200);
    const listed = await api('GET', memberships);
    expect(listed.json._embedded.presenceSubscriptionMembership.map((m: { _links: { contact: { href: string } } }) => m._links.contact.href.split('/').pop())).toEqual([
      alias,
      'meet.bob@vc.example.com',
      'nobody@vc.example.com',
    ]);
    expect(node.hub.stats().watchers).toBe(3);
    expect((await api('DELETE', `${memberships}/sip%3Ameet.bob%40vc.example.com`)).status).toBe(204);
    expect((await api('DELETE', `${memberships}/meet.bob@vc.example.com`)).status).toBe(404);
    expect(node.hub.stats().watchers).toBe(2);

    const extended = await api('POST', subscription._links.self.href, { body: { duration: 30 } });
    expect([extended.status, extended.json.duration]).toEqual([200, 30]);
    expect((await api('GET', `${app._links.self.href}/people/presenceSubscriptions`)).json._embedded.presenceSubscription).toHaveLength(1);
    expect((await api('DELETE', subscription._links.self.href)).status).toBe(204);
    expect(node.hub.stats().watchers).toBe(0);
    expect((await api('GET', subscription._links.self.href)).status).toBe(404);
  });

  it('warns a minute before a subscription expires, then ends it', async () => {
    const { next } = await subscribed();
    node.clock.advance(14 * 60_000 + 1000);
    const warned = await api('GET', next);
    expect(eventsOf(warned)).toEqual([['presenceSubscription', 'updated', expect.stringMatching(/presenceSubscriptions\/1$/)]]);
    node.clock.advance(60_000);
    const ended = await api('GET', warned.json._links.next.href);
    expect(eventsOf(ended)).toEqual([['presenceSubscription', 'deleted', expect.stringMatching(/presenceSubscriptions\/1$/)]]);
    expect(node.hub.stats().watchers).toBe(0);
  });
});

describe('the event channel', () => {
  it('holds a pending GET until the room is renamed, then says the contact was updated; the new name is there to fetch', async () => {
    const { app, next } = await subscribed();
    const pending = api('GET', next);
    await held(app);
    node.directory.replace(directoryContent({ services: [room({ name: 'Alice’s new room' }), bob] }));
    const answer = await pending;
    expect(eventsOf(answer)).toEqual([['contact', 'updated', `${app._links.self.href}/people/${alias}`]]);
    expect((await api('GET', `${app._links.self.href}/people/${alias}`)).json.name).toBe('Alice’s new room');

    const again = api('GET', answer.json._links.next.href);
    await held(app);
    node.directory.replace(directoryContent({ services: [room({ name: 'Alice’s new room', description: 'Now on Fridays' }), bob] }));
    expect(eventsOf(await again)).toEqual([['contactNote', 'updated', `${app._links.self.href}/people/${alias}/note`]]);
    expect((await api('GET', `${app._links.self.href}/people/${alias}/note`)).json.message).toBe('Now on Fridays');
  });

  it('tells of a contact that lost its presence with deleted events, coalescing repeated changes into one per resource', async () => {
    const { next } = await subscribed();
    node.directory.replace(directoryContent({ services: [room({ description: 'one' }), bob] }));
    await new Promise((resolve) => setImmediate(resolve));
    node.directory.replace(directoryContent({ services: [room({ description: 'two' }), bob] }));
    await new Promise((resolve) => setImmediate(resolve));
    node.directory.replace(directoryContent({ services: [bob] }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(eventsOf(await api('GET', next)).map(([rel, type]) => `${rel} ${type}`)).toEqual(['contact deleted', 'contactPresence deleted', 'contactNote deleted', 'contactPhoto deleted']);
  });

  it("tells of a new photo when the theme's avatar changes", async () => {
    const { app, next } = await subscribed();
    const pending = api('GET', next);
    await held(app);
    (node.container.get(AvatarSource) as FakeAvatarSource).setAvatar('default', 'f00d');
    expect(eventsOf(await pending)).toEqual([['contactPhoto', 'updated', `${app._links.self.href}/photos/${alias}`]]);
    const photo = await call(server.base, 'GET', `${app._links.self.href}/photos/${alias}`);
    expect(photo.headers.etag).toBe('"f00d"');
  });

  it('tells of a gateway contact that gains presence when a routing rule comes to match it', async () => {
    const gateway = 'london-room003@vc.example.com';
    const { app, next, first } = await subscribed([`sip:${gateway}`]);
    expect(eventsOf(first).map(([rel]) => rel)).toEqual(['presenceSubscription']);
    const pending = api('GET', next);
    await held(app);
    node.directory.replace(directoryContent({ services: [room(), bob], rules: [aRule({ name: 'rooms', matchString: '[a-z]+-room\\d\\d\\d@vc\\.example\\.com' })] }));
    expect(eventsOf(await pending).map(([rel, type]) => `${rel} ${type}`)).toEqual(['contact added', 'contactPresence added', 'contactNote added', 'contactPhoto added']);
    const contact = await api('GET', `${app._links.self.href}/people/${gateway}`);
    expect([contact.json.name, contact.json.title]).toEqual([gateway, 'Gateway contact']);
  });

  it('answers a pending GET with no events when its timeout passes, keeping the same ack', async () => {
    const { app, next } = await subscribed();
    const pending = api('GET', `${next}&timeout=200`);
    await held(app);
    node.clock.advance(199_000);
    expect(node.container.get<UcwaApplications>(UcwaApplications).find({ name: 'portal', source: 'config' }, app.id)?.holdsPendingGet).toBe(true);
    node.clock.advance(2000);
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.json.sender).toEqual([]);
    expect(answer.json._links.next.href).toBe(next);
  });

  it('answers the older of two pending GETs 409 PGetReplaced', async () => {
    const { app, next } = await subscribed();
    const first = api('GET', next);
    await held(app);
    const second = api('GET', next);
    const replaced = await first;
    expect([replaced.status, replaced.json.code, replaced.json.subcode]).toEqual([409, 'Conflict', 'PGetReplaced']);
    node.directory.replace(directoryContent({ services: [room({ description: 'changed' }), bob] }));
    expect((await second).status).toBe(200);
  });

  it('answers an ack it never issued with a resync link, and the resync link works', async () => {
    const { app } = await subscribed();
    const answer = await api('GET', `${app._links.self.href}/events?ack=999`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ _links: { self: { href: `${app._links.self.href}/events?ack=999` }, resync: { href: `${app._links.self.href}/events?ack=3` } } });
    const pending = api('GET', answer.json._links.resync.href);
    await held(app);
    node.directory.replace(directoryContent({ services: [room({ description: 'after resync' }), bob] }));
    expect(eventsOf(await pending).map(([rel]) => rel)).toEqual(['contactNote']);
  });

  it('drops the oldest events when a client stops reading, and tells it to resync', async () => {
    await server.stop();
    await start({ maxEventsPerApplication: 16 });
    const { app, next } = await subscribed();
    for (let i = 0; i < 10; i++) {
      node.directory.replace(directoryContent({ services: [room({ name: `Room ${i}`, description: `Note ${i}` }), bob] }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const answer = await api('GET', next);
    expect(answer.json._links.resync.href).toBe(`${app._links.self.href}/events?ack=23`);
  });

  it('ends an application on DELETE: its pending GET gets 404, its watches go', async () => {
    const { app, next } = await subscribed();
    expect(node.hub.stats().watchers).toBe(1);
    const pending = api('GET', next);
    await held(app);
    expect((await api('DELETE', app._links.self.href)).status).toBe(204);
    const answer = await pending;
    expect([answer.status, answer.json.subcode]).toEqual([404, 'ApplicationNotFound']);
    expect(node.hub.stats().watchers).toBe(0);
  });

  it('expires an idle application, but not one holding a pending GET', async () => {
    const app = (await api('POST', '/applications', { body: { userAgent: 'tests', endpointId: 'idle' } })).json;
    await api('POST', `${app._links.self.href}/people/presenceSubscriptions`, { body: { duration: 30, uris: [alias] } });
    const next = (await api('GET', app._links.events.href)).json._links.next.href;
    const pending = api('GET', `${next}&timeout=1800`);
    await held(app);
    node.clock.advance(16 * 60_000);
    expect((await api('GET', app._links.self.href)).status).toBe(200);
    node.clock.advance(13 * 60_000);
    // The subscription's expiry warning ends the pending GET; from then on the application is idle.
    expect(eventsOf(await pending)).toEqual([['presenceSubscription', 'updated', expect.any(String)]]);
    node.clock.advance(15 * 60_000 + 1000);
    expect((await api('GET', app._links.self.href)).json.subcode).toBe('ApplicationNotFound');
    expect(node.hub.stats().watchers).toBe(0);
  });

  it('forgets a pending GET whose client went away', async () => {
    const { app, next } = await subscribed();
    const abort = new AbortController();
    const pending = api('GET', next, { signal: abort.signal }).catch((error: Error) => error);
    await held(app);
    abort.abort();
    await pending;
    const applications = node.container.get<UcwaApplications>(UcwaApplications);
    for (let i = 0; i < 100 && applications.find({ name: 'portal', source: 'config' }, app.id)?.holdsPendingGet; i++) await new Promise((r) => setTimeout(r, 10));
    expect(applications.find({ name: 'portal', source: 'config' }, app.id)?.holdsPendingGet).toBe(false);
  });

  it("keeps a pending GET open past the server's socket idle timeout", async () => {
    await server.stop();
    await start({}, { connectionTimeoutMs: 300 });
    const { app, next } = await subscribed();
    const pending = api('GET', next);
    await held(app);
    await new Promise((resolve) => setTimeout(resolve, 900));
    node.directory.replace(directoryContent({ services: [room({ description: 'still here' }), bob] }));
    const answer = await pending;
    expect([answer.status, eventsOf(answer).map(([rel]) => rel)]).toEqual([200, ['contactNote']]);
  });

  it('answers held requests at once when the server closes, and closes their connections', async () => {
    const { app, next } = await subscribed();
    const closed = new Promise<{ status: number; connection: string | undefined; socketClosed: Promise<void> }>((resolve, reject) => {
      const req = httpRequest(`${server.base}${next}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode as number, connection: res.headers.connection, socketClosed: new Promise((done) => res.socket.once('close', () => done())) });
      });
      req.on('error', reject);
      req.end();
    });
    await held(app);
    const stopping = server.stop();
    const answer = await closed;
    expect([answer.status, answer.connection]).toEqual([200, 'close']);
    await answer.socketClosed;
    await stopping;
  });
});
