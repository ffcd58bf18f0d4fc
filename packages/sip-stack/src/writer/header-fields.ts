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
  for (const name in fields) {
    if (owned.has(checkedName(name))) continue;
    const raw = fields[name];
    if (Array.isArray(raw)) {
      for (const value of raw as readonly string[]) out += headerLine(name, value);
    } else if (raw !== undefined) {
      out += headerLine(name, raw as string | number);
    }
  }
  return out;
}

function headerLine(name: string, value: string | number): string {
  if (typeof value === 'number') return `${name}: ${value}\r\n`;
  if (value.includes('\r') || value.includes('\n') || value.includes('\0')) {
    throw new TypeError(`SIP header ${name}: the value contains a line break or NUL; give one value per array element`);
  }
  return `${name}: ${toWire(value)}\r\n`;
}

/**
 * Handlers write the same few header names on every response; each is checked once and its
 * canonical form remembered (a bounded table: names are the handler's constants).
 */
const checkedNames = new Map<string, string>();
const maxCheckedNames = 256;

/** The canonical form of a header name a handler gave. @throws TypeError when it is not a token. */
function checkedName(name: string): string {
  const known = checkedNames.get(name);
  if (known !== undefined) return known;
  if (!isToken(name)) throw new TypeError(`SIP header name '${name}' is not a token (letters, digits, '-', '.', …)`);
  const canonical = canonicalHeaderName(name);
  if (checkedNames.size < maxCheckedNames) checkedNames.set(name, canonical);
  return canonical;
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
