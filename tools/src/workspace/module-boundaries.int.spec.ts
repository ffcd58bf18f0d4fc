import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The layering rules live in the root `eslint.config.mjs` and are enforced by Nx's boundary
 * rule, which needs the project graph: it does nothing when ESLint runs bare. This test lints a
 * scratch workspace with the repository's real ESLint configuration, through Nx, to show that a
 * forbidden import fails the lint and an allowed one passes.
 */
const repo = resolve(__dirname, '../../..');
jest.setTimeout(180_000);

type Projects = Record<string, { tag: string; source: string }>;

function lintScratchWorkspace(projects: Projects): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'herald-boundaries-'));
  try {
    symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
    cpSync(join(repo, 'eslint.config.mjs'), join(root, 'eslint.config.mjs'));
    // Nx reads the lock file to know the external packages (eslint) a lint target needs.
    cpSync(join(repo, 'package-lock.json'), join(root, 'package-lock.json'));
    const rootPackage = JSON.parse(JSON.stringify(require(join(repo, 'package.json')))) as Record<string, unknown>;
    writeFileSync(join(root, 'package.json'), JSON.stringify({ ...rootPackage, name: 'boundaries-probe', workspaces: ['packages/*'], scripts: {} }));
    writeFileSync(
      join(root, 'nx.json'),
      JSON.stringify({ neverConnectToCloud: true, useDaemonProcess: false, plugins: [{ plugin: '@nx/eslint/plugin', options: { targetName: 'lint' } }] }),
    );
    const paths: Record<string, string[]> = {};
    for (const [name, project] of Object.entries(projects)) {
      const folder = join(root, 'packages', name);
      mkdirSync(join(folder, 'src'), { recursive: true });
      writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: `@probe/${name}`, version: '0.0.0', nx: { projectType: 'library', tags: [project.tag] } }));
      writeFileSync(join(folder, 'src', 'index.ts'), project.source);
      paths[`@probe/${name}`] = [`packages/${name}/src/index.ts`];
    }
    writeFileSync(join(root, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths } }));
    spawnSync('git', ['init', '-q'], { cwd: root });

    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NX_')));
    const result = spawnSync(process.execPath, [require.resolve('nx/bin/nx', { paths: [repo] }), 'run-many', '-t', 'lint', '--outputStyle=static', '--skip-nx-cache'], {
      cwd: root,
      env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0', CI: 'true' },
      encoding: 'utf8',
      timeout: 150_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('module boundaries (nx run-many -t lint)', () => {
  it('fails when an adapter-tagged package imports another adapter', () => {
    const { status, output } = lintScratchWorkspace({
      sip: { tag: 'type:adapter', source: "import { routes } from '@probe/ucwa';\nexport const sip = routes;\n" },
      ucwa: { tag: 'type:adapter', source: 'export const routes = 1;\n' },
    });
    expect(output).toContain('A project tagged with "type:adapter" can only depend on libs tagged with "type:core", "type:sip-port"');
    expect(status).not.toBe(0);
  });

  it('fails when the core imports a transport library (fastify)', () => {
    const { status, output } = lintScratchWorkspace({
      core: { tag: 'type:core', source: "import Fastify from 'fastify';\nexport const core = Fastify;\n" },
    });
    expect(output).toContain('A project tagged with "type:core" is not allowed to import "fastify"');
    expect(status).not.toBe(0);
  });

  it('passes when an adapter imports only the core', () => {
    const { status, output } = lintScratchWorkspace({
      sip: { tag: 'type:adapter', source: "import { core } from '@probe/core';\nexport const sip = core;\n" },
      core: { tag: 'type:core', source: 'export const core = 1;\n' },
    });
    expect(output).toContain('Successfully ran target lint');
    expect(status).toBe(0);
  });
});
