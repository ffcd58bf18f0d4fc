import { nextListSeparator } from '../parser/header-values';
import { type ParsedSipMessage } from '../parser/parsed-sip-message';
import { reasonPhrase } from './reason-phrases';
import { toWire } from './header-fields';

/** What a response adds to the fields it copies from its request. */
export interface ResponseParts {
  readonly status: number;
  /** Reason phrase; the standard one when omitted. */
  readonly reason?: string;
  /** Added as `;tag=` to the To field when the request's To has none (never on 100). */
  readonly toTag?: string;
  /** Replaces the first Via value (to add `received` and `rport`). */
  readonly topVia?: string;
  /** Copy the Record-Route fields (2xx to a dialog-creating request, RFC 3261 §12.1.1). */
  readonly recordRoute?: boolean;
  /** More header lines, as wire text with each line ending in CRLF. */
  readonly headerLines?: string;
  readonly body?: Buffer;
}

/**
 * Writes a response to `request` (RFC 3261 §8.2.6): the status line, every Via in order,
 * then From, To, Call-ID and CSeq copied byte for byte (a folded field is unfolded), the
 * extra lines, and a Content-Length that counts the body's bytes.
 */
export function writeResponse(request: ParsedSipMessage, parts: ResponseParts): Buffer {
  const reason = parts.reason === undefined ? reasonPhrase(parts.status) : sanitizeReason(parts.reason);
  let out = `SIP/2.0 ${parts.status} ${reason}\r\n`;
  const names = request.names;
  let firstVia = true;
  for (let i = 0; i < names.length; i++) {
    if (names[i] !== 'via') continue;
    out += firstVia && parts.topVia !== undefined ? replaceFirstVia(request, i, parts.topVia) : request.rawLine(i);
    out += '\r\n';
    firstVia = false;
  }
  for (let i = 0; i < names.length; i++) {
    switch (names[i]) {
      case 'from':
      case 'call-id':
      case 'cseq':
        out += `${request.rawLine(i)}\r\n`;
        break;
      case 'to':
        out += request.rawLine(i);
        if (parts.toTag !== undefined && parts.status > 100 && request.to.uri !== '' && request.to.tag === undefined) out += `;tag=${parts.toTag}`;
        out += '\r\n';
        break;
      case 'record-route':
        if (parts.recordRoute) out += `${request.rawLine(i)}\r\n`;
        break;
    }
  }
  return finish(out, parts.headerLines, parts.body);
}

/**
 * Writes a request: the Request-Line, the given header lines (wire text, CRLF-terminated),
 * and Content-Length.
 */
export function writeRequest(method: string, uri: string, headerLines: string, body?: Buffer): Buffer {
  return finish(`${method} ${toWire(uri)} SIP/2.0\r\n${headerLines}`, undefined, body);
}

function finish(head: string, extra: string | undefined, body: Buffer | undefined): Buffer {
  const length = body?.length ?? 0;
  const text = `${head}${extra ?? ''}Content-Length: ${length}\r\n\r\n`;
  if (length === 0) return Buffer.from(text, 'latin1');
  const headLength = Buffer.byteLength(text, 'latin1');
  const out = Buffer.allocUnsafe(headLength + length);
  out.write(text, 0, headLength, 'latin1');
  (body as Buffer).copy(out, headLength);
  return out;
}

function replaceFirstVia(request: ParsedSipMessage, index: number, topVia: string): string {
  const line = request.rawLine(index);
  const colon = line.indexOf(':');
  const name = line.slice(0, colon).trimEnd();
  const value = line.slice(colon + 1);
  const sep = nextListSeparator(value, 0);
  return `${name}: ${toWire(topVia)}${value.slice(sep)}`;
}

/** A reason phrase without line breaks or control characters. */
function sanitizeReason(reason: string): string {
  let out = '';
  for (const c of reason) out += c < ' ' || c === '\x7f' ? ' ' : c;
  return toWire(out);
}
