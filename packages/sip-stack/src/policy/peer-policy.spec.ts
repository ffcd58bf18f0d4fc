import { z } from 'zod';
import { parseConfig } from '@herald/core';
import { type SipSource } from '../sip-message';
import { PeerPolicy } from './peer-policy';
import { peerPolicyConfigShape, peerPolicyOptionsFromConfig } from './peer-policy-config';
import { RateLimiter } from './rate-limiter';
import { TrustedPeers } from './trusted-peers';

const source = (address: string, tlsPeerNames: string[] = []): SipSource => ({ transport: tlsPeerNames.length ? 'tls' : 'udp', address, port: 5060, tlsPeerNames });

describe('TrustedPeers', () => {
  const peers = TrustedPeers.of(['10.1.2.3', '192.168.0.0/16', 'fd00::/8', '::1', 'fe01.contoso.com', '*.pool.contoso.com']);

  it('trusts listed addresses and networks, IPv4-mapped IPv6 included, and nothing else', () => {
    expect(peers.trustsAddress('10.1.2.3')).toBe(true);
    expect(peers.trustsAddress('::ffff:10.1.2.3')).toBe(true);
    expect(peers.trustsAddress('192.168.44.5')).toBe(true);
    expect(peers.trustsAddress('fd12::5')).toBe(true);
    expect(peers.trustsAddress('::1')).toBe(true);
    expect(peers.trustsAddress('10.1.2.4')).toBe(false);
    expect(peers.trustsAddress('not-an-address')).toBe(false);
  });

  it('trusts TLS peer names exactly or one label under a wildcard, case-insensitively', () => {
    expect(peers.trusts(source('203.0.113.9', ['FE01.contoso.com']))).toBe(true);
    expect(peers.trusts(source('203.0.113.9', ['fe02.pool.contoso.com']))).toBe(true);
    expect(peers.trusts(source('203.0.113.9', ['a.b.pool.contoso.com']))).toBe(false);
    expect(peers.trusts(source('203.0.113.9', ['pool.contoso.com']))).toBe(false);
    expect(peers.trusts(source('203.0.113.9'))).toBe(false);
  });

  it('names the entry that is neither an address, a network nor a name', () => {
    expect(() => TrustedPeers.of(['10.0.0.0/33'])).toThrow("trusted peer '10.0.0.0/33': the prefix length must be 0 to 32");
    expect(() => TrustedPeers.of(['10.0.0/8'])).toThrow(/'10\.0\.0' is not an IP address/);
    expect(() => TrustedPeers.of(['fe01 contoso'])).toThrow(/expected an IP address/);
  });

  it('trusts everyone when open', () => {
    expect(TrustedPeers.open().trusts(source('198.51.100.1'))).toBe(true);
  });
});

describe('RateLimiter', () => {
  const limiter = () => new RateLimiter({ trusted: { perSecond: 100, burst: 10 }, untrusted: { perSecond: 2, burst: 2 }, maxSources: 3 }, (a) => a === '10.0.0.1');

  it('accepts a burst, then answers 503 for one more burst, then drops', () => {
    const l = limiter();
    const verdicts = Array.from({ length: 6 }, () => l.take('203.0.113.1', 0));
    expect(verdicts).toEqual(['accept', 'accept', 'limit', 'limit', 'drop', 'drop']);
    expect(l.retryAfterSeconds('203.0.113.1')).toBe(3);
  });

  it('refills at the source rate, after the debt is paid', () => {
    const l = limiter();
    for (let i = 0; i < 4; i++) l.take('203.0.113.1', 0);
    expect(l.take('203.0.113.1', 1000)).toBe('limit');
    expect(l.take('203.0.113.1', 4000)).toBe('accept');
  });

  it('gives trusted sources their own, larger bucket', () => {
    const l = limiter();
    expect(Array.from({ length: 10 }, () => l.take('10.0.0.1', 0)).every((v) => v === 'accept')).toBe(true);
    expect(l.take('10.0.0.1', 0)).toBe('limit');
  });

  it('tracks a bounded number of sources, forgetting the oldest', () => {
    const l = limiter();
    for (const address of ['a', 'b', 'c', 'd', 'e']) l.take(address, 0);
    expect(l.trackedSources).toBe(3);
  });
});

describe('PeerPolicy', () => {
  it('forbids every method but OPTIONS to untrusted sources', () => {
    const policy = new PeerPolicy({ trustedPeers: ['127.0.0.2'], rateLimit: false });
    expect(policy.forbids(source('127.0.0.1'), 'SUBSCRIBE')).toBe(true);
    expect(policy.forbids(source('127.0.0.1'), 'OPTIONS')).toBe(false);
    expect(policy.forbids(source('127.0.0.2'), 'SUBSCRIBE')).toBe(false);
    expect(policy.admit('127.0.0.1', 0)).toBe('accept');
  });
});

describe('peer policy configuration', () => {
  const schema = z.strictObject(peerPolicyConfigShape);

  it('defaults to no trusted peers and the Front End pool rate limits', () => {
    const parsed = parseConfig(schema, {}, ['sip']);
    expect(parsed.ok && peerPolicyOptionsFromConfig(parsed.value)).toEqual({
      trustedPeers: [],
      rateLimit: { trusted: { perSecond: 10_000, burst: 20_000 }, untrusted: { perSecond: 20, burst: 40 }, maxSources: 10_000 },
    });
  });

  it('accepts open and false, and explains a bad entry', () => {
    const open = parseConfig(schema, { trusted_peers: 'open', rate_limit: false }, ['sip']);
    expect(open.ok && peerPolicyOptionsFromConfig(open.value)).toEqual({ trustedPeers: 'open', rateLimit: false });
    const bad = parseConfig(schema, { trusted_peers: ['10.0.0.0/8', '10.0.0.0/99'], rate_limit: { trusted: { per_secnd: 5 } } }, ['sip']);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      "sip.trusted_peers.1: '10.0.0.0/99': the prefix length must be 0 to 32",
      "sip.rate_limit.trusted.per_secnd: unknown field; did you mean 'per_second'?",
    ]);
  });
});
