import { randomBytes } from 'node:crypto';
import { checkRequest, checkResponse, parseSipDatagram, type ParsedSipMessage } from '@herald/sip-stack';

/**
 * Parses a SIP message as drachtio-server takes it from an application: the header block up to
 * the blank line, and the body as everything after it. srf writes Content-Length as the
 * body's length in characters, not bytes; drachtio-server ignores it and its SIP stack writes
 * the right one, so the double does the same.
 */
export function parseFromApplication(text: string): ParsedSipMessage {
  const split = text.indexOf('\r\n\r\n');
  const head = (split < 0 ? text : text.slice(0, split))
    .split('\r\n')
    .filter((line) => !/^(content-length|l)\s*:/i.test(line))
    .join('\r\n');
  const body = Buffer.from(split < 0 ? '' : text.slice(split + 4), 'utf8');
  const data = Buffer.concat([Buffer.from(`${head}\r\nContent-Length: ${body.length}\r\n\r\n`, 'utf8'), body]);
  const message = parseSipDatagram(data);
  if (typeof message === 'string') throw new Error(`the application sent an unparsable SIP message (${message}): ${text.slice(0, 200)}`);
  if (message.isRequest) checkRequest(message);
  else checkResponse(message);
  return message;
}

/** Parses a message a test peer put "on the wire" (bytes with a correct Content-Length). */
export function parseFromNetwork(data: string | Buffer): ParsedSipMessage {
  const message = parseSipDatagram(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  if (typeof message === 'string') throw new Error(`the test peer sent an unparsable SIP message (${message})`);
  if (message.isRequest) checkRequest(message);
  else checkResponse(message);
  return message;
}

/** The header lines of a parsed message, as wire text, leaving out the given canonical names. */
export function headerLinesExcept(message: ParsedSipMessage, skip: ReadonlySet<string>): string {
  let out = '';
  for (let i = 0; i < message.names.length; i++) {
    if (!skip.has(message.names[i] as string)) out += `${message.rawLine(i)}\r\n`;
  }
  return out;
}

export function token(bytes = 6): string {
  return randomBytes(bytes).toString('hex');
}
