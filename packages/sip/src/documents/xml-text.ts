/**
 * Escaping for the presence documents. The documents are written from templates rather than
 * through an XML builder: their element order, namespace declarations and extension markers
 * are fixed by the formats, templates make that order visible, and they cost a few
 * microseconds per document where a builder costs tens (this runs for every NOTIFY).
 */

/** Text or attribute value with `& < > " '` escaped, and characters XML 1.0 forbids removed. */
export function escapeXml(value: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    let replacement: string | undefined;
    switch (code) {
      case 0x26:
        replacement = '&amp;';
        break;
      case 0x3c:
        replacement = '&lt;';
        break;
      case 0x3e:
        replacement = '&gt;';
        break;
      case 0x22:
        replacement = '&quot;';
        break;
      case 0x27:
        replacement = '&apos;';
        break;
      default:
        // Control characters other than tab, LF and CR, and the non-characters FFFE/FFFF, may not
        // appear in XML 1.0 at all, not even escaped: drop them.
        if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff) replacement = '';
    }
    if (replacement !== undefined) {
      out += value.slice(start, i) + replacement;
      start = i + 1;
    }
  }
  return start === 0 ? value : out + value.slice(start);
}

/**
 * `2024-05-01T09:00:00.000`: UTC without a zone designator, as Microsoft's presence documents
 * write `publishTime`.
 */
export function microsoftTimestamp(epochMs: number): string {
  // Documents rendered in the same millisecond (a burst of NOTIFYs) share the formatting.
  if (epochMs !== lastStamp.ms) lastStamp = { ms: epochMs, text: new Date(epochMs).toISOString().slice(0, 23) };
  return lastStamp.text;
}

let lastStamp = { ms: Number.NaN, text: '' };
