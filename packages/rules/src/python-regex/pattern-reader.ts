import { type RegexRejection } from './regex-ast';

/**
 * Thrown inside the parser to stop at the first problem; `parsePythonRegex` turns it into a
 * result, so nothing escapes to callers.
 */
export class RejectionSignal extends Error {
  constructor(readonly rejection: RegexRejection) {
    super(rejection.reason);
  }
}

/** A cursor over a pattern's code points, with Python's tokenizer conventions. */
export class PatternReader {
  readonly cps: readonly number[];
  pos = 0;

  constructor(readonly pattern: string) {
    this.cps = Array.from(pattern, (c) => c.codePointAt(0) ?? 0);
  }

  get done(): boolean {
    return this.pos >= this.cps.length;
  }

  /** The next code point, or -1 at the end. */
  peek(offset = 0): number {
    return this.pos + offset < this.cps.length ? this.cps[this.pos + offset] : -1;
  }

  next(): number {
    return this.pos < this.cps.length ? this.cps[this.pos++] : -1;
  }

  /** Consumes `c` if it is next. */
  match(c: string): boolean {
    if (this.peek() === c.codePointAt(0)) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Up to `max` consecutive code points for which `test` holds. */
  takeWhile(max: number, test: (cp: number) => boolean): string {
    let out = '';
    while (out.length < max && !this.done && test(this.peek())) out += String.fromCodePoint(this.next());
    return out;
  }

  text(from: number, to = this.pos): string {
    return String.fromCodePoint(...this.cps.slice(from, to));
  }

  /** A syntax error Python reports too. */
  pythonError(position: number, construct: string, reason: string): never {
    throw new RejectionSignal({ construct, position, reason, pythonError: true });
  }

  /** A construct Python accepts but RE2 cannot run (or Herald does not support). */
  unsupported(position: number, construct: string, reason: string): never {
    throw new RejectionSignal({ construct, position, reason, pythonError: false });
  }
}

export const isDigit = (cp: number): boolean => cp >= 0x30 && cp <= 0x39;
export const isOctal = (cp: number): boolean => cp >= 0x30 && cp <= 0x37;
export const isHex = (cp: number): boolean => isDigit(cp) || (cp >= 0x41 && cp <= 0x46) || (cp >= 0x61 && cp <= 0x66);
export const isAsciiLetter = (cp: number): boolean => (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
/** Python's `re` verbose-mode whitespace. */
export const isVerboseSpace = (cp: number): boolean => cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);

/** Python's `str.isidentifier()`, which group names must satisfy. */
export function isPythonIdentifier(name: string): boolean {
  return /^[\p{XID_Start}_][\p{XID_Continue}]*$/u.test(name.normalize('NFKC'));
}
