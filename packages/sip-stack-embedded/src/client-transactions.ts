import { type InDialogOutcome, type ParsedSipMessage } from '@herald/sip-stack';
import { type SipTimers } from './embedded-sip-stack-options';
import { type ConnectionWaiter } from './transport/stream-connection';
import { type SentVia } from './transport/transports';
import { type TimerWheel, type WheelTimer } from './timer-wheel';

/**
 * A non-INVITE client transaction (RFC 3261 §17.1.2) for a request the stack sent (NOTIFY):
 * over UDP it retransmits on Timer E (T1 doubling up to T2, T2 once a provisional arrived);
 * Timer F (64·T1) ends it as a timeout; after the final response Timer K (T4 over UDP, zero
 * over TCP/TLS) absorbs retransmitted responses. A connection that closes ends it at once.
 */
class ClientTransaction implements ConnectionWaiter {
  private interval: number;
  private timerE: WheelTimer | undefined;
  private timerF: WheelTimer | undefined;
  private provisional = false;
  done = false;
  /** The way the request went, and who waits for its outcome: both let go once it ends. */
  private sent: SentVia | undefined;
  private finish: ((outcome: InDialogOutcome) => void) | undefined;

  constructor(
    readonly branch: string,
    readonly method: string,
    sent: SentVia,
    private readonly owner: ClientTransactions,
    finish: (outcome: InDialogOutcome) => void,
  ) {
    this.sent = sent;
    this.finish = finish;
    const { t1Ms } = owner.timers;
    this.interval = t1Ms;
    if (sent.kind === 'udp') this.timerE = owner.wheel.schedule(t1Ms, () => this.retransmit());
    else sent.connection.waiters.add(this);
    this.timerF = owner.wheel.schedule(64 * t1Ms, () => this.end({ status: 408, reason: 'Request Timeout', origin: 'timeout' }, false));
  }

  response(message: ParsedSipMessage): void {
    if (this.done) return;
    if (message.status < 200) {
      this.provisional = true;
      return;
    }
    this.end({ status: message.status, reason: message.reason, origin: 'peer' }, true);
  }

  connectionClosed(): void {
    this.end({ status: 503, reason: 'Service Unavailable (connection closed)', origin: 'transport' }, false);
  }

  /**
   * Ends the transaction with `outcome`; keeps absorbing responses for Timer K when asked. What
   * lingers is the branch and method only: the request's bytes (and its send closure) and the
   * waiter's continuation are dropped, since 5 s of NOTIFYs at thousands a second kept alive
   * is tens of MiB the collector has to copy.
   */
  end(outcome: InDialogOutcome, linger: boolean): void {
    if (this.done) return;
    this.done = true;
    this.timerE?.cancel();
    this.timerF?.cancel();
    const { sent, finish } = this;
    this.sent = undefined;
    this.finish = undefined;
    if (sent?.kind === 'stream') sent.connection.waiters.delete(this);
    if (linger && sent?.kind === 'udp') this.owner.wheel.schedule(this.owner.timers.t4Ms, () => this.owner.forget(this));
    else this.owner.forget(this);
    finish?.(outcome);
  }

  private retransmit(): void {
    if (this.done || this.sent?.kind !== 'udp') return;
    this.sent.resend();
    this.interval = this.provisional ? this.owner.timers.t2Ms : Math.min(this.interval * 2, this.owner.timers.t2Ms);
    this.timerE = this.owner.wheel.schedule(this.interval, () => this.retransmit());
  }
}

/** The client transactions in progress, found by branch when a response arrives. Bounded. */
export class ClientTransactions {
  private readonly table = new Map<string, ClientTransaction>();

  constructor(
    readonly wheel: TimerWheel,
    readonly timers: SipTimers,
    private readonly max: number,
  ) {}

  get size(): number {
    return this.table.size;
  }

  /** Whether another transaction may start. */
  get full(): boolean {
    return this.table.size >= this.max;
  }

  /** Starts the transaction of a request that has just been sent. */
  start(branch: string, method: string, sent: SentVia, finish: (outcome: InDialogOutcome) => void): void {
    this.table.set(branch, new ClientTransaction(branch, method, sent, this, finish));
  }

  /** Matches a response (RFC 3261 §17.1.3: branch and CSeq method); false when none matches. */
  onResponse(message: ParsedSipMessage): boolean {
    const branch = message.topVia?.branch;
    const transaction = branch === undefined ? undefined : this.table.get(branch);
    if (transaction === undefined || transaction.method !== message.cseq.method) return false;
    transaction.response(message);
    return true;
  }

  forget(transaction: ClientTransaction): void {
    if (this.table.get(transaction.branch) === transaction) this.table.delete(transaction.branch);
  }

  /** Ends every transaction as a transport failure (the stack is stopping). */
  failAll(): void {
    for (const transaction of [...this.table.values()]) {
      transaction.end({ status: 503, reason: 'Service Unavailable (SIP stack stopped)', origin: 'transport' }, false);
    }
    this.table.clear();
  }
}
