import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkRequest } from './check-message';
import { parseSipDatagram } from './parse-datagram';
import { type ParsedSipMessage } from './parsed-sip-message';
import { defaultSipLimits } from './sip-limits';

/** The shared torture corpus: `../shared` next to the repository, as in CI. */
const tortureCorpusDir = resolve(__dirname, '../../../..', '../shared/corpus/sip-torture');

interface TortureCase {
  readonly file: string;
  readonly valid: boolean;
  readonly expected: string;
  readonly data: Buffer;
}

/** Every case INDEX.tsv lists, with its bytes. */
function tortureCases(): TortureCase[] {
  return readFileSync(join(tortureCorpusDir, 'INDEX.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => {
      const [file = '', kind, , , expected = ''] = line.split('\t');
      return { file, valid: kind === 'valid', expected, data: readFileSync(join(tortureCorpusDir, file)) };
    });
}

/** The first status code the INDEX names for a case, if it is one a parser decides (400, 416, 505). */
function parserStatus(expected: string): number | undefined {
  for (const word of expected.split(/[^0-9]+/)) {
    if (word.length === 3) {
      const status = Number(word);
      return [400, 416, 505].includes(status) ? status : undefined;
    }
  }
  return undefined;
}

function parse(text: string | Buffer): ParsedSipMessage {
  const message = parseSipDatagram(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  if (typeof message === 'string') throw new Error(`dropped: ${message}`);
  if (message.isRequest) checkRequest(message);
  return message;
}

const options = (lines: string[], body = '') => [...lines, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
const base = ['OPTIONS sip:alice@example.com SIP/2.0', 'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1', 'From: <sip:bob@example.com>;tag=1', 'To: <sip:alice@example.com>', 'Call-ID: c1', 'CSeq: 1 OPTIONS'];

describe('parseSipDatagram on the torture corpus (RFC 4475, RFC 5118)', () => {
  it.each(tortureCases().map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const message = parse(c.data);
    expect(message.problem?.status).toBe(parserStatus(c.expected));
    if (c.valid && message.problem === undefined) {
      expect(message.callId.length).toBeGreaterThan(0);
      expect(message.topVia).toBeDefined();
    }
  });
});

describe('parseSipDatagram', () => {
  it('frames the body by Content-Length and ignores octets after it', () => {
    const message = parse(options(base, 'hello') + 'INVITE trailing junk');
    expect(message.body.toString()).toBe('hello');
    expect(message.problem).toBeUndefined();
  });

  it('takes the body to the end of the datagram when Content-Length is absent', () => {
    const message = parse([...base, '', 'v=0\r\n'].join('\r\n'));
    expect(message.body.toString()).toBe('v=0\r\n');
  });

  it('answers a Content-Length beyond the datagram with 400', () => {
    const message = parse([...base, 'Content-Length: 50', '', 'short'].join('\r\n'));
    expect(message.problem).toEqual({ status: 400, reason: 'Content-Length 50 exceeds the 5 bytes received' });
  });

  it('refuses two Content-Length headers, and a negative one', () => {
    expect(parse([...base, 'Content-Length: 0', 'l: 5', '', ''].join('\r\n')).problem?.reason).toBe('More than one Content-Length header');
    expect(parse([...base, 'Content-Length: -1', '', ''].join('\r\n')).problem?.reason).toBe('Malformed Content-Length header');
  });

  it('ignores CRLFs before the start line and treats a datagram of CRLFs as a keep-alive', () => {
    expect(parse(`\r\n\r\n${options(base)}`).method).toBe('OPTIONS');
    expect(parseSipDatagram(Buffer.from('\r\n\r\n'))).toBe('keep-alive');
  });

  it('drops responses it cannot read, which have nobody to answer', () => {
    expect(parseSipDatagram(Buffer.from('SIP/2.0 999 Big\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n'))).toBe('status code 999 out of range');
    expect(parseSipDatagram(Buffer.from('SIP/3.0 200 OK\r\n\r\n'))).toBe('response with an unsupported SIP version');
  });

  it('answers 505 to another SIP version and 400 to a request line it cannot read', () => {
    expect(parse(options(['OPTIONS sip:a@b SIP/3.0', ...base.slice(1)])).problem?.status).toBe(505);
    expect(parse(options(['OPTIONS sip:a@b', ...base.slice(1)])).problem).toEqual({ status: 400, reason: 'Malformed Request-Line' });
    expect(parse(options(['OPTIONS sip:a@b SIP/2.0 x', ...base.slice(1)])).problem?.status).toBe(400);
  });

  it('names the header in the reason phrase when a required field is missing or malformed', () => {
    expect(parse(options(base.filter((l) => !l.startsWith('Call-ID')))).problem?.reason).toBe('Missing Call-ID header');
    expect(parse(options([...base.slice(0, 5), 'CSeq: 4294967296 OPTIONS'])).problem?.reason).toBe('Malformed CSeq header');
    expect(parse(options([...base.slice(0, 5), 'CSeq: 1 INVITE'])).problem?.reason).toBe('CSeq method does not match the Request-Line');
    expect(parse(options([...base, 'To: <sip:x@y>'])).problem?.reason).toBe('More than one to header');
  });

  it('answers 416 to a Request-URI scheme other than sip and sips', () => {
    expect(parse(options(['OPTIONS tel:+15551234 SIP/2.0', ...base.slice(1)])).problem).toEqual({ status: 416, reason: 'Unsupported URI Scheme' });
  });

  describe('limits', () => {
    it('answers 513 to a datagram over the message size limit', () => {
      const big = options(base, 'x'.repeat(defaultSipLimits.maxMessageBytes));
      expect(parse(big).problem?.status).toBe(513);
    });

    it('answers 413 to a body over the body limit', () => {
      expect(parse(options(base, 'x'.repeat(defaultSipLimits.maxBodyBytes + 1))).problem?.status).toBe(413);
    });

    it('answers 400 to too many header fields and to an over-long header field', () => {
      const many = Array.from({ length: defaultSipLimits.maxHeaderCount }, (_, i) => `X-H${i}: v`);
      expect(parse(options([...base, ...many])).problem?.reason).toBe(`Too Many Header Fields (limit ${defaultSipLimits.maxHeaderCount})`);
      expect(parse(options([...base, `Subject: ${'s'.repeat(defaultSipLimits.maxHeaderLineBytes)}`])).problem?.reason).toBe(
        `Header Field Too Long (limit ${defaultSipLimits.maxHeaderLineBytes} bytes)`,
      );
    });

    it('answers 414 to an over-long Request-URI', () => {
      const uri = `sip:${'u'.repeat(defaultSipLimits.maxUriBytes)}@example.com`;
      expect(parse(options([`OPTIONS ${uri} SIP/2.0`, ...base.slice(1)])).problem?.status).toBe(414);
    });
  });
});
