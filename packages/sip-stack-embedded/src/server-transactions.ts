import { detachString, type ParsedSipMessage, unpooledCopy } from '@herald/sip-stack';
import { type ReplyPath } from './reply-path';
import { type TimerWheel, type WheelTimer } from './timer-wheel';

const TRYING = 0;
const PROCEEDING = 1;
const COMPLETED = 2;

/**
 * A non-INVITE server transaction (RFC 3261 §17.2.2) for a request given to a handler:
 * retransmissions of the request are absorbed while the handler works, and answered with the
 * last response once there is one. Over TCP/TLS it ends with the final response; over UDP its
 * completed state (Timer J, 64·T1) is kept as a bare entry in `CompletedResponses`.
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
 * The server transactions, bounded: transactions waiting for their handler's answer in one
 * table (when it is full, the caller refuses the request), and completed UDP transactions in a
 * compact store.
 *
 * A completed UDP transaction only has to answer retransmissions of its request for Timer J
 * (32 s with the default T1). At 2,000 new subscriptions a second that is 64,000 of them at
 * any time, so they keep no transaction object, reply path or timer each: a map from the key
 * to the response bytes, and the keys in completion order (one array of keys, one of
 * deadlines) walked by a single timer. A retransmission is answered on the reply path of the
 * retransmitted request itself, which is the original's (same source, same Via).
 */
export class ServerTransactions {
  private readonly table = new Map<string, ServerTransaction>();
  private readonly done: CompletedResponses;

  constructor(
    wheel: TimerWheel,
    private readonly max: number,
    /** Timer J for UDP: 64·T1. */
    timerJMs: number,
  ) {
    this.done = new CompletedResponses(wheel, max, timerJMs);
  }

  /** Transactions in progress and completed ones still absorbing retransmissions. */
  get size(): number {
    return this.table.size + this.done.size;
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

  /** A transaction still in progress (or completed over a stream, briefly). */
  find(key: string): ServerTransaction | undefined {
    return this.table.get(key);
  }

  /** The final response of a completed UDP transaction, while Timer J runs. */
  completedResponse(key: string): Buffer | undefined {
    return this.done.get(key);
  }

  /** Whether a transaction with this key exists, in progress or completed. */
  has(key: string): boolean {
    return this.table.has(key) || this.done.get(key) !== undefined;
  }

  /** A new transaction, or undefined when the table is full of unanswered ones. */
  create(key: string, path: ReplyPath, toTag: string, topVia: string | undefined): ServerTransaction | undefined {
    if (this.table.size >= this.max) return undefined;
    // Kept for up to Timer J (and as the table's key): copies, so that the request's header
    // block can be collected.
    const transaction = new ServerTransaction(detachString(key), path, toTag, topVia === undefined ? undefined : detachString(topVia));
    this.table.set(transaction.key, transaction);
    return transaction;
  }

  /**
   * Records a response sent in the transaction; a final one completes it. `sharedBody` is the
   * caller's own body buffer that ends `response`: kept by reference rather than copied.
   */
  responded(transaction: ServerTransaction, response: Buffer, final: boolean, sharedBody?: Buffer): void {
    const udp = transaction.path.kind === 'udp';
    if (!final) {
      // Only UDP retransmits; kept for a retransmitted request, in a buffer of its own.
      transaction.lastResponse = udp ? unpooledCopy(response) : undefined;
      transaction.state = PROCEEDING;
      return;
    }
    transaction.state = COMPLETED;
    this.remove(transaction);
    if (udp) this.done.add(transaction.key, response, sharedBody);
  }

  remove(transaction: ServerTransaction): void {
    transaction.timer?.cancel();
    transaction.timer = undefined;
    if (this.table.get(transaction.key) === transaction) this.table.delete(transaction.key);
  }

  clear(): void {
    for (const transaction of this.table.values()) transaction.timer?.cancel();
    this.table.clear();
    this.done.clear();
  }
}

/**
 * Final responses of completed UDP transactions by key, forgotten after Timer J in completion
 * order by one timer; at most `max` (the oldest go first when full). The bytes are kept as
 * latin1 text (one character per byte, so the round trip is exact): tens of thousands of small
 * buffers, each its own allocation outside V8's heap, fragment the process's memory, and a
 * response is read back only for a retransmitted request. A body the handler shares between
 * responses (a rendered presence document, the same for every watcher of a room) is kept by
 * reference, so that only the header block is stored per transaction.
 */
class CompletedResponses {
  private readonly responses = new Map<string, string | HeadAndBody>();
  private keys: string[] = [];
  private deadlines: number[] = [];
  private head = 0;
  private timer: WheelTimer | undefined;

  constructor(
    private readonly wheel: TimerWheel,
    private readonly max: number,
    private readonly keepMs: number,
  ) {}

  get size(): number {
    return this.responses.size;
  }

  get(key: string): Buffer | undefined {
    const response = this.responses.get(key);
    if (response === undefined) return undefined;
    if (typeof response === 'string') return Buffer.from(response, 'latin1');
    return Buffer.concat([Buffer.from(response.head, 'latin1'), response.body]);
  }

  add(key: string, response: Buffer, sharedBody: Buffer | undefined): void {
    if (this.responses.size >= this.max) this.forgetOldest();
    const headLength = response.length - (sharedBody?.length ?? 0);
    this.responses.set(
      key,
      sharedBody === undefined || sharedBody.length === 0 ? response.toString('latin1') : new HeadAndBody(response.toString('latin1', 0, headLength), sharedBody),
    );
    this.keys.push(key);
    this.deadlines.push(this.wheel.now() + this.keepMs);
    if (this.timer === undefined) this.arm();
  }

  clear(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.responses.clear();
    this.keys = [];
    this.deadlines = [];
    this.head = 0;
  }

  private arm(): void {
    if (this.head >= this.keys.length) return;
    this.timer = this.wheel.schedule(Math.max(0, this.deadlines[this.head] - this.wheel.now()), () => {
      this.timer = undefined;
      const now = this.wheel.now();
      while (this.head < this.keys.length && this.deadlines[this.head] <= now) this.forgetOldest();
      this.arm();
    });
  }

  private forgetOldest(): void {
    if (this.head >= this.keys.length) return;
    this.responses.delete(this.keys[this.head]);
    this.head++;
    // Drop the forgotten prefix now and then, so the arrays do not grow for ever.
    if (this.head > 4096 && this.head * 2 > this.keys.length) {
      this.keys = this.keys.slice(this.head);
      this.deadlines = this.deadlines.slice(this.head);
      this.head = 0;
    } else if (this.head === this.keys.length) {
      this.keys = [];
      this.deadlines = [];
      this.head = 0;
    }
  }
}

/** A stored response whose body is a buffer shared with other responses. */
class HeadAndBody {
  constructor(
    /** Status line and header fields, as latin1 text. */
    readonly head: string,
    readonly body: Buffer,
  ) {}
}
