import { type Clock, type Disposable, type Logger } from '@herald/core';
import { bareHost, detachString, formatHostPort, type InDialogOutcome, type InDialogRequestOptions, parseNameAddr, parseSipUri, type PeerPolicy, type SipSource, type SipTransportName } from '@herald/sip-stack';
import { ClientTransactions } from './client-transactions';
import { type EmbeddedSipLimits, type EmbeddedSipStackOptions, type SipTimers } from './embedded-sip-stack-options';
import { type HandlerRegistry } from './handler-registry';
import { InDialogSender } from './in-dialog-sender';
import { type DialogFactory, type IncomingRequestImpl } from './incoming-request';
import { TargetResolver } from './next-hop';
import { RequestRouter } from './request-router';
import { Responder } from './responder';
import { ServerTransactions } from './server-transactions';
import { type DialogHost, DialogTable, SubscriptionDialogImpl } from './subscription-dialog';
import { TagSource } from './tags';
import { TimerWheel } from './timer-wheel';
import { Transports } from './transport/transports';

/** What a running stack is made of: created by `start`, discarded by `stop`. */
export class StackRuntime implements DialogFactory, DialogHost {
  readonly wheel: TimerWheel;
  readonly transports: Transports;
  readonly dialogs: DialogTable;
  readonly serverTransactions: ServerTransactions;
  readonly clientTransactions: ClientTransactions;
  private readonly router: RequestRouter;
  private readonly sender: InDialogSender;
  private readonly contactHost: string | undefined;
  private readonly idleMs: number;
  private sweep: Disposable | undefined;
  private readonly contacts = new Map<SipTransportName, string>();
  private readonly sources = new Map<string, SipSource>();
  private readonly toFields = new Map<string, string>();
  stopped = false;

  constructor(
    private readonly options: EmbeddedSipStackOptions,
    limits: EmbeddedSipLimits,
    timers: SipTimers,
    policy: PeerPolicy,
    handlers: HandlerRegistry,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    const now = (): number => clock.monotonic();
    const tags = new TagSource();
    // A resolution fine enough for shortened test timers, coarse enough to tick rarely.
    this.wheel = new TimerWheel(clock, Math.max(1, Math.min(10, Math.floor(timers.t1Ms / 4))));
    this.dialogs = new DialogTable(limits.maxDialogs);
    this.serverTransactions = new ServerTransactions(this.wheel, limits.maxServerTransactions, 64 * timers.t1Ms);
    this.clientTransactions = new ClientTransactions(this.wheel, timers, limits.maxClientTransactions);
    this.transports = new Transports(
      options.listen,
      limits,
      this.wheel,
      now,
      { datagram: (listener, data, remote) => this.router.datagram(listener, data, remote), streamMessage: (connection, message) => this.router.streamMessage(connection, message) },
      logger,
    );
    const responder = new Responder(
      () => this.transports,
      () => this.serverTransactions,
      tags,
      logger,
    );
    this.contactHost = contactHostOf(options.contact);
    this.router = new RequestRouter({
      clock,
      logger,
      limits,
      policy,
      handlers,
      tags,
      wheel: this.wheel,
      responder,
      serverTransactions: this.serverTransactions,
      clientTransactions: this.clientTransactions,
      dialogs: this.dialogs,
      dialogFactory: this,
    });
    this.sender = new InDialogSender(this.transports, this.clientTransactions, new TargetResolver(now), tags, this.contactHost, () => this.stopped, logger);
    this.idleMs = limits.idleConnectionMs;
  }

  async start(): Promise<void> {
    await this.transports.start();
    this.scheduleSweep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sweep?.dispose();
    this.clientTransactions.failAll();
    this.serverTransactions.clear();
    this.dialogs.clear();
    this.contacts.clear();
    this.sources.clear();
    this.toFields.clear();
    this.wheel.stop();
    await this.transports.stop();
  }

  create(request: IncomingRequestImpl, firstLocalCSeq: number): { dialog: SubscriptionDialogImpl; contact: string } | { refused: string } {
    if (this.dialogs.full) return { refused: `too many subscription dialogs (limit ${this.dialogs.max})` };
    const message = request.request;
    const localTag = request.transaction.toTag;
    const contact = this.sharedContact(request.source.transport);
    const dialog = new SubscriptionDialogImpl(
      {
        // Copies, so that the dialog does not keep the SUBSCRIBE's header block alive.
        callId: detachString(message.callId),
        localTag: detachString(localTag),
        remoteTag: detachString(message.from.tag ?? ''),
        localFieldBase: this.sharedToField(message.get('to') ?? ''),
        remoteField: detachString(message.get('from') ?? ''),
        routeSet: routeSetOf(message.getAll('record-route')),
        remoteTarget: detachString(parseNameAddr(message.get('contact') ?? '')?.uri ?? ''),
        remoteCSeq: message.cseq.seq,
        firstLocalCSeq,
        contact,
        source: this.shareSource(request.source),
      },
      this,
    );
    dialog.udpListener = request.arrival.udp;
    dialog.connection = request.arrival.connection;
    this.dialogs.add(dialog);
    return { dialog, contact };
  }

  sendInDialog(dialog: SubscriptionDialogImpl, method: 'NOTIFY', options: InDialogRequestOptions): Promise<InDialogOutcome> {
    return this.sender.send(dialog, method, options);
  }

  forget(dialog: SubscriptionDialogImpl): void {
    this.dialogs.remove(dialog);
  }

  endpoints(): string[] {
    return this.transports.endpoints();
  }

  /** Our Contact for dialogs that came in over `transport`: the configured one, or the listener's address. */
  /**
   * Every dialog of a transport has the same Contact, and dialogs from one peer the same source:
   * one string and one object for all of them rather than one per dialog, which at 100,000
   * dialogs is 15 MB. The source table is bounded and simply starts over when full.
   */
  private sharedContact(transport: SipTransportName): string {
    const known = this.contacts.get(transport);
    if (known !== undefined) return known;
    const contact = this.contactFor(transport);
    if (contact !== '<sip:invalid>') this.contacts.set(transport, contact);
    return contact;
  }

  /** The To field of a new dialog, shared with the other dialogs addressed the same way (the watchers of one room). */
  private sharedToField(field: string): string {
    const known = this.toFields.get(field);
    if (known !== undefined) return known;
    if (this.toFields.size >= maxSharedToFields) this.toFields.clear();
    const copy = detachString(field);
    this.toFields.set(copy, copy);
    return copy;
  }

  shareSource(source: SipSource): SipSource {
    if (source.tlsPeerNames.length > 0) return source;
    const key = `${source.transport} ${source.address} ${source.port}`;
    const known = this.sources.get(key);
    if (known !== undefined) return known;
    if (this.sources.size >= maxSharedSources) this.sources.clear();
    const shared: SipSource = { transport: source.transport, address: detachString(source.address), port: source.port, tlsPeerNames: source.tlsPeerNames };
    this.sources.set(key, shared);
    return shared;
  }

  private contactFor(transport: SipTransportName): string {
    if (this.options.contact !== undefined) return this.options.contact.startsWith('<') ? this.options.contact : `<${this.options.contact}>`;
    const local = this.transports.advertised(transport, undefined);
    if (local === undefined) return '<sip:invalid>';
    return `<sip:${formatHostPort(local.host, local.port)}${transport === 'udp' ? '' : `;transport=${transport}`}>`;
  }

  private scheduleSweep(): void {
    if (this.stopped) return;
    this.sweep = this.clock.setTimer(Math.max(1000, Math.min(30_000, this.idleMs / 4)), () => {
      this.transports.connections.sweepIdle();
      this.scheduleSweep();
    });
  }
}

/** The host of the configured Contact URI, used in Via when listening on a wildcard address. */
function contactHostOf(contact: string | undefined): string | undefined {
  if (contact === undefined) return undefined;
  const uri = parseSipUri(parseNameAddr(contact)?.uri ?? contact);
  return uri === undefined ? undefined : bareHost(uri.host);
}

const noRoutes: readonly string[] = Object.freeze([]);
/** To fields dialogs share, about one per watched room or contact; past it the table starts over. */
const maxSharedToFields = 4096;
/** Peers whose source objects dialogs share (a pool of Front Ends is a few dozen). */
const maxSharedSources = 4096;

/** The dialog's route set; dialogs without one (nearly all) share one empty array. */
function routeSetOf(recordRoutes: readonly string[]): readonly string[] {
  return recordRoutes.length === 0 ? noRoutes : recordRoutes.map(detachString);
}
