import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { bareHost, parseNameAddr, parseSipUri, type SipTransportName } from '@herald/sip-stack';
import { type SendTarget } from './transport/transports';

/** Request-URI, Route values and next hop of a request in a dialog (RFC 3261 §12.2.1.1). */
export interface DialogRoute {
  readonly requestUri: string;
  readonly routes: readonly string[];
  /** The URI whose host, port and transport say where the request is sent. */
  readonly hop: string;
}

/**
 * Loose routing when the first route has `lr`: the Request-URI is the remote target and the
 * route set goes in Route. Strict routing otherwise: the first route becomes the Request-URI
 * and the remote target is appended to the Route values.
 */
export function dialogRoute(routeSet: readonly string[], remoteTarget: string): DialogRoute {
  const first = routeSet[0];
  if (first === undefined) return { requestUri: remoteTarget, routes: [], hop: remoteTarget };
  const firstUri = parseNameAddr(first)?.uri ?? '';
  const loose = parseSipUri(firstUri)?.params.has('lr') ?? true;
  if (loose) return { requestUri: remoteTarget, routes: routeSet, hop: firstUri };
  return { requestUri: firstUri, routes: [...routeSet.slice(1), `<${remoteTarget}>`], hop: firstUri };
}

const dnsCacheMs = 30_000;
const maxCachedNames = 1024;

/**
 * Resolves a SIP URI to an address, port and transport. Host names go through `dns.lookup`
 * (the system resolver, cached for 30 s); RFC 3263 NAPTR and SRV lookups are not done, so a
 * URI without a port gets 5060 (5061 for TLS). The transport is the URI's `transport`
 * parameter, TLS for `sips:`, else `fallback` (the transport the dialog arrived on). A name
 * with both IPv4 and IPv6 addresses resolves in `family` (that of the dialog's peer) first.
 */
export class TargetResolver {
  private readonly cache = new Map<string, { address: string; expires: number }>();

  constructor(private readonly now: () => number) {}

  /** @throws Error when the URI is not a SIP URI or its host does not resolve. */
  async resolve(uriText: string, fallback: SipTransportName, family: 4 | 6 = 4): Promise<SendTarget> {
    const uri = parseSipUri(uriText);
    if (uri === undefined) throw new Error(`cannot send to '${uriText}': not a SIP URI`);
    const param = uri.params.get('transport')?.toLowerCase();
    const transport: SipTransportName = uri.scheme === 'sips' ? 'tls' : param === 'udp' || param === 'tcp' || param === 'tls' ? param : fallback;
    const port = uri.port ?? (transport === 'tls' ? 5061 : 5060);
    const host = bareHost(uri.host);
    if (isIP(host) !== 0) return { transport, address: host, port };
    return { transport, address: await this.lookup(host, family), port, serverName: host };
  }

  private async lookup(host: string, family: 4 | 6): Promise<string> {
    const key = `${family}/${host}`;
    const cached = this.cache.get(key);
    const now = this.now();
    if (cached !== undefined && cached.expires > now) return cached.address;
    const { address } = await lookup(host, { family }).catch(() => lookup(host));
    if (this.cache.size >= maxCachedNames) this.cache.clear();
    this.cache.set(key, { address, expires: now + dnsCacheMs });
    return address;
  }
}
