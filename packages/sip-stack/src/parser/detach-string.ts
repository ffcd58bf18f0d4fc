/**
 * A copy of `value` that shares no storage with the string it was cut from.
 *
 * Header values are slices of the message's header block, and V8 keeps a whole parent string
 * alive for as long as any slice of it lives. State kept beyond one request (a dialog's tags
 * and route set, a transaction's key) would pin every request's header block in memory (about
 * 600 bytes each, for the subscription's whole life); copying the few strings kept avoids it.
 * Concatenation forces V8 to flatten into a new string, and the slice then refers to that copy.
 */
export function detachString(value: string): string {
  return value.length === 0 ? '' : (' ' + value).slice(1);
}

/** `Buffer.from(…)` takes small buffers from a shared 8 KiB pool; one kept buffer pins its slab. */
export function unpooledCopy(data: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(data.length);
  data.copy(copy);
  return copy;
}
