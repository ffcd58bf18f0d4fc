import { detachString, type ParsedSipMessage, unpooledCopy } from '@herald/sip-stack';
import { type ReplyPath } from './reply-path';
import { type TimerWheel, type WheelTimer } from './timer-wheel';

const TRYING = 0;
const PROCEEDING = 1;
const COMPLETED = 2;

/**
 * A non-INVITE server transaction (RFC 3261 §17.2.2) for a request given to a handler:
 * retransmissions of the request are absorbed while the handler works, and answered with the
 * last response once there is one. It is kept for Timer J (64·T1) over UDP, not at all over
 * TCP/TLS. It holds the request only until the final response.
 */
export class ServerTransaction {
  state = TRYING;
  lastResponse: Buffer | undefined;
  timer: WheelTimer | undefined;

  constructor(
    readonly key: string,
    readonly path: ReplyPath,
    /** The To tag of this transaction's responses. */
    readonly toTag: string,
    /** The top Via as the responses carry it (received/rport filled in), if it changes. */
    readonly topVia: string | undefined,
  ) {}

  get completed(): boolean {
    return this.state === COMPLETED;
  }
}

/**
 * The server transactions, bounded: when the table is full, the oldest completed transaction
 * (kept only to absorb retransmissions) makes room; when none is completed, the caller must
 * refuse the request.
 */
export class ServerTransactions {
  private readonly table = new Map<string, ServerTransaction>();

  constructor(
    private readonly wheel: TimerWheel,
    private readonly max: number,
    /** Timer J for UDP: 64·T1. */
    private readonly timerJMs: number,
  ) {}

  get size(): number {
    return this.table.size;
  }

  /**
   * The key of a request's transaction (RFC 3261 §17.2.3): the branch, sent-by and method when
   * the branch has the magic cookie; RFC 2543 peers get Call-ID, From tag, CSeq and Via instead.
   */
  static keyOf(message: ParsedSipMessage, method = message.method): string {
    const via = message.topVia;
    if (via?.branch !== undefined && via.branch.startsWith('z9hG4bK')) return `${via.branch}|${via.host}:${via.port ?? ''}|${method}`;
    return `2543|${message.callId}|${message.from.tag ?? ''}|${message.cseq.seq}|${via?.host ?? ''}:${via?.port ?? ''}|${method}`;
  }

  find(key: string): ServerTransaction | undefined {
    return this.table.get(key);
  }

  /** A new transaction, or undefined when the table is full of unanswered ones. */
  create(key: string, path: ReplyPath, toTag: string, topVia: string | undefined): ServerTransaction | undefined {
    if (this.table.size >= this.max && !this.evictOneCompleted()) return undefined;
    // Kept for up to Timer J (and as the table's key): copies, so that the request's header
    // block can be collected.
    const transaction = new ServerTransaction(detachString(key), path, toTag, topVia === undefined ? undefined : detachString(topVia));
    this.table.set(transaction.key, transaction);
    return transaction;
  }

  /** Records a response sent in the transaction; a final one completes it. */
  responded(transaction: ServerTransaction, response: Buffer, final: boolean): void {
    // Only UDP retransmits responses; kept there for Timer J, in a buffer of its own.
    transaction.lastResponse = transaction.path.kind === 'udp' ? unpooledCopy(response) : undefined;
    if (!final) {
      transaction.state = PROCEEDING;
      return;
    }
    transaction.state = COMPLETED;
    transaction.timer?.cancel();
    if (transaction.path.kind === 'udp') {
      transaction.timer = this.wheel.schedule(this.timerJMs, () => this.remove(transaction));
    } else {
      this.remove(transaction);
    }
  }

  remove(transaction: ServerTransaction): void {
    transaction.timer?.cancel();
    transaction.timer = undefined;
    if (this.table.get(transaction.key) === transaction) this.table.delete(transaction.key);
  }

  clear(): void {
    for (const transaction of this.table.values()) transaction.timer?.cancel();
    this.table.clear();
  }

  private evictOneCompleted(): boolean {
    // Insertion order is creation order: completed transactions cluster at the front. The scan
    // is capped so that a table full of unanswered requests costs little per refusal.
    let looked = 0;
    for (const transaction of this.table.values()) {
      if (transaction.completed) {
        this.remove(transaction);
        return true;
      }
      if (++looked >= 64) break;
    }
    return false;
  }
}
