import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyExample, type ExampleCopy, repoRoot } from '../test-support/example-copy';
import { HeraldProcess } from '../test-support/herald-process';

/**
 * The UCWA-style API's acceptance path, as a new user walks it: `herald start` on the example
 * configuration, then `tools/ucwa/demo.sh` (curl: token, application, presence, note and photo
 * of meet.alice@vc.example.com), then a long poll that hears of a rename made in the running
 * configuration file. The example is copied, so the test listens on free ports and edits
 * freely.
 */
jest.setTimeout(60_000);

let example: ExampleCopy;
let config: string;
let base: string;
let herald: HeraldProcess;

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: example.folder, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => done({ code, stdout: out, stderr: err }));
  });
}

beforeAll(async () => {
  example = await copyExample();
  config = example.config;
  base = `http://127.0.0.1:${example.httpPort}`;
  herald = await HeraldProcess.start(config);
});

afterAll(async () => {
  await herald?.stop();
  example?.remove();
});

/** An API request with the example configuration's static demo token. */
async function api(method: string, path: string, body?: unknown) {
  const token = /^ +token: (\S+)$/m.exec(readFileSync(config, 'utf8'))?.[1] as string;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, connection: response.headers.get('connection'), json: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- the server's JSON
}

describe('the UCWA-style API of a running node (config/example.yaml)', () => {
  it('walks the demo script: token, application, Online, the description and the JPEG', async () => {
    const demo = await run('bash', [join(repoRoot, 'tools/ucwa/demo.sh')], { HERALD_URL: base, UCWA_PHOTO: join(example.folder, 'photo.jpg') });
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain("3. Contact:  Alice's meeting room (Virtual Meeting Room), sip:meet.alice@vc.example.com");
    expect(demo.stdout).toContain('4. Presence: Online');
    expect(demo.stdout).toContain('5. Note:     Weekly team syncs – video, audio and content sharing');
    expect(demo.stdout).toMatch(/6\. Photo: {4}200 image\/jpeg, 5297 bytes saved to .*photo\.jpg \(ETag "[0-9a-f]{32}"\)/);
    expect(demo.stdout).toContain('again with If-None-Match: 304');
    expect(readFileSync(join(example.folder, 'photo.jpg')).equals(readFileSync(join(example.folder, 'themes/boardroom/presence_avatar_image.jpg')))).toBe(true);
  });

  it('answers a pending long poll with the contact updated after the room is renamed in the configuration file', async () => {
    const app = (await api('POST', '/ucwa/oauth/v1/applications', { userAgent: 'tests', endpointId: 'rename', culture: 'en-US' })).json;
    await api('POST', `${app._links.self.href}/people/presenceSubscriptions`, { duration: 15, uris: ['sip:meet.alice@vc.example.com'] });
    const next = (await api('GET', app._links.events.href)).json._links.next.href;
    const pending = api('GET', next);
    await new Promise((r) => setTimeout(r, 200));
    writeFileSync(config, readFileSync(config, 'utf8').replace("name: Alice's meeting room", "name: Alice's renamed room"));
    const answer = await pending;
    expect(answer.json.sender[0].events).toEqual([{ link: { rel: 'contact', href: `${app._links.self.href}/people/meet.alice@vc.example.com` }, type: 'updated' }]);
    expect((await api('GET', answer.json.sender[0].events[0].link.href)).json.name).toBe("Alice's renamed room");
  });

  it('stops cleanly on SIGTERM while a long poll is held, answering it', async () => {
    const app = (await api('POST', '/ucwa/oauth/v1/applications', { userAgent: 'tests', endpointId: 'stop' })).json;
    const pending = api('GET', app._links.events.href);
    await new Promise((r) => setTimeout(r, 200));
    const exited = herald.stop('SIGTERM');
    const answer = await pending;
    expect([answer.status, answer.connection, answer.json.sender]).toEqual([200, 'close', []]);
    expect(await exited).toBe(0);
  });
});
