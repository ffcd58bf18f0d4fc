import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { copyExample } from '../test-support/example-copy';
import { HeraldProcess } from '../test-support/herald-process';

/** These tests run the built CLI (`apps/herald/bin/herald.js`) as an operator would. */
const repo = resolve(__dirname, '../../../..');
const herald = join(repo, 'apps/herald/bin/herald.js');
const example = join(repo, 'config/example.yaml');
jest.setTimeout(30_000);

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [herald, ...args], { cwd: repo, encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('herald resolve', () => {
  it('names the VMR, its description and the service as the source', () => {
    const { code, stdout } = run('resolve', 'meet.alice@vc.example.com', '--config', example, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      alias: 'meet.alice@vc.example.com',
      found: true,
      source: 'service',
      service: { kind: 'vmr', name: "Alice's meeting room" },
      displayName: "Alice's meeting room",
      note: 'Weekly team syncs – video, audio and content sharing',
      availability: { code: 3500, token: 'Online' },
    });
  });

  it('resolves a SIP URI with scheme, case and parameters to the same VMR', () => {
    const { code, stdout } = run('resolve', 'SIP:Meet.Alice@VC.example.com;transport=tls', '--config', example, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ presentity: 'meet.alice@vc.example.com', found: true, service: { name: "Alice's meeting room" } });
  });

  it('answers found: false with a trace that says why, and exit code 1', () => {
    const { code, stdout } = run('resolve', 'nobody@elsewhere.example', '--config', example, '--json');
    expect(code).toBe(1);
    const answer = JSON.parse(stdout) as { found: boolean; source: string; trace: string[] };
    expect(answer.found).toBe(false);
    expect(answer.source).toBe('none');
    expect(answer.trace[0]).toContain("no VMR or Virtual Auditorium has the alias 'nobody@elsewhere.example'");
  });

  it('explains itself in plain text by default', () => {
    const { stdout } = run('resolve', 'allhands@vc.example.com', '--config', example);
    expect(stdout).toContain('allhands@vc.example.com: Available (3500)');
    expect(stdout).toContain("Virtual Auditorium 'Company all-hands'");
    expect(stdout).toContain('why:');
  });
});

describe('herald check', () => {
  it('accepts the example configuration', () => {
    const { code, stdout } = run('check', '--config', example);
    expect(code).toBe(0);
    expect(stdout).toMatch(/OK \(directory version [0-9a-f]{12}: 5 services, 7 aliases, 4 gateway routing rules, 3 themes\)/);
  });

  it('exits 2 and names file, line, field and reason for a bad configuration', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'herald-cli-'));
    try {
      const file = join(folder, 'bad.yaml');
      await writeFile(file, 'gateway_routing_rules:\n  - name: r\n    priority: 0\n    match_string: x\n');
      const { code, stderr } = run('check', '--config', file);
      expect(code).toBe(2);
      expect(stderr).toContain(`${file}:3:5 gateway_routing_rules[0].priority: must be between 1 and 200`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('exits 2 on a usage error', () => {
    expect(run('check').code).toBe(2);
  });
});

describe('herald start', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('serves until %s, then stops cleanly and exits 0 by itself', async (signal) => {
    const copy = await copyExample();
    try {
      const node = await HeraldProcess.start(copy.config);
      expect(node.log).toContain('"msg":"directory loaded"');
      // The host does not call process.exit after a clean stop: the process ends only when no
      // socket, timer or watcher is left, so a leak shows up here as a timeout.
      expect(await node.stop(signal)).toBe(0);
      const lines = node.log.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; signal?: string });
      expect(lines.map((l) => l.msg).slice(-2)).toEqual(['stopping', 'stopped']);
      expect(lines.at(-2)?.signal).toBe(signal);
    } finally {
      copy.remove();
    }
  });

  it('refuses to start on a bad configuration, exit 2', () => {
    const { code, stderr } = run('start', '--config', join(repo, 'does-not-exist.yaml'));
    expect(code).toBe(2);
    expect(stderr).toContain('cannot be read: the file does not exist');
  });
});
