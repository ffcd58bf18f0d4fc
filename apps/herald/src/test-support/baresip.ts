import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/** A headless baresip with its presence module, watching contacts through a SIP server. */
export class Baresip {
  private constructor(
    private readonly child: ChildProcess,
    private readonly folder: string,
    private readonly controlPort: number,
  ) {}

  /**
   * Starts baresip, watching `contacts` (display name → SIP URI) with every request sent to
   * `127.0.0.1:serverPort` as outbound proxy, so the URIs can carry the rooms' real domain.
   */
  static async start(serverPort: number, contacts: Readonly<Record<string, string>>, seconds = 30): Promise<Baresip> {
    const folder = mkdtempSync(join(tmpdir(), 'herald-baresip-'));
    const sipPort = await freePort({ udp: true });
    const controlPort = await freePort();
    writeFileSync(
      join(folder, 'config'),
      [
        `sip_listen 127.0.0.1:${sipPort}`,
        'module_path /usr/lib/baresip/modules',
        'module g711.so',
        'module ausine.so',
        'module_app account.so',
        'module_app contact.so',
        'module_app presence.so',
        'module_app ctrl_tcp.so',
        `ctrl_tcp_listen 127.0.0.1:${controlPort}`,
        '',
      ].join('\n'),
    );
    writeFileSync(join(folder, 'accounts'), `<sip:watcher@127.0.0.1>;regint=0;outbound="sip:127.0.0.1:${serverPort};transport=udp"\n`);
    writeFileSync(
      join(folder, 'contacts'),
      Object.entries(contacts)
        .map(([name, uri]) => `"${name}" <${uri}>;presence=p2p\n`)
        .join(''),
    );
    // -t: baresip quits by itself after `seconds`, so nothing outlives the test.
    const child = spawn('baresip', ['-f', folder, '-t', String(seconds)], { stdio: ['ignore', 'ignore', 'ignore'] });
    return new Baresip(child, folder, controlPort);
  }

  /** The contact list as baresip shows it: display name → status (`Online`, `Offline`, `Unknown`…). */
  async statuses(): Promise<Record<string, string>> {
    const text = await this.command('contacts');
    const result: Record<string, string> = {};
    for (const line of stripColours(text).split('\n')) {
      const match = /^\W*(Online|Offline|Unknown|Busy|Away|Closed|Open)\s+(.+?)\s+</.exec(line);
      if (match) result[match[2]] = match[1];
    }
    return result;
  }

  /** Polls until `accept` likes the statuses (at most `timeoutMs`); returns the last seen. */
  async waitForStatuses(accept: (statuses: Record<string, string>) => boolean, timeoutMs = 15_000): Promise<Record<string, string>> {
    const deadline = Date.now() + timeoutMs;
    let last: Record<string, string> = {};
    while (Date.now() < deadline) {
      try {
        last = await this.statuses();
        if (accept(last)) return last;
      } catch {
        // baresip is still starting: its control port is not open yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return last;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.folder, { recursive: true, force: true });
  }

  /** One ctrl_tcp command (netstring-framed JSON); resolves with the response's data text. */
  private command(name: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(this.controlPort, '127.0.0.1');
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('baresip did not answer within 2 s'));
      }, 2000);
      let received = '';
      socket.on('connect', () => {
        const message = JSON.stringify({ command: name, token: 'herald' });
        socket.write(`${Buffer.byteLength(message)}:${message},`);
      });
      socket.on('data', (chunk) => {
        received += chunk.toString();
        const colon = received.indexOf(':');
        const length = Number(received.slice(0, colon));
        if (colon > 0 && received.length >= colon + 1 + length + 1) {
          clearTimeout(timer);
          socket.end();
          resolve((JSON.parse(received.slice(colon + 1, colon + 1 + length)) as { data: string }).data);
        }
      });
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }
}

/** baresip colours its status words with ANSI escape sequences (ESC [ … m); drop them. */
function stripColours(text: string): string {
  const escape = String.fromCharCode(27);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === escape && text[i + 1] === '[') {
      const end = text.indexOf('m', i);
      if (end > 0) {
        i = end;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}
