import { normaliseAlias } from './alias';

function key(input: string): string | undefined {
  const result = normaliseAlias(input);
  return result.ok ? result.alias.key : undefined;
}

describe('normaliseAlias', () => {
  it.each([
    ['meet.alice@vc.example.com', 'meet.alice@vc.example.com'],
    ['SIP:Meet.Alice@VC.example.com;transport=tls', 'meet.alice@vc.example.com'],
    ['sips:meet.alice@vc.example.com', 'meet.alice@vc.example.com'],
    ['<sip:meet.alice@vc.example.com>', 'meet.alice@vc.example.com'],
    ['"Alice" <sip:meet.alice@vc.example.com;transport=tcp>;tag=x', 'meet.alice@vc.example.com'],
    ['sip:meet.alice@vc.example.com:5061', 'meet.alice@vc.example.com'],
    ['sip:meet.alice@vc.example.com?subject=hi', 'meet.alice@vc.example.com'],
    ['sip:meet.alice:secret@vc.example.com', 'meet.alice@vc.example.com'],
    ['sip:meet%2Ealice@vc.example.com', 'meet.alice@vc.example.com'],
    ['  meet.alice@vc.example.com  ', 'meet.alice@vc.example.com'],
    ['65432', '65432'],
    ['sip:65432;user=phone', '65432'],
  ])('%s → %s', (input, expected) => {
    expect(key(input)).toBe(expected);
  });

  it('strips a host that is an IP address, as dialled aliases are matched', () => {
    expect(key('sip:65432@192.0.2.10')).toBe('65432');
    expect(key('sip:65432@[2001:db8::10]:5061')).toBe('65432');
    expect(key('sip:65432@0.0.0.0')).toBe('65432');
    expect(key('sip:65432@255.255.255.255:5060')).toBe('65432');
  });

  it.each(['256.0.2.10', '192.0.2', '192.0.2.10.1', '192..2.10', '1920.0.2.10', '192.0.2.x', 'vc.example.com'])('keeps a host that is no IPv4 address: %s', (host) => {
    expect(key(`sip:65432@${host}`)).toBe(`65432@${host}`);
  });

  it('keeps escaped reserved characters escaped, so an escaped @ cannot forge a host', () => {
    expect(key('sip:alice%40evil.example@vc.example.com')).toBe('alice%40evil.example@vc.example.com');
  });

  it('keeps the unparsed URI for full-URI rules', () => {
    const result = normaliseAlias('"Bob" <SIP:Meet.Alice@VC.example.com;transport=tls>');
    expect(result.ok && result.alias.full).toBe('SIP:Meet.Alice@VC.example.com;transport=tls');
    expect(result.ok && result.alias.scheme).toBe('sip');
  });

  it.each([
    ['', 'empty'],
    ['sip:@vc.example.com', 'has no user part'],
    ['meet alice@vc.example.com', 'whitespace'],
    ['<sip:meet.alice@vc.example.com', "'<' without a closing '>'"],
    ['sip:alice@vc.example.com:port', 'invalid host'],
    ['sip:alice@[2001:db8::1', 'invalid host'],
    [`${'a'.repeat(300)}@vc.example.com`, 'longer than 250'],
    ['a'.repeat(2000), 'longer than 1024'],
  ])('refuses %j (%s)', (input, reason) => {
    const result = normaliseAlias(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });
});
