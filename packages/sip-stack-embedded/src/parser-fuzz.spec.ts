import { checkRequest, checkResponse, parseSipDatagram, type ParsedSipMessage, SipStreamDecoder, writeResponse } from '@herald/sip-stack';
import { mutateSipMessage, seededRandom, sipTortureCases } from '@herald/testing';

const seeds: Buffer[] = [
  ...sipTortureCases().map((c) => c.data),
  Buffer.from(
    'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx;rport=5060;received=127.0.0.1\r\nFrom: <sip:a@b>;tag=1\r\nTo: "Q" <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 2 NOTIFY\r\nContent-Length: 0\r\n\r\n',
  ),
];

/** Everything a transport does with a received message, short of sending. */
function exercise(message: ParsedSipMessage): void {
  if (message.isRequest) checkRequest(message);
  else checkResponse(message);
  for (const name of ['Via', 'From', 'To', 'Contact', 'Route', 'Record-Route', 'Require', 'Expires', 'Event']) {
    message.get(name);
    message.getAll(name);
  }
  if (message.isRequest) writeResponse(message, { status: message.problem?.status ?? 200, reason: message.problem?.reason, toTag: 't', recordRoute: true });
}

describe('parser property (@herald/sip-stack): random mutations of valid and torture messages', () => {
  it('never throws, as a datagram or on a stream', () => {
    const rand = seededRandom(20261124);
    let messages = 0;
    let dropped = 0;
    for (let i = 0; i < 10_000; i++) {
      const input = mutateSipMessage(seeds[i % seeds.length] as Buffer, rand);
      const result = parseSipDatagram(input);
      if (typeof result === 'string') dropped++;
      else {
        exercise(result);
        messages++;
      }
    }
    // Both outcomes occur: the mutations reach the checks as well as the framing.
    expect(messages).toBeGreaterThan(500);
    expect(dropped).toBeGreaterThan(0);

    const decoder = new SipStreamDecoder();
    let framed = 0;
    for (let i = 0; i < 1500; i++) {
      const input = mutateSipMessage(seeds[i % seeds.length] as Buffer, rand);
      for (let at = 0; at < input.length; ) {
        const size = 1 + Math.floor(rand() * 400);
        decoder.push(input.subarray(at, at + size));
        at += size;
        for (let guard = 0; guard < 100; guard++) {
          const event = decoder.next();
          if (event.kind === 'message') {
            exercise(event.message);
            framed++;
          }
          if (event.kind === 'need-more') break;
          if (event.kind === 'fatal') {
            if (event.message) exercise(event.message);
            decoder.reset();
            break;
          }
        }
      }
    }
    expect(framed).toBeGreaterThan(100);
  });

  it('stays linear on long runs of delimiters (no backtracking anywhere)', () => {
    const line = (value: string) => Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h${value}\r\nTo: ${value}\r\nFrom: "${value}\r\nCall-ID: ${value}\r\nCSeq: 1 OPTIONS\r\n\r\n`);
    for (const unit of [';a=1', ';', '"', '\\"', '<', ',', ' ', '%', '[', ':']) {
      const result = parseSipDatagram(line(unit.repeat(Math.floor(30_000 / unit.length))));
      expect(typeof result === 'string' || result.problem !== undefined || result.method === 'OPTIONS').toBe(true);
      if (typeof result !== 'string') exercise(result);
    }
  });
});
