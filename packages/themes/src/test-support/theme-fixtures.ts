import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ZipFile } from 'yazl';

/** A solid-colour JPEG, `width`×`height`. Different colours give different bytes. */
export function aJpeg(colour = '#3366cc', width = 64, height = width): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).jpeg().toBuffer();
}

/** A JPEG of random noise: it barely compresses, so it is large for its size in pixels. */
export function aNoisyJpeg(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 1;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = seed >> 16;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 100 }).toBuffer();
}

export function aPng(): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 32, channels: 3, background: '#ffffff' } }).png().toBuffer();
}

/** A ZIP holding `entries` (name → bytes), compressed. */
export function aZip(entries: Record<string, Buffer | string>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, data] of Object.entries(entries)) zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name, { mtime: new Date(Date.UTC(2026, 0, 1)) });
  zip.end();
  return collect(zip.outputStream);
}

/** A ZIP with `count` empty entries. */
export function aZipWithEntries(count: number): Promise<Buffer> {
  const zip = new ZipFile();
  for (let i = 0; i < count; i++) zip.addBuffer(Buffer.alloc(0), `prompt-${i}.wav`, { mtime: new Date(Date.UTC(2026, 0, 1)), compress: false });
  zip.end();
  return collect(zip.outputStream);
}

/**
 * Rewrites, in the central directory, the uncompressed size recorded for the entry `name`: the
 * header lies about what the entry inflates to. (yauzl trusts the central directory.)
 */
export function withDeclaredSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.indexOf(centralSignature); at >= 0; at = out.indexOf(centralSignature, at + 4)) {
    const nameLength = out.readUInt16LE(at + 28);
    if (out.subarray(at + 46, at + 46 + nameLength).toString() === name) {
      out.writeUInt32LE(size, at + 24);
      return out;
    }
  }
  throw new Error(`no entry '${name}' in the ZIP`);
}

/** Renames an entry in place (local and central headers); the new name must be as long. */
export function withEntryRenamed(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('names must have the same length');
  const out = Buffer.from(zip);
  let renamed = 0;
  for (let at = out.indexOf(from); at >= 0; at = out.indexOf(from, at + 1)) {
    out.write(to, at);
    renamed++;
  }
  if (renamed === 0) throw new Error(`no '${from}' in the ZIP`);
  return out;
}

const centralSignature = Buffer.from([0x50, 0x4b, 0x01, 0x02]);

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A fresh temporary folder, and a way to write files into it. */
export async function aTempFolder() {
  const root = await mkdtemp(join(tmpdir(), 'herald-themes-'));
  return {
    root,
    path: (...parts: string[]) => join(root, ...parts),
    write: async (relative: string, data: Buffer | string) => {
      const file = join(root, relative);
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, data);
      return file;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
