import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './example-copy';

export const heraldBin = join(repoRoot, 'apps/herald/bin/herald.js');

/** A `herald start` child process, its log lines, and a clean way to stop it. */
export class HeraldProcess {
  private output = '';

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Starts `herald start --config <config>` and waits until it logs that it started. */
  static async start(config: string): Promise<HeraldProcess> {
    const child = spawn(process.execPath, [heraldBin, 'start', '--config', config], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const herald = new HeraldProcess(child);
    await herald.waitFor('"msg":"Herald started"');
    return herald;
  }

  /** Everything logged so far. */
  get log(): string {
    return this.output;
  }

  /** The log's length: pass it to `waitFor` to wait only for lines logged after this point. */
  mark(): number {
    return this.output.length;
  }

  /** Waits (at most `timeoutMs`) until a log line after `after` contains `text`. */
  async waitFor(text: string, after = 0, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.slice(after).includes(text)) {
      if (this.child.exitCode !== null) throw new Error(`herald exited (${this.child.exitCode}) before logging '${text}':\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`herald did not log '${text}' within ${timeoutMs} ms; it logged:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Sends `signal` and resolves with the exit code, or with 'timeout' if it does not exit in time. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<number | null | 'timeout'> {
    // Already gone (e.g. killed by an earlier step of a failing test): nothing to wait for.
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null | 'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    this.child.kill(signal);
    const code = await exited;
    if (code === 'timeout') this.child.kill('SIGKILL');
    return code;
  }
}
