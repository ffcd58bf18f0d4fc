import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServerOptions {
  /** Keep data across `restart()` with an append-only file in the server's folder (default false). */
  readonly appendOnly?: boolean;
}

/**
 * A private `redis-server` on a free loopback port, in its own temporary folder, for tests of
 * the Redis directory store. Nothing persists unless `appendOnly` is set; `stop()` kills the
 * server and removes the folder. Waits are bounded (10 s to start, 10 s to stop).
 */
export class RedisServerProcess {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly folder: string,
    private readonly options: RedisServerOptions,
  ) {}

  /** Starts a server and waits until it answers PING. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServerProcess> {
    const server = new RedisServerProcess(await freeTcpPort(), mkdtempSync(join(tmpdir(), 'herald-redis-')), options);
    await server.spawn();
    return server;
  }

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** What the server printed, for failure messages. */
  get log(): string {
    return this.output;
  }

  /** Kills the server (SIGKILL unless `graceful`), leaving its folder for a `start()` again. */
  async kill(graceful = false): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(graceful ? 'SIGTERM' : 'SIGKILL');
    await withTimeout(exited, 10_000, 'redis-server did not exit within 10 s');
  }

  /** Starts the server again on the same port (after `kill`). */
  async restart(): Promise<void> {
    await this.kill(true);
    await this.spawn();
  }

  /** Kills the server and removes its folder. Safe to call twice. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async spawn(): Promise<void> {
    const persistence = this.options.appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.folder, '--save', '', ...persistence, '--protected-mode', 'yes'];
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!(await ping(this.port))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}):\n${this.output}`);
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(`redis-server did not answer PING within 10 s:\n${this.output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** One inline PING; true when the server answered PONG within a second. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.once('error', () => done(false));
  });
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
  ]);
}
