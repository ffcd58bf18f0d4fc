import { type ParsedSipMessage, type SipTransportName } from '@herald/sip-stack';

/**
 * A SIP peer a test drives by hand: it sends raw SIP to the stack under test and collects what
 * the stack sends back. Each transport's tests provide one (real sockets for the embedded
 * stack, a fake drachtio-server for the drachtio transport).
 */
export interface SipTestPeer {
  /** The transport the peer speaks (its Via and Contact say so). */
  readonly transport: SipTransportName;
  /** The peer's own address and port as the stack sees them: for Via, Contact and Record-Route. */
  readonly host: string;
  readonly port: number;
  /** The stack's address and port, for Request-URIs: `127.0.0.1:5060`, `[::1]:5060`. */
  readonly stackHostPort: string;
  /** Sends one message (raw SIP text or bytes) to the stack. */
  send(message: string | Buffer): Promise<void>;
  /**
   * Resolves with the next message from the stack that `filter` accepts (earlier messages that
   * it rejects stay queued for later calls). Rejects after `timeoutMs` (default 3000).
   */
  receive(filter?: (message: ParsedSipMessage) => boolean, timeoutMs?: number): Promise<ParsedSipMessage>;
  /** Resolves with every matching message that arrives within `ms` (none expected, usually). */
  collect(ms: number, filter?: (message: ParsedSipMessage) => boolean): Promise<ParsedSipMessage[]>;
  /** Answers a request the stack sent, copying its Via, From, To (adding a tag), Call-ID and CSeq. */
  respond(request: ParsedSipMessage, status: number, headers?: Readonly<Record<string, string>>): Promise<void>;
  /** Closes the peer's sockets. Idempotent. */
  close(): Promise<void>;
}

/** Filters for `receive`. */
export const sipFilters = {
  response: (status?: number) => (m: ParsedSipMessage) => !m.isRequest && (status === undefined || m.status === status),
  responseTo: (callId: string) => (m: ParsedSipMessage) => !m.isRequest && m.callId === callId,
  request: (method: string) => (m: ParsedSipMessage) => m.isRequest && m.method === method,
};
