import { checkRequest, parseCSeq } from './check-message';
import { splitList } from './header-values';
import { formatNameAddr, parseNameAddr } from './name-addr';
import { parseSipDatagram } from './parse-datagram';
import { type ParsedSipMessage } from './parsed-sip-message';
import { parseSipUri, unescapeUri } from './sip-uri';
import { formatVia, parseVia } from './via';

function message(lines: string[]): ParsedSipMessage {
  const parsed = parseSipDatagram(Buffer.from([...lines, '', ''].join('\r\n'), 'utf8'));
  if (typeof parsed === 'string') throw new Error(parsed);
  checkRequest(parsed);
  return parsed;
}

const head = ['SUBSCRIBE sip:room@example.com SIP/2.0', 'v: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKa;rport', 'f: "Bob" <sip:bob@example.com>;tag=b1', 't: <sip:room@example.com>', 'i: call-1', 'CSeq: 1 SUBSCRIBE', 'l: 0'];

describe('header access', () => {
  it('treats compact names as their long forms, including o (Event) and u (Allow-Events)', () => {
    const m = message([...head, 'o: presence', 'u: presence, dialog', 'k: eventlist', 'm: <sip:bob@192.0.2.1>']);
    expect(m.get('Event')).toBe('presence');
    expect(m.get('EVENT')).toBe('presence');
    expect(m.getAll('Allow-Events')).toEqual(['presence', 'dialog']);
    expect(m.get('Supported')).toBe('eventlist');
    expect(m.get('Contact')).toBe('<sip:bob@192.0.2.1>');
    expect(m.get('Call-ID')).toBe('call-1');
    expect(m.has('content-length')).toBe(true);
    expect(m.has('Expires')).toBe(false);
  });

  it('unfolds continuation lines to single spaces', () => {
    const m = message([...head, 'Subject: first', '   second', '\tthird']);
    expect(m.get('Subject')).toBe('first second third');
  });

  it('splits list headers on commas outside quotes and angle brackets, across repeated fields', () => {
    const m = message([...head, 'Accept: application/pidf+xml, text/xml+msrtc.pidf', 'Accept: multipart/related;type="a,b"', 'Record-Route: <sip:p1@x;lr>, "A, B" <sip:p2@y;lr>']);
    expect(m.getAll('Accept')).toEqual(['application/pidf+xml', 'text/xml+msrtc.pidf', 'multipart/related;type="a,b"']);
    expect(m.get('Accept')).toBe('application/pidf+xml');
    expect(m.getAll('Record-Route')).toEqual(['<sip:p1@x;lr>', '"A, B" <sip:p2@y;lr>']);
    expect(splitList(' a ,, b ,')).toEqual(['a', 'b']);
  });

  it('keeps commas in headers that are not lists', () => {
    const m = message([...head, 'Date: Sat, 13 Nov 2010 23:29:00 GMT']);
    expect(m.getAll('Date')).toEqual(['Sat, 13 Nov 2010 23:29:00 GMT']);
  });

  it('decodes UTF-8 values and keeps the raw bytes for copying', () => {
    const m = message([...head.slice(0, 2), 'From: "Zoë Müller" <sip:zoe@example.com>;tag=z', ...head.slice(3)]);
    expect(m.from.displayName).toBe('Zoë Müller');
    expect(Buffer.from(m.rawLine(m.indexOf('from')), 'latin1').toString('utf8')).toBe('From: "Zoë Müller" <sip:zoe@example.com>;tag=z');
  });
});

describe('parseNameAddr', () => {
  it('reads quoted display names with escapes, token display names, and no display name', () => {
    expect(parseNameAddr('"J Rosenberg \\\\\\"" <sip:jdrosen@example.com> ; tag = 98asjd8')).toMatchObject({ displayName: 'J Rosenberg \\"', uri: 'sip:jdrosen@example.com', tag: '98asjd8' });
    expect(parseNameAddr('caller<sip:caller@example.com>;tag=323')).toMatchObject({ displayName: 'caller', uri: 'sip:caller@example.com', tag: '323' });
    expect(parseNameAddr('Mr Big <sip:big@example.com>')?.displayName).toBe('Mr Big');
    expect(parseNameAddr('<sip:a@b;lr>')).toMatchObject({ displayName: undefined, uri: 'sip:a@b;lr' });
  });

  it('treats parameters after an addr-spec as header parameters', () => {
    const parsed = parseNameAddr('sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n');
    expect(parsed).toMatchObject({ uri: 'sip:vivekg@chair-dnrc.example.com', tag: '1918181833n' });
    expect(parseNameAddr('sip:+1555@gw.example.com;user=phone')?.params.get('user')).toBe('phone');
  });

  it('keeps valueless and quoted parameters', () => {
    const parsed = parseNameAddr('<sip:a@b>;expires=60;gruu;+sip.instance="<urn:uuid:1>"');
    expect([...(parsed?.params ?? [])]).toEqual([
      ['expires', '60'],
      ['gruu', undefined],
      ['+sip.instance', '<urn:uuid:1>'],
    ]);
    expect(parsed && formatNameAddr(parsed)).toBe('<sip:a@b>;expires=60;gruu;+sip.instance="<urn:uuid:1>"');
  });

  it('refuses unterminated quotes and brackets, empty parameters and URIs with spaces', () => {
    expect(parseNameAddr('"Mr. J. User <sip:j.user@example.com>')).toBeUndefined();
    expect(parseNameAddr('<sip:j.user@example.com')).toBeUndefined();
    expect(parseNameAddr('"Joe" <sip:joe@example.org>;;;;')).toBeUndefined();
    expect(parseNameAddr('<sip:user@example.com; lr>')).toBeUndefined();
    expect(parseNameAddr('<sip:user@example.com>;tag=')).toBeUndefined();
  });
});

describe('parseVia', () => {
  it('reads valueless parameters such as rport, and whitespace around the slashes', () => {
    const via = parseVia('SIP  /   2.0 /UDP    192.0.2.2:5062 ; branch=z9hG4bK1;rport');
    expect(via).toMatchObject({ protocol: 'SIP/2.0', transport: 'UDP', host: '192.0.2.2', port: 5062, branch: 'z9hG4bK1' });
    expect(via?.params.has('rport')).toBe(true);
    expect(via?.params.get('rport')).toBeUndefined();
    expect(via && formatVia(via)).toBe('SIP/2.0/UDP 192.0.2.2:5062;branch=z9hG4bK1;rport');
  });

  it('reads IPv6 references in sent-by and received, with or without brackets', () => {
    expect(parseVia('SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3')).toMatchObject({ host: '[2001:db8::9:1]', port: 6050 });
    expect(parseVia('SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z')?.params.get('received')).toBe('[2001:db8::9:255]');
    expect(parseVia('SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z')?.params.get('received')).toBe('2001:db8::9:255');
  });

  it('refuses empty parameters and a missing sent-by', () => {
    expect(parseVia('SIP/2.0/UDP 192.0.2.15;;')).toBeUndefined();
    expect(parseVia('SIP/2.0/UDP')).toBeUndefined();
    expect(parseVia('SIP/2.0/UDP host:99999')).toBeUndefined();
  });
});

describe('parseSipUri', () => {
  it('splits user, host, port, parameters and headers', () => {
    expect(parseSipUri('sips:alice:secret@example.com:5061;transport=tls;lr?subject=hi')).toMatchObject({
      scheme: 'sips',
      user: 'alice',
      host: 'example.com',
      port: 5061,
      headers: 'subject=hi',
    });
    expect([...(parseSipUri('sip:a@b;transport=tls;lr')?.params ?? [])]).toEqual([
      ['transport', 'tls'],
      ['lr', undefined],
    ]);
  });

  it('reads IPv6 references, and refuses an IPv6 address without brackets', () => {
    expect(parseSipUri('sip:[2001:db8::10]:5070')).toMatchObject({ host: '[2001:db8::10]', port: 5070 });
    expect(parseSipUri('sip:[2001:db8::10:5070]')).toMatchObject({ host: '[2001:db8::10:5070]', port: undefined });
    expect(parseSipUri('sip:user@[2001:db8:::192.0.2.1]')?.host).toBe('[2001:db8:::192.0.2.1]');
    expect(parseSipUri('sip:2001:db8::10')).toBeUndefined();
  });

  it('keeps escapes in the user part, unescapes parameter names and values, and refuses bad escapes', () => {
    const uri = parseSipUri('sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31');
    expect(uri?.user).toBe('cal%6Cer');
    expect(unescapeUri(uri?.user ?? '')).toBe('caller');
    expect([...(uri?.params ?? [])]).toEqual([
      ['lr', undefined],
      ['name', 'value%41'],
    ]);
    expect(parseSipUri('sip:null-%00-null@example.com')?.user).toBe('null-%00-null');
    expect(parseSipUri('sip:bad%4@example.com')).toBeUndefined();
  });
});

describe('parseCSeq', () => {
  it('accepts leading zeros and whitespace, and refuses numbers over 2^32-1', () => {
    expect(parseCSeq('0009  INVITE')).toEqual({ seq: 9, method: 'INVITE' });
    expect(parseCSeq('4294967295 NOTIFY')).toEqual({ seq: 4294967295, method: 'NOTIFY' });
    expect(parseCSeq('4294967296 NOTIFY')).toBeUndefined();
    expect(parseCSeq('1')).toBeUndefined();
  });
});
