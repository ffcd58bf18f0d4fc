import { parseDecimal } from './char-classes';
import { type ParsedSipMessage } from './parsed-sip-message';
import { CRLFCRLF, scanHead, setProblem, skipLeadingCrlf } from './scan-message';
import { defaultSipLimits, type SipLimits } from './sip-limits';

/** What came out of a datagram or a stream: a message, or why nothing can be answered. */
export type SipParseResult = ParsedSipMessage | string;

/**
 * Parses one UDP datagram (RFC 3261 §18.3): the body is framed by Content-Length and octets
 * after it are ignored; without Content-Length the body runs to the end of the datagram; a
 * Content-Length beyond the datagram is an error. A datagram holding only CRLFs (a keep-alive)
 * gives the string `'keep-alive'`.
 */
export function parseSipDatagram(data: Buffer, limits: SipLimits = defaultSipLimits): SipParseResult {
  const start = skipLeadingCrlf(data, 0);
  if (start >= data.length) return 'keep-alive';
  let headEnd = data.indexOf(CRLFCRLF, start);
  const terminated = headEnd >= 0;
  if (!terminated) headEnd = data.length;
  const message = scanHead(data, start, Math.min(headEnd, start + limits.maxMessageBytes), limits);
  if (typeof message === 'string') return message;
  if (data.length > limits.maxMessageBytes) setProblem(message, 513, `Message Too Large (limit ${limits.maxMessageBytes} bytes)`);
  if (!terminated) {
    setProblem(message, 400, 'Header block not terminated by an empty line');
    return message;
  }
  const bodyStart = headEnd + 4;
  const available = data.length - bodyStart;
  const length = contentLength(message, limits);
  if (length === undefined) message.body = data.subarray(bodyStart);
  else if (length > available) setProblem(message, 400, `Content-Length ${length} exceeds the ${available} bytes received`);
  else if (length > 0) message.body = data.subarray(bodyStart, bodyStart + length);
  if (message.body.length > limits.maxBodyBytes) setProblem(message, 413, `Request Entity Too Large (body limit ${limits.maxBodyBytes} bytes)`);
  return message;
}

/**
 * The Content-Length of a scanned message: undefined when absent, -1 (with `problem` set) when
 * repeated, malformed or negative.
 */
export function contentLength(message: ParsedSipMessage, limits: SipLimits): number | undefined {
  const index = message.indexOf('content-length');
  if (index < 0) return undefined;
  if (message.indexOf('content-length', index + 1) >= 0) {
    setProblem(message, 400, 'More than one Content-Length header');
    return -1;
  }
  const text = message.value(index);
  // Anything longer than the limit is refused as too large; more digits than that cannot be valid.
  const value = parseDecimal(text, Number.MAX_SAFE_INTEGER);
  if (value === undefined) {
    setProblem(message, 400, 'Malformed Content-Length header');
    return -1;
  }
  if (value > limits.maxBodyBytes) {
    setProblem(message, 413, `Request Entity Too Large (body limit ${limits.maxBodyBytes} bytes)`);
    return -1;
  }
  return value;
}
