import { type Readable } from 'node:stream';
import { type Entry, openPromise, type ZipFile } from 'yauzl';
import { formatBytes, type ThemeLimits } from './theme-limits';

/** The whole package is refused: Herald uses none of its files. The message says why. */
export class ThemePackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThemePackageError';
  }
}

/** What Herald took from a theme: the wanted files found, and why others had to be left out. */
export interface ThemeFiles {
  /** Wanted files present and read, by their name in the theme. */
  readonly files: ReadonlyMap<string, Buffer>;
  /** Wanted files present but not usable (too large, cannot be extracted), with the reason. */
  readonly problems: ReadonlyMap<string, string>;
}

/**
 * Reads the `wanted` files (names at the package's root, compared case-insensitively) from a
 * theme ZIP, without extracting anything else. yauzl reads the central directory first, which
 * lets us refuse a package by its entry count and declared sizes before inflating a byte, and
 * it rejects entry names that are absolute or climb out with `..`. Extraction is capped too,
 * and yauzl checks the inflated size against the declared one, so a lying header cannot make
 * an entry bigger than it claims.
 * @throws ThemePackageError when the package is not a ZIP, or is hostile or too big.
 */
export async function readThemeZip(path: string, wanted: readonly string[], limits: ThemeLimits): Promise<ThemeFiles> {
  let zip: ZipFile;
  try {
    zip = await openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    throw new ThemePackageError(`is not a ZIP package (${messageOf(error)}); a theme is a folder or a ZIP holding the replacement files`);
  }
  const files = new Map<string, Buffer>();
  const problems = new Map<string, string>();
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ThemePackageError(`holds ${zip.entryCount} entries, more than the ${limits.maxEntries} a theme may have`);
    }
    const names = new Map(wanted.map((name) => [name.toLowerCase(), name]));
    const seen = new Set<string>();
    let declared = 0;
    const entries = new EntryReader(zip);
    for (let entry = await entries.next(); entry !== undefined; entry = await entries.next()) {
      declared += entry.uncompressedSize;
      if (declared > limits.maxUncompressedBytes) {
        throw new ThemePackageError(
          `declares more than ${formatBytes(limits.maxUncompressedBytes)} of uncompressed content (reached at entry '${entry.fileName}'); ` +
            'refused as a possible ZIP bomb',
        );
      }
      const name = names.get(entry.fileName.toLowerCase());
      if (name === undefined) continue;
      if (seen.has(name)) {
        files.delete(name);
        problems.set(name, 'appears more than once in the package, so which one is meant is unclear');
        continue;
      }
      seen.add(name);
      if (entry.uncompressedSize > limits.maxFileBytes) {
        problems.set(name, `is ${formatBytes(entry.uncompressedSize)}, more than the ${formatBytes(limits.maxFileBytes)} allowed`);
        continue;
      }
      try {
        files.set(name, await readEntry(zip, entry, limits.maxFileBytes));
      } catch (error) {
        problems.set(name, `cannot be extracted: ${messageOf(error)}`);
      }
    }
  } catch (error) {
    if (error instanceof ThemePackageError) throw error;
    throw new ThemePackageError(describeZipError(error));
  } finally {
    zip.close();
  }
  return { files, problems };
}

/** yauzl's reasons, in the words an operator needs. */
function describeZipError(error: unknown): string {
  const message = messageOf(error);
  if (/^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/s.test(message)) {
    return `has an entry whose path escapes the theme (${message}); refused as hostile`;
  }
  return `is a damaged ZIP package (${message})`;
}

/** Entries one at a time. yauzl's own iterator can throw from an event handler; this cannot. */
class EntryReader {
  private pending: { resolve: (entry: Entry | undefined) => void; reject: (error: unknown) => void } | undefined;
  private failure: unknown;
  private ended = false;

  constructor(private readonly zip: ZipFile) {
    zip.on('entry', (entry: Entry) => this.settle((p) => p.resolve(entry)));
    zip.on('end', () => {
      this.ended = true;
      this.settle((p) => p.resolve(undefined));
    });
    zip.on('error', (error: unknown) => {
      this.failure ??= error;
      this.settle((p) => p.reject(error));
    });
  }

  next(): Promise<Entry | undefined> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.zip.readEntry();
    });
  }

  private settle(action: (pending: NonNullable<EntryReader['pending']>) => void): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) action(pending);
  }
}

async function readEntry(zip: ZipFile, entry: Entry, maxBytes: number): Promise<Buffer> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) throw new Error(`inflates to more than ${formatBytes(maxBytes)}`);
      chunks.push(chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, total);
}

export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
