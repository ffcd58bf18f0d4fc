import RE2 from 're2';
import { type MiddlePart } from './group-layout';
import { emitRe2 } from './python-regex/emit-re2';
import { type RegexNode } from './python-regex/regex-ast';

/**
 * Finds the groups of a rule that fully matches an ASCII subject (the RE2.Set has said so) when
 * their place does not follow from the pattern's shape: RE2's submatch search, on the middle
 * part that holds the groups when there is one (group-layout.ts), else on the whole pattern in
 * its Set form, which is exact on ASCII subjects.
 *
 * A middle part is compiled once per rule set, however many rules share it, so that RE2
 * object stays in the CPU cache. A successful `exec` still costs about 2 µs in node-re2, most
 * of it building the result; a Buffer argument (which spares node-re2 converting the string)
 * makes that dearer, since the groups then come back as new Buffers (measured: 2.6 µs, and
 * 4.1 µs with the `d` flag's indices), so the subject is passed as a string.
 */
export class RegexGroups {
  /** undefined: not compiled yet; false: RE2 refused it. */
  private re: RE2 | false | undefined;

  private constructor(
    private readonly source: string,
    private readonly before: number,
    private readonly after: number,
    private readonly shared: Map<string, RE2 | false>,
  ) {}

  /** For a pattern (in its Set form, `prefilter`) and the middle part of it, if any. */
  static for(prefilter: string, middle: MiddlePart | undefined, shared: Map<string, RE2 | false>): RegexGroups {
    if (middle === undefined) return new RegexGroups(`\\A(?:${prefilter})\\z`, 0, 0, shared);
    // Each item in its own group: an alternation lifted out of `(?:a|b)c` must stay grouped.
    const items = middle.items.map((child): RegexNode => ({ kind: 'group', child, pos: 0 }));
    return new RegexGroups(`\\A(?:(?i)${emitRe2({ kind: 'concat', items }, 'prefilter')})\\z`, middle.before, middle.after, shared);
  }

  /**
   * The groups (index 0 is the subject), or undefined when the pattern does not match. Only
   * when `compiled()` gave an RE2 object; otherwise the caller uses the exact pattern.
   */
  find(subject: string, groupCount: number): (string | undefined)[] | undefined {
    const re = this.compiled();
    if (re === undefined) return undefined;
    const found = re.exec(this.before === 0 && this.after === 0 ? subject : subject.slice(this.before, subject.length - this.after));
    if (found === null) return undefined;
    const groups: (string | undefined)[] = [subject];
    for (let i = 1; i <= groupCount; i++) groups.push(found[i] ?? undefined);
    return groups;
  }

  /** Compiles the pattern now, if not done yet; undefined when RE2 refuses it. */
  compiled(): RE2 | undefined {
    if (this.re === undefined) {
      let re = this.shared.get(this.source);
      if (re === undefined) {
        try {
          re = new RE2(this.source, 'u');
        } catch {
          re = false;
        }
        this.shared.set(this.source, re);
      }
      this.re = re;
    }
    return this.re === false ? undefined : this.re;
  }
}
