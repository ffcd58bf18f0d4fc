import { type AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  checkReferences,
  type DirectoryContent,
  type DirectorySnapshot,
  type DirectoryWrite,
  DirectoryWriteError,
  DirectoryWriter,
  HttpRouteContribution,
  type InMemoryDirectory,
} from '@herald/core';
import { aRule, aService, aTheme, createTestNode, directoryContent } from '@herald/testing';
import { createAdminApiModule } from '../admin-api-module';
import { AdminRuleTester, type RuleTestRequest } from '../admin-rule-tester';

/**
 * The management API over real HTTP on loopback, on the core with an in-memory directory and a
 * writer that validates and versions like a store: the platform's shapes, paging, the write
 * methods, authentication and roles, and how refused writes are answered.
 */
class MemoryWriter implements DirectoryWriter {
  writes: DirectoryWrite[] = [];
  failure: DirectoryWriteError | undefined;
  constructor(private readonly directory: InMemoryDirectory) {}

  async write(write: DirectoryWrite): Promise<DirectorySnapshot> {
    if (this.failure) throw this.failure;
    if (write.expectedVersion !== this.directory.current().version) throw new DirectoryWriteError('conflict', 'moved on', [], this.directory.current().version);
    const issues = checkReferences(write.content).filter((i) => i.severity === 'error');
    if (issues.length > 0) throw new DirectoryWriteError('invalid', 'invalid', issues);
    this.writes.push(write);
    return this.directory.replace(write.content);
  }
}

const admin = { kind: 'basic' as const, name: 'admin', password: 'admin-password-0123456789', role: 'read-write' as const };
const reader = { kind: 'bearer' as const, name: 'monitor', token: 'monitor-token-0123456789', role: 'read-only' as const };
const basic = `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString('base64')}`;
const base = '/api/admin/configuration/v1';

const initial: DirectoryContent = directoryContent({
  themes: [{ ...aTheme('Blue'), id: 1 }, aTheme('Red')],
  defaultTheme: 'Blue',
  services: [
    aService({ name: 'Alice', id: 10, theme: 'Red', aliases: [{ id: 5, alias: 'meet.alice@vc.example.com', description: '' }] }),
    aService({ name: 'Town hall', kind: 'virtual-auditorium', aliases: [{ alias: 'townhall@vc.example.com', description: 'main' }] }),
  ],
  rules: [aRule({ name: 'Rooms', id: 3, priority: 50, matchString: '[a-z]+-room\\d\\d\\d@vc\\.example\\.com' })],
});

let app: FastifyInstance;
let url: string;
let node: ReturnType<typeof createTestNode>;
let writer: MemoryWriter;
const tested: RuleTestRequest[] = [];

beforeEach(async () => {
  node = createTestNode({
    content: initial,
    modules: [createAdminApiModule({ credentials: [admin, reader], limits: { bodyLimitBytes: 4096, themePackageMaxBytes: 2048, maxPageSize: 2 } })],
  });
  writer = new MemoryWriter(node.directory);
  node.container.bind(DirectoryWriter).toConstantValue(writer);
  node.container.bind(AdminRuleTester).toConstantValue({
    test: (request: RuleTestRequest) => {
      tested.push(request);
      return { results: request.aliases.map((alias) => ({ input: alias })) };
    },
  });
  await node.lifecycle.start();
  app = Fastify();
  for (const contribution of node.container.getAll<HttpRouteContribution>(HttpRouteContribution)) await contribution.registerRoutes(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await app.close();
  await node.lifecycle.stop();
});

/** `authorization` '' sends none. */
async function api(method: string, path: string, body?: unknown, authorization = basic) {
  const headers: Record<string, string> = {};
  if (authorization !== '') headers.authorization = authorization;
  let payload: string | FormData | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${url}${path}`, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? undefined : (JSON.parse(text) as any) }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('reading in the platform shape', () => {
  it('lists conferences as {meta, objects}, with ids (stable ones assigned where the directory has none), nested aliases and the nested theme', async () => {
    const page = await api('GET', `${base}/conference/`);
    expect(page.status).toBe(200);
    expect(page.json.meta).toEqual({ limit: 2, next: null, offset: 0, previous: null, total_count: 2 });
    expect(page.json.objects[0]).toEqual({
      aliases: [{ alias: 'meet.alice@vc.example.com', conference: `${base}/conference/10/`, description: '', id: 5, resource_uri: `${base}/conference_alias/5/` }],
      description: 'Alice description',
      enable: true,
      id: 10,
      ivr_theme: { id: 2, name: 'Red', uuid: '00000000-0000-4000-8000-000000000002', resource_uri: `${base}/ivr_theme/2/` },
      name: 'Alice',
      resource_uri: `${base}/conference/10/`,
      service_type: 'conference',
      tag: '',
    });
    expect(page.json.objects[1]).toMatchObject({ id: 11, service_type: 'lecture', aliases: [{ id: 6, alias: 'townhall@vc.example.com', description: 'main' }], ivr_theme: null });
    expect((await api('GET', `${base}/conference/11/`)).json.name).toBe('Town hall');
  });

  it('pages with limit and offset, filters by exact field values, and says what cannot be filtered', async () => {
    const page = await api('GET', `${base}/conference_alias/?limit=1&offset=1`);
    expect(page.json.meta).toEqual({ limit: 1, next: null, offset: 1, previous: `${base}/conference_alias/?limit=1&offset=0`, total_count: 2 });
    expect((await api('GET', `${base}/conference/?limit=1`)).json.meta.next).toBe(`${base}/conference/?limit=1&offset=1`);
    expect((await api('GET', `${base}/conference/?service_type=lecture`)).json.objects.map((o: { name: string }) => o.name)).toEqual(['Town hall']);
    const bad = await api('GET', `${base}/conference/?pin=1234`);
    expect([bad.status, bad.json.error]).toEqual([400, "The 'pin' field does not allow filtering; conference can be filtered by: name, service_type, tag."]);
    expect((await api('GET', `${base}/conference/?limit=-1`)).status).toBe(400);
  });

  it('shows rules, themes (with who uses them) and global', async () => {
    const rule = (await api('GET', `${base}/gateway_routing_rule/3/`)).json;
    expect(rule).toMatchObject({ id: 3, name: 'Rooms', priority: 50, match_incoming_mssip: true, match_incoming_teams: false, match_source_location: null, ivr_theme: null });
    const red = (await api('GET', `${base}/ivr_theme/2/`)).json;
    expect(red).toEqual({ conference: [`${base}/conference/10/`], gateway_routing_rule: [], id: 2, name: 'Red', resource_uri: `${base}/ivr_theme/2/`, uuid: '00000000-0000-4000-8000-000000000002' });
    const global = await api('GET', `${base}/global/`);
    expect(global.json.objects).toEqual([{ default_theme: expect.objectContaining({ id: 1, name: 'Blue' }), id: 1, resource_uri: `${base}/global/1/` }]);
    expect((await api('GET', `${base}/conference/99/`)).status).toBe(404);
  });
});

describe('writing', () => {
  it('creates a VMR with aliases (201 and Location), patches it (202), replaces it (204) and deletes it (204)', async () => {
    const created = await api('POST', `${base}/conference/`, {
      name: 'Carol',
      description: 'Design reviews',
      service_type: 'conference',
      ivr_theme: `${base}/ivr_theme/1/`,
      aliases: [{ alias: 'meet.carol@vc.example.com', description: 'main' }, 'carol@vc.example.com'],
      pin: '1234',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${base}/conference/12/`);
    const carol = (await api('GET', `${base}/conference/12/`)).json;
    expect(carol).toMatchObject({ name: 'Carol', ivr_theme: { name: 'Blue' }, aliases: [{ id: 7, alias: 'meet.carol@vc.example.com', description: 'main' }, { id: 8, alias: 'carol@vc.example.com' }] });
    expect(node.directory.current().services[2]).toMatchObject({ id: 12, theme: 'Blue', aliases: [{ id: 7 }, { id: 8 }] });
    expect(writer.writes[0].actor).toBe('admin-api:admin');

    expect((await api('PATCH', `${base}/conference/12/`, { description: 'Weekly design reviews' })).status).toBe(202);
    expect((await api('GET', `${base}/conference/12/`)).json).toMatchObject({ description: 'Weekly design reviews', aliases: [{ id: 7 }, { id: 8 }] });

    expect((await api('PUT', `${base}/conference/12/`, { name: 'Carol', aliases: [`${base}/conference_alias/7/`] })).status).toBe(204);
    expect((await api('GET', `${base}/conference/12/`)).json).toMatchObject({ description: '', ivr_theme: null, aliases: [{ id: 7, alias: 'meet.carol@vc.example.com' }] });

    expect((await api('DELETE', `${base}/conference/12/`)).status).toBe(204);
    expect((await api('GET', `${base}/conference/12/`)).status).toBe(404);
    expect(node.directory.current().services.map((s) => s.name)).toEqual(['Alice', 'Town hall']);
  });

  it('answers bad fields with the platform-style body, every field at once', async () => {
    const answer = await api('POST', `${base}/conference/`, { description: 'x'.repeat(251), service_type: 'two_stage_dialing', ivr_theme: `${base}/ivr_theme/9/` });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      conference: {
        name: ['This field is required.'],
        description: ['Ensure this value has at most 250 characters (it has 251).'],
        service_type: [
          "Select a valid choice. 'two_stage_dialing' is not one of the available choices (conference, lecture). Herald publishes presence for Virtual Meeting Rooms (conference) and Virtual Auditoriums (lecture) only.",
        ],
        ivr_theme: [`Could not find the ivr_theme ${base}/ivr_theme/9/.`],
      },
    });
    const rule = await api('POST', `${base}/gateway_routing_rule/`, { name: 'x', priority: 300, match_string: 'a' });
    expect(rule.json).toEqual({ gateway_routing_rule: { priority: ['Ensure this value is less than or equal to 200.'] } });
  });

  it('maps the store refusing a write: invalid 400 with the issue under its field, conflict 409, unavailable 503, read-only 405', async () => {
    const taken = await api('POST', `${base}/conference_alias/`, { alias: 'MEET.alice@vc.example.com', conference: `${base}/conference/11/` });
    expect(taken.status).toBe(400);
    expect(taken.json.conference_alias.alias).toEqual([
      "conference 'Town hall': 'MEET.alice@vc.example.com' is already an alias of services[0] ('Alice'); an alias can lead to one service only",
    ]);
    for (const [failure, status] of [
      ['conflict', 409],
      ['unavailable', 503],
      ['read-only', 405],
    ] as const) {
      writer.failure = new DirectoryWriteError(failure, `simulated ${failure}`);
      const answer = await api('PATCH', `${base}/conference/10/`, { description: 'x' });
      expect([answer.status, answer.json.error]).toEqual([status, expect.stringContaining(`simulated ${failure}`)]);
    }
  });

  it('moves an alias between conferences, renames a theme with its references, and refuses to delete a theme in use', async () => {
    expect((await api('PATCH', `${base}/conference_alias/5/`, { conference: `${base}/conference/11/` })).status).toBe(202);
    expect(node.directory.current().services.map((s) => s.aliases.map((a) => a.alias))).toEqual([[], ['townhall@vc.example.com', 'meet.alice@vc.example.com']]);
    expect((await api('PATCH', `${base}/ivr_theme/2/`, { name: 'Crimson' })).status).toBe(202);
    expect(node.directory.current().services[0].theme).toBe('Crimson');
    const refused = await api('DELETE', `${base}/ivr_theme/1/`);
    expect(refused.status).toBe(400);
    expect(refused.json.ivr_theme.__all__[0]).toBe(`The theme 'Blue' is still used by ${base}/global/1/; point them at another theme (or none) first.`);
    expect((await api('PATCH', `${base}/global/1/`, { default_theme: null })).status).toBe(202);
    expect(node.directory.current().defaultTheme).toBeUndefined();
    expect((await api('DELETE', `${base}/ivr_theme/1/`)).status).toBe(204);
    expect((await api('PUT', `${base}/global/1/`, {})).status).toBe(405);
    expect((await api('DELETE', `${base}/global/1/`)).headers.get('allow')).toBe('GET, PATCH');
  });

  it('takes a theme package as multipart "package", within the size limit, and only ZIPs', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
    const form = new FormData();
    form.append('name', 'Green');
    form.append('package', new Blob([zip]), 'green.zip');
    const created = await api('POST', `${base}/ivr_theme/`, form);
    expect([created.status, created.headers.get('location')]).toEqual([201, `${base}/ivr_theme/3/`]);
    expect([...(writer.writes[0].themePackages?.entries() ?? [])]).toEqual([['Green', Buffer.from(zip)]]);

    const notZip = new FormData();
    notZip.append('name', 'Text');
    notZip.append('package', new Blob(['hello']), 'x.txt');
    expect((await api('POST', `${base}/ivr_theme/`, notZip)).json).toEqual({ ivr_theme: { package: [expect.stringMatching(/^The file is not a ZIP archive/)] } });
    const big = new FormData();
    big.append('name', 'Big');
    big.append('package', new Blob([new Uint8Array(4096)]), 'big.zip');
    const tooBig = await api('POST', `${base}/ivr_theme/`, big);
    expect([tooBig.status, tooBig.json]).toEqual([400, { ivr_theme: { package: ['The theme package is larger than 2048 bytes, the most this API accepts.'] } }]);
    const missing = await api('POST', `${base}/ivr_theme/`, { name: 'No package' });
    expect(missing.json.ivr_theme.package).toEqual(['This field is required: upload the theme ZIP as the multipart field "package".']);
  });

  it('refuses JSON bodies over the limit with 413', async () => {
    const answer = await api('POST', `${base}/conference/`, { name: 'x', description: 'y'.repeat(5000) });
    expect(answer.status).toBe(413);
  });
});

describe('authentication and roles', () => {
  it('answers 401 with a challenge without credentials or with wrong ones, 403 to a read-only account that writes', async () => {
    const missing = await api('GET', `${base}/conference/`, undefined, '');
    expect([missing.status, missing.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="Herald management API", Bearer realm="Herald management API"']);
    const wrong = await api('GET', `${base}/conference/`, undefined, `Basic ${Buffer.from('admin:guess').toString('base64')}`);
    expect(wrong.status).toBe(401);
    expect((await api('GET', `${base}/conference/`, undefined, 'Bearer nope')).status).toBe(401);

    const bearer = `Bearer ${reader.token}`;
    expect((await api('GET', `${base}/conference/`, undefined, bearer)).status).toBe(200);
    const write = await api('DELETE', `${base}/conference/10/`, undefined, bearer);
    expect([write.status, write.json.error]).toEqual([403, "'monitor' may only read; changes need a read-write account."]);
    expect(node.directory.current().services).toHaveLength(2);
  });
});

describe('the rule tester', () => {
  it('tests aliases against the directory, or one regex as the platform tester does; read-only accounts may use it', async () => {
    tested.length = 0;
    const answer = await api('POST', '/api/admin/rules/test', { aliases: ['london-room003@vc.example.com'] }, `Bearer ${reader.token}`);
    expect([answer.status, answer.json]).toEqual([200, { results: [{ input: 'london-room003@vc.example.com' }] }]);
    await api('POST', '/api/admin/rules/test', { alias: 'alice@us.example.com', match_string: '([^@]+)@us\\.example\\.com', replace_string: '\\1@meet.example.com' });
    expect(tested.map((t) => [t.protocol, t.rules?.map((r) => [r.matchString, r.replaceString])])).toEqual([
      ['mssip', undefined],
      ['mssip', [['([^@]+)@us\\.example\\.com', '\\1@meet.example.com']]],
    ]);
    const bad = await api('POST', '/api/admin/rules/test', { protocol: 'pots' });
    expect(bad.json).toEqual({ rules_test: { aliases: ['Give "alias" (text) or "aliases" (a list of text).'], protocol: ['Must be one of sip, h323, mssip, webrtc, teams.'] } });
  });
});
