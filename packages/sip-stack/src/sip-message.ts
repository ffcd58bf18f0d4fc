/**
 * The SIP message model every transport delivers and the presence adapter reads. Transports
 * may parse with their own code, but what they hand over behaves as described here.
 */

/** The transports Herald speaks. */
export type SipTransportName = 'udp' | 'tcp' | 'tls';

/** Where a request came from. */
export interface SipSource {
  readonly transport: SipTransportName;
  /** The peer's IP address as seen on the socket (IPv6 without brackets). */
  readonly address: string;
  readonly port: number;
  /**
   * For TLS, the names in the peer's verified client certificate (subject CN and DNS subject
   * alternative names); empty when the peer sent no certificate or it was not verified.
   */
  readonly tlsPeerNames: readonly string[];
}

/** A parameter list (`;tag=x;lr`): names lower-cased; a valueless parameter maps to undefined. */
export type SipParameters = ReadonlyMap<string, string | undefined>;

/** `"Bob" <sip:bob@contoso.com>;tag=a1;epid=e1` or `sip:bob@contoso.com;tag=a1`. */
export interface NameAddr {
  /** The display name without quotes or escapes, if one was given. */
  readonly displayName?: string;
  /** The URI exactly as written (inside the angle brackets when there were any). */
  readonly uri: string;
  /** The header parameters (after `>`, or after the URI in addr-spec form). */
  readonly params: SipParameters;
  /** The `tag` parameter, if present. */
  readonly tag?: string;
}

/** Read access to a message's header fields. */
export interface SipHeaders {
  /**
   * The first value of a header, or undefined when absent. Names are case-insensitive and
   * compact forms are the same header (`o` is Event, `u` is Allow-Events, `i` Call-ID, `f` From,
   * `t` To, `m` Contact, `v` Via, `l` Content-Length, `c` Content-Type, `k` Supported,
   * `s` Subject, `e` Content-Encoding). For a list header (Via, Route, Record-Route, Contact,
   * Accept, Allow, Allow-Events, Supported, Require, Proxy-Require, Unsupported, …) it is the
   * first element of the list; otherwise the whole value. Folded lines are unfolded.
   */
  get(name: string): string | undefined;
  /**
   * Every value, in order: each occurrence of the header, and for list headers each
   * comma-separated element (commas inside quotes or angle brackets do not separate).
   */
  getAll(name: string): readonly string[];
  has(name: string): boolean;
}

/** A request as delivered to the adapter: already checked for the fields every request needs. */
export interface SipRequest {
  readonly method: string;
  /** The Request-URI as received. */
  readonly uri: string;
  readonly headers: SipHeaders;
  /** The body's bytes, framed by Content-Length. */
  readonly body: Buffer;
  readonly callId: string;
  readonly cseq: { readonly seq: number; readonly method: string };
  readonly from: NameAddr;
  readonly to: NameAddr;
}
