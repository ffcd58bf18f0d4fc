import { type Disposable } from '@herald/core';
import { type NameAddr, type SipRequest, type SipSource } from './sip-message';

/** Header fields a handler adds to a response or request; the stack sets the rest. */
export type SipHeaderFields = Readonly<Record<string, string | number | readonly string[]>>;

export interface SipResponseOptions {
  /** Reason phrase; the standard one for the status when omitted. */
  readonly reason?: string;
  /**
   * Extra header fields, named as they should be written; an array writes one line per value.
   * The stack owns Via, From, To (it adds the To tag), Call-ID, CSeq, Content-Length and, for
   * responses that create a dialog, Contact; values given for those are ignored.
   */
  readonly headers?: SipHeaderFields;
  /**
   * The body; `contentType` is required with it. Strings are sent as UTF-8. A stack may keep a
   * Buffer by reference while it answers retransmissions of the request (tens of seconds), so
   * pass bytes that are not changed afterwards and do not view a larger buffer.
   */
  readonly body?: string | Buffer;
  readonly contentType?: string;
}

/** What a handler can do with one received request. */
export interface IncomingSipRequest {
  readonly request: SipRequest;
  readonly source: SipSource;
  /** True once a final response was sent. */
  readonly answered: boolean;
  /**
   * Sends a response. The first final response ends the transaction; later calls are ignored
   * (and logged). Retransmissions of the request are answered with it by the stack.
   */
  respond(status: number, options?: SipResponseOptions): void;
}

export interface SubscriptionAcceptOptions extends SipResponseOptions {
  /** RFC 6665 answers 200; 202 is accepted for older peers. Default 200. */
  readonly status?: 200 | 202;
  /**
   * The CSeq number of the first request the notifier sends in the dialog; later ones count up.
   * Default 1. When the first document went in the 200 (`ms-piggyback-cseq: N`), pass N + 1.
   */
  readonly firstLocalCSeq?: number;
}

/** An out-of-dialog SUBSCRIBE: answer it with an error, or accept it and get its dialog. */
export interface IncomingSubscribe extends IncomingSipRequest {
  /**
   * Answers with a 2xx (with a To tag and the stack's Contact) and creates the server side of
   * the subscription dialog. Resolves once the response was handed to the transport.
   * @throws Error if a final response was already sent.
   */
  acceptSubscription(options: SubscriptionAcceptOptions): Promise<SubscriptionDialog>;
}

export interface InDialogRequestOptions {
  /** Event, Subscription-State, Require, …; the stack sets the dialog fields and Contact. */
  readonly headers?: SipHeaderFields;
  readonly body?: string | Buffer;
  readonly contentType?: string;
}

/** How a request the notifier sent ended. */
export interface InDialogOutcome {
  /**
   * The final status: the peer's response; 408 when none came before the transaction timed
   * out (Timer F); 503 when the transport could not deliver it (RFC 3261 §8.1.3.1).
   */
  readonly status: number;
  readonly reason: string;
  /** Where the status came from. */
  readonly origin: 'peer' | 'timeout' | 'transport';
}

/** Handles a SUBSCRIBE inside `dialog` (a refresh or an unsubscribe). */
export type InDialogSubscribeHandler = (request: IncomingSipRequest, dialog: SubscriptionDialog) => void;

/** The notifier's side of a subscription dialog. */
export interface SubscriptionDialog {
  /** Unique within the stack; stable for the dialog's life. For logs and maps. */
  readonly id: string;
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  /** The subscriber: the From of the SUBSCRIBE. */
  readonly remote: NameAddr;
  /** The presentity as addressed: the To of the SUBSCRIBE (without our tag). */
  readonly local: NameAddr;
  /** Where the SUBSCRIBE that created the dialog came from. */
  readonly source: SipSource;
  /** True after `terminate()`. */
  readonly terminated: boolean;
  /**
   * Sends a request in the dialog (NOTIFY), to the subscriber's Contact through the recorded
   * route set, with the next CSeq. Resolves with its final outcome; never rejects. The caller
   * sends one request at a time per dialog, so that CSeq order is delivery order.
   */
  sendRequest(method: 'NOTIFY', options: InDialogRequestOptions): Promise<InDialogOutcome>;
  /**
   * Registers the handler of SUBSCRIBE requests in this dialog: refreshes, and unsubscribes
   * (`Expires: 0`). The handler must respond. Only one handler; a second replaces the first.
   * It is called with the dialog too, so that one function can serve every dialog: a notifier
   * holding a hundred thousand dialogs need not keep a closure for each.
   */
  onSubscribe(handler: InDialogSubscribeHandler): Disposable;
  /**
   * Forgets the dialog: later requests in it get 481. Sends nothing; send the final NOTIFY
   * first. Idempotent.
   */
  terminate(): void;
}

/** What a handler serves, advertised in OPTIONS answers and used to judge `Require`. */
export interface SipCapabilities {
  /** Body types accepted (Accept). */
  readonly accept?: readonly string[];
  /** Option tags understood (Supported); a Require outside all registered tags gets 420. */
  readonly supported?: readonly string[];
  /** Event packages served (Allow-Events). */
  readonly events?: readonly string[];
}

export const SipStack = Symbol.for('sip-stack.SipStack');
/**
 * A SIP transport as the presence adapter sees it: requests in by method, responses out,
 * subscription dialogs, and requests sent in those dialogs. Transactions, retransmissions,
 * Via handling, peer trust and rate limits are the stack's business.
 *
 * Requests the stack answers itself: OPTIONS (200 with Allow, Accept, Supported,
 * Allow-Events) unless a handler is registered for it; known methods without a handler (405
 * with Allow); unknown methods (501); a Require with an unsupported option tag (420 with
 * Unsupported); in-dialog requests for unknown dialogs (481); malformed requests (400/505).
 */
export interface SipStack {
  /**
   * Handles out-of-dialog requests of `method` (not SUBSCRIBE). One handler per method; the
   * disposable unregisters it. Register before `start`.
   */
  onRequest(method: string, handler: (request: IncomingSipRequest) => void, capabilities?: SipCapabilities): Disposable;
  /** Handles out-of-dialog SUBSCRIBE requests. Register before `start`. */
  onSubscribe(handler: (request: IncomingSubscribe) => void, capabilities?: SipCapabilities): Disposable;
  /**
   * Starts receiving (binds sockets, or connects to the SIP server in front). Called by the
   * adapter once its handlers are registered. Rejects, naming the address, if it cannot.
   */
  start(): Promise<void>;
  /**
   * Stops receiving and sending, closes every socket and connection, clears every timer.
   * Outstanding in-dialog requests resolve as transport failures. Idempotent.
   */
  stop(): Promise<void>;
  /** Where the stack receives, e.g. `['udp:127.0.0.1:5060', 'tls:[::]:5061']`. */
  endpoints(): readonly string[];
}
