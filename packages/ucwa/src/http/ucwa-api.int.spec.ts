import { AvatarSource } from '@herald/core';
import { aService, createTestNode, directoryContent, type FakeAvatarSource } from '@herald/testing';
import { call, startUcwaServer, type UcwaTestServer } from '../test-support/ucwa-test-server';
import { createUcwaModule } from '../ucwa-module';
import { ucwaBasePath } from '../ucwa-options';

/**
 * The UCWA-style API over real HTTP on loopback: tokens, applications, a contact's presence,
 * note and photo, and what bad requests get. The node is the core with an in-memory directory
 * and fakes; the event channel has its own spec.
 */
const portalToken = 'portal-token-0123456789';
const client = { clientId: 'web-app', clientSecret: 'web-app-secret-0123456789' };
const boardroomJpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);
const alice = aService({
  name: "Alice's meeting room",
  description: 'Weekly team syncs',
  theme: 'Boardroom',
  aliases: [{ alias: 'meet.alice@vc.example.com', description: '' }],
});
const auditorium = aService({ name: 'All hands', kind: 'virtual-auditorium', aliases: [{ alias: 'allhands@vc.example.com', description: '' }] });

let server: UcwaTestServer;
let node: ReturnType<typeof createTestNode>;
const api = (method: string, path: string, options: Parameters<typeof call>[3] = {}) => call(server.base, method, `${ucwaBasePath}${path}`, options);

beforeEach(async () => {
  node = createTestNode({
    content: directoryContent({ services: [alice, auditorium] }),
    modules: [createUcwaModule({ tokens: [{ name: 'portal', token: portalToken }], clients: [client], tokenLifetimeS: 600, limits: { bodyLimitBytes: 2048 } })],
  });
  (node.container.get(AvatarSource) as FakeAvatarSource).setAvatar('Boardroom', 'b0a4d0', false, boardroomJpeg);
  server = await startUcwaServer(node.container);
});
afterEach(() => server.stop());

async function anApplication(token = portalToken, endpointId = 'e2e5c0f4-1111-4a5e-9c53-000000000001') {
  const answer = await api('POST', '/applications', { token, body: { userAgent: 'Herald tests/1.0', endpointId, culture: 'en-US' } });
  expect(answer.status).toBe(201);
  return { path: answer.json._links.self.href.slice(ucwaBasePath.length) as string, body: answer.json };
}

describe('authentication', () => {
  it('challenges a request without a token, and one with a bad token, with WWW-Authenticate and a UCWA error body', async () => {
    const missing = await api('POST', '/applications', { body: { userAgent: 'x', endpointId: 'y' } });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="Herald"');
    expect(missing.json).toMatchObject({ code: 'Unauthorized', subcode: 'MissingToken' });

    const discovery = await api('GET', '/applications');
    expect([discovery.status, discovery.headers['www-authenticate']]).toEqual([401, 'Bearer realm="Herald"']);
    const listing = await api('GET', '/applications', { token: portalToken });
    expect([listing.status, listing.headers.allow, listing.json.code]).toEqual([405, 'POST', 'MethodNotAllowed']);

    const bad = await api('GET', '/applications/abc', { token: 'not-a-token-anyone-issued' });
    expect(bad.status).toBe(401);
    expect(bad.headers['www-authenticate']).toMatch(/^Bearer realm="Herald", error="invalid_token", error_description="/);
    expect(bad.json).toMatchObject({ code: 'Unauthorized', subcode: 'InvalidToken' });
  });

  it('exchanges client credentials (form body or HTTP Basic) for a bearer token that works until it expires', async () => {
    const form = `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`;
    const issued = await api('POST', '/token', { body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(issued.status).toBe(200);
    expect(issued.headers['cache-control']).toBe('no-store');
    expect(issued.json).toEqual({ access_token: expect.stringMatching(/^[\w-]{43}$/), token_type: 'Bearer', expires_in: 600 });
    await anApplication(issued.json.access_token);

    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
    const viaBasic = await api('POST', '/token', { body: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` } });
    expect(viaBasic.status).toBe(200);

    node.clock.advance(601_000);
    const expired = await api('POST', '/applications', { token: issued.json.access_token, body: { userAgent: 'x', endpointId: 'y' } });
    expect(expired.status).toBe(401);
    expect(expired.json.subcode).toBe('InvalidToken');
  });

  it('refuses wrong client secrets and other grant types in OAuth terms', async () => {
    const wrong = await api('POST', '/token', {
      body: `grant_type=client_credentials&client_id=${client.clientId}&client_secret=wrong-secret-0123456789`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([wrong.status, wrong.json.error]).toEqual([401, 'invalid_client']);
    expect(wrong.headers['www-authenticate']).toBe('Basic realm="Herald"');
    expect(JSON.stringify(node.logger.lines)).not.toContain('wrong-secret-0123456789');

    const password = await api('POST', '/token', { body: 'grant_type=password&username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([password.status, password.json.error]).toEqual([400, 'unsupported_grant_type']);
    const missing = await api('POST', '/token', { body: 'client_id=web-app', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([missing.status, missing.json.error, missing.json.error_description]).toEqual([400, 'invalid_request', 'body.grant_type is required']);
  });
});

describe('applications', () => {
  it('creates an application with its links and people, gives it back for the same endpoint, and hides it from other principals', async () => {
    const answer = await api('POST', '/applications', { token: portalToken, body: { UserAgent: 'Lync-style/1.0', EndpointId: 'ep-1', Culture: 'nb-NO' } });
    expect(answer.status).toBe(201);
    const id = answer.json.id as string;
    const self = `${ucwaBasePath}/applications/${id}`;
    expect(answer.headers.location).toBe(self);
    expect(answer.json).toEqual({
      rel: 'application',
      id,
      userAgent: 'Lync-style/1.0',
      endpointId: 'ep-1',
      culture: 'nb-NO',
      _links: { self: { href: self }, events: { href: `${self}/events?ack=1` }, batch: { href: `${self}/batch` } },
      _embedded: { people: { rel: 'people', _links: { self: { href: `${self}/people` }, presenceSubscriptions: { href: `${self}/people/presenceSubscriptions` } } } },
    });
    const again = await api('POST', '/applications', { token: portalToken, body: { userAgent: 'Lync-style/1.0', endpointId: 'ep-1' } });
    expect([again.status, again.json.id]).toEqual([200, id]);

    const issued = await api('POST', '/token', {
      body: `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const stranger = await api('GET', `/applications/${id}`, { token: issued.json.access_token });
    expect([stranger.status, stranger.json.code, stranger.json.subcode]).toEqual([404, 'NotFound', 'ApplicationNotFound']);
  });

  it('deletes an application; then it is not found', async () => {
    const app = await anApplication();
    expect((await api('DELETE', app.path, { token: portalToken })).status).toBe(204);
    const gone = await api('GET', app.path, { token: portalToken });
    expect([gone.status, gone.json.subcode]).toEqual([404, 'ApplicationNotFound']);
  });

  it('answers the batch link with 501, saying to send requests one by one', async () => {
    const app = await anApplication();
    const batch = await api('POST', `${app.path}/batch`, { token: portalToken, body: {} });
    expect([batch.status, batch.json.code]).toEqual([501, 'NotImplemented']);
  });

  it('refuses applications beyond the node maximum with 503 and Retry-After', async () => {
    await server.stop();
    node = createTestNode({ content: directoryContent({ services: [alice] }), modules: [createUcwaModule({ tokens: [{ name: 'portal', token: portalToken }], limits: { maxApplications: 1 } })] });
    server = await startUcwaServer(node.container);
    await anApplication(portalToken, 'one');
    const second = await api('POST', '/applications', { token: portalToken, body: { userAgent: 'x', endpointId: 'two' } });
    expect([second.status, second.json.subcode, second.headers['retry-after']]).toEqual([503, 'TooManyApplications', '60']);
  });
});

describe('people', () => {
  it("gives a room's contact card, presence and note, for sip: URIs (encoded or not) and bare aliases", async () => {
    const app = await anApplication();
    const people = `${ucwaBasePath}${app.path}/people`;
    for (const form of ['sip%3Ameet.alice%40vc.example.com', 'meet.alice@vc.example.com', 'sip:MEET.Alice@vc.example.com']) {
      const contact = await api('GET', `${app.path}/people/${form}`, { token: portalToken });
      expect(contact.status).toBe(200);
      expect(contact.json).toEqual({
        rel: 'contact',
        uri: 'sip:meet.alice@vc.example.com',
        name: "Alice's meeting room",
        title: 'Virtual Meeting Room',
        type: 'User',
        sourceNetwork: 'Federated',
        _links: {
          self: { href: `${people}/meet.alice@vc.example.com` },
          contactPresence: { href: `${people}/meet.alice@vc.example.com/presence` },
          contactNote: { href: `${people}/meet.alice@vc.example.com/note` },
          contactPhoto: { href: `${ucwaBasePath}${app.path}/photos/meet.alice@vc.example.com` },
        },
      });
    }
    const presence = await api('GET', `${app.path}/people/meet.alice@vc.example.com/presence`, { token: portalToken });
    expect(presence.json).toEqual({
      rel: 'contactPresence',
      availability: 'Online',
      activity: '',
      deviceType: 'Unknown',
      _links: { self: { href: `${people}/meet.alice@vc.example.com/presence` } },
    });
    const note = await api('GET', `${app.path}/people/meet.alice@vc.example.com/note`, { token: portalToken });
    expect(note.json).toMatchObject({ rel: 'contactNote', message: 'Weekly team syncs', type: 'Personal' });
    const hall = await api('GET', `${app.path}/people/allhands@vc.example.com`, { token: portalToken });
    expect(hall.json.title).toBe('Virtual Auditorium');
  });

  it('answers in UCWA\'s own media type when asked, and takes bodies in it', async () => {
    const answer = await api('POST', '/applications', {
      token: portalToken,
      body: JSON.stringify({ userAgent: 'x', endpointId: 'vnd' }),
      headers: { 'content-type': 'application/vnd.microsoft.com.ucwa+json', accept: 'application/vnd.microsoft.com.ucwa+json' },
    });
    expect(answer.status).toBe(201);
    expect(answer.headers['content-type']).toMatch(/^application\/vnd\.microsoft\.com\.ucwa\+json\b/);
  });

  it('gives 404 with a UCWA error body for a contact without presence', async () => {
    const app = await anApplication();
    const unknown = await api('GET', `${app.path}/people/nobody@vc.example.com/presence`, { token: portalToken });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      code: 'NotFound',
      subcode: 'ResourceNotFound',
      message: "There is no contact 'nobody@vc.example.com': it is not a room, an auditorium or a gateway contact of this node.",
    });
  });

  it("serves the contact's photo without a token: the theme's JPEG, with its ETag and 304", async () => {
    const app = await anApplication();
    const photo = await api('GET', `${app.path}/photos/sip%3Ameet.alice%40vc.example.com?size=HR64x64`, { headers: { accept: 'image/jpeg' } });
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.bytes.equals(boardroomJpeg)).toBe(true);
    expect(photo.headers.etag).toBe('"b0a4d0"');
    const again = await api('GET', `${app.path}/photos/meet.alice@vc.example.com`, { headers: { 'if-none-match': '"b0a4d0"' } });
    expect([again.status, again.bytes.length]).toEqual([304, 0]);
    const none = await api('GET', `${app.path}/photos/nobody@vc.example.com`);
    expect([none.status, none.json.code]).toEqual([404, 'NotFound']);
  });
});

describe('bad requests', () => {
  it('answers 400 naming the field for bodies and query strings that do not fit the schema', async () => {
    const app = await anApplication();
    const cases: [string, string, unknown, string][] = [
      ['POST', '/applications', { endpointId: 'x' }, 'body.userAgent is required'],
      ['POST', '/applications', { userAgent: 'x', endpointId: 'x', culture: 'not a culture!' }, 'body.culture is not of the expected form'],
      ['POST', `${app.path}/people/presenceSubscriptions`, { duration: 45, uris: ['sip:meet.alice@vc.example.com'] }, 'body.duration must be at most 30'],
      ['POST', `${app.path}/people/presenceSubscriptions`, { duration: 15, uris: [] }, 'body.uris must list at least 1 item'],
      ['POST', `${app.path}/people/presenceSubscriptions`, { duration: 15, uris: ['sip:a@b', { uri: 1 }] }, 'body.uris[1] must be text'],
      ['POST', `${app.path}/people/presenceSubscriptions`, { uris: ['<sip:>'] }, "body.uris[0] is not a SIP URI or alias: '<sip:>' is not an alias: it is"],
      ['GET', `${app.path}/events?ack=1&timeout=60`, undefined, 'querystring.timeout must be at least 180'],
      ['GET', `${app.path}/events?ack=first`, undefined, 'querystring.ack must be a whole number'],
    ];
    for (const [method, path, body, message] of cases) {
      const answer = await api(method, path, { token: portalToken, ...(body === undefined ? {} : { body }) });
      expect([answer.status, answer.json.code, answer.json.subcode]).toEqual([400, 'BadRequest', 'ParameterValidationFailure']);
      expect(answer.json.message).toContain(message);
    }
  });

  it('answers 413 for an oversized body, 415 for a wrong content type and 400 for broken JSON, all as UCWA errors', async () => {
    const big = await api('POST', '/applications', { token: portalToken, body: { userAgent: 'x'.repeat(4000), endpointId: 'x' } });
    expect([big.status, big.json.code]).toEqual([413, 'EntityTooLarge']);
    expect(big.json.message).toBe('The request body is larger than 2048 bytes, the most this API accepts.');
    const text = await api('POST', '/applications', { token: portalToken, body: 'userAgent=x', headers: { 'content-type': 'text/plain' } });
    expect([text.status, text.json.code]).toEqual([415, 'UnsupportedMediaType']);
    const broken = await api('POST', '/applications', { token: portalToken, body: '{"userAgent": ', headers: { 'content-type': 'application/json' } });
    expect([broken.status, broken.json.subcode]).toEqual([400, 'DeserializationFailure']);
  });

  it('answers unknown paths under the API with a UCWA 404, and leaves other paths alone', async () => {
    const unknown = await api('GET', '/no/such/thing', { token: portalToken });
    expect([unknown.status, unknown.json.subcode]).toEqual([404, 'ResourceNotFound']);
    const outside = await call(server.base, 'GET', '/elsewhere');
    expect(outside.status).toBe(404);
    expect(outside.json.code).toBeUndefined();
  });
});
