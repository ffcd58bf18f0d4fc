/**
 * Size limits applied to every received message before anything else reads it. Defaults follow
 * common SIP servers (Kamailio's 16 kB sanity checks), raised where Lync traffic needs room:
 * Record-Route values carry long `ms-route-sig` signatures.
 */
export interface SipLimits {
  /** A whole message: one UDP datagram, or one message framed on a TCP/TLS stream. */
  readonly maxMessageBytes: number;
  /** Header fields in one message. */
  readonly maxHeaderCount: number;
  /** One header field, its continuation lines included. */
  readonly maxHeaderLineBytes: number;
  /** The body (Content-Length). */
  readonly maxBodyBytes: number;
  /** The Request-URI. */
  readonly maxUriBytes: number;
}

export const defaultSipLimits: SipLimits = {
  maxMessageBytes: 32_768,
  maxHeaderCount: 128,
  maxHeaderLineBytes: 4096,
  maxBodyBytes: 16_384,
  maxUriBytes: 1024,
};
