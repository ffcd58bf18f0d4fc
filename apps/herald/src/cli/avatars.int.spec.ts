import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ExampleCopy, copyExample, repoRoot as repo } from '../test-support/example-copy';
import { heraldBin, HeraldProcess } from '../test-support/herald-process';

/**
 * The acceptance path for avatars, as an operator would walk it: run `herald start` on the
 * example configuration and fetch, over HTTP from the running node, the avatar `herald resolve`
 * names for each kind of contact. The example is copied, so that the test can listen on a free
 * port and edit the default theme without touching the repository.
 */
jest.setTimeout(60_000);

let example: ExampleCopy;
let folder: string;
let config: string;
let node: HeraldProcess;

function resolveAvatar(alias: string): { url: string; hash: string; themeChain: string[] } {
  const result = spawnSync(process.execPath, [heraldBin, 'resolve', alias, '--config', config, '--json'], { encoding: 'utf8', timeout: 20_000 });
  const answer = JSON.parse(result.stdout) as { avatar?: { url: string; hash: string; themeChain: string[] } };
  if (answer.avatar === undefined) throw new Error(`no avatar for ${alias}: ${result.stdout}${result.stderr}`);
  return answer.avatar;
}

async function fetchBytes(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  example = await copyExample();
  folder = example.folder;
  config = example.config;
  node = await HeraldProcess.start(config);
});

afterAll(async () => {
  await node.stop();
  example.remove();
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
    const mark = node.mark();
    writeFileSync(config, readFileSync(config, 'utf8').replace('default_theme: Example Blue', 'default_theme: Plain'));
    await node.waitFor('"msg":"directory reloaded"', mark);
    const avatar = resolveAvatar('meet.bob@vc.example.com');
    expect(avatar.themeChain).toEqual(["'Plain' (default theme): has no presence_avatar_image.jpg", 'built-in base theme: presence_avatar_image.jpg']);
    const answer = await fetchBytes(avatar.url);
    expect(answer.status).toBe(200);
    expect(answer.bytes.equals(readFileSync(join(repo, 'packages/themes/assets/presence_avatar_image.jpg')))).toBe(true);
  });

  it('keeps serving when theme files turn hostile on disk: it logs them, reports degraded, and falls back', async () => {
    const mark = node.mark();
    writeFileSync(join(folder, 'themes/plain.zip'), 'this is not a ZIP package');
    writeFileSync(join(folder, 'themes/boardroom/presence_avatar_image.jpg'), readFileSync(join(folder, 'themes/boardroom/presence_avatar_image.jpg')).subarray(0, 1000));
    await node.waitFor('is a corrupt JPEG', mark);
    await node.waitFor('is not a ZIP package', mark);
    const lines = node.log
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
    expect(await node.stop('SIGTERM')).toBe(0);
  });
});
