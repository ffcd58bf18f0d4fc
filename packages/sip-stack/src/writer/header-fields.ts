import { isToken } from '../parser/char-classes';
import { canonicalHeaderName } from '../parser/header-names';
import { type SipHeaderFields } from '../sip-stack';

/**
 * A string as the bytes it is sent as, one character per byte (latin1 text). Messages are
 * assembled as such text so that header lines copied from a received message keep their exact
 * bytes; text we add is UTF-8.
 */
export function toWire(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return Buffer.from(text, 'utf8').toString('latin1');
  }
  return text;
}

/**
 * Renders header fields given by a handler as wire lines (`Name: value` CRLF), one line per
 * array element, skipping the names in `owned` (fields the stack writes itself).
 * @throws TypeError for a name that is not a SIP token, or a value holding CR, LF or NUL:
 *   either would let a caller inject header lines.
 */
export function renderHeaderFields(fields: SipHeaderFields | undefined, owned: ReadonlySet<string>): string {
  if (fields === undefined) return '';
  let out = '';
  for (const [name, raw] of Object.entries(fields)) {
    if (owned.has(canonicalHeaderName(name))) continue;
    if (!isToken(name)) throw new TypeError(`SIP header name '${name}' is not a token (letters, digits, '-', '.', …)`);
    const values = Array.isArray(raw) ? (raw as readonly string[]) : [raw as string | number];
    for (const value of values) {
      const text = String(value);
      if (text.includes('\r') || text.includes('\n') || text.includes('\0')) {
        throw new TypeError(`SIP header ${name}: the value contains a line break or NUL; give one value per array element`);
      }
      out += `${name}: ${toWire(text)}\r\n`;
    }
  }
  return out;
}

/** A body as bytes: strings are UTF-8. */
export function encodeBody(body: string | Buffer | undefined): Buffer | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/** The Content-Type line for a body; a body without a type is a caller error. */
export function contentTypeLine(body: Buffer | undefined, contentType: string | undefined): string {
  if (body === undefined || body.length === 0) return '';
  if (contentType === undefined || contentType.length === 0) throw new TypeError('a SIP body needs a contentType');
  if (contentType.includes('\r') || contentType.includes('\n')) throw new TypeError('SIP contentType contains a line break');
  return `Content-Type: ${toWire(contentType)}\r\n`;
}
