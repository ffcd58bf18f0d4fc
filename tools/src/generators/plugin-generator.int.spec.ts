import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `npx nx g @herald/tools:plugin <name>` in a scratch copy of the workspace (the root files, the
 * core and the tools; node_modules linked entry by entry, so that @herald/core is the copy's),
 * then lint (with the boundary rule), typecheck and test of the generated package through Nx,
 * unchanged. Bounded: nothing large is copied, and each command has a time limit.
 */
const repo = resolve(__dirname, '../../..');
jest.setTimeout(420_000);

let root: string;

function nx(...args: string[]): { status: number | null; output: string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NX_') && !key.startsWith('JEST_')));
  const result = spawnSync(process.execPath, [require.resolve('nx/bin/nx', { paths: [repo] }), ...args], {
    cwd: root,
    env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0', CI: 'true' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}` };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'herald-generator-'));
  for (const file of ['package.json', 'package-lock.json', 'nx.json', 'tsconfig.base.json', 'tsconfig.json', 'eslint.config.mjs', 'jest.preset.cjs']) {
    cpSync(join(repo, file), join(root, file));
  }
  const skip = (source: string) => !/[/\\](node_modules|dist|out-tsc)$/.test(source);
  cpSync(join(repo, 'packages/core'), join(root, 'packages/core'), { recursive: true, filter: skip });
  cpSync(join(repo, 'tools'), join(root, 'tools'), { recursive: true, filter: (source) => skip(source) && !source.includes(`${join(repo, 'tools')}/bench`) });
  // Everything in node_modules is the repository's, except our own packages, which are the copy's.
  mkdirSync(join(root, 'node_modules/@herald'), { recursive: true });
  for (const entry of readdirSync(join(repo, 'node_modules'))) {
    if (entry === '@herald' || entry === '@herald-examples' || entry === '.cache') continue;
    symlinkSync(join(repo, 'node_modules', entry), join(root, 'node_modules', entry));
  }
  symlinkSync('../../packages/core', join(root, 'node_modules/@herald/core'));
  symlinkSync('../../tools', join(root, 'node_modules/@herald/tools'));
  spawnSync('git', ['init', '-q'], { cwd: root });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('nx g @herald/tools:plugin', () => {
  it('scaffolds a plugin package that passes lint (with the boundary rule), typecheck and its tests as generated', () => {
    const generated = nx('g', '@herald/tools:plugin', 'busy-notes', '--no-interactive');
    expect(generated.output).toContain('CREATE packages/busy-notes/src/busy-notes-presence-policy.spec.ts');
    expect(generated.status).toBe(0);

    const manifest = JSON.parse(readFileSync(join(root, 'packages/busy-notes/package.json'), 'utf8')) as { peerDependencies: Record<string, string>; nx: { tags: string[] } };
    expect(manifest.peerDependencies).toEqual({ '@herald/core': '0.1.0' });
    expect(manifest.nx.tags).toEqual(['type:plugin']);

    const checked = nx('run-many', '-t', 'lint', 'typecheck', 'test', '-p', '@herald/busy-notes', '--outputStyle=static', '--skip-nx-cache');
    if (checked.status !== 0) throw new Error(checked.output);
    expect(checked.output).toContain('Successfully ran targets lint, typecheck, test for project @herald/busy-notes');
  });

  it('refuses a name that is not kebab-case', () => {
    const { status, output } = nx('g', '@herald/tools:plugin', 'BusyNotes', '--no-interactive');
    expect(status).not.toBe(0);
    expect(output).toContain("'BusyNotes' should match the pattern");
  });
});
