import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Container, Lifecycle, ProtocolAdapter, SubscriptionHub } from '@herald/core';
import { RecordingLogger } from '@herald/testing';
import { loadHeraldConfig } from '../config/herald-config';
import { composeNode } from './compose-node';

/**
 * The UCWA-style API on a node composed as `herald start` composes it (core, YAML directory
 * store, themes, HTTP server, UCWA), in process, over real HTTP: a web client's whole path,
 * with the directory edited on disk while it long-polls.
 */
const repo = resolve(__dirname, '../../../..');
jest.setTimeout(30_000);

const alias = 'meet.alice@vc.example.com';
const directory = (name: string, description: string) => `
default_theme: Example Blue
themes:
  - { name: Example Blue, path: themes/example-blue }
  - { name: Boardroom, path: themes/boardroom }
services:
  - name: ${name}
    description: ${description}
    ivr_theme: Boardroom
    aliases: [${alias}]
  - name: Bob's room
    aliases: [meet.bob@vc.example.com]
`;
const settings = `
node: { name: ucwa-test }
log: { level: silent }
directory: { reload_debounce_ms: 50 }
http: { listen: { host: 127.0.0.1, port: 0 } }
ucwa:
  enabled: true
  tokens: [{ name: portal, token: portal-token-0123456789 }]
  clients: [{ client_id: web-app, client_secret: web-app-secret-0123456789 }]
`;

let folder: string;
let file: string;
let container: Container;
let lifecycle: Lifecycle;
let base: string;
let token: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'herald-ucwa-'));
  await cp(join(repo, 'config/themes'), join(folder, 'themes'), { recursive: true });
  file = join(folder, 'herald.yaml');
  await writeFile(file, settings + directory("Alice's meeting room", 'Weekly team syncs'));
  container = composeNode(await loadHeraldConfig(file), { logger: new RecordingLogger(), mode: 'serve' });
  lifecycle = container.get<Lifecycle>(Lifecycle);
  await lifecycle.start();
  [base] = container.get<ProtocolAdapter>(ProtocolAdapter).endpoints();
});
afterAll(async () => {
  await lifecycle.stop();
  await rm(folder, { recursive: true, force: true });
});

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const json = response.headers.get('content-type')?.includes('json') ? JSON.parse(bytes.toString()) : undefined;
  return { status: response.status, headers: response.headers, bytes, json };
}

/** Waits for the next event-channel answer after an edit of the directory file. */
async function afterEdit(next: string, name: string, description: string) {
  const pending = api('GET', next);
  // Give the server the request before the edit, so the test exercises the held path.
  await new Promise((r) => setTimeout(r, 100));
  await writeFile(file, settings + directory(name, description));
  return pending;
}

const eventsOf = (answer: { json: { sender: { events: { link: { rel: string }; type: string }[] }[] } }) =>
  answer.json.sender.flatMap((s) => s.events.map((e) => `${e.link.rel} ${e.type}`));

describe('the UCWA-style API on a composed node', () => {
  let app: { id: string; _links: { self: { href: string }; events: { href: string } } };
  let next: string;

  it('issues a token for client credentials and creates an application', async () => {
    const issued = await fetch(`${base}/ucwa/oauth/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=web-app&client_secret=web-app-secret-0123456789',
    });
    token = ((await issued.json()) as { access_token: string }).access_token;
    const created = await api('POST', '/ucwa/oauth/v1/applications', { userAgent: 'tests', endpointId: 'e2e', culture: 'en-US' });
    expect(created.status).toBe(201);
    app = created.json;
  });

  it("gives the room's presence, note and photo (the Boardroom theme's JPEG, with 304 on its ETag)", async () => {
    const people = `${app._links.self.href}/people`;
    expect((await api('GET', `${people}/sip%3A${alias.replace('@', '%40')}/presence`)).json.availability).toBe('Online');
    expect((await api('GET', `${people}/${alias}/note`)).json.message).toBe('Weekly team syncs');
    const contact = (await api('GET', `${people}/${alias}`)).json;
    const photo = await fetch(`${base}${contact._links.contactPhoto.href}`);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await photo.arrayBuffer()).equals(await readFile(join(folder, 'themes/boardroom/presence_avatar_image.jpg')))).toBe(true);
    const again = await fetch(`${base}${contact._links.contactPhoto.href}`, { headers: { 'if-none-match': photo.headers.get('etag') as string } });
    expect(again.status).toBe(304);
  });

  it('subscribes, and a long poll hears of a rename and a new description made in the file', async () => {
    const subscribed = await api('POST', `${app._links.self.href}/people/presenceSubscriptions`, { duration: 15, uris: [`sip:${alias}`] });
    expect(subscribed.status).toBe(201);
    const first = await api('GET', app._links.events.href);
    expect(eventsOf(first)).toEqual(['contactPresence updated', 'presenceSubscription added']);

    const renamed = await afterEdit(first.json._links.next.href, 'Alice’s renamed room', 'Weekly team syncs');
    expect(eventsOf(renamed)).toEqual(['contact updated']);
    expect((await api('GET', `${app._links.self.href}/people/${alias}`)).json.name).toBe('Alice’s renamed room');

    const described = await afterEdit(renamed.json._links.next.href, 'Alice’s renamed room', 'Now on Fridays');
    expect(eventsOf(described)).toEqual(['contactNote updated']);
    expect((await api('GET', `${app._links.self.href}/people/${alias}/note`)).json.message).toBe('Now on Fridays');
    next = described.json._links.next.href;
  });

  it('ends the subscriptions of a deleted application', async () => {
    const hub = container.get<SubscriptionHub>(SubscriptionHub);
    expect(hub.stats().watchers).toBe(1);
    expect((await api('DELETE', app._links.self.href)).status).toBe(204);
    expect(hub.stats().watchers).toBe(0);
    expect((await api('GET', next)).json.subcode).toBe('ApplicationNotFound');
  });

  it('answers a held request when the node stops, without waiting for its timeout', async () => {
    const other = (await api('POST', '/ucwa/oauth/v1/applications', { userAgent: 'tests', endpointId: 'stop' })).json;
    const pending = api('GET', other._links.events.href);
    await new Promise((r) => setTimeout(r, 100));
    await lifecycle.stop();
    const answer = await pending;
    expect([answer.status, answer.headers.get('connection'), answer.json.sender]).toEqual([200, 'close', []]);
  });
});
