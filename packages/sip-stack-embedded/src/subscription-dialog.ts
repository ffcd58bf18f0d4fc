import { type Disposable, toDisposable } from '@herald/core';
import {
  type InDialogSubscribeHandler,
  type InDialogOutcome,
  type InDialogRequestOptions,
  type NameAddr,
  parseNameAddr,
  type SipSource,
  type SubscriptionDialog,
} from '@herald/sip-stack';
import { type StreamConnection } from './transport/stream-connection';
import { type UdpListener } from './transport/udp-listener';

/** What a dialog needs from the stack. */
export interface DialogHost {
  sendInDialog(dialog: SubscriptionDialogImpl, method: 'NOTIFY', options: InDialogRequestOptions): Promise<InDialogOutcome>;
  forget(dialog: SubscriptionDialogImpl): void;
}

/** The state RFC 3261 §12 keeps for a dialog, created from the SUBSCRIBE and its 2xx. */
export interface DialogState {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  /** The To of the SUBSCRIBE, without our tag (shared by every dialog with the same To). */
  readonly localFieldBase: string;
  /** The From of the SUBSCRIBE: the To of our requests. */
  readonly remoteField: string;
  /** Record-Route values of the SUBSCRIBE, in order. */
  readonly routeSet: readonly string[];
  /** The subscriber's Contact URI. */
  readonly remoteTarget: string;
  readonly remoteCSeq: number;
  readonly firstLocalCSeq: number;
  /** Our Contact, as sent in the 2xx. */
  readonly contact: string;
  readonly source: SipSource;
}

/**
 * The notifier's side of one subscription dialog. Kept small (strings and numbers; the parsed
 * name-addrs are rebuilt on request), because a node holds a hundred thousand of them.
 */
export class SubscriptionDialogImpl implements SubscriptionDialog {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  /** The To of the SUBSCRIBE without our tag; watchers of one room share the string. */
  readonly localFieldBase: string;
  readonly remoteField: string;
  readonly routeSet: readonly string[];
  readonly contact: string;
  source: SipSource;
  remoteTarget: string;
  remoteCSeq: number;
  terminated = false;
  /** Where the subscriber's requests arrive: used to send ours back the same way. */
  udpListener: UdpListener | undefined;
  connection: StreamConnection | undefined;
  handler: InDialogSubscribeHandler | undefined;
  private localCSeq: number;

  constructor(
    state: DialogState,
    private readonly host: DialogHost,
  ) {
    this.callId = state.callId;
    this.localTag = state.localTag;
    this.remoteTag = state.remoteTag;
    this.localFieldBase = state.localFieldBase;
    this.remoteField = state.remoteField;
    this.routeSet = state.routeSet;
    this.remoteTarget = state.remoteTarget;
    this.remoteCSeq = state.remoteCSeq;
    this.localCSeq = state.firstLocalCSeq;
    this.contact = state.contact;
    this.source = state.source;
  }

  get id(): string {
    return this.localTag;
  }

  /** The To of the SUBSCRIBE plus our tag: the From of our requests. */
  get localField(): string {
    return `${this.localFieldBase};tag=${this.localTag}`;
  }

  get remote(): NameAddr {
    return parseNameAddr(this.remoteField) ?? noNameAddr;
  }

  get local(): NameAddr {
    const parsed = parseNameAddr(this.localFieldBase) ?? noNameAddr;
    const params = new Map(parsed.params);
    params.delete('tag');
    return { displayName: parsed.displayName, uri: parsed.uri, params, tag: undefined };
  }

  /** The CSeq number of the next request we send. */
  nextLocalCSeq(): number {
    return this.localCSeq++;
  }

  sendRequest(method: 'NOTIFY', options: InDialogRequestOptions): Promise<InDialogOutcome> {
    return this.host.sendInDialog(this, method, options);
  }

  onSubscribe(handler: InDialogSubscribeHandler): Disposable {
    this.handler = handler;
    return toDisposable(() => {
      if (this.handler === handler) this.handler = undefined;
    });
  }

  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.handler = undefined;
    this.host.forget(this);
  }
}

const noNameAddr: NameAddr = { uri: '', params: new Map() };

/**
 * The dialogs, found by Call-ID and tags (RFC 3261 §12.2.2). Bounded by the caller. Keyed by
 * the local tag alone, which this stack makes unique per dialog (see `TagSource`), and checked
 * against the Call-ID and remote tag on lookup: a key string built from all three would cost
 * every dialog another 100 bytes.
 */
export class DialogTable {
  private readonly table = new Map<string, SubscriptionDialogImpl>();

  constructor(readonly max: number) {}

  get size(): number {
    return this.table.size;
  }

  get full(): boolean {
    return this.table.size >= this.max;
  }

  /** The dialog a request belongs to: its To tag is ours, its From tag the subscriber's. */
  find(callId: string, localTag: string | undefined, remoteTag: string | undefined): SubscriptionDialogImpl | undefined {
    if (localTag === undefined) return undefined;
    const dialog = this.table.get(localTag);
    return dialog !== undefined && dialog.callId === callId && dialog.remoteTag === (remoteTag ?? '') ? dialog : undefined;
  }

  add(dialog: SubscriptionDialogImpl): void {
    this.table.set(dialog.localTag, dialog);
  }

  remove(dialog: SubscriptionDialogImpl): void {
    if (this.table.get(dialog.localTag) === dialog) this.table.delete(dialog.localTag);
  }

  /** Marks every dialog terminated and forgets them (the stack stopped). */
  clear(): void {
    for (const dialog of this.table.values()) dialog.terminated = true;
    this.table.clear();
  }
}
