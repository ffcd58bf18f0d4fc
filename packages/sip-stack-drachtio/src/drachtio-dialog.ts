import { type Socket } from 'node:net';
import { type Clock, type Disposable, type Logger, toDisposable } from '@herald/core';
import {
  type InDialogOutcome,
  type InDialogRequestOptions,
  type InDialogSubscribeHandler,
  type NameAddr,
  type SipSource,
  type SubscriptionDialog,
} from '@herald/sip-stack';

/** What a dialog needs to send a request in it. */
export interface InDialogSender {
  send(dialog: DrachtioDialog, method: 'NOTIFY', cseq: number, options: InDialogRequestOptions): Promise<InDialogOutcome>;
}

/** Where a dialog is known: the transport's table of subscription dialogs. */
export interface DialogOwner {
  release(dialog: DrachtioDialog): void;
}

export interface DialogInit {
  /** drachtio-server's dialog id (`<Call-ID>;from-tag=<remote tag>`). */
  readonly id: string;
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly remote: NameAddr;
  readonly local: NameAddr;
  readonly source: SipSource;
  /** Our Contact in this dialog: in the 2xx that created it, every refresh 2xx and every NOTIFY. */
  readonly contact: string;
  readonly firstLocalCSeq: number;
  /** Outbound mode: the connection drachtio-server opened for this dialog. */
  readonly socket: Socket | undefined;
  /** Monotonic ms after which the transport releases the dialog if nobody refreshed or ended it. */
  readonly deadline: number;
}

/**
 * The notifier's side of a subscription dialog that drachtio-server holds. drachtio-server keeps
 * the SIP state (route set, remote target, transport); Herald keeps the CSeq count, the Contact
 * drachtio-server does not add to NOTIFYs, the refresh handler and an expiry deadline.
 */
export class DrachtioDialog implements SubscriptionDialog {
  readonly id: string;
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly remote: NameAddr;
  readonly local: NameAddr;
  readonly contact: string;
  readonly socket: Socket | undefined;
  source: SipSource;
  deadline: number;
  handler: InDialogSubscribeHandler | undefined;
  private nextCSeq: number;
  private ended = false;

  constructor(
    init: DialogInit,
    private readonly sender: InDialogSender,
    private readonly owner: DialogOwner,
  ) {
    this.id = init.id;
    this.callId = init.callId;
    this.localTag = init.localTag;
    this.remoteTag = init.remoteTag;
    this.remote = init.remote;
    this.local = init.local;
    this.source = init.source;
    this.contact = init.contact;
    this.socket = init.socket;
    this.deadline = init.deadline;
    this.nextCSeq = init.firstLocalCSeq;
  }

  get terminated(): boolean {
    return this.ended;
  }

  sendRequest(method: 'NOTIFY', options: InDialogRequestOptions): Promise<InDialogOutcome> {
    if (this.ended) return Promise.resolve({ status: 481, reason: 'Call/Transaction Does Not Exist (dialog terminated)', origin: 'transport' });
    return this.sender.send(this, method, this.nextCSeq++, options);
  }

  onSubscribe(handler: InDialogSubscribeHandler): Disposable {
    this.handler = handler;
    return toDisposable(() => {
      if (this.handler === handler) this.handler = undefined;
    });
  }

  terminate(): void {
    if (this.ended) return;
    this.ended = true;
    this.handler = undefined;
    this.owner.release(this);
  }
}

/**
 * The dialogs this node serves, by drachtio-server's dialog id, bounded. Neither drachtio-srf
 * nor drachtio-server expires a subscription: the adapter's expiry wheel sends the final
 * NOTIFY, and this table's sweep releases any dialog whose deadline passed without a refresh
 * or a `terminate()`, so a lost unsubscribe can never keep an entry for ever. The sweep timer
 * runs only while the table holds dialogs.
 */
export class DialogTable implements DialogOwner {
  private readonly dialogs = new Map<string, DrachtioDialog>();
  private sweep: Disposable | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly max: number,
    private readonly sweepIntervalMs: number,
  ) {}

  get size(): number {
    return this.dialogs.size;
  }

  get full(): boolean {
    return this.dialogs.size >= this.max;
  }

  get(id: string | undefined): DrachtioDialog | undefined {
    return id === undefined ? undefined : this.dialogs.get(id);
  }

  add(dialog: DrachtioDialog): void {
    this.dialogs.get(dialog.id)?.terminate();
    this.dialogs.set(dialog.id, dialog);
    this.arm();
  }

  release(dialog: DrachtioDialog): void {
    if (this.dialogs.get(dialog.id) === dialog) this.dialogs.delete(dialog.id);
    if (this.dialogs.size === 0) this.disarm();
  }

  /** Every dialog, for a stop. */
  clear(): void {
    for (const dialog of [...this.dialogs.values()]) dialog.terminate();
    this.dialogs.clear();
    this.disarm();
  }

  /** Releases dialogs past their deadline; returns how many. */
  expire(now = this.clock.monotonic()): number {
    let count = 0;
    for (const dialog of [...this.dialogs.values()]) {
      if (dialog.deadline > now) continue;
      count++;
      dialog.terminate();
    }
    if (count > 0) this.logger.warn({ dialogs: count }, 'released subscription dialogs that outlived their Expires without a refresh or a final NOTIFY');
    return count;
  }

  private arm(): void {
    if (this.sweep !== undefined) return;
    this.sweep = this.clock.setTimer(this.sweepIntervalMs, () => {
      this.sweep = undefined;
      this.expire();
      if (this.dialogs.size > 0) this.arm();
    });
  }

  private disarm(): void {
    this.sweep?.dispose();
    this.sweep = undefined;
  }
}
