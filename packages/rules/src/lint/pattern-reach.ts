import { type RegexNode } from '../python-regex/regex-ast';
import { aliasCanContain, canConsume, classContains } from './pattern-shape';

/**
 * Whether a pattern can match any alias at all. A small abstract interpretation: the only
 * state that matters is whether nothing has been consumed yet (for `^`/`\A`) and whether the
 * end has been asserted (for `$`/`\Z`), so a set of states is a 4-bit mask. Characters must be
 * ones an alias can contain. `\b` and `\B` are assumed satisfiable, so the answer errs towards
 * "can match".
 */
const start = 1 << 1; // atStart, not atEnd
const consumed = 1 << 0; // neither

export function canMatchSomeAlias(root: RegexNode, subject: 'key' | 'full'): boolean {
  return reach(root, start, subject) !== 0;
}

function reach(node: RegexNode, mask: number, subject: 'key' | 'full'): number {
  switch (node.kind) {
    case 'empty':
      return mask;
    case 'char':
    case 'any':
    case 'class':
      // From any state where the end has not been asserted (indices 0 and 1).
      return (mask & 0b0011) !== 0 && canConsume(node, subject) ? consumed : 0;
    case 'assert':
      if (node.at === 'start' || node.at === 'lineStart') return mask & 0b1010;
      if (node.at === 'end' || node.at === 'endOrFinalNewline' || node.at === 'lineEnd') {
        let out = 0;
        for (let i = 0; i < 4; i++) if (mask & (1 << i)) out |= 1 << (i | 2);
        return out;
      }
      return mask;
    case 'group':
      return reach(node.child, mask, subject);
    case 'concat':
      return node.items.reduce((m, item) => reach(item, m, subject), mask);
    case 'alt':
      return node.items.reduce((m, item) => m | reach(item, mask, subject), 0);
    case 'repeat': {
      let result = 0;
      let current = mask;
      const limit = Math.min(node.max, node.min + 20);
      for (let k = 0; k <= limit; k++) {
        if (k >= node.min) result |= current;
        const next = reach(node.child, current, subject);
        if (k >= node.min && (next | result) === result) break;
        current = next;
      }
      return result;
    }
  }
}

const witnessChars = [...'a0bxz-._@'].map((c) => c.codePointAt(0) ?? 0);

/**
 * A short string the pattern probably matches (first alternatives, minimum repetitions), for
 * finding rules that might shadow it. Callers confirm it with the real regex.
 */
export function witness(node: RegexNode): string {
  switch (node.kind) {
    case 'char':
      return String.fromCodePoint(node.cp).toLowerCase();
    case 'any':
      return 'a';
    case 'class': {
      const cp = witnessChars.find((c) => classContains(node.items, node.negated, c, node.ignoreCase));
      if (cp !== undefined) return String.fromCodePoint(cp);
      for (const item of node.items) if (!node.negated && item.kind === 'range') return String.fromCodePoint(item.lo).toLowerCase();
      return 'a';
    }
    case 'group':
      return witness(node.child);
    case 'concat':
      return node.items.map(witness).join('');
    case 'alt':
      return witness(node.items[0]);
    case 'repeat':
      return witness(node.child).repeat(Math.min(node.min, 50));
    default:
      return '';
  }
}

/**
 * Every string of a finite, small language (e.g. a literal alias or `room[12]`), lower-cased;
 * undefined when the language is infinite or larger than `limit`.
 */
export function enumerate(node: RegexNode, limit = 64): string[] | undefined {
  switch (node.kind) {
    case 'empty':
      return [''];
    case 'char':
      return [String.fromCodePoint(node.cp).toLowerCase()];
    case 'class': {
      if (node.negated || node.items.some((i) => i.kind !== 'range')) return undefined;
      const out = new Set<string>();
      for (const item of node.items) {
        if (item.kind !== 'range' || item.hi - item.lo > limit) return undefined;
        for (let cp = item.lo; cp <= item.hi; cp++) if (aliasCanContain(cp, false, 'full')) out.add(String.fromCodePoint(cp).toLowerCase());
      }
      return out.size > limit ? undefined : [...out];
    }
    case 'assert':
      return node.at === 'wordBoundary' || node.at === 'notWordBoundary' ? undefined : [''];
    case 'group':
      return enumerate(node.child, limit);
    case 'alt': {
      const out: string[] = [];
      for (const item of node.items) {
        const strings = enumerate(item, limit);
        if (strings === undefined) return undefined;
        out.push(...strings);
        if (out.length > limit) return undefined;
      }
      return out;
    }
    case 'concat': {
      let out = [''];
      for (const item of node.items) {
        const strings = enumerate(item, limit);
        if (strings === undefined || out.length * strings.length > limit) return undefined;
        out = out.flatMap((prefix) => strings.map((s) => prefix + s));
      }
      return out;
    }
    case 'repeat': {
      if (node.max === Infinity || node.max > 8) return undefined;
      const strings = enumerate(node.child, limit);
      if (strings === undefined) return undefined;
      let out: string[] = [];
      let current = [''];
      for (let k = 0; k <= node.max; k++) {
        if (k >= node.min) out.push(...current);
        if (out.length > limit) return undefined;
        current = current.flatMap((prefix) => strings.map((s) => prefix + s));
        if (current.length > limit * 4) return undefined;
      }
      out = [...new Set(out)];
      return out.length > limit ? undefined : out;
    }
    case 'any':
      return undefined;
  }
}
