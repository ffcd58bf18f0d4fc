import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { adminApiSection, adminRequest, configurationBase } from '../test-support/admin-client';
import { type ExampleCopy, copyExample } from '../test-support/example-copy';
import { heraldBin, HeraldProcess } from '../test-support/herald-process';
import { notifiesDelivered, notifiesDeliveredReach } from '../test-support/notifies-delivered';
import { runSipp } from '../test-support/sipp';

/**
 * The management API on a running `herald start` (a copy of config/example.yaml with the API
 * enabled), over real HTTP, with a real SIP watcher (sipp): a VMR created, read back in the
 * platform's shape, patched and deleted, each change reaching the watcher as a NOTIFY; and a
 * node killed with SIGKILL right after a write was acknowledged, losing nothing.
 */
jest.setTimeout(120_000);

const base = configurationBase;

let example: ExampleCopy;
let herald: HeraldProcess;

beforeAll(async () => {
  example = await copyExample((document) => {
    document.setIn(['log', 'level'], 'debug');
    document.setIn(['admin_api'], adminApiSection);
  });
  herald = await HeraldProcess.start(example.config);
});

afterAll(async () => {
  await herald.stop('SIGKILL');
  example.remove();
});

const api = (method: string, path: string, body?: unknown) => adminRequest(example.httpPort, method, path, body);

function resolve(alias: string): { displayName?: string; note?: string; source: string } {
  const answer = spawnSync(process.execPath, [heraldBin, 'resolve', alias, '--config', example.config, '--json'], { encoding: 'utf8' });
  return JSON.parse(answer.stdout) as { displayName?: string; note?: string; source: string };
}

describe('the management API on a running node', () => {
  it('round-trips a VMR (create with aliases, read back, patch, delete), and a SIP watcher gets a NOTIFY for each change', async () => {
    const contact = 'paris-room101@vc.example.com'; // a gateway contact until the VMR takes the alias
    const before = await notifiesDelivered(example.httpPort);
    const mark = herald.mark();
    const sipp = runSipp('subscribe-admin-changes', { port: example.sipPort, transport: 'u1', keys: { presentity: contact, watcher: 'bob@contoso.com', expires: 600 }, timeoutSeconds: 60 });
    await herald.waitFor('"msg":"subscription accepted"', mark);
    await notifiesDeliveredReach(example.httpPort, before + 1);

    const created = await api('POST', `${base}/conference/`, {
      name: 'Paris room 101',
      description: 'Project room, 1st floor',
      service_type: 'conference',
      aliases: [{ alias: contact, description: 'SIP' }, { alias: '4101', description: 'Dial-in' }],
    });
    expect(created.status).toBe(201);
    expect(created.location).toMatch(new RegExp(`^${base}/conference/\\d+/$`));
    await notifiesDeliveredReach(example.httpPort, before + 2);

    const read = await api('GET', created.location as string);
    expect(read.status).toBe(200);
    const id = Number(/(\d+)\/$/.exec(created.location as string)?.[1]);
    expect(read.json).toEqual({
      aliases: [
        { alias: contact, conference: created.location, description: 'SIP', id: expect.any(Number), resource_uri: expect.stringMatching(new RegExp(`^${base}/conference_alias/\\d+/$`)) },
        { alias: '4101', conference: created.location, description: 'Dial-in', id: expect.any(Number), resource_uri: expect.stringMatching(new RegExp(`^${base}/conference_alias/\\d+/$`)) },
      ],
      description: 'Project room, 1st floor',
      enable: true,
      id,
      ivr_theme: null,
      name: 'Paris room 101',
      resource_uri: created.location,
      service_type: 'conference',
      tag: '',
    });
    expect(resolve('4101')).toMatchObject({ source: 'service', displayName: 'Paris room 101' });

    expect((await api('PATCH', created.location as string, { description: 'Project room, 2nd floor' })).status).toBe(202);
    await notifiesDeliveredReach(example.httpPort, before + 3);
    expect((await api('GET', created.location as string)).json.description).toBe('Project room, 2nd floor');

    expect((await api('DELETE', created.location as string)).status).toBe(204);
    expect((await api('GET', created.location as string)).status).toBe(404);

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
    // The writes went into the example file itself, which kept its comments.
    expect(readFileSync(example.config, 'utf8')).toContain('# Virtual Meeting Rooms and Virtual Auditoriums.');
    expect(resolve('4101').source).toBe('none');
  });
});

describe('a node killed right after acknowledging writes', () => {
  it('loses nothing acknowledged and leaves no torn file (kill -9 while the next write is under way)', async () => {
    const acknowledged: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const name = `Durable room ${i}`;
      const answer = await api('POST', `${base}/conference/`, { name, aliases: [`durable${i}@vc.example.com`] });
      expect(answer.status).toBe(201);
      acknowledged.push(name);
    }
    // One more write is sent and the node is killed without waiting for its answer.
    const inFlight = api('POST', `${base}/conference/`, { name: 'Maybe room', aliases: ['maybe@vc.example.com'] }).catch(() => undefined);
    expect(await herald.stop('SIGKILL')).toBeNull();
    await inFlight;

    // The file is whole: it validates, and it holds every acknowledged room.
    const check = spawnSync(process.execPath, [heraldBin, 'check', '--config', example.config], { encoding: 'utf8' });
    expect(check.status).toBe(0);
    for (const [i, name] of acknowledged.entries()) expect(resolve(`durable${i + 1}@vc.example.com`)).toMatchObject({ source: 'service', displayName: name });
    // A temporary file may remain from the write that was cut short; the node ignores it.
    expect(readdirSync(example.folder).filter((f) => !f.startsWith('.')).sort()).toEqual(['example.yaml', 'themes']);

    herald = await HeraldProcess.start(example.config);
    const names = (await api('GET', `${base}/conference/?limit=0`)).json.objects.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(acknowledged));
  });
});
