import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { freePort } from './free-port';

export const repoRoot = resolve(__dirname, '../../../..');

/** A private copy of `config/` whose example listens on free loopback ports. */
export interface ExampleCopy {
  readonly folder: string;
  /** The copied `example.yaml`. */
  readonly config: string;
  readonly httpPort: number;
  readonly sipPort: number;
  /** Changes the copy: `edit` gets the parsed YAML document (comments kept) to set values on. */
  edit(edit: (document: ReturnType<typeof parseDocument>) => void): void;
  remove(): void;
}

/**
 * Copies `config/` (the example and its themes) to a temporary folder and points its HTTP and
 * SIP listeners at free ports, so that tests run beside each other and beside a developer's
 * `npm start`. `adjust` may change more before the copy is used.
 */
export async function copyExample(adjust?: (document: ReturnType<typeof parseDocument>) => void): Promise<ExampleCopy> {
  const folder = mkdtempSync(join(tmpdir(), 'herald-example-'));
  cpSync(join(repoRoot, 'config'), folder, { recursive: true });
  const config = join(folder, 'example.yaml');
  const httpPort = await freePort();
  const sipPort = await freePort({ udp: true });
  const edit = (change: (document: ReturnType<typeof parseDocument>) => void) => {
    const document = parseDocument(readFileSync(config, 'utf8'));
    change(document);
    writeFileSync(config, document.toString());
  };
  edit((document) => {
    document.setIn(['http', 'listen', 'port'], httpPort);
    document.setIn(['http', 'public_base_url'], `http://127.0.0.1:${httpPort}`);
    const listen = document.getIn(['sip', 'listen']) as { items: unknown[] } | undefined;
    listen?.items.forEach((_, index) => document.setIn(['sip', 'listen', index, 'port'], sipPort));
    adjust?.(document);
  });
  return { folder, config, httpPort, sipPort, edit, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
