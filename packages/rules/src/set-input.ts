import { maxAliasInputLength } from '@herald/core';

/**
 * The bytes an RE2.Set reads: `subject[skip .. length - skipEnd]` reversed, as UTF-8 (see
 * set-form.ts for why); undefined when the subject is shorter than `skip + skipEnd`.
 *
 * An ASCII subject (nearly every alias) is written backwards into one preallocated buffer, and a
 * view of the right length over it, made once per length, is what the Set gets: no allocation
 * and no string conversion per lookup. node-re2 reads a Buffer in place and keeps no reference
 * to it after the synchronous call, so reusing the memory for the next lookup is safe. Other
 * subjects are reversed by code point and encoded.
 */
const scratch = Buffer.allocUnsafeSlow(maxAliasInputLength);
const views: (Buffer | undefined)[] = [];

export function reversedInput(subject: string, skip: number, skipEnd = 0): Buffer | undefined {
  const length = subject.length - skip - skipEnd;
  if (length < 0) return undefined;
  // Longer subjects (only the tester and linter pass them) get a buffer of their own.
  const out = length <= scratch.length ? scratch : Buffer.allocUnsafe(length);
  const last = subject.length - 1 - skipEnd;
  for (let i = 0; i < length; i++) {
    const c = subject.charCodeAt(last - i);
    if (c > 0x7f) return Buffer.from(Array.from(subject.slice(skip, subject.length - skipEnd)).reverse().join(''));
    out[i] = c;
  }
  return out !== scratch ? out : (views[length] ??= scratch.subarray(0, length));
}

/** Whether every UTF-16 unit of the string is ASCII. */
export function isAscii(subject: string): boolean {
  for (let i = 0; i < subject.length; i++) if (subject.charCodeAt(i) > 0x7f) return false;
  return true;
}
