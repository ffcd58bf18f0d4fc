import { parseVia, type SipSource } from '@herald/sip-stack';
import { isLoopback, responseTopVia, udpReplyPath } from './reply-path';
import { type UdpListener } from './transport/udp-listener';

const listener = {} as UdpListener;
const via = (text: string) => {
  const parsed = parseVia(text);
  if (parsed === undefined) throw new Error(`bad Via in the test: ${text}`);
  return parsed;
};
const source = (address: string, port = 40000): SipSource => ({ transport: 'udp', address, port, tlsPeerNames: [] });

describe('response routing (RFC 3261 §18.2.2, RFC 3581)', () => {
  it('answers the source address at the Via port, or 5060 without one', () => {
    expect(udpReplyPath(listener, via('SIP/2.0/UDP fe01.contoso.com:5070;branch=z9hG4bK1'), '10.0.0.5', 40000)).toMatchObject({ address: '10.0.0.5', port: 5070 });
    expect(udpReplyPath(listener, via('SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1'), '10.0.0.5', 40000)).toMatchObject({ address: '10.0.0.5', port: 5060 });
  });

  it('answers the source port when the Via asks for rport', () => {
    expect(udpReplyPath(listener, via('SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bK1;rport'), '203.0.113.4', 40000)).toMatchObject({ address: '203.0.113.4', port: 40000 });
  });

  it('answers loopback at its source port whatever the Via says, even an unusable one', () => {
    expect(udpReplyPath(listener, via('SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK1'), '127.0.0.1', 40000)).toMatchObject({ address: '127.0.0.1', port: 40000 });
    expect(udpReplyPath(listener, undefined, '::1', 40000)).toMatchObject({ address: '::1', port: 40000 });
    expect(udpReplyPath(listener, undefined, '10.0.0.5', 40000)).toBeUndefined();
    expect([isLoopback('127.8.9.10'), isLoopback('::ffff:127.0.0.1'), isLoopback('128.0.0.1')]).toEqual([true, true, false]);
  });

  it('adds received when the sent-by host is not the source, and fills rport', () => {
    expect(responseTopVia(via('SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bK1'), source('10.0.0.5'))).toBeUndefined();
    expect(responseTopVia(via('SIP/2.0/UDP fe01:5070;branch=z9hG4bK1'), source('10.0.0.5'))).toBe('SIP/2.0/UDP fe01:5070;branch=z9hG4bK1;received=10.0.0.5');
    expect(responseTopVia(via('SIP/2.0/UDP 10.0.0.5:5070;rport;branch=z9hG4bK1'), source('10.0.0.5'))).toBe('SIP/2.0/UDP 10.0.0.5:5070;rport=40000;branch=z9hG4bK1;received=10.0.0.5');
    expect(responseTopVia(via('SIP/2.0/UDP [2001:db8::1];branch=z9hG4bK1'), source('2001:db8::1'))).toBeUndefined();
  });
});
