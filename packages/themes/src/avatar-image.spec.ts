import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { avatarHash, prepareAvatarImage } from './avatar-image';
import { defaultThemeLimits } from './theme-limits';
import { aJpeg, aNoisyJpeg, aPng } from './test-support/theme-fixtures';

const options = { maxPixels: defaultThemeLimits.maxImagePixels };

describe('prepareAvatarImage', () => {
  it('accepts a square JPEG as it is, hashed by its bytes', async () => {
    const jpeg = await aJpeg('#3366cc', 96);
    const check = await prepareAvatarImage(jpeg, options);
    expect(check).toMatchObject({ ok: true, avatar: { width: 96, height: 96, warnings: [] } });
    if (!check.ok) return;
    expect(check.avatar.bytes.equals(jpeg)).toBe(true);
    expect(check.avatar.hash).toBe(createHash('sha256').update(jpeg).digest('hex').slice(0, 32));
  });

  it('refuses a PNG, saying what it is and what Lync needs', async () => {
    const check = await prepareAvatarImage(await aPng(), options);
    expect(check).toEqual({ ok: false, reason: 'is a PNG image, not a JPEG; Lync shows only JPEG contact photos, so save it as JPEG' });
  });

  it('refuses data that is no image at all', async () => {
    const check = await prepareAvatarImage(Buffer.from('<html>not found</html>'), options);
    expect(check).toEqual({ ok: false, reason: 'is not a JPEG image (its content is not an image format Herald recognises)' });
  });

  it('refuses a truncated JPEG, although its header is fine', async () => {
    const jpeg = await aNoisyJpeg(64, 64);
    const check = await prepareAvatarImage(jpeg.subarray(0, Math.floor(jpeg.length / 2)), options);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/^is a corrupt JPEG \(.*premature end of JPEG/i);
  });

  it('refuses a JPEG whose scan data is damaged', async () => {
    const jpeg = Buffer.from(await aNoisyJpeg(64, 64));
    for (let i = Math.floor(jpeg.length / 2); i < jpeg.length / 2 + 64; i++) jpeg[i] = 0xff;
    const check = await prepareAvatarImage(jpeg, options);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/^is a corrupt JPEG/);
  });

  it('refuses an image too large to decode safely, without decoding it', async () => {
    const check = await prepareAvatarImage(await aJpeg('#000000', 300, 200), { maxPixels: 10_000 });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toBe('is 300×200 pixels, too large to decode (at most 10000 pixels)');
  });

  it('warns, but accepts, an image that is not square, too large, or heavy', async () => {
    const check = await prepareAvatarImage(await aNoisyJpeg(700, 300), options);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.avatar.warnings).toEqual([
      'is 700×300 pixels, not square; Lync shows contact photos in a square, so it will be cropped or distorted',
      'is 700×300 pixels, larger than the 648×648 Lync shows at most',
      expect.stringMatching(/^is \d+(\.\d)? KiB, more than the 100 KiB expected of a contact photo$/),
    ]);
  });

  it('normalises to a size×size JPEG when asked, and hashes the bytes it serves', async () => {
    const source = await aNoisyJpeg(300, 200);
    const check = await prepareAvatarImage(source, { ...options, normaliseTo: 96 });
    if (!check.ok) throw new Error(check.reason);
    const meta = await sharp(check.avatar.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 96, 96]);
    expect(check.avatar.bytes.equals(source)).toBe(false);
    expect(check.avatar.hash).toBe(avatarHash(check.avatar.bytes));
    expect(check.avatar.warnings).toContain('is 300×200 pixels, not square; Lync shows contact photos in a square, so it will be cropped or distorted');
  });

  it('gives the same hash for the same image every time (stable across restarts), and another for other bytes', async () => {
    const source = await aJpeg('#884400', 120);
    const first = await prepareAvatarImage(source, { ...options, normaliseTo: 48 });
    const again = await prepareAvatarImage(Buffer.from(source), { ...options, normaliseTo: 48 });
    const other = await prepareAvatarImage(await aJpeg('#884401', 120), { ...options, normaliseTo: 48 });
    if (!first.ok || !again.ok || !other.ok) throw new Error('expected valid images');
    expect(again.avatar.hash).toBe(first.avatar.hash);
    expect(other.avatar.hash).not.toBe(first.avatar.hash);
    expect(first.avatar.hash).toMatch(/^[0-9a-f]{32}$/);
  });
});
