import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The API report check (tools/api-report/api-report.cjs, run by core's public-api spec) must fail
 * when a public export changes without the report being updated. This runs it on a scratch copy
 * of the core, changes the copy's API in the ways a careless commit would, and shows each is
 * caught, and that regenerating the report makes the check pass again.
 */
const repo = resolve(__dirname, '../../..');
const script = join(repo, 'tools/api-report/api-report.cjs');
jest.setTimeout(120_000);

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'herald-api-report-'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  cpSync(join(repo, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  cpSync(join(repo, 'packages/core'), join(root, 'packages/core'), { recursive: true, filter: (source) => !/[/\\](node_modules|dist|out-tsc)$/.test(source) });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [script, '--root', root, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function edit(file: string, change: (text: string) => string): () => void {
  const path = join(root, 'packages/core/src', file);
  const original = readFileSync(path, 'utf8');
  writeFileSync(path, change(original));
  return () => writeFileSync(path, original);
}

describe('the API report check', () => {
  it('passes on the repository as committed', () => {
    expect(run('--check')).toMatchObject({ status: 0 });
  });

  it('fails on a new export, names it and says how to update the report', () => {
    const restore = edit('index.ts', (text) => `${text}\nexport { maxAliasLength as aliasLimit } from './domain/alias';\n`);
    const { status, output } = run('--check');
    restore();
    expect(status).toBe(1);
    expect(output).toContain('The public API of @herald/core (packages/core/src/index.ts) no longer matches packages/core/api/core.api.md');
    expect(output).toContain('run `npm run api:report` and commit packages/core/api/core.api.md');
    expect(output).toContain('+ export const aliasLimit: 250;');
  });

  it('fails on a removed export and on a changed signature', () => {
    let restore = edit('index.ts', (text) => text.replace('export { NodeInfo } from', '// export { NodeInfo } from'));
    const removed = run('--check');
    restore();
    expect(removed.status).toBe(1);
    expect(removed.output).toContain('- export interface NodeInfo {');

    restore = edit('presence/presence-service.ts', (text) => text.replace('prepare(alias: string, context?: ResolveContext)', 'prepare(alias: string, context: ResolveContext)'));
    const changed = run('--check');
    restore();
    expect(changed.status).toBe(1);
    expect(changed.output).toContain('+     prepare(alias: string, context: ResolveContext): Promise<void>;');
  });

  it('passes again once the report is regenerated with the one command', () => {
    const restore = edit('index.ts', (text) => `${text}\nexport const probe = 1;\n`);
    expect(run('--check').status).toBe(1);
    expect(run()).toMatchObject({ status: 0 });
    expect(run('--check')).toMatchObject({ status: 0 });
    restore();
  });
});
