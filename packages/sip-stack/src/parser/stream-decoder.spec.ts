import { SipStreamDecoder, type SipStreamEvent } from './stream-decoder';
import { defaultSipLimits } from './sip-limits';

const request = (body = '', callId = 'c1') =>
  ['OPTIONS sip:a@example.com SIP/2.0', 'Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1', 'From: <sip:b@example.com>;tag=1', 'To: <sip:a@example.com>', `Call-ID: ${callId}`, 'CSeq: 1 OPTIONS', `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');

function drain(decoder: SipStreamDecoder): SipStreamEvent[] {
  const events: SipStreamEvent[] = [];
  for (;;) {
    const event = decoder.next();
    events.push(event);
    if (event.kind === 'need-more' || event.kind === 'fatal') return events;
  }
}

describe('SipStreamDecoder', () => {
  it('frames several messages in one chunk, and one message split over many chunks', () => {
    const decoder = new SipStreamDecoder();
    decoder.push(Buffer.from(request('abc', 'c1') + request('', 'c2')));
    const events = drain(decoder);
    expect(events.map((e) => (e.kind === 'message' ? e.message.get('Call-ID') : e.kind))).toEqual(['c1', 'c2', 'need-more']);
    const bytes = Buffer.from(request('é body', 'c3'));
    const seen: string[] = [];
    for (let i = 0; i < bytes.length; i += 7) {
      decoder.push(bytes.subarray(i, i + 7));
      for (const e of drain(decoder)) if (e.kind === 'message') seen.push(e.message.body.toString('utf8'));
    }
    expect(seen).toEqual(['é body']);
    expect(decoder.buffered).toBe(0);
  });

  it('says when a header block is in and its body is still missing', () => {
    const decoder = new SipStreamDecoder();
    const text = request('0123456789');
    decoder.push(Buffer.from(text.slice(0, -4)));
    expect(decoder.next()).toEqual({ kind: 'need-more', waitingForBody: true });
  });

  it('answers a CRLFCRLF keep-alive and skips a lone CRLF before a message', () => {
    const decoder = new SipStreamDecoder();
    decoder.push(Buffer.from(`\r\n\r\n\r\n${request()}`));
    expect(drain(decoder).map((e) => e.kind)).toEqual(['ping', 'message', 'need-more']);
  });

  it('gives up on a message without Content-Length, keeping it to answer 400', () => {
    const decoder = new SipStreamDecoder();
    decoder.push(Buffer.from(request().replace('Content-Length: 0\r\n', '')));
    const event = decoder.next();
    expect(event.kind).toBe('fatal');
    expect(event.kind === 'fatal' && event.message?.problem?.status).toBe(400);
  });

  it('gives up on a negative Content-Length and on a header block that never ends', () => {
    const negative = new SipStreamDecoder();
    negative.push(Buffer.from(request().replace('Content-Length: 0', 'Content-Length: -999')));
    expect(negative.next()).toMatchObject({ kind: 'fatal', reason: 'Malformed Content-Length header' });
    const endless = new SipStreamDecoder({ ...defaultSipLimits, maxMessageBytes: 1024 });
    endless.push(Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nX: ${'y'.repeat(2000)}`));
    expect(endless.next()).toMatchObject({ kind: 'fatal', reason: 'no end of header block within 1024 bytes' });
  });

  it('answers 513 to a message whose Content-Length makes it larger than the limit', () => {
    const decoder = new SipStreamDecoder({ ...defaultSipLimits, maxMessageBytes: 400, maxBodyBytes: 1000 });
    decoder.push(Buffer.from(request().replace('Content-Length: 0', 'Content-Length: 500')));
    const event = decoder.next();
    expect(event.kind === 'fatal' && event.message?.problem?.status).toBe(513);
  });
});
