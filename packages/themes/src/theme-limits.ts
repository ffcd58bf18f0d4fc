/** The file of a theme that holds the contact-list avatar. */
export const avatarFileName = 'presence_avatar_image.jpg';

/**
 * Bounds on what Herald reads from a theme, so that a hostile or broken package cannot exhaust
 * memory or time. Theme packages also carry audio prompts and backgrounds, which Herald never
 * extracts; the bounds on the whole package only cap what its ZIP directory declares.
 */
export interface ThemeLimits {
  /** Largest theme ZIP file accepted, in bytes. */
  readonly maxPackageBytes: number;
  /** Most entries a theme ZIP may hold. */
  readonly maxEntries: number;
  /** Largest total uncompressed size a theme ZIP may declare, in bytes. */
  readonly maxUncompressedBytes: number;
  /** Largest single file Herald reads from a theme (the avatar), in bytes. */
  readonly maxFileBytes: number;
  /** Largest image, in pixels (width × height), that Herald decodes. */
  readonly maxImagePixels: number;
}

const mebibyte = 1024 * 1024;

export const defaultThemeLimits: ThemeLimits = {
  maxPackageBytes: 256 * mebibyte,
  maxEntries: 4096,
  maxUncompressedBytes: 512 * mebibyte,
  maxFileBytes: 8 * mebibyte,
  maxImagePixels: 4096 * 4096,
};

/** `1536` → `1.5 KiB`, for messages people read. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < mebibyte) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${(bytes / mebibyte).toFixed(1).replace(/\.0$/, '')} MiB`;
}
