import { type Disposable, toDisposable } from '@herald/core';
import {
  type IncomingSipRequest,
  type InDialogSubscribeHandler,
  type IncomingSubscribe,
  type InDialogOutcome,
  type InDialogRequestOptions,
  type NameAddr,
  type SipCapabilities,
  type SipRequest,
  type SipResponseOptions,
  type SipSource,
  type SipStack,
  type SubscriptionAcceptOptions,
  type SubscriptionDialog,
} from '@herald/sip-stack';

/** A response a handler sent, as the fake recorded it. */
export interface RecordedResponse {
  readonly status: number;
  readonly options: SipResponseOptions;
}

/** A request the notifier sent in a dialog, with its CSeq. */
export interface RecordedNotify {
  readonly cseq: number;
  readonly options: InDialogRequestOptions;
  /** The Subscription-State header, for convenience. */
  readonly state: string;
  readonly body: string;
}

const loopback: SipSource = { transport: 'udp', address: '127.0.0.1', port: 5099, tlsPeerNames: [] };

class RecordingRequest implements IncomingSipRequest {
  readonly responses: RecordedResponse[] = [];
  constructor(
    readonly request: SipRequest,
    readonly source: SipSource,
  ) {}
  get answered(): boolean {
    return this.responses.some((r) => r.status >= 200);
  }
  respond(status: number, options: SipResponseOptions = {}): void {
    if (this.answered) return;
    this.responses.push({ status, options });
  }
}

class RecordingSubscribe extends RecordingRequest implements IncomingSubscribe {
  dialog: FakeDialog | undefined;
  constructor(
    request: SipRequest,
    source: SipSource,
    private readonly stack: FakeSipStack,
  ) {
    super(request, source);
  }
  async acceptSubscription(options: SubscriptionAcceptOptions): Promise<SubscriptionDialog> {
    if (this.answered) throw new Error('already answered');
    this.respond(options.status ?? 200, options);
    this.dialog = new FakeDialog(this.stack, this.request, this.source, options.firstLocalCSeq ?? 1);
    this.stack.dialogs.set(this.dialog.id, this.dialog);
    return this.dialog;
  }
}

/** A dialog whose NOTIFYs are recorded and answered by the test (200 unless told otherwise). */
export class FakeDialog implements SubscriptionDialog {
  readonly id: string;
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly remote: NameAddr;
  readonly local: NameAddr;
  readonly notifies: RecordedNotify[] = [];
  terminated = false;
  private nextCSeq: number;
  private subscribeHandler: InDialogSubscribeHandler | undefined;
  private readonly waiting: ((outcome: InDialogOutcome) => void)[] = [];

  constructor(
    private readonly stack: FakeSipStack,
    request: SipRequest,
    readonly source: SipSource,
    firstCSeq: number,
  ) {
    this.localTag = `local-${stack.dialogs.size + 1}`;
    this.remoteTag = request.from.tag ?? '';
    this.callId = request.callId;
    this.id = `${this.callId};${this.localTag};${this.remoteTag}`;
    this.remote = request.from;
    this.local = request.to;
    this.nextCSeq = firstCSeq;
  }

  sendRequest(_method: 'NOTIFY', options: InDialogRequestOptions): Promise<InDialogOutcome> {
    const state = String(options.headers?.['Subscription-State'] ?? '');
    const body = options.body === undefined ? '' : options.body.toString();
    this.notifies.push({ cseq: this.nextCSeq++, options, state, body });
    const auto = this.stack.answerNotifies;
    if (auto !== 'manual') return Promise.resolve(auto);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Answers the oldest unanswered NOTIFY (when the stack answers manually). */
  answer(outcome: InDialogOutcome): void {
    const resolve = this.waiting.shift();
    if (resolve === undefined) throw new Error('no NOTIFY is waiting for an answer');
    resolve(outcome);
  }

  get unanswered(): number {
    return this.waiting.length;
  }

  onSubscribe(handler: InDialogSubscribeHandler): Disposable {
    this.subscribeHandler = handler;
    return toDisposable(() => (this.subscribeHandler = undefined));
  }

  /** Delivers an in-dialog SUBSCRIBE (refresh or unsubscribe); 481 when the dialog is gone. */
  deliverSubscribe(request: SipRequest): RecordingRequest {
    const incoming = new RecordingRequest(request, this.source);
    if (this.terminated || this.subscribeHandler === undefined) incoming.respond(481, { reason: 'Call/Transaction Does Not Exist' });
    else this.subscribeHandler(incoming, this);
    return incoming;
  }

  terminate(): void {
    this.terminated = true;
    this.stack.dialogs.delete(this.id);
  }
}

/**
 * An in-memory `SipStack` for the adapter's tests: the test delivers requests and reads what
 * the adapter answered and notified. NOTIFYs are answered 200 at once unless `answerNotifies`
 * is set to another outcome or to `'manual'`.
 */
export class FakeSipStack implements SipStack {
  readonly dialogs = new Map<string, FakeDialog>();
  answerNotifies: InDialogOutcome | 'manual' = { status: 200, reason: 'OK', origin: 'peer' };
  capabilities: SipCapabilities | undefined;
  running = false;
  private subscribeHandler: ((request: IncomingSubscribe) => void) | undefined;
  private readonly handlers = new Map<string, (request: IncomingSipRequest) => void>();

  onRequest(method: string, handler: (request: IncomingSipRequest) => void): Disposable {
    this.handlers.set(method, handler);
    return toDisposable(() => this.handlers.delete(method));
  }

  onSubscribe(handler: (request: IncomingSubscribe) => void, capabilities?: SipCapabilities): Disposable {
    this.subscribeHandler = handler;
    this.capabilities = capabilities;
    return toDisposable(() => (this.subscribeHandler = undefined));
  }

  async start(): Promise<void> {
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
  }

  endpoints(): readonly string[] {
    return this.running ? ['udp:127.0.0.1:5060 (fake)'] : [];
  }

  /** Delivers an out-of-dialog SUBSCRIBE to the adapter. */
  deliverSubscribe(request: SipRequest, source: SipSource = loopback): RecordingSubscribe {
    const incoming = new RecordingSubscribe(request, source, this);
    if (this.subscribeHandler === undefined) incoming.respond(405, { reason: 'Method Not Allowed' });
    else this.subscribeHandler(incoming);
    return incoming;
  }
}

export type { RecordingRequest, RecordingSubscribe };
