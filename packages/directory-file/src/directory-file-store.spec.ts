import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, Container, LifecycleError, createCoreModule, type DirectoryChange, DirectoryValidator, Lifecycle, PresenceService, SystemClock } from '@herald/core';
import { RecordingLogger } from '@herald/testing';
import { createDirectoryFileModule } from './directory-file-module';
import { DirectoryFileStore } from './directory-file-store';

const valid = (roomName: string) => `
# a comment the store must not care about
services:
  - name: ${JSON.stringify(roomName)}
    description: Weekly syncs
    aliases: [meet.alice@vc.example.com]
gateway_routing_rules:
  - name: rooms
    priority: 100
    match_string: '[a-z]+-room\\d\\d\\d@vc\\.example\\.com'
`;

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'herald-directory-file-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function startNode(file: string, extra: (c: Container) => void = () => undefined) {
  const logger = new RecordingLogger();
  const container = new Container();
  container.loadSync(createCoreModule({ logger, clock: new SystemClock() }));
  container.loadSync(createDirectoryFileModule({ path: file, debounceMs: 30 }));
  extra(container);
  const lifecycle = container.get<Lifecycle>(Lifecycle);
  await lifecycle.start();
  const store = container.get(DirectoryFileStore);
  const nextChange = () =>
    new Promise<DirectoryChange>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('no directory change within 5 s')), 5000);
      const listener = store.onDidChange((change) => {
        clearTimeout(timeout);
        listener.dispose();
        resolve(change);
      });
    });
  return { container, lifecycle, store, logger, nextChange, presence: container.get<PresenceService>(PresenceService) };
}

/** The configuration error behind a failed start. */
async function startFailure(file: string, extra?: (c: Container) => void): Promise<ConfigError> {
  const error = await startNode(file, extra).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LifecycleError);
  expect((error as LifecycleError).contributionId).toBe('directory-file');
  const cause = (error as LifecycleError).cause;
  expect(cause).toBeInstanceOf(ConfigError);
  return cause as ConfigError;
}

/** Waits until the logger has a line at `level` containing `text` (bounded). */
async function logged(logger: RecordingLogger, level: 'error' | 'info', text: string): Promise<void> {
  for (let i = 0; i < 250 && logger.find(level, text).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  if (logger.find(level, text).length === 0) throw new Error(`nothing logged at ${level} containing '${text}'`);
}

describe('DirectoryFileStore', () => {
  it('serves the file content once started, versioned by content', async () => {
    const file = join(folder, 'herald.yaml');
    await writeFile(file, valid("Alice's room"));
    const node = await startNode(file);
    expect(node.presence.resolve('meet.alice@vc.example.com').view?.displayName).toBe("Alice's room");
    expect(node.store.current().version).toMatch(/^[0-9a-f]{12}$/);
    expect(node.logger.find('info', 'directory loaded')[0].fields).toMatchObject({ services: 1, aliases: 1, rules: 1 });
    await node.lifecycle.stop();
  });

  it('refuses to start on a bad file, naming the file, line, field and reason', async () => {
    const file = join(folder, 'herald.yaml');
    await writeFile(file, 'services:\n  - name: Alice\n    aliases: [meet.alice@vc.example.com]\n    descripton: typo\n');
    const error = await startFailure(file);
    expect(error.message).toContain(`${file}:4:5 services[0].descripton: unknown field; did you mean 'description'?`);
  });

  it('reports YAML syntax errors with their position', async () => {
    const file = join(folder, 'herald.yaml');
    await writeFile(file, 'services:\n  - name: [unclosed\n');
    const error = await startFailure(file);
    expect(error.issues[0].location).toMatch(new RegExp(`^${file}:\\d+:\\d+$`));
  });

  it('says so when the file is missing', async () => {
    const error = await startFailure(join(folder, 'absent.yaml'));
    expect(error.message).toContain('cannot be read: the file does not exist');
  });

  it('runs the directory validators and refuses what they reject', async () => {
    const file = join(folder, 'herald.yaml');
    await writeFile(file, valid('Alice'));
    const error = await startFailure(file, (c) =>
      c.bind(DirectoryValidator).toConstantValue({ id: 'no-rooms', validate: () => [{ path: ['gateway_routing_rules', 0, 'match_string'], message: 'nope', severity: 'error' }] }),
    );
    expect(error.message).toContain(`${file}:10:5 gateway_routing_rules[0].match_string: nope`);
  });

  it('reloads an edited file and announces the new snapshot', async () => {
    const file = join(folder, 'herald.yaml');
    await writeFile(file, valid('Alice'));
    const node = await startNode(file);
    const change = node.nextChange();
    await writeFile(file, valid('Alice renamed'));
    const { previous, current } = await change;
    expect(previous.services[0].name).toBe('Alice');
    expect(current.services[0].name).toBe('Alice renamed');
    expect(node.presence.resolve('meet.alice@vc.example.com').view?.displayName).toBe('Alice renamed');
    await node.lifecycle.stop();
  });

  it('follows a file replaced by rename, as editors save', async () => {
    const file = join(folder, 'herald.yaml');
    await writeFile(file, valid('Alice'));
    const node = await startNode(file);
    const change = node.nextChange();
    await writeFile(join(folder, '.herald.yaml.swp'), valid('Alice via rename'));
    await rename(join(folder, '.herald.yaml.swp'), file);
    expect((await change).current.services[0].name).toBe('Alice via rename');
    await node.lifecycle.stop();
  });

  it('keeps the last good snapshot when an edit is bad, logs why, and recovers when fixed', async () => {
    const file = join(folder, 'herald.yaml');
    await writeFile(file, valid('Alice'));
    const node = await startNode(file);
    const goodVersion = node.store.current().version;

    await writeFile(file, valid('Alice').replace('priority: 100', 'priority: 900'));
    await logged(node.logger, 'error', 'directory file rejected');
    const line = node.logger.find('error', 'directory file rejected')[0];
    expect(line.message).toContain(`still serving version ${goodVersion}`);
    expect(line.message).toContain(`${file}:9:5 gateway_routing_rules[0].priority: must be between 1 and 200`);
    expect(node.store.current().version).toBe(goodVersion);
    expect(node.presence.resolve('meet.alice@vc.example.com').view?.displayName).toBe('Alice');

    const change = node.nextChange();
    await writeFile(file, valid('Alice fixed'));
    expect((await change).current.services[0].name).toBe('Alice fixed');
    await node.lifecycle.stop();
  });

  it('coalesces a burst of writes into one reload', async () => {
    const file = join(folder, 'herald.yaml');
    await writeFile(file, valid('Alice'));
    const node = await startNode(file);
    const seen: string[] = [];
    node.store.onDidChange((c) => seen.push(c.current.services[0].name));
    for (let i = 1; i <= 5; i++) await writeFile(file, valid(`Alice ${i}`));
    await logged(node.logger, 'info', 'directory reloaded');
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual(['Alice 5']);
    await node.lifecycle.stop();
  });

  it('stops watching when stopped', async () => {
    const file = join(folder, 'herald.yaml');
    await writeFile(file, valid('Alice'));
    const node = await startNode(file);
    await node.lifecycle.stop();
    await writeFile(file, valid('After stop'));
    await new Promise((r) => setTimeout(r, 200));
    expect(node.store.current().services[0].name).toBe('Alice');
  });
});
