import { BlockList, isIP } from 'node:net';
import { type SipSource } from '../sip-message';

/**
 * Who may talk to Herald: addresses, networks (CIDR) and TLS peer names, or everyone (`open`,
 * for labs). Node's BlockList does the address matching; it also matches IPv4-mapped IPv6
 * addresses (`::ffff:10.0.0.1`) against IPv4 entries, as dual-stack sockets report them.
 */
export class TrustedPeers {
  private readonly networks = new BlockList();
  private readonly names = new Set<string>();
  /** Suffixes of `*.example.com` entries, with the leading dot: `.example.com`. */
  private readonly wildcardSuffixes: string[] = [];

  private constructor(readonly open: boolean) {}

  /** Trusts every source. */
  static open(): TrustedPeers {
    return new TrustedPeers(true);
  }

  /**
   * Trusts the sources `entries` name.
   * @throws Error naming the entry that is neither an address, a network nor a host name.
   */
  static of(entries: readonly string[]): TrustedPeers {
    const peers = new TrustedPeers(false);
    for (const entry of entries) {
      const problem = peers.add(entry.trim());
      if (problem !== undefined) throw new Error(`trusted peer '${entry}': ${problem}`);
    }
    return peers;
  }

  /** What is wrong with a trusted-peer entry, or undefined when it is valid. */
  static problemWith(entry: string): string | undefined {
    return new TrustedPeers(false).add(entry.trim());
  }

  /** Whether the source's address is trusted (TLS names not considered). */
  trustsAddress(address: string): boolean {
    if (this.open) return true;
    const family = isIP(address);
    return family !== 0 && this.networks.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }

  /** Whether `source` is trusted by its address, or by a name in its verified TLS certificate. */
  trusts(source: SipSource): boolean {
    if (this.trustsAddress(source.address)) return true;
    for (const name of source.tlsPeerNames) if (this.trustsName(name)) return true;
    return false;
  }

  /** Whether a verified TLS peer name is trusted (exact, or under a `*.` entry). */
  trustsName(name: string): boolean {
    const lower = name.toLowerCase();
    if (this.names.has(lower)) return true;
    return this.wildcardSuffixes.some((suffix) => lower.endsWith(suffix) && lower.length > suffix.length && !lower.slice(0, -suffix.length).includes('.'));
  }

  private add(entry: string): string | undefined {
    const slash = entry.indexOf('/');
    if (slash >= 0) {
      const base = entry.slice(0, slash);
      const family = isIP(base);
      const prefixText = entry.slice(slash + 1);
      const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
      if (family === 0) return `'${base}' is not an IP address; a network is written like 10.0.0.0/8 or fd00::/8`;
      const max = family === 6 ? 128 : 32;
      if (!(prefix >= 0 && prefix <= max)) return `the prefix length must be 0 to ${max}`;
      this.networks.addSubnet(base, prefix, family === 6 ? 'ipv6' : 'ipv4');
      return undefined;
    }
    const family = isIP(entry);
    if (family !== 0) {
      this.networks.addAddress(entry, family === 6 ? 'ipv6' : 'ipv4');
      return undefined;
    }
    const lower = entry.toLowerCase();
    const name = lower.startsWith('*.') ? lower.slice(2) : lower;
    if (!isHostName(name)) return 'expected an IP address (10.0.0.5), a network (10.0.0.0/8) or a TLS peer name (fe01.contoso.com, *.contoso.com)';
    if (lower.startsWith('*.')) this.wildcardSuffixes.push(`.${name}`);
    else this.names.add(name);
    return undefined;
  }
}

/** Letters, digits, hyphens and dots, no empty label; checked by hand (configuration text). */
function isHostName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  for (const label of name.split('.')) {
    if (label.length === 0 || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return false;
    for (const c of label) if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-')) return false;
  }
  return true;
}
