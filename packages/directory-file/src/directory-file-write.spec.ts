import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Container,
  createCoreModule,
  type DirectoryChange,
  type DirectoryContent,
  DirectoryValidator,
  DirectoryWriteError,
  DirectoryWriter,
  Lifecycle,
  SystemClock,
} from '@herald/core';
import { RecordingLogger } from '@herald/testing';
import { createDirectoryFileModule } from './directory-file-module';
import { DirectoryFileStore } from './directory-file-store';
import { loadDirectoryFile } from './load-directory-file';

const original = `# Node settings: not the store's business
node:
  name: test-node   # keep me

# The rooms
services:
  # Alice's room, with a comment the store must keep
  - name: Alice's meeting room
    description: Weekly syncs
    ivr_theme: 1            # by id
    aliases:
      - meet.alice@vc.example.com
      - alias: '65432'
        description: Dial-in

  - name: Bob's room
    aliases: [meet.bob@vc.example.com]

themes:
  - name: Blue
    id: 1
    path: themes/blue

gateway_routing_rules:
  - name: rooms
    priority: 100
    enable: true            # written out by the operator
    match_string: '[a-z]+-room\\d\\d\\d@vc\\.example\\.com'
`;

let folder: string;
let file: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'herald-directory-write-'));
  file = join(folder, 'herald.yaml');
  await writeFile(file, original);
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function startStore(extra: (c: Container) => void = () => undefined) {
  const container = new Container();
  container.loadSync(createCoreModule({ logger: new RecordingLogger(), clock: new SystemClock() }));
  container.loadSync(createDirectoryFileModule({ path: file, debounceMs: 30 }));
  extra(container);
  const lifecycle = container.get<Lifecycle>(Lifecycle);
  await lifecycle.start();
  const store = container.get(DirectoryFileStore);
  const changes: DirectoryChange[] = [];
  store.onDidChange((change) => changes.push(change));
  return { lifecycle, store, writer: container.get<DirectoryWriter>(DirectoryWriter), changes };
}

function renamed(content: DirectoryContent, from: string, to: string): DirectoryContent {
  return { ...content, services: content.services.map((s) => (s.name === from ? { ...s, name: to } : s)) };
}

describe('writes to the YAML file store', () => {
  it('rewrites only what changed: comments, other sections and defaults the operator wrote stay', async () => {
    const { lifecycle, store, writer, changes } = await startStore();
    const before = store.current();
    const content = { ...before, services: before.services.map((s) => (s.name === "Bob's room" ? { ...s, description: 'One-to-ones' } : s)) };
    const written = await writer.write({ content, expectedVersion: before.version, actor: 'test' });

    expect(written.version).not.toBe(before.version);
    expect(store.current()).toBe(written);
    expect(changes.map((c) => c.current.version)).toEqual([written.version]);
    const text = await readFile(file, 'utf8');
    // yaml keeps comments, blank lines and quoting; it puts one space before a trailing comment.
    const expected = original.replace(/(\S) +#/g, '$1 #').replace("  - name: Bob's room\n", "  - name: Bob's room\n    description: One-to-ones\n");
    expect(text).toBe(expected);
    // What a fresh load of the file serves is what the write served.
    const reloaded = await loadDirectoryFile(file);
    expect(reloaded.snapshot.version).toBe(written.version);
    expect(reloaded.snapshot.services[1].description).toBe('One-to-ones');
    await lifecycle.stop();
  });

  it('matches items by id across a rename, so the renamed item keeps its comments', async () => {
    const { lifecycle, store, writer } = await startStore();
    const withIds = { ...store.current(), services: store.current().services.map((s, i) => ({ ...s, id: i + 1 })) };
    const first = await writer.write({ content: withIds, expectedVersion: store.current().version, actor: 'test' });
    await writer.write({ content: renamed(first, "Alice's meeting room", 'Alice – renamed'), expectedVersion: first.version, actor: 'test' });
    const text = await readFile(file, 'utf8');
    expect(text).toContain("  # Alice's room, with a comment the store must keep\n  - name: Alice – renamed\n    id: 1\n    description: Weekly syncs\n    ivr_theme: 1 # by id\n");
    await lifecycle.stop();
  });

  it('refuses a write based on an older version with conflict, and names the current one', async () => {
    const { lifecycle, store, writer } = await startStore();
    const base = store.current();
    const next = await writer.write({ content: renamed(base, "Bob's room", 'Bob 2'), expectedVersion: base.version, actor: 'a' });
    const error = await writer.write({ content: renamed(base, "Bob's room", 'Bob 3'), expectedVersion: base.version, actor: 'b' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryWriteError);
    expect((error as DirectoryWriteError).reason).toBe('conflict');
    expect((error as DirectoryWriteError).currentVersion).toBe(next.version);
    expect(store.current().services[1].name).toBe('Bob 2');
    await lifecycle.stop();
  });

  it('treats a hand edit not yet reloaded as a newer version: conflict, and the edit is served', async () => {
    const { lifecycle, store, writer } = await startStore();
    const base = store.current();
    await writeFile(file, original.replace('Weekly syncs', 'Edited by hand'));
    const error = await writer.write({ content: renamed(base, "Bob's room", 'Bob 2'), expectedVersion: base.version, actor: 'a' }).catch((e: unknown) => e);
    expect((error as DirectoryWriteError).reason).toBe('conflict');
    expect(store.current().services[0].description).toBe('Edited by hand');
    expect(await readFile(file, 'utf8')).toContain('Edited by hand');
    await lifecycle.stop();
  });

  it('refuses invalid content as a loaded file would, with the issues, and leaves the file alone', async () => {
    const { lifecycle, store, writer, changes } = await startStore();
    const base = store.current();
    const clash = { ...base, services: [...base.services, { ...base.services[1], name: 'Clash', aliases: [{ alias: 'MEET.bob@vc.example.com', description: '' }] }] };
    const error = (await writer.write({ content: clash, expectedVersion: base.version, actor: 'a' }).catch((e: unknown) => e)) as DirectoryWriteError;
    expect(error.reason).toBe('invalid');
    expect(error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      "services.2.aliases.0.alias: 'MEET.bob@vc.example.com' is already an alias of services[1] ('Bob's room'); an alias can lead to one service only",
    ]);
    const tooLong = { ...base, rules: [{ ...base.rules[0], priority: 201 }] };
    const second = (await writer.write({ content: tooLong, expectedVersion: base.version, actor: 'a' }).catch((e: unknown) => e)) as DirectoryWriteError;
    expect(second.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['gateway_routing_rules.0.priority: must be between 1 and 200']);
    expect(await readFile(file, 'utf8')).toBe(original);
    expect(changes).toEqual([]);
    await lifecycle.stop();
  });

  it('runs every DirectoryValidator on a write, like on a load', async () => {
    const { lifecycle, store, writer } = await startStore((c) =>
      c.bind(DirectoryValidator).toConstantValue({
        id: 'no-lab',
        validate: (content: DirectoryContent) =>
          content.services.flatMap((s, i) => (s.name.includes('lab') ? [{ path: ['services', i, 'name'], message: 'no labs here', severity: 'error' as const }] : [])),
      }),
    );
    const base = store.current();
    const error = (await writer.write({ content: renamed(base, "Bob's room", 'Bob lab'), expectedVersion: base.version, actor: 'a' }).catch((e: unknown) => e)) as DirectoryWriteError;
    expect(error.reason).toBe('invalid');
    expect(error.issues).toEqual([{ path: ['services', 1, 'name'], message: 'no labs here', severity: 'error' }]);
    await lifecycle.stop();
  });

  it('keeps theme packages beside the file under a content-addressed name, and refers to them relatively', async () => {
    const { lifecycle, store, writer } = await startStore();
    const base = store.current();
    const bytes = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]); // an empty ZIP
    const content = { ...base, themes: [...base.themes, { name: 'Acme Red', id: 2, path: 'uploaded' }] };
    const written = await writer.write({ content, themePackages: new Map([['Acme Red', bytes]]), expectedVersion: base.version, actor: 'a' });
    const packages = await readdir(join(folder, 'theme-packages'));
    expect(packages).toEqual([expect.stringMatching(/^acme-red-[0-9a-f]{16}\.zip$/)]);
    expect(written.findTheme('Acme Red')?.path).toBe(join(folder, 'theme-packages', packages[0]));
    expect(await readFile(file, 'utf8')).toContain(`path: theme-packages/${packages[0]}`);
    // Removing the theme removes its package; no temporary files are left behind.
    await writer.write({ content: base, expectedVersion: written.version, actor: 'a' });
    expect(await readdir(join(folder, 'theme-packages'))).toEqual([]);
    expect((await readdir(folder)).sort()).toEqual(['herald.yaml', 'theme-packages']);
    await lifecycle.stop();
  });

  it('serialises concurrent writes: the second, based on the same version, gets conflict', async () => {
    const { lifecycle, store, writer } = await startStore();
    const base = store.current();
    const results = await Promise.allSettled([
      writer.write({ content: renamed(base, "Bob's room", 'Bob A'), expectedVersion: base.version, actor: 'a' }),
      writer.write({ content: renamed(base, "Bob's room", 'Bob B'), expectedVersion: base.version, actor: 'b' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(store.current().services[1].name).toBe('Bob A');
    await lifecycle.stop();
  });

  it('refuses writes when stopped, with unavailable', async () => {
    const { lifecycle, store, writer } = await startStore();
    const base = store.current();
    await lifecycle.stop();
    const error = (await writer.write({ content: base, expectedVersion: base.version, actor: 'a' }).catch((e: unknown) => e)) as DirectoryWriteError;
    expect(error.reason).toBe('unavailable');
  });
});
