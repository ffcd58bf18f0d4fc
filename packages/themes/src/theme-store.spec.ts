import { rename, rm, writeFile } from 'node:fs/promises';
import {
  Container,
  createCoreModule,
  Directory,
  type DirectoryContent,
  DirectoryValidation,
  HealthContribution,
  InMemoryDirectory,
  Lifecycle,
  PresenceChangeTracker,
  PresenceService,
  SubscriptionHub,
  SystemClock,
} from '@herald/core';
import { aService, directoryContent, RecordingLogger, RecordingWatcher } from '@herald/testing';
import { ThemeStore } from './theme-store';
import { avatarFileName } from './theme-limits';
import { createThemesModule } from './themes-module';
import sharp from 'sharp';
import { avatarHash } from './avatar-image';
import { aJpeg, aNoisyJpeg, aTempFolder, aZip, aZipWithEntries, withDeclaredSize, withEntryRenamed } from './test-support/theme-fixtures';

let folder: Awaited<ReturnType<typeof aTempFolder>>;
/** Every node a test started, stopped after it even when it fails. */
const started: Lifecycle[] = [];
beforeEach(async () => {
  folder = await aTempFolder();
});
afterEach(async () => {
  await Promise.allSettled(started.splice(0).map((lifecycle) => lifecycle.stop()));
  await folder.remove();
});

const alice = aService({ name: 'Alice', theme: 'Boardroom', aliases: [{ alias: 'alice@vc.example.com', description: '' }] });
const bob = aService({ name: 'Bob', aliases: [{ alias: 'bob@vc.example.com', description: '' }] });
const carol = aService({ name: 'Carol', theme: 'Plain', aliases: [{ alias: 'carol@vc.example.com', description: '' }] });

/** Theme files on disk: a folder theme, a ZIP theme and a ZIP without an avatar. */
async function writeThemes() {
  const images = { blue: await aJpeg('#1f5fbf'), board: await aJpeg('#2f5d50') };
  await folder.write(`blue/${avatarFileName}`, images.blue);
  await folder.write('boardroom.zip', await aZip({ [avatarFileName]: images.board, 'themeconfig.json': '{}' }));
  await folder.write('plain.zip', await aZip({ 'themeconfig.json': '{}' }));
  return images;
}

function content(parts: Partial<DirectoryContent> = {}): DirectoryContent {
  return directoryContent({
    services: [alice, bob, carol],
    themes: [
      { name: 'Example Blue', id: 1, path: folder.path('blue') },
      { name: 'Boardroom', id: 2, path: folder.path('boardroom.zip') },
      { name: 'Plain', path: folder.path('plain.zip') },
    ],
    defaultTheme: 'Example Blue',
    ...parts,
  });
}

async function startNode(initial: DirectoryContent, options: { normaliseTo?: number } = {}) {
  const logger = new RecordingLogger();
  const container = new Container();
  container.loadSync(createCoreModule({ logger, clock: new SystemClock() }));
  const directory = new InMemoryDirectory();
  directory.replace(initial);
  container.bind(Directory).toConstantValue(directory);
  container.loadSync(createThemesModule({ publicBaseUrl: 'http://herald.example.com:8080/', debounceMs: 20, ...options }));
  const lifecycle = container.get<Lifecycle>(Lifecycle);
  started.push(lifecycle);
  await lifecycle.start();
  const presence = container.get<PresenceService>(PresenceService);
  const hub = container.get<SubscriptionHub>(SubscriptionHub);
  const store = container.get<ThemeStore>(ThemeStore);
  const avatar = (alias: string) => presence.resolve(alias).view?.avatar;
  const watch = (alias: string) => {
    const watcher = new RecordingWatcher(alias);
    hub.watch(alias, watcher, presence.resolve(alias).view);
    return watcher;
  };
  /** Resolves once the store announced a change and the core published what changed (bounded). */
  const nextAvatarChange = () =>
    new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('no avatar change within 5 s')), 5000);
      const listener = store.onDidChange(() => {
        clearTimeout(timeout);
        listener.dispose();
        void container.get(PresenceChangeTracker).idle().then(resolve);
      });
    });
  return { container, directory, logger, lifecycle, store, avatar, watch, nextAvatarChange };
}

describe('ThemeStoreImpl', () => {
  it("gives each contact its theme's avatar, the default theme's, or the built-in one, served by hash", async () => {
    const images = await writeThemes();
    const node = await startNode(content());
    const own = node.avatar('alice@vc.example.com');
    expect(own?.themeChain).toEqual(["'Boardroom' (service theme): presence_avatar_image.jpg"]);
    expect(own?.url).toBe(`http://herald.example.com:8080/avatars/${own?.hash}.jpg`);
    expect(node.store.avatarByHash(own?.hash as string)?.bytes.equals(images.board)).toBe(true);

    const byDefault = node.avatar('bob@vc.example.com');
    expect(node.store.avatarByHash(byDefault?.hash as string)?.bytes.equals(images.blue)).toBe(true);
    // The same bytes through the core's AvatarSource port, as adapters that serve photos read them.
    expect(node.store.avatarImage(own?.hash as string)).toEqual({ bytes: images.board, contentType: 'image/jpeg' });
    expect(node.store.avatarImage('0'.repeat(32))).toBeUndefined();
    expect(node.avatar('carol@vc.example.com')?.themeChain).toEqual([
      "'Plain' (service theme): has no presence_avatar_image.jpg",
      "'Example Blue' (default theme): presence_avatar_image.jpg",
    ]);

    const trace = node.container.get<PresenceService>(PresenceService).resolve('carol@vc.example.com').trace;
    expect(trace.at(-1)).toBe(`avatar: 'Plain' (service theme): has no presence_avatar_image.jpg → 'Example Blue' (default theme): presence_avatar_image.jpg (hash ${byDefault?.hash})`);
    await node.lifecycle.stop();
  });

  it('uses the built-in image when the default theme lacks the file', async () => {
    await writeThemes();
    const node = await startNode(content({ defaultTheme: 'Plain' }));
    const avatar = node.avatar('bob@vc.example.com');
    expect(avatar?.themeChain).toEqual(["'Plain' (default theme): has no presence_avatar_image.jpg", 'built-in base theme: presence_avatar_image.jpg']);
    expect(node.store.avatarByHash(avatar?.hash as string)?.width).toBe(192);
    await node.lifecycle.stop();
  });

  it('warns about a poor image naming the theme and the file, and serves it anyway', async () => {
    await writeThemes();
    await folder.write(`blue/${avatarFileName}`, await aNoisyJpeg(700, 300));
    const node = await startNode(content());
    const warnings = node.logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings).toEqual([
      `theme 'Example Blue': ${folder.path('blue', avatarFileName)} is 700×300 pixels, not square; Lync shows contact photos in a square, so it will be cropped or distorted; it is served anyway`,
      `theme 'Example Blue': ${folder.path('blue', avatarFileName)} is 700×300 pixels, larger than the 648×648 Lync shows at most; it is served anyway`,
      expect.stringMatching(/^theme 'Example Blue': .* is \d+(\.\d)? KiB, more than the 100 KiB expected of a contact photo; it is served anyway$/),
    ]);
    expect(node.avatar('bob@vc.example.com')?.themeChain).toEqual(["'Example Blue' (default theme): presence_avatar_image.jpg"]);
  });

  it('serves normalised size×size JPEGs when asked, under the hash of what it serves', async () => {
    const images = await writeThemes();
    const node = await startNode(content(), { normaliseTo: 48 });
    const avatar = node.avatar('alice@vc.example.com');
    const served = node.store.avatarByHash(avatar?.hash as string)?.bytes as Buffer;
    const meta = await sharp(served).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 48, 48]);
    expect(avatar?.hash).toBe(avatarHash(served));
    expect(node.store.avatarByHash(avatarHash(images.board))).toBeUndefined();
  });

  const hostile: [string, () => Promise<{ file: string; reason: RegExp }>][] = [
    ['a file that is not a ZIP', async () => ({ file: await folder.write('boardroom.zip', 'not a zip'.repeat(20)), reason: /is not a ZIP package/ })],
    [
      'a ZIP with a ../ entry',
      async () => {
        const zip = await aZip({ [avatarFileName]: await aJpeg(), 'xx/x': 'x' });
        return { file: await folder.write('boardroom.zip', withEntryRenamed(zip, 'xx/x', '../x')), reason: /has an entry whose path escapes the theme/ };
      },
    ],
    [
      'a ZIP with too many entries',
      async () => {
        return { file: await folder.write('boardroom.zip', await aZipWithEntries(5000)), reason: /holds 5000 entries, more than the 4096/ };
      },
    ],
    [
      'a bomb-like ZIP',
      async () => {
        const zip = await aZip({ [avatarFileName]: await aJpeg(), 'a.wav': Buffer.alloc(100) });
        return { file: await folder.write('boardroom.zip', withDeclaredSize(zip, 'a.wav', 0xfffffff0)), reason: /possible ZIP bomb/ };
      },
    ],
    [
      'a corrupt JPEG',
      async () => {
        const jpeg = await aJpeg('#2f5d50', 200);
        await folder.write('boardroom.zip', await aZip({ [avatarFileName]: jpeg.subarray(0, jpeg.length - 100) }));
        return { file: `${folder.path('boardroom.zip')} → ${avatarFileName}`, reason: /is a corrupt JPEG/ };
      },
    ],
  ];

  it.each(hostile)('logs %s naming the theme and the file, falls back, and keeps serving', async (_name, make) => {
    await writeThemes();
    const { file, reason } = await make();
    const node = await startNode(content());
    const errors = node.logger.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(reason);
    expect(errors[0].message).toContain(`theme 'Boardroom': ${file} `);
    expect(errors[0].message).toContain("contacts using it get the next avatar in the chain (the default theme's, else the built-in one)");
    expect(errors[0].fields).toMatchObject({ theme: 'Boardroom', file });

    const avatar = node.avatar('alice@vc.example.com');
    expect(avatar?.themeChain[1]).toBe("'Example Blue' (default theme): presence_avatar_image.jpg");
    expect(avatar?.hash).toBe(node.avatar('bob@vc.example.com')?.hash);
    const health = await node.container.getAll<HealthContribution>(HealthContribution)[0].check();
    expect(health.status).toBe('degraded');
    expect(health.detail).toContain("theme 'Boardroom'");
    await node.lifecycle.stop();
  });

  it('follows a theme file edited on disk: new hash, and only the watchers whose avatar changed hear of it', async () => {
    await writeThemes();
    const node = await startNode(content());
    const [a, b, c] = ['alice@vc.example.com', 'bob@vc.example.com', 'carol@vc.example.com'].map((alias) => node.watch(alias));
    const before = node.avatar('bob@vc.example.com');

    let changed = node.nextAvatarChange();
    await writeFile(folder.path('blue', avatarFileName), await aJpeg('#000080'));
    await changed;
    const after = node.avatar('bob@vc.example.com');
    expect(after?.hash).not.toBe(before?.hash);
    expect(node.store.avatarByHash(before?.hash as string)).toBeUndefined();
    expect(node.store.avatarImage(before?.hash as string)).toBeUndefined();
    expect(node.store.avatarImage(after?.hash as string)?.bytes.equals(node.store.avatarByHash(after?.hash as string)?.bytes as Buffer)).toBe(true);
    expect(b.changes.map((ch) => ch.view?.avatar?.hash)).toEqual([after?.hash]);
    expect(c.changes.map((ch) => ch.view?.avatar?.hash)).toEqual([after?.hash]);
    expect(a.changes).toEqual([]);

    changed = node.nextAvatarChange();
    const replacement = folder.path('boardroom.zip.tmp');
    await writeFile(replacement, await aZip({ [avatarFileName]: await aJpeg('#800000') }));
    await rename(replacement, folder.path('boardroom.zip'));
    await changed;
    expect(a.changes).toHaveLength(1);
    expect(a.changes[0].view?.avatar?.hash).toBe(node.avatar('alice@vc.example.com')?.hash);
    expect([b.changes.length, c.changes.length]).toEqual([1, 1]);
    await node.lifecycle.stop();
  });

  it('falls back when a theme file is deleted, and recovers when a good one returns', async () => {
    const images = await writeThemes();
    const node = await startNode(content());
    let changed = node.nextAvatarChange();
    await rm(folder.path('blue', avatarFileName));
    await changed;
    expect(node.avatar('bob@vc.example.com')?.themeChain.at(-1)).toBe('built-in base theme: presence_avatar_image.jpg');

    changed = node.nextAvatarChange();
    await writeFile(folder.path('blue', avatarFileName), images.blue);
    await changed;
    expect(node.store.avatarByHash(node.avatar('bob@vc.example.com')?.hash as string)?.bytes.equals(images.blue)).toBe(true);
    await node.lifecycle.stop();
  });

  it('follows the directory: a new default theme, already read by the validator, reaches watchers in one change', async () => {
    await writeThemes();
    const node = await startNode(content());
    const b = node.watch('bob@vc.example.com');
    const next = content({ defaultTheme: 'Plain' });
    expect(await node.container.get<DirectoryValidation>(DirectoryValidation).validate(next)).toEqual([]);
    node.directory.replace(next);
    await node.container.get(PresenceChangeTracker).idle();
    expect(b.changes.map((ch) => ch.view?.avatar?.themeChain.at(-1))).toEqual(['built-in base theme: presence_avatar_image.jpg']);
    await node.lifecycle.stop();
  });

  it('reads a theme added to the directory and then announces its avatar', async () => {
    await writeThemes();
    const node = await startNode(content({ themes: [], defaultTheme: undefined, services: [bob] }));
    const b = node.watch('bob@vc.example.com');
    await folder.write(`green/${avatarFileName}`, await aJpeg('#00aa00'));
    const changed = node.nextAvatarChange();
    node.directory.replace(directoryContent({ services: [bob], themes: [{ name: 'Green', path: folder.path('green') }], defaultTheme: 'Green' }));
    await changed;
    expect(node.avatar('bob@vc.example.com')?.themeChain).toEqual(["'Green' (default theme): presence_avatar_image.jpg"]);
    expect(b.changes.at(-1)?.view?.avatar?.themeChain).toEqual(["'Green' (default theme): presence_avatar_image.jpg"]);
    await node.lifecycle.stop();
  });

  it('stops following the disk when stopped', async () => {
    await writeThemes();
    const node = await startNode(content());
    const before = node.avatar('bob@vc.example.com')?.hash;
    await node.lifecycle.stop();
    await writeFile(folder.path('blue', avatarFileName), await aJpeg('#123456'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(node.avatar('bob@vc.example.com')?.hash).toBe(before);
  });
});

describe('ThemeDirectoryValidator', () => {
  it('warns about theme packages that cannot be read at all, but not about single bad files', async () => {
    await writeThemes();
    await folder.write('broken.zip', 'not a zip');
    await folder.write(`png/${avatarFileName}`, 'not an image either');
    const node = await startNode(content());
    const issues = await node.container.get<DirectoryValidation>(DirectoryValidation).validate(
      content({
        themes: [
          { name: 'Gone', path: folder.path('gone') },
          { name: 'Broken', path: folder.path('broken.zip') },
          { name: 'Png', path: folder.path('png') },
        ],
        defaultTheme: undefined,
        services: [],
      }),
    );
    expect(issues).toEqual([
      { path: ['themes', 0, 'path'], severity: 'warning', message: expect.stringMatching(/^theme 'Gone': .*gone does not exist; until that is fixed/) },
      { path: ['themes', 1, 'path'], severity: 'warning', message: expect.stringMatching(/^theme 'Broken': .*broken.zip is not a ZIP package/) },
    ]);
    await node.lifecycle.stop();
  });
});
