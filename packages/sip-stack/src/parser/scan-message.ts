import { isAscii } from 'node:buffer';
import { allIn, isDigit, skipWs, tokenChars, trimEnd } from './char-classes';
import { canonicalHeaderNameAt } from './header-names';
import { ParsedSipMessage, type SipProblem } from './parsed-sip-message';
import { type SipLimits } from './sip-limits';

export const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');

/**
 * Index of the first byte after any CRLFs at `start` (RFC 3261 §7.5: CRLFs before a start line
 * are ignored; RFC 5626 uses them as keep-alives).
 */
export function skipLeadingCrlf(data: Buffer, start: number): number {
  while (start + 1 < data.length && data[start] === 0x0d && data[start + 1] === 0x0a) start += 2;
  return start;
}

/**
 * Scans the start line and header fields of `data[start, headEnd)` (the header block without
 * its closing blank line). Returns the message, with `problem` set when the request is
 * malformed but may still be answered; or a string saying why nothing can be answered (a
 * malformed response, or bytes that are not SIP).
 */
export function scanHead(data: Buffer, start: number, headEnd: number, limits: SipLimits): ParsedSipMessage | string {
  const text = data.toString('latin1', start, headEnd);
  let eol = text.indexOf('\r\n');
  if (eol < 0) eol = text.length;
  const isResponse = eol >= 4 && (text.charCodeAt(0) | 0x20) === 0x73 && (text.charCodeAt(1) | 0x20) === 0x69 && (text.charCodeAt(2) | 0x20) === 0x70 && text.charCodeAt(3) === 0x2f;
  const message = new ParsedSipMessage(text, isAscii(data.subarray(start, headEnd)), !isResponse);
  const startLineError = isResponse ? scanStatusLine(message, text, eol) : scanRequestLine(message, text, eol, limits);
  if (startLineError !== undefined) {
    if (isResponse) return startLineError;
    setProblem(message, 400, startLineError);
  }
  scanHeaderFields(message, text, eol + 2, limits);
  return message;
}

/** Records the first problem found; later ones do not replace it. */
export function setProblem(message: ParsedSipMessage, status: number, reason: string): void {
  if (message.problem === undefined) message.problem = { status, reason } satisfies SipProblem;
}

function scanStatusLine(message: ParsedSipMessage, text: string, eol: number): string | undefined {
  const sp = text.indexOf(' ', 0);
  if (sp < 0 || sp > eol || text.slice(0, sp).toUpperCase() !== 'SIP/2.0') return 'response with an unsupported SIP version';
  const code = text.slice(sp + 1, sp + 4);
  if (code.length !== 3 || !isDigit(code.charCodeAt(0)) || !isDigit(code.charCodeAt(1)) || !isDigit(code.charCodeAt(2))) return 'malformed status code';
  const status = Number(code);
  if (status < 100 || status > 699) return `status code ${status} out of range`;
  if (sp + 4 < eol && text.charCodeAt(sp + 4) !== 0x20) return 'malformed status line';
  message.status = status;
  message.reason = text.slice(Math.min(sp + 5, eol), eol);
  return undefined;
}

function scanRequestLine(message: ParsedSipMessage, text: string, eol: number, limits: SipLimits): string | undefined {
  const sp1 = text.indexOf(' ');
  const sp2 = text.lastIndexOf(' ', eol - 1);
  if (sp1 <= 0 || sp1 >= eol || sp2 <= sp1) return 'Malformed Request-Line';
  message.method = text.slice(0, sp1);
  message.uri = text.slice(sp1 + 1, sp2);
  if (!allIn(text, 0, sp1, tokenChars)) return 'Malformed Method';
  const version = text.slice(sp2 + 1, eol);
  if (message.uri.length > limits.maxUriBytes) {
    setProblem(message, 414, `Request-URI Too Long (limit ${limits.maxUriBytes} bytes)`);
    return undefined;
  }
  for (let i = sp1 + 1; i < sp2; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return 'Malformed Request-URI (whitespace or control character)';
  }
  if (version.toUpperCase() === 'SIP/2.0') return undefined;
  if (isSipVersion(version)) {
    setProblem(message, 505, 'Version Not Supported');
    return undefined;
  }
  return 'Malformed SIP-Version';
}

/** `SIP/1*DIGIT.1*DIGIT`, "SIP" in any case. */
function isSipVersion(v: string): boolean {
  if (v.length < 7 || v.slice(0, 4).toUpperCase() !== 'SIP/') return false;
  const dot = v.indexOf('.', 4);
  if (dot <= 4 || dot === v.length - 1) return false;
  for (let i = 4; i < v.length; i++) if (i !== dot && !isDigit(v.charCodeAt(i))) return false;
  return true;
}

function scanHeaderFields(message: ParsedSipMessage, text: string, pos: number, limits: SipLimits): void {
  const end = text.length;
  let current = -1;
  while (pos < end) {
    let eol = text.indexOf('\r\n', pos);
    if (eol < 0) eol = end;
    const first = text.charCodeAt(pos);
    if (first === 0x20 || first === 0x09) {
      if (current < 0) setProblem(message, 400, 'Continuation line before the first header');
      else {
        message.valueEnds[current] = trimEnd(text, pos, eol);
        (message.folded ??= new Set()).add(current);
        if (eol - (message.lineStarts[current] as number) > limits.maxHeaderLineBytes) {
          setProblem(message, 400, `Header Field Too Long (limit ${limits.maxHeaderLineBytes} bytes)`);
        }
      }
    } else {
      current = -1;
      if (message.names.length >= limits.maxHeaderCount) {
        setProblem(message, 400, `Too Many Header Fields (limit ${limits.maxHeaderCount})`);
        return;
      }
      const colon = text.indexOf(':', pos);
      const nameEnd = colon < 0 || colon > eol ? -1 : trimEnd(text, pos, colon);
      if (nameEnd < 0 || !allIn(text, pos, nameEnd, tokenChars)) {
        setProblem(message, 400, `Malformed header line '${printable(text.slice(pos, Math.min(eol, pos + 40)))}'`);
      } else {
        if (eol - pos > limits.maxHeaderLineBytes) {
          setProblem(message, 400, `Header Field Too Long (limit ${limits.maxHeaderLineBytes} bytes)`);
        }
        current = message.names.length;
        message.names.push(canonicalHeaderNameAt(text, pos, nameEnd));
        message.lineStarts.push(pos);
        const valueStart = skipWs(text, colon + 1, eol);
        message.valueStarts.push(valueStart);
        message.valueEnds.push(trimEnd(text, valueStart, eol));
      }
    }
    pos = eol + 2;
  }
}

/** Text safe to put in a reason phrase or a log line: control and non-ASCII bytes become '?'. */
export function printable(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c < 0x20 || c > 0x7e ? '?' : s[i];
  }
  return out;
}
