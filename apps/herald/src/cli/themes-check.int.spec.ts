import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** `herald themes check`, run as an operator would, with the built CLI. */
const repo = resolve(__dirname, '../../../..');
const herald = join(repo, 'apps/herald/bin/herald.js');
jest.setTimeout(30_000);

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [herald, ...args], { cwd: repo, encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'herald-themes-check-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

describe('herald themes check', () => {
  it('reports every theme of the example, the built-in one, and exits 0', () => {
    const { code, stdout } = run('themes', 'check', '--config', 'config/example.yaml');
    expect(code).toBe(0);
    expect(stdout).toContain('config/example.yaml: 3 themes, default theme: Example Blue');
    expect(stdout).toMatch(/OK {5}theme 'Boardroom': avatar .*config\/themes\/boardroom\/presence_avatar_image\.jpg \(256×256, hash [0-9a-f]{32}\)/);
    expect(stdout).toContain("NONE   theme 'Plain' has no presence_avatar_image.jpg; contacts using it get the next avatar in the chain (the default theme's, else the built-in one)");
    expect(stdout).toMatch(/built-in base theme\n {2}OK {5}.*packages\/themes\/assets\/presence_avatar_image\.jpg \(192×192, hash [0-9a-f]{32}\)/);
    expect(stdout.trim().split('\n').at(-1)).toBe('every theme is usable');
  });

  it('names each refused theme and file, and exits 1', async () => {
    await mkdir(join(folder, 'png'));
    await writeFile(join(folder, 'png', 'presence_avatar_image.jpg'), Buffer.from('89504e470d0a1a0a', 'hex'));
    await writeFile(join(folder, 'broken.zip'), 'not a zip at all');
    const config = join(folder, 'herald.yaml');
    await writeFile(
      config,
      ['default_theme: Broken', 'themes:', '  - name: Broken', '    path: broken.zip', '  - name: Png', '    path: png', '  - name: Missing', '    path: missing'].join('\n'),
    );
    const { code, stdout } = run('themes', 'check', '--config', config);
    expect(code).toBe(1);
    expect(stdout).toContain(`ERROR  theme 'Broken': ${join(folder, 'broken.zip')} is not a ZIP package`);
    expect(stdout).toContain(`ERROR  theme 'Png': ${join(folder, 'png', 'presence_avatar_image.jpg')} is a corrupt JPEG`);
    expect(stdout).toContain(`ERROR  theme 'Missing': ${join(folder, 'missing')} does not exist`);
    expect(stdout.trim().split('\n').at(-1)).toBe('3 theme packages or files were refused; they fall back as if absent');
  });

  it('exits 2 for a configuration that does not validate', async () => {
    const config = join(folder, 'bad.yaml');
    await writeFile(config, 'avatars:\n  size: 4000\n');
    const { code, stderr } = run('themes', 'check', '--config', config);
    expect(code).toBe(2);
    expect(stderr).toContain(`${config}:2:3 avatars.size: must be between 16 and 648 pixels`);
  });
});
