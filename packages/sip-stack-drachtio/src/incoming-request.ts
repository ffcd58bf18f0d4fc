import { type Socket } from 'node:net';
import { type Disposable, type Logger } from '@herald/core';
import {
  checkResponse,
  encodeBody,
  type IncomingSubscribe,
  parseSipDatagram,
  type ParsedSipMessage,
  type SipResponseOptions,
  type SipSource,
  type SubscriptionAcceptOptions,
  type SubscriptionDialog,
} from '@herald/sip-stack';
import { type DrachtioDialog } from './drachtio-dialog';
import { headerRecord } from './in-dialog-requests';
import { type SentResponse, type SrfReply } from './srf-client';

/** Fields drachtio-server writes in every response (Contact is ours only where a dialog needs it). */
const ownedAlways = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'content-length', 'content-type', 'record-route']);
const ownedWithContact = new Set([...ownedAlways, 'contact']);

/** Creates the dialog a 2xx to SUBSCRIBE made, from what drachtio-server sent. */
export interface DialogMaker {
  /** A reason when no dialog can be made now (the table is full). */
  refusal(): string | undefined;
  /** The Contact to put in the 2xx, when configured; otherwise drachtio-server adds its own. */
  readonly contact: string | undefined;
  make(request: IncomingDrachtioRequest, sent: ParsedSipMessage, dialogId: string, options: SubscriptionAcceptOptions): DrachtioDialog;
}

/** What the request needs from the transport around it. */
export interface RequestContext {
  readonly logger: Logger;
  /** Resolves the send, or rejects after the configured time. */
  bounded(send: Promise<SentResponse>): Promise<SentResponse>;
  /** The monotonic time after which a dialog given `expires` seconds is released unless refreshed. */
  deadlineAfter(expires: number): number;
  /** Called once the first final response went out (to clear the handler timer). */
  answered(request: IncomingDrachtioRequest): void;
}

/**
 * A request from drachtio-server given to a handler. It is an `IncomingSubscribe` for
 * out-of-dialog SUBSCRIBEs; `dialog` is set for requests inside a subscription dialog, whose
 * 2xx responses carry the dialog's Contact and move its expiry deadline.
 */
export class IncomingDrachtioRequest implements IncomingSubscribe {
  answered = false;
  timer: Disposable | undefined;

  constructor(
    readonly request: ParsedSipMessage,
    readonly source: SipSource,
    private readonly reply: SrfReply,
    private readonly context: RequestContext,
    private readonly dialogs: DialogMaker | undefined,
    private readonly dialog: DrachtioDialog | undefined,
    /** The connection to drachtio-server the request came on. */
    readonly connection: Socket,
  ) {}

  respond(status: number, options: SipResponseOptions = {}): void {
    if (!Number.isInteger(status) || status < 100 || status > 699) throw new RangeError(`SIP status ${status} is not between 100 and 699`);
    if (this.answered) {
      this.context.logger.warn({ method: this.request.method, status, callId: this.request.callId }, 'a second final response to a SIP request was ignored');
      return;
    }
    const success = status >= 200 && status < 300;
    const contact = this.dialog !== undefined && success ? this.dialog.contact : undefined;
    const headers = this.headersFor(options, contact === undefined ? ownedAlways : ownedWithContact);
    if (contact !== undefined) headers['Contact'] = contact;
    if (status >= 200) this.finish();
    if (this.dialog !== undefined && success) {
      const expires = Number(headers['Expires'] ?? this.request.headers.get('Expires') ?? Number.NaN);
      if (Number.isFinite(expires)) this.dialog.deadline = this.context.deadlineAfter(expires);
    }
    this.context
      .bounded(this.reply.send(status, options.reason, headers, encodeBody(options.body)?.toString('utf8')))
      .catch((error: unknown) => this.context.logger.warn({ err: error, method: this.request.method, status, callId: this.request.callId }, 'drachtio-server did not confirm a response'));
  }

  async acceptSubscription(options: SubscriptionAcceptOptions): Promise<SubscriptionDialog> {
    if (this.answered) throw new Error('acceptSubscription: a final response was already sent');
    if (this.dialogs === undefined) throw new Error('acceptSubscription: only an out-of-dialog SUBSCRIBE creates a dialog');
    const refused = this.dialogs.refusal();
    if (refused !== undefined) {
      this.respond(503, { reason: 'Service Unavailable (too many subscriptions)', headers: { 'Retry-After': 30 } });
      throw new Error(refused);
    }
    const headers = this.headersFor(options, ownedWithContact);
    if (this.dialogs.contact !== undefined) headers['Contact'] = this.dialogs.contact;
    this.finish();
    // RFC 6665 answers 200; srf's createUAS always says 202, so the response is sent here.
    const sent = await this.context.bounded(this.reply.send(options.status ?? 200, options.reason, headers, encodeBody(options.body)?.toString('utf8')));
    const echoed = parseSipDatagram(Buffer.from(sent.raw, 'utf8'));
    if (typeof echoed === 'string' || !checkResponse(echoed) || echoed.to.tag === undefined || sent.dialogId === undefined) {
      throw new Error('drachtio-server confirmed the 2xx to SUBSCRIBE without a To tag or a dialog id');
    }
    return this.dialogs.make(this, echoed, sent.dialogId, options);
  }

  private headersFor(options: SipResponseOptions, owned: ReadonlySet<string>): Record<string, string> {
    const body = encodeBody(options.body);
    const headers = headerRecord(options.headers, owned);
    if (body !== undefined && body.length > 0) {
      if (options.contentType === undefined || options.contentType.length === 0) throw new TypeError('a SIP body needs a contentType');
      if (/[\r\n]/.test(options.contentType)) throw new TypeError('SIP contentType contains a line break');
      headers['Content-Type'] = options.contentType;
    }
    return headers;
  }

  private finish(): void {
    this.answered = true;
    this.context.answered(this);
  }
}
