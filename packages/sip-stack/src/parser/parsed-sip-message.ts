import { type NameAddr, type SipHeaders, type SipRequest } from '../sip-message';
import { firstListElement, splitList } from './header-values';
import { canonicalHeaderName, listHeaders } from './header-names';
import { type Via } from './via';

/** Why a message cannot be processed as received, and the status that says so. */
export interface SipProblem {
  /** 400, 413, 414, 505 or 513 (RFC 3261 §21). */
  readonly status: number;
  /** A reason phrase that names what was wrong, e.g. `Malformed CSeq header`. */
  readonly reason: string;
}

/**
 * A SIP message as scanned: the start line, each header field as offsets into the header
 * block, and the body. Structured values (Via, name-addr, CSeq) are parsed on request. The
 * header block is kept as latin1 text so that offsets are byte offsets and lines can be copied
 * into responses byte for byte; values are decoded as UTF-8 when read.
 */
export class ParsedSipMessage implements SipHeaders, SipRequest {
  /** Request method (upper-case as written); empty for responses. */
  method = '';
  /** Request-URI; empty for responses. */
  uri = '';
  /** Response status; 0 for requests. */
  status = 0;
  /** Response reason phrase; empty for requests. */
  reason = '';
  body: Buffer = emptyBody;
  /** Set when the message cannot be handled as received; the header fields may be incomplete. */
  problem: SipProblem | undefined;

  // Filled in by checkRequest / checkResponse once the fields every message needs were verified.
  callId = '';
  cseq: { readonly seq: number; readonly method: string } = noCSeq;
  from: NameAddr = noNameAddr;
  to: NameAddr = noNameAddr;
  /** The first Via value, parsed (after the check). */
  topVia: Via | undefined;

  /** Canonical header names, in order. */
  readonly names: string[] = [];
  /** Where each header line starts in `head`. */
  readonly lineStarts: number[] = [];
  /** Where each value starts and ends (trimmed) in `head`. */
  readonly valueStarts: number[] = [];
  readonly valueEnds: number[] = [];
  /** Indexes of folded header fields (continuation lines), rarely any. */
  folded: Set<number> | undefined;

  constructor(
    /** The header block as latin1 text: start line and header lines, without the blank line. */
    readonly head: string,
    /** True when the header block holds only ASCII: values need no UTF-8 decoding. */
    readonly ascii: boolean,
    readonly isRequest: boolean,
  ) {}

  get headers(): SipHeaders {
    return this;
  }

  get headerCount(): number {
    return this.names.length;
  }

  /** The value of header field `index`, unfolded and decoded. */
  value(index: number): string {
    let v = this.head.slice(this.valueStarts[index], this.valueEnds[index]);
    if (this.folded?.has(index)) v = unfold(v);
    return this.ascii ? v : Buffer.from(v, 'latin1').toString('utf8');
  }

  /**
   * Header field `index` as a line to copy into another message (without CRLF), in wire
   * bytes as latin1 text: verbatim, or rewritten as `Name: value` when it was folded.
   */
  rawLine(index: number): string {
    const start = this.lineStarts[index] as number;
    if (!this.folded?.has(index)) return this.head.slice(start, this.valueEnds[index]);
    const colon = this.head.indexOf(':', start);
    const name = this.head.slice(start, colon).trimEnd();
    return `${name}: ${unfold(this.head.slice(this.valueStarts[index], this.valueEnds[index]))}`;
  }

  /** Index of the first header field named `canonical`, or -1. */
  indexOf(canonical: string, from = 0): number {
    const names = this.names;
    for (let i = from; i < names.length; i++) if (names[i] === canonical) return i;
    return -1;
  }

  get(name: string): string | undefined {
    const key = canonicalHeaderName(name);
    const i = this.indexOf(key);
    if (i < 0) return undefined;
    const v = this.value(i);
    return listHeaders.has(key) ? firstListElement(v) : v;
  }

  getAll(name: string): readonly string[] {
    const key = canonicalHeaderName(name);
    const list = listHeaders.has(key);
    const out: string[] = [];
    for (let i = this.indexOf(key); i >= 0; i = this.indexOf(key, i + 1)) {
      if (list) out.push(...splitList(this.value(i)));
      else out.push(this.value(i));
    }
    return out;
  }

  has(name: string): boolean {
    return this.indexOf(canonicalHeaderName(name)) >= 0;
  }

  /** How many header fields are named `canonical`. */
  count(canonical: string): number {
    let n = 0;
    for (const name of this.names) if (name === canonical) n++;
    return n;
  }
}

/** Replaces each line fold (optional whitespace, CRLF, whitespace) by one space. */
export function unfold(text: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const crlf = text.indexOf('\r\n', i);
    if (crlf < 0) return out + text.slice(i);
    let a = crlf;
    while (a > i && (text.charCodeAt(a - 1) === 0x20 || text.charCodeAt(a - 1) === 0x09)) a--;
    out += `${text.slice(i, a)} `;
    i = crlf + 2;
    while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  }
}

const emptyBody = Buffer.alloc(0);
const noCSeq = { seq: 0, method: '' };
const noNameAddr: NameAddr = { uri: '', params: new Map() };
