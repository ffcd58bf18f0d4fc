import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The acceptance path for avatars, as an operator would walk it: run `herald start` on the
 * example configuration and fetch, over HTTP from the running node, the avatar `herald resolve`
 * names for each kind of contact. The example is copied, so that the test can listen on a free
 * port and edit the default theme without touching the repository.
 */
const repo = resolve(__dirname, '../../../..');
const herald = join(repo, 'apps/herald/bin/herald.js');
jest.setTimeout(60_000);

let folder: string;
let config: string;
let child: ChildProcess | undefined;
let stdout = '';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

function resolveAvatar(alias: string): { url: string; hash: string; themeChain: string[] } {
  const result = spawnSync(process.execPath, [herald, 'resolve', alias, '--config', config, '--json'], { encoding: 'utf8', timeout: 20_000 });
  const answer = JSON.parse(result.stdout) as { avatar?: { url: string; hash: string; themeChain: string[] } };
  if (answer.avatar === undefined) throw new Error(`no avatar for ${alias}: ${result.stdout}${result.stderr}`);
  return answer.avatar;
}

async function fetchBytes(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function waitFor(text: string, after = 0): Promise<void> {
  for (let i = 0; i < 200 && !stdout.slice(after).includes(text); i++) await new Promise((r) => setTimeout(r, 50));
  if (!stdout.slice(after).includes(text)) throw new Error(`herald did not log '${text}'; it logged:\n${stdout}`);
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'herald-avatars-'));
  cpSync(join(repo, 'config'), folder, { recursive: true });
  config = join(folder, 'example.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replaceAll('8080', String(await freePort())));
  child = spawn(process.execPath, [herald, 'start', '--config', config], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await waitFor('Herald started');
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child?.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(folder, { recursive: true, force: true });
});

describe('avatars from a running node (config/example.yaml)', () => {
  it("serves a VMR with its own theme that theme's image", async () => {
    const avatar = resolveAvatar('meet.alice@vc.example.com');
    expect(avatar.themeChain).toEqual(["'Boardroom' (service theme): presence_avatar_image.jpg"]);
    const answer = await fetchBytes(avatar.url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/jpeg');
    expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(answer.bytes.equals(readFileSync(join(folder, 'themes/boardroom/presence_avatar_image.jpg')))).toBe(true);
  });

  it("serves a VMR without a theme the default theme's image, and answers 304 to its ETag", async () => {
    const avatar = resolveAvatar('meet.bob@vc.example.com');
    expect(avatar.themeChain).toEqual(["'Example Blue' (default theme): presence_avatar_image.jpg"]);
    const answer = await fetchBytes(avatar.url);
    expect(answer.bytes.equals(readFileSync(join(folder, 'themes/example-blue/presence_avatar_image.jpg')))).toBe(true);
    const again = await fetchBytes(avatar.url, { 'if-none-match': answer.headers.get('etag') as string });
    expect(again.status).toBe(304);
  });

  it('answers 404 for an avatar it does not have, and serves /healthz and /metrics', async () => {
    const { url } = resolveAvatar('meet.bob@vc.example.com');
    const base = url.slice(0, url.indexOf('/avatars/'));
    expect((await fetchBytes(`${base}/avatars/${'0'.repeat(32)}.jpg`)).status).toBe(404);
    const health = await fetchBytes(`${base}/healthz`);
    expect([health.status, JSON.parse(health.bytes.toString())]).toEqual([200, { status: 'ok', node: 'herald-example', checks: { themes: { status: 'ok' } } }]);
    const metrics = await fetchBytes(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.bytes.toString()).toContain('herald_http_requests_total{method="GET",route="/avatars/:file",status="200"}');
  });

  it('serves the built-in image when the default theme lacks the file, after an edit of the running configuration', async () => {
    const mark = stdout.length;
    writeFileSync(config, readFileSync(config, 'utf8').replace('default_theme: Example Blue', 'default_theme: Plain'));
    await waitFor('"msg":"directory reloaded"', mark);
    const avatar = resolveAvatar('meet.bob@vc.example.com');
    expect(avatar.themeChain).toEqual(["'Plain' (default theme): has no presence_avatar_image.jpg", 'built-in base theme: presence_avatar_image.jpg']);
    const answer = await fetchBytes(avatar.url);
    expect(answer.status).toBe(200);
    expect(answer.bytes.equals(readFileSync(join(repo, 'packages/themes/assets/presence_avatar_image.jpg')))).toBe(true);
  });

  it('keeps serving when theme files turn hostile on disk: it logs them, reports degraded, and falls back', async () => {
    const mark = stdout.length;
    writeFileSync(join(folder, 'themes/plain.zip'), 'this is not a ZIP package');
    writeFileSync(join(folder, 'themes/boardroom/presence_avatar_image.jpg'), readFileSync(join(folder, 'themes/boardroom/presence_avatar_image.jpg')).subarray(0, 1000));
    await waitFor('is a corrupt JPEG', mark);
    await waitFor('is not a ZIP package', mark);
    const lines = stdout
      .slice(mark)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: number; theme?: string; file?: string; msg: string })
      .filter((line) => line.level === 50);
    expect(lines.map((line) => [line.theme, line.file])).toEqual(
      expect.arrayContaining([
        ['Boardroom', join(folder, 'themes/boardroom/presence_avatar_image.jpg')],
        ['Plain', join(folder, 'themes/plain.zip')],
      ]),
    );
    const avatar = resolveAvatar('meet.alice@vc.example.com');
    expect(avatar.themeChain[0]).toMatch(/^'Boardroom' \(service theme\): presence_avatar_image\.jpg refused: it is a corrupt JPEG/);
    expect((await fetchBytes(avatar.url)).status).toBe(200);
    const base = avatar.url.slice(0, avatar.url.indexOf('/avatars/'));
    const health = await fetchBytes(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.bytes.toString())).toMatchObject({ status: 'degraded', checks: { themes: { status: 'degraded' } } });
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((done) => child?.once('exit', done));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
