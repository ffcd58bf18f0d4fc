import { contentLength } from './parse-datagram';
import { type ParsedSipMessage } from './parsed-sip-message';
import { CRLFCRLF, scanHead, setProblem } from './scan-message';
import { defaultSipLimits, type SipLimits } from './sip-limits';

/** What the decoder has for the caller. */
export type SipStreamEvent =
  /** A complete message; `problem` may be set (answer it, the stream stays in step). */
  | { readonly kind: 'message'; readonly message: ParsedSipMessage }
  /** A CRLFCRLF keep-alive (RFC 5626 §3.5.1): answer with one CRLF. */
  | { readonly kind: 'ping' }
  /** Nothing complete yet. `waitingForBody` says a header block is in and its body is not. */
  | { readonly kind: 'need-more'; readonly waitingForBody: boolean }
  /**
   * The stream cannot be framed any more (RFC 3261 §18.3: no Content-Length, a bad one, or too
   * much data): answer `message` if there is one, then close the connection.
   */
  | { readonly kind: 'fatal'; readonly reason: string; readonly message?: ParsedSipMessage };

const needMore = { kind: 'need-more', waitingForBody: false } as const;
const needBody = { kind: 'need-more', waitingForBody: true } as const;
const ping = { kind: 'ping' } as const;

/**
 * Frames SIP messages on a TCP or TLS byte stream by Content-Length, which is mandatory there.
 * Feed it chunks with `push`, then call `next` until it says `need-more`. It holds at most
 * one message's worth of bytes (the message size limit); beyond that it gives up.
 */
export class SipStreamDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  /** How far the search for the end of the header block has got, so it is not repeated. */
  private searchedTo = 0;
  private pending: { message: ParsedSipMessage; bodyStart: number; total: number } | undefined;

  constructor(private readonly limits: SipLimits = defaultSipLimits) {}

  /** Bytes received and not yet returned as a message. */
  get buffered(): number {
    return this.buffer.length;
  }

  /** Forgets everything buffered (after a fatal framing error, before reusing the decoder). */
  reset(): void {
    this.buffer = Buffer.alloc(0);
    this.searchedTo = 0;
    this.pending = undefined;
  }

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  next(): SipStreamEvent {
    const data = this.buffer;
    if (this.pending === undefined) {
      let start = 0;
      while (start + 1 < data.length && data[start] === 0x0d && data[start + 1] === 0x0a) start += 2;
      if (start >= 4) {
        this.consume(4);
        return ping;
      }
      if (start === 2) {
        // One CRLF: ignored before a start line, unless it is the first half of a ping.
        if (data.length === 2) return needMore;
        this.consume(2);
      }
      if (this.buffer.length === 0 || (this.buffer.length === 1 && this.buffer[0] === 0x0d)) return needMore;
      return this.scanHeader();
    }
    if (data.length < this.pending.total) return needBody;
    return this.complete();
  }

  private scanHeader(): SipStreamEvent {
    const data = this.buffer;
    const headEnd = data.indexOf(CRLFCRLF, Math.max(0, this.searchedTo - 3));
    if (headEnd < 0) {
      this.searchedTo = data.length;
      if (data.length > this.limits.maxMessageBytes) return { kind: 'fatal', reason: `no end of header block within ${this.limits.maxMessageBytes} bytes` };
      return needMore;
    }
    const message = scanHead(data, 0, headEnd, this.limits);
    if (typeof message === 'string') return { kind: 'fatal', reason: message };
    const length = contentLength(message, this.limits);
    if (length === undefined) {
      setProblem(message, 400, 'Missing Content-Length (required on TCP and TLS)');
      return { kind: 'fatal', reason: 'message without Content-Length on a stream', message };
    }
    if (length < 0) return { kind: 'fatal', reason: message.problem?.reason ?? 'bad Content-Length', message };
    const total = headEnd + 4 + length;
    if (total > this.limits.maxMessageBytes) {
      setProblem(message, 513, `Message Too Large (limit ${this.limits.maxMessageBytes} bytes)`);
      return { kind: 'fatal', reason: 'message too large', message };
    }
    this.pending = { message, bodyStart: headEnd + 4, total };
    if (data.length < total) return needBody;
    return this.complete();
  }

  private complete(): SipStreamEvent {
    const { message, bodyStart, total } = this.pending as { message: ParsedSipMessage; bodyStart: number; total: number };
    // A copy, so that the message does not keep the connection's read buffer alive.
    if (total > bodyStart) message.body = Buffer.from(this.buffer.subarray(bodyStart, total));
    this.pending = undefined;
    this.consume(total);
    return { kind: 'message', message };
  }

  private consume(bytes: number): void {
    this.buffer = this.buffer.subarray(bytes);
    this.searchedTo = 0;
  }
}
