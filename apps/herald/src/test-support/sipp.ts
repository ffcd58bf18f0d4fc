import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './example-copy';
import { freePort } from './free-port';

export interface SippRun {
  /** sipp's exit code: 0 when every call succeeded. */
  readonly code: number | null;
  /** The lines of the scenario's `<log>` actions. */
  readonly logs: readonly string[];
  /** sipp's error file, for failure messages. */
  readonly errors: string;
  /** With `traceMessages`: every message sent and received, each after a wall-clock timestamp line. */
  readonly messages: string;
}

export interface SippOptions {
  readonly port: number;
  /** `u1` (UDP) or `t1` (TCP, one connection). */
  readonly transport: 'u1' | 't1';
  /** `-key` values the scenario uses (presentity, watcher, expires…). */
  readonly keys: Readonly<Record<string, string | number>>;
  readonly calls?: number;
  /** Hard stop for the whole run. */
  readonly timeoutSeconds?: number;
  /** Keep sipp's message trace (`-trace_msg`), e.g. to time a NOTIFY. */
  readonly traceMessages?: boolean;
}

/**
 * Runs one of `tools/sipp/presence/*.xml` against a node on loopback and collects what its
 * `<log>` actions wrote. sipp exits by itself (`-m`, `-timeout`).
 */
export async function runSipp(scenario: string, options: SippOptions): Promise<SippRun> {
  const folder = mkdtempSync(join(tmpdir(), 'herald-sipp-'));
  try {
    const localPort = await freePort({ udp: true });
    const args = [
      `127.0.0.1:${options.port}`,
      '-sf',
      join(repoRoot, 'tools/sipp/presence', `${scenario}.xml`),
      '-t',
      options.transport,
      '-i',
      '127.0.0.1',
      '-p',
      String(localPort),
      '-m',
      String(options.calls ?? 1),
      '-nostdin',
      '-timeout',
      `${options.timeoutSeconds ?? 20}s`,
      '-timeout_error',
      '-trace_logs',
      '-log_file',
      join(folder, 'logs.log'),
      '-trace_err',
      '-error_file',
      join(folder, 'errors.log'),
      ...(options.traceMessages ? ['-trace_msg', '-message_file', join(folder, 'messages.log')] : []),
      ...Object.entries(options.keys).flatMap(([key, value]) => ['-key', key, String(value)]),
    ];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('sipp', args, { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', resolve);
    });
    const read = (file: string) => {
      try {
        return readFileSync(join(folder, file), 'utf8');
      } catch {
        return '';
      }
    };
    return { code, logs: read('logs.log').split('\n').filter((l) => l !== ''), errors: read('errors.log'), messages: read('messages.log') };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
