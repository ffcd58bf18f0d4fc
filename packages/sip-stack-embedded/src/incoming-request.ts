import { type Logger } from '@herald/core';
import {
  type IncomingSubscribe,
  type ParsedSipMessage,
  type SipResponseOptions,
  type SipSource,
  type SubscriptionAcceptOptions,
  type SubscriptionDialog,
} from '@herald/sip-stack';
import { type Responder } from './responder';
import { type ServerTransaction } from './server-transactions';
import { type StreamConnection } from './transport/stream-connection';
import { type UdpListener } from './transport/udp-listener';

/** Where a request came in, to send in-dialog requests back the same way. */
export interface Arrival {
  readonly udp: UdpListener | undefined;
  readonly connection: StreamConnection | undefined;
}

/** Creates the dialog of an accepted SUBSCRIBE; returns its Contact, or a reason it cannot. */
export interface DialogFactory {
  create(request: IncomingRequestImpl, firstLocalCSeq: number): { dialog: SubscriptionDialog; contact: string } | { refused: string };
  /** The source object dialogs keep: one per peer, shared (see `StackRuntime`). */
  shareSource(source: SipSource): SipSource;
}

/**
 * A request given to a handler, bound to its server transaction. It is an `IncomingSubscribe`
 * for out-of-dialog SUBSCRIBEs (the stack passes it as a plain `IncomingSipRequest` otherwise).
 */
export class IncomingRequestImpl implements IncomingSubscribe {
  answered = false;

  constructor(
    readonly request: ParsedSipMessage,
    readonly source: SipSource,
    readonly arrival: Arrival,
    readonly transaction: ServerTransaction,
    private readonly responder: Responder,
    private readonly dialogs: DialogFactory | undefined,
    private readonly logger: Logger,
    /** Our Contact in the dialog a SUBSCRIBE refresh belongs to: its 2xx carries it. */
    private readonly dialogContact?: string,
  ) {}

  respond(status: number, options: SipResponseOptions = {}): void {
    if (!Number.isInteger(status) || status < 100 || status > 699) throw new RangeError(`SIP status ${status} is not between 100 and 699`);
    if (this.answered) {
      this.logger.warn({ method: this.request.method, status, callId: this.request.callId }, 'a second final response to a SIP request was ignored');
      return;
    }
    this.responder.inTransaction(this.transaction, this.request, status, options, this.dialogContact === undefined ? undefined : { contact: this.dialogContact, creates: false });
    if (status >= 200) this.answered = true;
  }

  acceptSubscription(options: SubscriptionAcceptOptions): Promise<SubscriptionDialog> {
    if (this.answered) return Promise.reject(new Error('acceptSubscription: a final response was already sent'));
    if (this.dialogs === undefined) return Promise.reject(new Error('acceptSubscription: only an out-of-dialog SUBSCRIBE creates a dialog'));
    const created = this.dialogs.create(this, options.firstLocalCSeq ?? 1);
    if ('refused' in created) {
      this.respond(503, { reason: 'Service Unavailable (too many subscriptions)', headers: { 'Retry-After': 30 } });
      return Promise.reject(new Error(created.refused));
    }
    try {
      this.responder.inTransaction(this.transaction, this.request, options.status ?? 200, options, { contact: created.contact, creates: true });
    } catch (error) {
      created.dialog.terminate();
      return Promise.reject(error);
    }
    this.answered = true;
    return Promise.resolve(created.dialog);
  }
}
