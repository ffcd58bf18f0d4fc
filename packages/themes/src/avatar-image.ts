import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { formatBytes } from './theme-limits';
import { messageOf } from './theme-zip';

/** The largest contact photo Lync shows (Lync 2013 with Exchange high-resolution photos). */
export const largestUsefulSide = 648;
/** The size Active Directory thumbnails keep under, which Lync expects of a contact photo. */
export const recommendedMaxBytes = 100 * 1024;

export interface AvatarImageOptions {
  /** Serve a `size`×`size` JPEG made from the image instead of the file's own bytes. */
  readonly normaliseTo?: number;
  /** Refuse larger images (width × height) without decoding them. */
  readonly maxPixels: number;
}

/** An avatar ready to serve. */
export interface PreparedAvatar {
  /** The JPEG bytes served: the file itself, or its normalised version. */
  readonly bytes: Buffer;
  /** Lower-case hex content hash of `bytes`: equal bytes, equal hash, on every node and restart. */
  readonly hash: string;
  /** The source image's size in pixels. */
  readonly width: number;
  readonly height: number;
  /** Reasons the image is accepted but not ideal for a contact list. */
  readonly warnings: readonly string[];
}

export type AvatarCheck = { readonly ok: true; readonly avatar: PreparedAvatar } | { readonly ok: false; readonly reason: string };

/** 32 hex digits (128 bits) of SHA-256: as long as the hashes Lync itself publishes, and plenty. */
export function avatarHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/**
 * Checks that `source` really is a JPEG by decoding it completely (libvips through sharp,
 * failing on any decoder warning, so truncated or corrupt data is refused), notes what makes
 * it a poor contact photo, and prepares the bytes to serve.
 */
export async function prepareAvatarImage(source: Buffer, options: AvatarImageOptions): Promise<AvatarCheck> {
  const input = { failOn: 'warning', limitInputPixels: options.maxPixels } as const;
  let width: number;
  let height: number;
  try {
    // Reading the header is safe at any size; the pixel limit is checked before decoding.
    const meta = await sharp(source, { ...input, limitInputPixels: false }).metadata();
    if (meta.format !== 'jpeg') {
      return { ok: false, reason: `is a ${meta.format.toUpperCase()} image, not a JPEG; Lync shows only JPEG contact photos, so save it as JPEG` };
    }
    ({ width, height } = meta);
    if (width * height > options.maxPixels) {
      return { ok: false, reason: `is ${width}×${height} pixels, too large to decode (at most ${options.maxPixels} pixels)` };
    }
    await sharp(source, input).raw().toBuffer();
  } catch (error) {
    const message = messageOf(error);
    if (message.includes('unsupported image format')) return { ok: false, reason: 'is not a JPEG image (its content is not an image format Herald recognises)' };
    return { ok: false, reason: `is a corrupt JPEG (${message.replace(/^Input (buffer|file) has corrupt header: /, '')})` };
  }

  const warnings: string[] = [];
  if (width !== height) warnings.push(`is ${width}×${height} pixels, not square; Lync shows contact photos in a square, so it will be cropped or distorted`);
  if (Math.max(width, height) > largestUsefulSide) {
    warnings.push(`is ${width}×${height} pixels, larger than the ${largestUsefulSide}×${largestUsefulSide} Lync shows at most`);
  }
  if (source.length > recommendedMaxBytes) warnings.push(`is ${formatBytes(source.length)}, more than the ${formatBytes(recommendedMaxBytes)} expected of a contact photo`);

  const bytes = options.normaliseTo === undefined ? source : await normalise(source, options.normaliseTo, input);
  return { ok: true, avatar: { bytes, hash: avatarHash(bytes), width, height, warnings } };
}

/**
 * A `size`×`size` baseline JPEG of the image: turned upright by its EXIF orientation, scaled to
 * cover the square and cropped at the centre, metadata dropped. The same input and sharp version
 * give the same bytes, so the hash is stable across restarts and nodes.
 */
async function normalise(source: Buffer, size: number, input: sharp.SharpOptions): Promise<Buffer> {
  return sharp(source, input).rotate().resize(size, size, { fit: 'cover', position: 'centre' }).jpeg({ quality: 85 }).toBuffer();
}
