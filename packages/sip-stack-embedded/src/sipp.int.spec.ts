import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestStack, type TestStack } from './testing/test-stack';

/** The acceptance runs with the real SIPp (Debian package sip-tester), on loopback only. */
const scenarios = resolve(__dirname, '../../../tools/sipp');

interface SippRun {
  readonly code: number;
  readonly output: string;
}

function sipp(target: { host: string; port: number }, scenario: string, transport: 'udp' | 'tcp', calls: number, cwd: string): Promise<SippRun> {
  const args = [
    `${target.host}:${target.port}`,
    '-sf',
    join(scenarios, scenario),
    '-m',
    String(calls),
    '-r',
    '50',
    '-t',
    transport === 'udp' ? 'u1' : 't1',
    '-i',
    '127.0.0.1',
    '-p',
    '0',
    '-nostdin',
    '-timeout',
    '20s',
    '-timeout_error',
    '-trace_err',
  ];
  return new Promise((done) => {
    execFile('sipp', args, { cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      done({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

describe('SIPp against the embedded stack', () => {
  let running: TestStack;
  let untrusted: TestStack;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'herald-sipp-'));
    const presence = { events: ['presence'], accept: ['application/pidf+xml'] };
    running = await startTestStack({}, (stack) => stack.onSubscribe((request) => request.respond(200, { headers: { Expires: 600 } }), presence));
    // Trusts only 127.0.0.2, while SIPp sends from 127.0.0.1.
    untrusted = await startTestStack({ peers: { trustedPeers: ['127.0.0.2'] } }, (stack) => stack.onSubscribe((request) => request.respond(200), presence));
  });
  afterAll(async () => {
    await running.stop();
    await untrusted.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it.each(['udp', 'tcp'] as const)('gets 200 to OPTIONS over %s', async (transport) => {
    const run = await sipp(running.address(transport), 'options.xml', transport, 20, workDir);
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
  }, 40_000);

  it('gets 405 with Allow to REGISTER', async () => {
    const run = await sipp(running.address('udp'), 'register-405.xml', 'udp', 5, workDir);
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
  }, 40_000);

  it('gets 403 to a SUBSCRIBE from an untrusted address', async () => {
    const run = await sipp(untrusted.address('udp'), 'subscribe-403.xml', 'udp', 5, workDir);
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
  }, 40_000);

  it('fails the scenario when the answer is not the one expected (the check can fail)', async () => {
    const run = await sipp(running.address('udp'), 'subscribe-403.xml', 'udp', 1, workDir);
    expect(run.code).toBe(1);
  }, 40_000);
});
