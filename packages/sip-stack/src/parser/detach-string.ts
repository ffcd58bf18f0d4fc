/**
 * A copy of `value` that shares no storage with the string it was cut from, stored flat.
 *
 * Header values are slices of the message's header block, and V8 keeps a whole parent string
 * alive for as long as any slice of it lives. State kept beyond one request (a dialog's tags
 * and route set, a transaction's key) would pin every request's header block in memory (about
 * 600 bytes each, for the subscription's whole life); copying the few strings kept avoids it.
 *
 * The copy must be a plain sequential string: a slice of a concatenation (the usual trick) is
 * itself a 32-byte sliced string over a new parent, and a subscription keeps about ten of them.
 * V8 offers no flatten call, so long strings take a round trip through a Buffer, in one byte per
 * character when they fit (header text almost always does). Strings shorter than V8's minimum
 * slice length (13) are copied by `slice` itself.
 */
export function detachString(value: string): string {
  if (value.length < minSliceLength) return value.length === 0 ? '' : (' ' + value).slice(1);
  return wide.test(value) ? Buffer.from(value, 'utf16le').toString('utf16le') : Buffer.from(value, 'latin1').toString('latin1');
}

/** V8 copies substrings shorter than this instead of making sliced strings. */
const minSliceLength = 13;
const wide = /[\u0100-\uffff]/;

/** `Buffer.from(…)` takes small buffers from a shared 8 KiB pool; one kept buffer pins its slab. */
export function unpooledCopy(data: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(data.length);
  data.copy(copy);
  return copy;
}
