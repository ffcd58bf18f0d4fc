import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The rule engine's acceptance lines and the rule tools, run through the built CLI. */
const repo = resolve(__dirname, '../../../..');
const herald = join(repo, 'apps/herald/bin/herald.js');
const example = join(repo, 'config/example.yaml');
jest.setTimeout(30_000);

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [herald, ...args], { cwd: repo, encoding: 'utf8', timeout: 20_000, ...(input === undefined ? {} : { input }) });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'herald-rules-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function config(name: string, rules: string): Promise<string> {
  const file = join(folder, name);
  await writeFile(file, `node:\n  name: test\n  location: oslo\ngateway_routing_rules:\n${rules}`);
  return file;
}

describe('herald resolve with the rule engine (acceptance)', () => {
  it('gives a gateway contact presence from the rule, with its name and priority', () => {
    const { code, stdout } = run(['resolve', 'london-room003@vc.example.com', '--config', example, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ found: true, source: 'rule', rule: { name: 'Lync to city meeting rooms', priority: 100 }, availability: { token: 'Online' } });
  });

  it('gives a mistyped gateway contact no presence', () => {
    const { code, stdout } = run(['resolve', 'london-room03@vc.example.com', '--config', example, '--json']);
    expect(code).toBe(1);
    const answer = JSON.parse(stdout) as { found: boolean; trace: string[] };
    expect(answer.found).toBe(false);
    expect(answer.trace).toContain("rule 'Lync to city meeting rooms' (priority 100) does not match");
  });
});

describe('herald lint-rules', () => {
  it('reports a broad pattern and its unescaped dots; exits 0, or 1 with --strict', async () => {
    const file = await config('broad.yaml', "  - name: everything\n    priority: 100\n    match_string: '.+@vc.example.com'\n");
    const plain = run(['lint-rules', '--config', file, '--json']);
    expect(plain.code).toBe(0);
    const report = JSON.parse(plain.stdout) as { findings: { rule: string; code: string; severity: string; location: string; fix: string }[] };
    expect(report.findings.map((f) => f.code).sort()).toEqual(['broad-pattern', 'unescaped-dot']);
    expect(report.findings.find((f) => f.code === 'unescaped-dot')).toMatchObject({ rule: 'everything', location: `${file}:7:5`, fix: "escape the dots: '.+@vc\\.example\\.com'" });
    expect(run(['lint-rules', '--config', file, '--strict']).code).toBe(1);
  });

  it('reports a regex RE2 refuses as an error (exit 1), where herald check refuses the file (exit 2)', async () => {
    const file = await config('lookahead.yaml', "  - name: no admins\n    priority: 100\n    match_string: '(?!admin)[a-z]+@vc\\.example\\.com'\n");
    const lint = run(['lint-rules', '--config', file]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain("error [re2-unsupported] rule 'no admins' (priority 100)");
    const check = run(['check', '--config', file]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(`${file}:7:5 gateway_routing_rules[0].match_string: rule 'no admins': '(?!admin)[a-z]+@vc\\.example\\.com' cannot be used with RE2: '(?!' at character 1: lookahead`);
  });

  it('passes the example configuration with only a warning and a note', () => {
    const { code, stdout } = run(['lint-rules', '--config', example]);
    expect(code).toBe(0);
    expect(stdout).toContain('0 errors, 1 warning, 1 note');
  });
});

describe('herald rules test', () => {
  it('tells full, partial and no match per rule, and the winner, for aliases on the command line', () => {
    const { code, stdout } = run(['rules', 'test', '--config', example, '--json', 'london-room003@vc.example.com']);
    expect(code).toBe(0);
    const { results } = JSON.parse(stdout) as { results: { found: boolean; winner: { rule: string }; rules: { rule: string; match: string; skipped?: string }[] }[] };
    expect(results[0].winner.rule).toBe('Lync to city meeting rooms');
    expect(results[0].rules.map((r) => r.match)).toEqual(['full', 'none', 'none', 'none']);
    expect(results[0].rules[2].skipped).toBe('does not allow MS-SIP (Lync/Skype for Business)');
  });

  it('reads a dial plan from stdin and exits 1 when an alias gets no presence', () => {
    const { code, stdout } = run(['rules', 'test', '--config', example], 'london-room003@vc.example.com\n# a comment\n\nlab12@vc.example.com\n');
    expect(code).toBe(1);
    expect(stdout).toContain("london-room003@vc.example.com: Available, rule 'Lync to city meeting rooms' (priority 100)");
    expect(stdout).toContain('lab12@vc.example.com: no rule gives presence');
    expect(stdout).toMatch(/full +priority 120 +'SIP-only lab endpoints' .*\[does not apply: does not allow MS-SIP/);
  });

  it('shows a partial match, as the platform’s regex tester does', async () => {
    const file = await config('partial.yaml', "  - name: labs\n    priority: 100\n    match_string: 'lab\\d+'\n");
    const { stdout } = run(['rules', 'test', '--config', file, 'lab12@vc.example.com']);
    expect(stdout).toContain("partial  priority 100  'labs'  only the start matches: 'lab12'");
  });
});
