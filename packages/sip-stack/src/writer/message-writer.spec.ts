import { checkRequest } from '../parser/check-message';
import { parseSipDatagram } from '../parser/parse-datagram';
import { type ParsedSipMessage } from '../parser/parsed-sip-message';
import { renderHeaderFields } from './header-fields';
import { writeRequest, writeResponse } from './message-writer';

function request(lines: string[]): ParsedSipMessage {
  const parsed = parseSipDatagram(Buffer.from([...lines, 'Content-Length: 0', '', ''].join('\r\n'), 'utf8'));
  if (typeof parsed === 'string') throw new Error(parsed);
  checkRequest(parsed);
  return parsed;
}

const subscribe = request([
  'SUBSCRIBE sip:room@example.com SIP/2.0',
  'Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKfe, SIP/2.0/TLS 198.51.100.7:50123;branch=z9hG4bKcli',
  'v: SIP/2.0/TLS 10.0.0.1:5061;branch=z9hG4bKlast',
  'Record-Route: <sip:fe01.contoso.com:5061;transport=tls;lr;ms-route-sig=BBB>',
  'f: "Zoë" <sip:zoe@contoso.com>;tag=7a2c;epid=4be1',
  'To: <sip:room@example.com>',
  'i: 0f1e2d',
  'CSeq: 1 SUBSCRIBE',
  'Event: presence',
]);

describe('writeResponse', () => {
  it('copies every Via, From, Call-ID and CSeq byte for byte, and adds our tag to To', () => {
    const text = writeResponse(subscribe, { status: 200, toTag: 'c0ffee' }).toString('utf8');
    expect(text).toBe(
      [
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKfe, SIP/2.0/TLS 198.51.100.7:50123;branch=z9hG4bKcli',
        'v: SIP/2.0/TLS 10.0.0.1:5061;branch=z9hG4bKlast',
        'f: "Zoë" <sip:zoe@contoso.com>;tag=7a2c;epid=4be1',
        'To: <sip:room@example.com>;tag=c0ffee',
        'i: 0f1e2d',
        'CSeq: 1 SUBSCRIBE',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  });

  it('copies Record-Route when asked, rewrites only the first Via value, and counts UTF-8 body bytes', () => {
    const body = Buffer.from('<note>Café ☕</note>', 'utf8');
    const text = writeResponse(subscribe, {
      status: 200,
      toTag: 't',
      recordRoute: true,
      topVia: 'SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKfe;received=192.0.2.99',
      headerLines: 'Expires: 600\r\n',
      body,
    }).toString('utf8');
    expect(text).toContain('Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKfe;received=192.0.2.99, SIP/2.0/TLS 198.51.100.7:50123;branch=z9hG4bKcli\r\n');
    expect(text).toContain('Record-Route: <sip:fe01.contoso.com:5061;transport=tls;lr;ms-route-sig=BBB>\r\n');
    expect(text).toContain(`Expires: 600\r\nContent-Length: ${body.length}\r\n\r\n<note>Café ☕</note>`);
    expect(body.length).toBeGreaterThan('<note>Café ☕</note>'.length);
  });

  it('keeps an existing To tag, and puts no tag on 100', () => {
    const inDialog = request(['NOTIFY sip:a@b SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK2', 'From: <sip:a@b>;tag=x', 'To: <sip:c@d>;tag=y', 'Call-ID: k', 'CSeq: 2 NOTIFY']);
    expect(writeResponse(inDialog, { status: 200, toTag: 'z' }).toString()).toContain('To: <sip:c@d>;tag=y\r\n');
    expect(writeResponse(subscribe, { status: 100, toTag: 'z' }).toString()).toContain('To: <sip:room@example.com>\r\n');
  });

  it('never lets a reason phrase break the status line', () => {
    expect(writeResponse(subscribe, { status: 400, reason: 'Bad\r\nX-Injected: 1' }).toString()).toMatch(/^SIP\/2\.0 400 Bad {2}X-Injected: 1\r\nVia/);
  });
});

describe('writeRequest and renderHeaderFields', () => {
  it('writes the request line, the header lines and a byte-exact Content-Length', () => {
    const text = writeRequest('NOTIFY', 'sip:bob@192.0.2.1', 'Event: presence\r\n', Buffer.from('ü', 'utf8')).toString('utf8');
    expect(text).toBe('NOTIFY sip:bob@192.0.2.1 SIP/2.0\r\nEvent: presence\r\nContent-Length: 2\r\n\r\nü');
  });

  it('writes one line per array element, skips owned fields, and refuses injected line breaks', () => {
    expect(renderHeaderFields({ Supported: ['a', 'b'], Expires: 60, Via: 'x' }, new Set(['via']))).toBe('Supported: a\r\nSupported: b\r\nExpires: 60\r\n');
    expect(() => renderHeaderFields({ Subject: 'a\r\nX: b' }, new Set())).toThrow(/line break/);
    expect(() => renderHeaderFields({ 'Bad Name': 'a' }, new Set())).toThrow(/not a token/);
  });
});
