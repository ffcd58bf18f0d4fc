import { type ClassItem, type ParsedRegex, type RegexNode, type RegexRejection } from './regex-ast';
import { parseEscape } from './parse-escape';
import { isDigit, isPythonIdentifier, isVerboseSpace, PatternReader, RejectionSignal } from './pattern-reader';

/**
 * A parser for Python's `re` syntax (as of Python 3.11, for `str` patterns), written after
 * `sre_parse` so that it accepts what Python accepts, refuses what Python refuses with a
 * similar message, and refuses on top what RE2 cannot run in linear time (backreferences,
 * lookaround, conditionals, atomic groups, possessive quantifiers).
 *
 * Hand-written, because nothing on npm does this: the translators that exist target
 * JavaScript's RegExp (which keeps backreferences and lookaround, so they do not reject them),
 * and none reports the construct and position an operator needs to fix a rule.
 */
export type ParseResult = { readonly ok: true; readonly regex: ParsedRegex } | { readonly ok: false; readonly rejection: RegexRejection };

/** The flags in force while parsing: IGNORECASE is always on, as on the platform. */
interface Flags {
  readonly ignoreCase: boolean;
  readonly multiline: boolean;
  readonly dotAll: boolean;
  readonly verbose: boolean;
}

const flagLetters = new Set(['i', 'L', 'm', 's', 'x', 'a', 't', 'u']);
const specialChars = new Set(['.', '\\', '[', '{', '(', ')', '*', '+', '?', '^', '$', '|']);
const repeatChars = new Set(['*', '+', '?', '{']);

export function parsePythonRegex(pattern: string): ParseResult {
  try {
    return { ok: true, regex: new Parser(pattern).parse() };
  } catch (error) {
    if (error instanceof RejectionSignal) return { ok: false, rejection: error.rejection };
    throw error;
  }
}

class Parser {
  private readonly reader: PatternReader;
  private groupCount = 0;
  private readonly closedGroups = new Set<number>();
  private readonly groupNames = new Map<string, number>();
  /** Flags set by `(?…)` at the start of the pattern, for the whole pattern. */
  private globalFlags: Flags = { ignoreCase: true, multiline: false, dotAll: false, verbose: false };

  constructor(pattern: string) {
    this.reader = new PatternReader(pattern);
  }

  parse(): ParsedRegex {
    const root = this.parseAlternation(this.globalFlags, 0);
    if (!this.reader.done) this.reader.pythonError(this.reader.pos, ')', 'unbalanced parenthesis: this ) closes no group');
    return { root, groupCount: this.groupCount, groupNames: this.groupNames };
  }

  private parseAlternation(flags: Flags, depth: number): RegexNode {
    const branches: RegexNode[] = [];
    for (;;) {
      const result = this.parseSequence(depth === 0 && branches.length === 0 ? undefined : flags, depth);
      branches.push(result.node);
      flags = result.flags;
      if (!this.reader.match('|')) break;
    }
    return branches.length === 1 ? branches[0] : { kind: 'alt', items: branches };
  }

  /**
   * One branch of an alternation. `flags` is undefined for the first branch of the whole
   * pattern, where global flags like `(?x)` may still appear (and then change the flags).
   */
  private parseSequence(inherited: Flags | undefined, depth: number): { node: RegexNode; flags: Flags } {
    const reader: PatternReader = this.reader;
    const first = inherited === undefined;
    let flags = inherited ?? this.globalFlags;
    const items: RegexNode[] = [];
    for (;;) {
      const c = reader.peek();
      if (c === -1 || c === 0x7c /* | */ || c === 0x29 /* ) */) break;
      const start = reader.pos;
      reader.next();
      const ch = String.fromCodePoint(c);
      if (flags.verbose) {
        if (isVerboseSpace(c)) continue;
        if (ch === '#') {
          while (!reader.done && reader.next() !== 0x0a);
          continue;
        }
      }
      if (ch === '\\') {
        const escape = parseEscape(reader, start, false, (n) => this.groupState(n));
        if (escape.kind === 'char') items.push({ kind: 'char', cp: escape.cp, ignoreCase: flags.ignoreCase, pos: start, escaped: true });
        else if (escape.kind === 'category') {
          items.push({ kind: 'class', negated: false, items: [{ kind: 'category', name: escape.name }], ignoreCase: flags.ignoreCase, pos: start, bare: true });
        } else items.push({ kind: 'assert', at: escape.at, pos: start });
      } else if (!specialChars.has(ch)) {
        items.push({ kind: 'char', cp: c, ignoreCase: flags.ignoreCase, pos: start, escaped: false });
      } else if (ch === '[') {
        items.push(this.parseClass(start, flags));
      } else if (repeatChars.has(ch)) {
        this.parseRepeat(ch, start, items);
      } else if (ch === '.') {
        items.push({ kind: 'any', dotAll: flags.dotAll, pos: start });
      } else if (ch === '^') {
        items.push({ kind: 'assert', at: flags.multiline ? 'lineStart' : 'start', pos: start });
      } else if (ch === '$') {
        items.push({ kind: 'assert', at: flags.multiline ? 'lineEnd' : 'endOrFinalNewline', pos: start });
      } else if (ch === '(') {
        const group = this.parseGroup(start, flags, depth, first && items.length === 0);
        if (group.kind === 'node') items.push(group.node);
        else if (group.kind === 'global') {
          flags = group.flags;
          this.globalFlags = group.flags;
        }
      }
    }
    const node: RegexNode = items.length === 0 ? { kind: 'empty' } : items.length === 1 ? items[0] : { kind: 'concat', items };
    return { node, flags };
  }

  private groupState(n: number): 'closed' | 'open' | 'none' {
    if (n < 1 || n > this.groupCount) return 'none';
    return this.closedGroups.has(n) ? 'closed' : 'open';
  }

  private parseRepeat(ch: string, start: number, items: RegexNode[]): void {
    const reader: PatternReader = this.reader;
    let min: number;
    let max: number;
    if (ch === '?') [min, max] = [0, 1];
    else if (ch === '*') [min, max] = [0, Infinity];
    else if (ch === '+') [min, max] = [1, Infinity];
    else {
      // `{` is a quantifier only when it reads `{m}`, `{m,}`, `{,n}`, `{m,n}` or `{,}`;
      // otherwise it is a literal brace, as in Python.
      const here = reader.pos;
      if (reader.peek() === 0x7d) {
        items.push({ kind: 'char', cp: 0x7b, ignoreCase: false, pos: start, escaped: false });
        return;
      }
      const lo = reader.takeWhile(Infinity, isDigit);
      let hi = lo;
      if (reader.match(',')) hi = reader.takeWhile(Infinity, isDigit);
      if (!reader.match('}')) {
        reader.pos = here;
        items.push({ kind: 'char', cp: 0x7b, ignoreCase: false, pos: start, escaped: false });
        return;
      }
      min = lo === '' ? 0 : Number(lo);
      max = hi === '' ? Infinity : Number(hi);
      if (min >= 0xffffffff || (max !== Infinity && max >= 0xffffffff)) reader.pythonError(start, reader.text(start), 'the repetition number is too large');
      if (max < min) reader.pythonError(start, reader.text(start), `min repeat greater than max repeat in ${reader.text(start)}`);
    }
    const item = items[items.length - 1];
    if (item === undefined || item.kind === 'assert' || item.kind === 'empty') {
      reader.pythonError(start, reader.text(start), `nothing to repeat: ${reader.text(start)} follows ${item === undefined ? 'nothing' : 'an anchor'}`);
    }
    if (item.kind === 'repeat') reader.pythonError(start, reader.text(start), `multiple repeat: ${reader.text(start)} follows another quantifier`);
    let greedy = true;
    if (reader.match('?')) greedy = false;
    else if (reader.match('+')) {
      reader.unsupported(
        start,
        reader.text(start),
        `possessive quantifier ${reader.text(start)} needs backtracking control, which RE2 does not have; drop the trailing +`,
      );
    }
    items[items.length - 1] = { kind: 'repeat', child: item, min, max, greedy, pos: start };
  }

  private parseGroup(
    start: number,
    flags: Flags,
    depth: number,
    atPatternStart: boolean,
  ): { kind: 'node'; node: RegexNode } | { kind: 'global'; flags: Flags } | { kind: 'nothing' } {
    const reader: PatternReader = this.reader;
    let capture = true;
    let name: string | undefined;
    let inner = flags;
    if (reader.match('?')) {
      const c = reader.next();
      const ch = c === -1 ? '' : String.fromCodePoint(c);
      if (c === -1) reader.pythonError(start, '(?', 'unexpected end of pattern after (?');
      if (ch === 'P') {
        if (reader.match('<')) {
          name = this.readName('>', start);
          if (!isPythonIdentifier(name)) reader.pythonError(start, `(?P<${name}>`, `bad character in group name '${name}'`);
          const previous = this.groupNames.get(name);
          if (previous !== undefined) {
            reader.pythonError(start, `(?P<${name}>`, `redefinition of group name '${name}' as group ${this.groupCount + 1}; was group ${previous}`);
          }
        } else if (reader.match('=')) {
          const ref = this.readName(')', start);
          const written = `(?P=${ref})`;
          if (!isPythonIdentifier(ref)) reader.pythonError(start, written, `bad character in group name '${ref}'`);
          const target = this.groupNames.get(ref);
          if (target === undefined) reader.pythonError(start, written, `unknown group name '${ref}'`);
          if (!this.closedGroups.has(target)) reader.pythonError(start, written, `cannot refer to an open group (${written})`);
          reader.unsupported(start, written, `backreference ${written} matches the text group '${ref}' matched; RE2 cannot do that in linear time. List the alternatives explicitly instead`);
        } else {
          reader.pythonError(start, reader.text(start, reader.pos + 1), `unknown extension ${reader.text(start + 1, reader.pos + 1)}`);
        }
      } else if (ch === ':') {
        capture = false;
      } else if (ch === '#') {
        for (;;) {
          if (reader.done) reader.pythonError(start, '(?#', 'missing ), unterminated comment');
          if (reader.next() === 0x29) break;
        }
        return { kind: 'nothing' };
      } else if (ch === '=' || ch === '!' || ch === '<') {
        let written = `(?${ch}`;
        if (ch === '<') {
          const d = reader.next();
          if (d !== 0x3d && d !== 0x21) {
            reader.pythonError(start, `(?<${d === -1 ? '' : String.fromCodePoint(d)}`, `unknown extension ?<${d === -1 ? '' : String.fromCodePoint(d)} (Python writes named groups as (?P<name>…))`);
          }
          written += String.fromCodePoint(d);
        }
        const what = ch === '<' ? 'lookbehind' : 'lookahead';
        reader.unsupported(start, written, `${what} ${written}…) looks at text without consuming it; RE2 has no lookaround. Since a rule must match the whole alias, write the text it requires (or excludes) as part of the pattern`);
      } else if (ch === '(') {
        reader.unsupported(start, '(?(', 'a conditional group (?(…)…) depends on what an earlier group matched; RE2 cannot do that. Write the alternatives out with |');
      } else if (ch === '>') {
        reader.unsupported(start, '(?>', 'an atomic group (?>…) needs backtracking control, which RE2 does not have; use a plain group (?:…)');
      } else if (flagLetters.has(ch) || ch === '-') {
        const parsed = this.parseFlags(start, ch, flags);
        if (parsed.global) {
          if (!atPatternStart) reader.pythonError(start, reader.text(start), 'global flags not at the start of the expression: put (?…) first, or scope it as (?…:…)');
          return { kind: 'global', flags: parsed.flags };
        }
        capture = false;
        inner = parsed.flags;
      } else {
        reader.pythonError(start, `(?${ch}`, `unknown extension ?${ch}`);
      }
    }
    let index: number | undefined;
    if (capture) {
      index = ++this.groupCount;
      if (name !== undefined) this.groupNames.set(name, index);
    }
    const child = this.parseAlternation(inner, depth + 1);
    if (!reader.match(')')) reader.pythonError(start, '(', 'missing ), unterminated subpattern');
    if (index !== undefined) this.closedGroups.add(index);
    return { kind: 'node', node: { kind: 'group', ...(index === undefined ? {} : { index }), ...(name === undefined ? {} : { name }), child, pos: start } };
  }

  private readName(terminator: string, start: number): string {
    const reader: PatternReader = this.reader;
    let name = '';
    for (;;) {
      const c = reader.next();
      if (c === -1) reader.pythonError(start, reader.text(start), name === '' ? 'missing group name' : `missing ${terminator}, unterminated name`);
      if (String.fromCodePoint(c) === terminator) {
        if (name === '') reader.pythonError(start, reader.text(start), 'missing group name');
        return name;
      }
      name += String.fromCodePoint(c);
    }
  }

  /** `(?aiLmsux)`, `(?imsx-imsx:…)`, after the first flag letter (or `-`). */
  private parseFlags(start: number, firstChar: string, flags: Flags): { global: boolean; flags: Flags } {
    const reader: PatternReader = this.reader;
    const on = new Set<string>();
    const off = new Set<string>();
    let ch = firstChar;
    const nextChar = () => {
      const c = reader.next();
      return c === -1 ? '' : String.fromCodePoint(c);
    };
    if (ch !== '-') {
      for (;;) {
        this.checkFlag(start, ch, true);
        on.add(ch);
        ch = nextChar();
        if (ch === '') reader.pythonError(start, reader.text(start), 'missing -, : or ) after inline flags');
        if (ch === ')' || ch === '-' || ch === ':') break;
        if (!flagLetters.has(ch)) reader.pythonError(start, reader.text(start), /\p{L}/u.test(ch) ? `unknown flag '${ch}'` : 'missing -, : or ) after inline flags');
      }
    }
    if (ch === ')') return { global: true, flags: applyFlags(flags, on, off) };
    if (ch === '-') {
      ch = nextChar();
      if (ch === '' || !flagLetters.has(ch)) reader.pythonError(start, reader.text(start), /\p{L}/u.test(ch) ? `unknown flag '${ch}'` : 'missing flag after -');
      for (;;) {
        if (ch === 'a' || ch === 'u' || ch === 'L') reader.pythonError(start, reader.text(start), "bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
        this.checkFlag(start, ch, false);
        off.add(ch);
        ch = nextChar();
        if (ch === '') reader.pythonError(start, reader.text(start), 'missing : after inline flags');
        if (ch === ':') break;
        if (!flagLetters.has(ch)) reader.pythonError(start, reader.text(start), /\p{L}/u.test(ch) ? `unknown flag '${ch}'` : 'missing : after inline flags');
      }
    }
    for (const f of on) if (off.has(f)) reader.pythonError(start, reader.text(start), `bad inline flags: flag '${f}' turned on and off`);
    return { global: false, flags: applyFlags(flags, on, off) };
  }

  private checkFlag(start: number, ch: string, turningOn: boolean): void {
    const reader: PatternReader = this.reader;
    if (ch === 'L') reader.pythonError(start, reader.text(start), "bad inline flags: cannot use 'L' flag with a str pattern");
    if (ch === 't') reader.unsupported(start, reader.text(start), "the template flag 't' is deprecated in Python and not supported");
    if (ch === 'a' && turningOn) {
      reader.unsupported(start, reader.text(start), "ASCII-only matching (flag 'a') is not supported; write the ASCII classes explicitly, e.g. [0-9] for \\d");
    }
  }

  private parseClass(start: number, flags: Flags): RegexNode {
    const reader: PatternReader = this.reader;
    const items: ClassItem[] = [];
    const negated = reader.match('^');
    for (;;) {
      const itemStart = reader.pos;
      const c = reader.next();
      if (c === -1) reader.pythonError(start, '[', 'unterminated character set: no closing ]');
      if (c === 0x5d && items.length > 0) break;
      const first = c === 0x5c ? parseEscape(reader, itemStart, true, () => 'none') : ({ kind: 'char', cp: c } as const);
      const firstText = reader.text(itemStart);
      if (reader.match('-')) {
        const thatStart = reader.pos;
        const d = reader.next();
        if (d === -1) reader.pythonError(start, '[', 'unterminated character set: no closing ]');
        if (d === 0x5d) {
          items.push(first.kind === 'char' ? { kind: 'range', lo: first.cp, hi: first.cp } : (first as ClassItem), { kind: 'range', lo: 0x2d, hi: 0x2d });
          break;
        }
        const second = d === 0x5c ? parseEscape(reader, thatStart, true, () => 'none') : ({ kind: 'char', cp: d } as const);
        const range = `${firstText}-${reader.text(thatStart)}`;
        if (first.kind !== 'char' || second.kind !== 'char') reader.pythonError(itemStart, range, `bad character range ${range}: a class like \\d cannot end a range`);
        if (second.cp < first.cp) reader.pythonError(itemStart, range, `bad character range ${range}: it runs backwards`);
        items.push({ kind: 'range', lo: first.cp, hi: second.cp });
      } else if (first.kind === 'char') {
        items.push({ kind: 'range', lo: first.cp, hi: first.cp });
      } else if (first.kind === 'category') {
        items.push({ kind: 'category', name: first.name });
      }
    }
    return { kind: 'class', negated, items, ignoreCase: flags.ignoreCase, pos: start, bare: false };
  }
}

function applyFlags(flags: Flags, on: ReadonlySet<string>, off: ReadonlySet<string>): Flags {
  const value = (letter: string, current: boolean) => (on.has(letter) ? true : off.has(letter) ? false : current);
  return {
    ignoreCase: value('i', flags.ignoreCase),
    multiline: value('m', flags.multiline),
    dotAll: value('s', flags.dotAll),
    verbose: value('x', flags.verbose),
  };
}
