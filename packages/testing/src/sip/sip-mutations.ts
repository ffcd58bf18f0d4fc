/** mulberry32: a small seeded generator, so that a property test mutates the same way every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes that matter to a SIP parser: delimiters, line ends, escapes, digits, version text. */
const specials = Buffer.from(':;,<>"\\\r\n\t []%@=/?0123456789SIPsip');

/**
 * A copy of `message` with one to six random edits: a byte replaced, a delimiter inserted, a
 * range deleted or duplicated, the tail cut off, a long digit run, or a long run of delimiters.
 */
export function mutateSipMessage(message: Buffer, rand: () => number): Buffer {
  const bytes = [...message];
  const pick = (n: number) => Math.floor(rand() * n);
  for (let edits = 1 + pick(6); edits > 0; edits--) {
    const at = pick(bytes.length + 1);
    switch (pick(7)) {
      case 0:
        bytes[at] = pick(256);
        break;
      case 1:
        bytes.splice(at, 0, specials[pick(specials.length)] as number);
        break;
      case 2:
        bytes.splice(at, pick(40));
        break;
      case 3: {
        const from = pick(bytes.length);
        bytes.splice(at, 0, ...bytes.slice(from, from + pick(200)));
        break;
      }
      case 4:
        bytes.length = Math.min(bytes.length, at);
        break;
      case 5:
        bytes.splice(at, 0, ...Buffer.from('9'.repeat(1 + pick(30))));
        break;
      default:
        bytes.splice(at, 0, ...Array.from({ length: pick(300) }, () => specials[pick(8)] as number));
    }
  }
  return Buffer.from(bytes);
}
