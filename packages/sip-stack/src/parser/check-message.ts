import { type NameAddr } from '../sip-message';
import { parseDecimal, skipWs, tokenChars, trimEnd } from './char-classes';
import { firstListElement } from './header-values';
import { parseNameAddr } from './name-addr';
import { type ParsedSipMessage } from './parsed-sip-message';
import { setProblem } from './scan-message';
import { parseSipUri, uriScheme } from './sip-uri';
import { parseVia } from './via';

const maxCSeq = 0xffffffff;

/**
 * Checks what every request must carry before anything answers it (RFC 3261 §8.1.1, §8.2):
 * a Request-URI with a supported scheme, exactly one well-formed From, To, Call-ID and CSeq
 * (its method the request's), and a well-formed top Via. Fills in `callId`, `cseq`, `from`,
 * `to` and `topVia`; records the first failure as `problem` (400, or 416 for a URI scheme
 * other than sip/sips). Every field is looked at even after a failure (the first one wins),
 * so that an error answer can still be routed and can carry the request's fields.
 */
export function checkRequest(message: ParsedSipMessage): void {
  checkTopVia(message);
  checkCommonFields(message);
  if (message.cseq.method !== '' && message.cseq.method !== message.method) {
    setProblem(message, 400, 'CSeq method does not match the Request-Line');
  }
  const maxForwards = single(message, 'max-forwards');
  if (maxForwards !== undefined && parseDecimal(maxForwards, Number.MAX_SAFE_INTEGER) === undefined) {
    setProblem(message, 400, 'Malformed Max-Forwards header');
  }
  if (message.problem === undefined) {
    const scheme = uriScheme(message.uri);
    if (scheme === undefined) setProblem(message, 400, 'Malformed Request-URI');
    else if (scheme !== 'sip' && scheme !== 'sips') setProblem(message, 416, 'Unsupported URI Scheme');
    else if (parseSipUri(message.uri) === undefined) setProblem(message, 400, 'Malformed Request-URI');
  }
}

/**
 * Checks a response well enough to match it to a client transaction: a top Via, a CSeq,
 * a Call-ID, From and To. Returns false (the response is to be dropped) when one is missing
 * or malformed.
 */
export function checkResponse(message: ParsedSipMessage): boolean {
  checkTopVia(message);
  checkCommonFields(message);
  return message.problem === undefined && message.topVia !== undefined;
}

function checkTopVia(message: ParsedSipMessage): void {
  const index = message.indexOf('via');
  if (index < 0) {
    setProblem(message, 400, 'Missing Via header');
    return;
  }
  message.topVia = parseVia(firstListElement(message.value(index)));
  if (message.topVia === undefined) setProblem(message, 400, 'Malformed Via header');
}

function checkCommonFields(message: ParsedSipMessage): void {
  message.from = nameAddr(message, 'from', 'From');
  message.to = nameAddr(message, 'to', 'To');
  const callId = single(message, 'call-id');
  if (callId === undefined) setProblem(message, 400, 'Missing Call-ID header');
  else if (callId.length === 0 || hasWhitespace(callId)) setProblem(message, 400, 'Malformed Call-ID header');
  else message.callId = callId;
  const cseq = single(message, 'cseq');
  if (cseq === undefined) setProblem(message, 400, 'Missing CSeq header');
  else {
    const parsed = parseCSeq(cseq);
    if (parsed === undefined) setProblem(message, 400, 'Malformed CSeq header');
    else message.cseq = parsed;
  }
}

function nameAddr(message: ParsedSipMessage, canonical: string, display: string): NameAddr {
  const value = single(message, canonical);
  const parsed = value === undefined ? undefined : parseNameAddr(value);
  if (value === undefined) setProblem(message, 400, `Missing ${display} header`);
  else if (parsed === undefined) setProblem(message, 400, `Malformed ${display} header`);
  return parsed ?? message.from;
}

/** The value of a header that must appear at most once; a repeat is a problem. */
function single(message: ParsedSipMessage, canonical: string): string | undefined {
  const index = message.indexOf(canonical);
  if (index < 0) return undefined;
  if (message.indexOf(canonical, index + 1) >= 0) setProblem(message, 400, `More than one ${canonical} header`);
  return message.value(index);
}

/** `CSeq: 1 SUBSCRIBE`: a number up to 2^32-1 and a method token. */
export function parseCSeq(value: string): { seq: number; method: string } | undefined {
  let i = skipWs(value, 0);
  const numberStart = i;
  while (i < value.length && value.charCodeAt(i) >= 0x30 && value.charCodeAt(i) <= 0x39) i++;
  const seq = parseDecimal(value.slice(numberStart, i), maxCSeq);
  if (seq === undefined) return undefined;
  const methodStart = skipWs(value, i);
  if (methodStart === i) return undefined;
  const end = trimEnd(value, methodStart, value.length);
  for (let j = methodStart; j < end; j++) if (tokenChars[value.charCodeAt(j)] !== 1) return undefined;
  if (end === methodStart) return undefined;
  return { seq, method: value.slice(methodStart, end) };
}

function hasWhitespace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return true;
  }
  return false;
}
