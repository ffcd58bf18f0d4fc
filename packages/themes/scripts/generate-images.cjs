#!/usr/bin/env node
'use strict';
/**
 * Draws Herald's own images, so that no vendor artwork is ever shipped:
 *
 * - packages/themes/assets/presence_avatar_image.jpg: the built-in base theme's avatar, the last
 *   step of the fallback chain (a monogram "H" with a presence dot);
 * - config/themes/example-blue/presence_avatar_image.jpg: the example default theme (three
 *   people joined in a call);
 * - config/themes/boardroom/presence_avatar_image.jpg: the example room theme (a table and six
 *   chairs, seen from above);
 * - config/themes/plain.zip: an example theme package without an avatar, holding only its
 *   themeconfig.json, so rooms using it fall back to the default theme.
 *
 * Run from the repository root: `node packages/themes/scripts/generate-images.cjs`. The output
 * is deterministic for a given sharp version; commit the files it writes.
 */
const { mkdirSync, writeFileSync, createWriteStream } = require('node:fs');
const { dirname, join } = require('node:path');
const sharp = require('sharp');
const { ZipFile } = require('yazl');

const repo = join(__dirname, '..', '..', '..');

const svg = (size, body) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">${body}</svg>`);

const images = {
  'packages/themes/assets/presence_avatar_image.jpg': svg(
    192,
    `<rect width="100" height="100" fill="#23305e"/>
     <rect x="22" y="24" width="13" height="54" rx="6.5" fill="#f4f1ea"/>
     <rect x="57" y="24" width="13" height="54" rx="6.5" fill="#f4f1ea"/>
     <rect x="22" y="45" width="48" height="12" rx="6" fill="#f4f1ea"/>
     <circle cx="79" cy="22" r="10" fill="#23305e"/>
     <circle cx="79" cy="22" r="7" fill="#5ee0a0"/>`,
  ),
  'config/themes/example-blue/presence_avatar_image.jpg': svg(
    128,
    `<rect width="100" height="100" fill="#1f5fbf"/>
     <path d="M50 28 L28 66 L72 66 Z" fill="none" stroke="#cfe0fb" stroke-width="4" stroke-linejoin="round"/>
     <circle cx="50" cy="28" r="11" fill="#ffffff"/>
     <circle cx="28" cy="66" r="11" fill="#ffffff"/>
     <circle cx="72" cy="66" r="11" fill="#ffffff"/>`,
  ),
  'config/themes/boardroom/presence_avatar_image.jpg': svg(
    256,
    `<rect width="100" height="100" fill="#2f5d50"/>
     <rect x="24" y="36" width="52" height="28" rx="9" fill="#d9b38c"/>
     <circle cx="38" cy="26" r="6" fill="#f2ead8"/>
     <circle cx="62" cy="26" r="6" fill="#f2ead8"/>
     <circle cx="38" cy="74" r="6" fill="#f2ead8"/>
     <circle cx="62" cy="74" r="6" fill="#f2ead8"/>
     <circle cx="15" cy="50" r="6" fill="#f2ead8"/>
     <circle cx="85" cy="50" r="6" fill="#f2ead8"/>`,
  ),
};

async function main() {
  for (const [file, source] of Object.entries(images)) {
    const out = join(repo, file);
    mkdirSync(dirname(out), { recursive: true });
    const jpeg = await sharp(source).flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer();
    writeFileSync(out, jpeg);
    console.log(`${file}: ${jpeg.length} bytes`);
  }
  const zip = new ZipFile();
  const config = JSON.stringify({ theme_version: 2, description: 'Example theme without an avatar' }, undefined, 2) + '\n';
  // A fixed date keeps the package's bytes the same from run to run.
  zip.addBuffer(Buffer.from(config), 'themeconfig.json', { mtime: new Date(Date.UTC(2026, 0, 1)) });
  zip.end();
  const target = join(repo, 'config/themes/plain.zip');
  await new Promise((resolve, reject) => zip.outputStream.pipe(createWriteStream(target)).on('close', resolve).on('error', reject));
  console.log('config/themes/plain.zip: themeconfig.json only');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
