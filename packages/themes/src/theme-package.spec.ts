import { readThemePackage } from './theme-package';
import { avatarFileName, defaultThemeLimits } from './theme-limits';
import { ThemePackageError } from './theme-zip';
import { aJpeg, aTempFolder, aZip, aZipWithEntries, withDeclaredSize, withEntryRenamed } from './test-support/theme-fixtures';

const wanted = [avatarFileName];
let folder: Awaited<ReturnType<typeof aTempFolder>>;
beforeEach(async () => {
  folder = await aTempFolder();
});
afterEach(() => folder.remove());

/** The reason a package is refused. */
async function refusal(path: string, limits = defaultThemeLimits): Promise<string> {
  const error = await readThemePackage(path, wanted, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ThemePackageError);
  return (error as Error).message;
}

describe('readThemePackage: folders', () => {
  it('reads the avatar of a theme folder and names where it is', async () => {
    const jpeg = await aJpeg();
    await folder.write(`blue/${avatarFileName}`, jpeg);
    await folder.write('blue/themeconfig.json', '{}');
    const pkg = await readThemePackage(folder.path('blue'), wanted, defaultThemeLimits);
    expect(pkg.kind).toBe('folder');
    expect(pkg.files.get(avatarFileName)?.equals(jpeg)).toBe(true);
    expect(pkg.describe(avatarFileName)).toBe(folder.path('blue', avatarFileName));
  });

  it('treats a folder without the file as a theme that lacks it', async () => {
    await folder.write('plain/themeconfig.json', '{}');
    const pkg = await readThemePackage(folder.path('plain'), wanted, defaultThemeLimits);
    expect(pkg.files.size).toBe(0);
    expect(pkg.problems.size).toBe(0);
  });

  it('does not read a file larger than the limit', async () => {
    await folder.write(`big/${avatarFileName}`, Buffer.alloc(2048));
    const pkg = await readThemePackage(folder.path('big'), wanted, { ...defaultThemeLimits, maxFileBytes: 1024 });
    expect(pkg.files.size).toBe(0);
    expect(pkg.problems.get(avatarFileName)).toBe('is 2 KiB, more than the 1 KiB allowed');
  });

  it('refuses a path that does not exist', async () => {
    expect(await refusal(folder.path('nowhere'))).toBe('does not exist');
  });
});

describe('readThemePackage: ZIP packages', () => {
  it('reads the avatar from the root of a theme ZIP, ignoring the other files', async () => {
    const jpeg = await aJpeg();
    const zip = await folder.write('boardroom.zip', await aZip({ [avatarFileName]: jpeg, 'themeconfig.json': '{}', 'prompts/welcome.wav': Buffer.alloc(4096) }));
    const pkg = await readThemePackage(zip, wanted, defaultThemeLimits);
    expect(pkg.kind).toBe('zip');
    expect(pkg.files.get(avatarFileName)?.equals(jpeg)).toBe(true);
    expect(pkg.describe(avatarFileName)).toBe(`${zip} → ${avatarFileName}`);
  });

  it('finds the avatar whatever the case of its name (packages made on Windows)', async () => {
    const zip = await folder.write('upper.zip', await aZip({ 'PRESENCE_AVATAR_IMAGE.JPG': await aJpeg() }));
    expect((await readThemePackage(zip, wanted, defaultThemeLimits)).files.has(avatarFileName)).toBe(true);
  });

  it('refuses a file that is not a ZIP', async () => {
    const file = await folder.write('theme.zip', 'this is a text file, not a theme package\n'.repeat(10));
    expect(await refusal(file)).toMatch(/^is not a ZIP package \(.*\); a theme is a folder or a ZIP holding the replacement files$/);
  });

  it('refuses a ZIP with an entry that climbs out of the theme (../)', async () => {
    const zip = await aZip({ [avatarFileName]: await aJpeg(), 'xx/evil.sh': 'rm -rf /' });
    const file = await folder.write('escape.zip', withEntryRenamed(zip, 'xx/evil.sh', '../evil.sh'));
    expect(await refusal(file)).toBe('has an entry whose path escapes the theme (invalid relative path: ../evil.sh); refused as hostile');
  });

  it('refuses a ZIP with an absolute entry path', async () => {
    const zip = await aZip({ 'xetc/passwd': 'root' });
    const file = await folder.write('absolute.zip', withEntryRenamed(zip, 'xetc/passwd', '/etc/passwd'));
    expect(await refusal(file)).toBe('has an entry whose path escapes the theme (absolute path: /etc/passwd); refused as hostile');
  });

  it('refuses a ZIP with more entries than a theme has', async () => {
    const file = await folder.write('many.zip', await aZipWithEntries(defaultThemeLimits.maxEntries + 1));
    expect(await refusal(file)).toBe(`holds ${defaultThemeLimits.maxEntries + 1} entries, more than the ${defaultThemeLimits.maxEntries} a theme may have`);
  });

  it('refuses a bomb-like ZIP whose content inflates past the cap, before inflating it', async () => {
    const file = await folder.write('bomb.zip', await aZip({ 'prompt.wav': Buffer.alloc(3 * 1024 * 1024), [avatarFileName]: await aJpeg() }));
    expect(await refusal(file, { ...defaultThemeLimits, maxUncompressedBytes: 1024 * 1024 })).toBe(
      "declares more than 1 MiB of uncompressed content (reached at entry 'prompt.wav'); refused as a possible ZIP bomb",
    );
  });

  it('refuses a ZIP that declares a huge uncompressed size', async () => {
    const zip = await aZip({ 'prompt.wav': Buffer.alloc(1000), [avatarFileName]: await aJpeg() });
    const file = await folder.write('huge.zip', withDeclaredSize(zip, 'prompt.wav', 0xfffffff0));
    expect(await refusal(file)).toMatch(/^declares more than 512 MiB of uncompressed content \(reached at entry 'prompt.wav'\)/);
  });

  it('leaves out an avatar entry that inflates to more than its header says', async () => {
    const zip = await aZip({ [avatarFileName]: await aJpeg() });
    const file = await folder.write('lying.zip', withDeclaredSize(zip, avatarFileName, 10));
    const pkg = await readThemePackage(file, wanted, defaultThemeLimits);
    expect(pkg.files.size).toBe(0);
    expect(pkg.problems.get(avatarFileName)).toMatch(/^cannot be extracted: too many bytes in the stream/);
  });

  it('leaves out an avatar entry larger than a theme file may be', async () => {
    const file = await folder.write('heavy.zip', await aZip({ [avatarFileName]: Buffer.alloc(4096) }));
    const pkg = await readThemePackage(file, wanted, { ...defaultThemeLimits, maxFileBytes: 1024 });
    expect(pkg.problems.get(avatarFileName)).toBe('is 4 KiB, more than the 1 KiB allowed');
  });

  it('refuses a package larger than the limit without opening it', async () => {
    const file = await folder.write('large.zip', Buffer.alloc(4096));
    expect(await refusal(file, { ...defaultThemeLimits, maxPackageBytes: 1024 })).toBe('is 4 KiB, more than the 1 KiB a theme package may be');
  });
});
