import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RedisServerProcess } from '@herald/testing';
import { adminApiSection, adminRequest, configurationBase } from '../test-support/admin-client';
import { type ExampleCopy, copyExample, repoRoot } from '../test-support/example-copy';
import { heraldBin, HeraldProcess } from '../test-support/herald-process';
import { notifiesDelivered, notifiesDeliveredReach } from '../test-support/notifies-delivered';
import { runSipp } from '../test-support/sipp';

/**
 * The management API and `herald import --apply` with `directory.store: redis`: one node on a
 * private redis-server, the same requests and export as with the YAML store, and the answers a
 * watcher and `herald resolve` (which reads Redis) give afterwards. Each test has its own key
 * prefix, so they share the server without sharing a directory.
 */
jest.setTimeout(90_000);

const base = configurationBase;
const fixture = join(repoRoot, 'apps/herald/test-fixtures/platform-export');

let redis: RedisServerProcess;
const copies: ExampleCopy[] = [];
const nodes: HeraldProcess[] = [];

beforeAll(async () => {
  redis = await RedisServerProcess.start();
});
afterAll(async () => {
  for (const node of nodes) expect(await node.stop()).toBe(0);
  for (const copy of copies) copy.remove();
  await redis.stop();
});

/** A copy of the example whose directory lives in Redis under `prefix`, with the API enabled. */
async function redisExample(prefix: string, seedFromFile = true): Promise<ExampleCopy> {
  const example = await copyExample((document) => {
    document.setIn(['log', 'level'], 'debug');
    document.setIn(['directory', 'store'], 'redis');
    document.setIn(['directory', 'redis'], { url: redis.url, key_prefix: prefix, seed_from_file: seedFromFile });
    document.setIn(['admin_api'], adminApiSection);
  });
  copies.push(example);
  return example;
}

function herald(...args: string[]) {
  const run = spawnSync(process.execPath, [heraldBin, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function resolve(config: string, alias: string) {
  const run = herald('resolve', alias, '--config', config, '--json');
  const answer = JSON.parse(run.out) as { found: boolean; source: string; displayName?: string; note?: string; title?: string; rule?: { name: string }; avatar?: { themeChain: string[] } };
  return { code: run.code, ...answer };
}

describe('the management API with directory.store: redis', () => {
  let example: ExampleCopy;
  let node: HeraldProcess;

  const api = (method: string, path: string, body?: unknown) => adminRequest(example.httpPort, method, path, body);

  beforeAll(async () => {
    example = await redisExample('api:');
    node = await HeraldProcess.start(example.config);
    nodes.push(node);
  });

  it('round-trips a VMR with aliases (create, read back, patch, delete) and a SIP watcher hears each change', async () => {
    const contact = 'paris-room101@vc.example.com'; // a gateway contact until the VMR takes the alias
    const before = await notifiesDelivered(example.httpPort);
    const mark = node.mark();
    const sipp = runSipp('subscribe-admin-changes', { port: example.sipPort, transport: 'u1', keys: { presentity: contact, watcher: 'bob@contoso.com', expires: 600 }, timeoutSeconds: 60 });
    await node.waitFor('"msg":"subscription accepted"', mark);
    await notifiesDeliveredReach(example.httpPort, before + 1);

    const created = await api('POST', `${base}/conference/`, {
      name: 'Paris room 101',
      description: 'Project room, 1st floor',
      aliases: [{ alias: contact, description: 'SIP' }, { alias: '4101', description: 'Dial-in' }],
    });
    expect(created.status).toBe(201);
    await notifiesDeliveredReach(example.httpPort, before + 2);
    const read = await api('GET', created.location as string);
    expect(read.json).toMatchObject({
      name: 'Paris room 101',
      description: 'Project room, 1st floor',
      service_type: 'conference',
      resource_uri: created.location,
      aliases: [
        { alias: contact, description: 'SIP', conference: created.location },
        { alias: '4101', description: 'Dial-in', conference: created.location },
      ],
    });
    // Alias ids survive the trip through Redis: each alias is its own resource.
    const aliasUri = read.json.aliases[1].resource_uri as string;
    expect((await api('GET', aliasUri)).json).toMatchObject({ alias: '4101', conference: created.location });
    // `herald resolve` reads the version the node wrote, from Redis.
    expect(resolve(example.config, '4101')).toMatchObject({ source: 'service', displayName: 'Paris room 101' });

    expect((await api('PATCH', created.location as string, { description: 'Project room, 2nd floor' })).status).toBe(202);
    await notifiesDeliveredReach(example.httpPort, before + 3);
    expect((await api('GET', created.location as string)).json.description).toBe('Project room, 2nd floor');
    expect((await api('DELETE', created.location as string)).status).toBe(204);
    expect((await api('GET', created.location as string)).status).toBe(404);
    expect((await api('GET', aliasUri)).status).toBe(404);

    const { code, logs, errors } = await sipp;
    expect(errors).toBe('');
    expect(code).toBe(0);
    expect(logs).toEqual([
      `initial name=${contact} note=`,
      'change name=Paris room 101 note=Project room, 1st floor',
      'change name=Paris room 101 note=Project room, 2nd floor',
      `change name=${contact} note=`,
      'final terminated',
    ]);
    expect(resolve(example.config, '4101').source).toBe('none');
  });

  it('takes a theme ZIP upload, serves it from Redis, and answers field errors as with the file', async () => {
    const form = new FormData();
    form.set('name', 'Fjord');
    form.set('package', new Blob([readFileSync(join(fixture, 'themes/7.zip'))]), '7.zip');
    const theme = await api('POST', `${base}/ivr_theme/`, form);
    expect(theme.status).toBe(201);
    const bob = (await api('GET', `${base}/conference/?name=${encodeURIComponent("Bob's meeting room")}`)).json.objects[0];
    expect((await api('PATCH', bob.resource_uri, { ivr_theme: theme.location })).status).toBe(202);
    expect(resolve(example.config, 'meet.bob@vc.example.com').avatar?.themeChain).toEqual(["'Fjord' (service theme): presence_avatar_image.jpg"]);

    const clash = await api('POST', `${base}/conference/`, { name: 'Copy of Bob', aliases: ['meet.bob@vc.example.com'] });
    expect(clash.status).toBe(400);
    expect(clash.json.conference.alias?.[0] ?? JSON.stringify(clash.json)).toContain("'meet.bob@vc.example.com' is already an alias");
    const regex = await api('PATCH', `${base}/gateway_routing_rule/${(await api('GET', `${base}/gateway_routing_rule/?limit=1`)).json.objects[0].id}/`, { match_string: 'room[0-9' });
    expect(regex.status).toBe(400);
    expect(regex.json.gateway_routing_rule.match_string).toHaveLength(1);
  });
});

describe('herald import --apply with directory.store: redis', () => {
  it('writes the export into Redis; herald resolve answers for the imported aliases, rules and themes; a second run changes nothing', async () => {
    const example = await redisExample('import:');
    const dry = herald('import', '--from', fixture, '--config', example.config);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("  + conference 'Harbour view room' (aliases: harbour@meet.example.net, 7041, harbour.view@meet.example.net)");
    expect(dry.out).toContain('Nothing was written.');

    // Before any node has seeded Redis, the import merges into the file's directory sections.
    expect(dry.err).toContain("Redis holds no directory yet at redis://127.0.0.1:");
    expect(dry.err).toContain("answering from the configuration file's directory sections");

    const applied = herald('import', '--from', fixture, '--config', example.config, '--apply');
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/Written: the directory is now at version 1-[0-9a-f]{12}\./);
    expect(resolve(example.config, 'meet.alice@vc.example.com')).toMatchObject({ code: 0, displayName: "Alice's meeting room" });

    expect(resolve(example.config, 'harbour@meet.example.net')).toMatchObject({ code: 0, source: 'service', displayName: 'Harbour view room', note: 'Sprint reviews, Tuesdays' });
    expect(resolve(example.config, 'townhall@meet.example.net')).toMatchObject({ code: 0, title: 'Virtual Auditorium' });
    expect(resolve(example.config, 'MR-Oslo-101@Rooms.Example.NET')).toMatchObject({ code: 0, source: 'rule', rule: { name: 'SfB to meeting-room endpoints' } });
    expect(resolve(example.config, 'reception@meet.example.net')).toMatchObject({ code: 1, found: false });
    expect(resolve(example.config, 'harbour@meet.example.net').avatar?.themeChain).toEqual(["'Fjord' (service theme): presence_avatar_image.jpg"]);
    expect(resolve(example.config, 'sales@meet.example.net').avatar?.themeChain).toEqual([
      "'Auditorium dark' (service theme): has no presence_avatar_image.jpg",
      "'Fjord' (default theme): presence_avatar_image.jpg",
    ]);

    const again = herald('import', '--from', fixture, '--config', example.config);
    expect([again.code, again.err]).toEqual([0, expect.not.stringContaining('Redis holds no directory')]);
    expect(again.out).toContain('  none\n');

    // A node started afterwards serves the import, and its API shows the platform's ids.
    const node = await HeraldProcess.start(example.config);
    nodes.push(node);
    expect((await adminRequest(example.httpPort, 'GET', `${base}/conference/41/`)).json).toMatchObject({ name: 'Harbour view room', ivr_theme: { id: 7, name: 'Fjord' } });
  });
});
