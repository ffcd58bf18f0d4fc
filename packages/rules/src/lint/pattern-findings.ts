import { type RegexNode } from '../python-regex/regex-ast';
import { canMatchSomeAlias } from './pattern-reach';
import { acceptsEveryAliasChar, isWide, topLevelItems } from './pattern-shape';

/** A finding about one pattern, before it is tied to its rule. */
export interface PatternFinding {
  readonly code: 'unescaped-dot' | 'broad-pattern' | 'catch-all' | 'never-matches';
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly fix: string;
}

const isAlnum = (node: RegexNode | undefined) =>
  node?.kind === 'char' && ((node.cp >= 0x30 && node.cp <= 0x39) || (node.cp >= 0x61 && node.cp <= 0x7a) || (node.cp >= 0x41 && node.cp <= 0x5a));

/** Unescaped `.` between letters or digits (`vc.example.com`): it matches any character. */
export function unescapedDots(pattern: string, root: RegexNode): PatternFinding[] {
  const dots: { pos: number; inDomain: boolean; example: string }[] = [];
  const visit = (node: RegexNode) => {
    if (node.kind === 'concat') {
      let seenAt = false;
      node.items.forEach((item, i) => {
        if (item.kind === 'char' && item.cp === 0x40) seenAt = true;
        if (item.kind === 'any' && isAlnum(node.items[i - 1]) && isAlnum(node.items[i + 1])) {
          dots.push({ pos: item.pos, inDomain: seenAt, example: `${literalRun(node.items, i - 1, -1)}x${literalRun(node.items, i + 1, 1)}` });
        }
        visit(item);
      });
    } else if (node.kind === 'group' || node.kind === 'repeat') visit(node.child);
    else if (node.kind === 'alt') node.items.forEach(visit);
  };
  visit(root);
  if (dots.length === 0) return [];
  const cps = Array.from(pattern);
  for (const dot of dots) cps[dot.pos] = '\\.';
  const where = dots.map((d) => d.pos + 1).join(', ');
  const domain = dots.some((d) => d.inDomain);
  return [
    {
      code: 'unescaped-dot',
      severity: 'warning',
      message:
        `unescaped '.' at character${dots.length === 1 ? '' : 's'} ${where}${domain ? ' in the domain part' : ''} matches any character, ` +
        `so an alias with another character there (e.g. '${dots[0].example}') matches too`,
      fix: `escape the dot${dots.length === 1 ? '' : 's'}: '${cps.join('')}'`,
    },
  ];
}

/** The plain characters next to position `from`, walking in `step` direction. */
function literalRun(items: readonly RegexNode[], from: number, step: 1 | -1): string {
  let out = '';
  for (let i = from; i >= 0 && i < items.length; i += step) {
    const item = items[i];
    if (item.kind !== 'char' || item.cp === 0x40) break;
    out = step === 1 ? out + String.fromCodePoint(item.cp) : String.fromCodePoint(item.cp) + out;
  }
  return out;
}

/** Unbounded repetitions of wide atoms (`.+`, `.*`, `[^@]+`, `\w+`), and whole-pattern catch-alls. */
export function broadness(root: RegexNode): PatternFinding[] {
  const items = topLevelItems(root);
  const universal = (node: RegexNode) => node.kind === 'repeat' && node.max === Infinity && node.min <= 1 && acceptsEveryAliasChar(node.child);
  if (items.length === 1 && universal(items[0])) {
    return [
      {
        code: 'catch-all',
        severity: 'warning',
        message: 'matches every alias, so every contact that is not a meeting room, including every mistyped one, shows Available',
        fix: 'match only the aliases your gateway really serves, e.g. [a-z]+-room\\d{3}@vc\\.example\\.com; if that is intended, give the rule the highest priority number so it is tried last',
      },
    ];
  }
  const found: string[] = [];
  const visit = (node: RegexNode) => {
    if (node.kind === 'repeat') {
      if (node.max === Infinity && isWide(node.child)) found.push(`character ${startPos(node) + 1}`);
      visit(node.child);
    } else if (node.kind === 'group') visit(node.child);
    else if (node.kind === 'concat' || node.kind === 'alt') node.items.forEach(visit);
  };
  visit(root);
  if (found.length === 0) return [];
  return [
    {
      code: 'broad-pattern',
      severity: 'warning',
      message:
        `an unbounded repetition of a wide class (at ${found.join(', ')}) accepts almost any text there, ` +
        'so a mistyped alias still matches and the contact shows Available instead of "Presence unknown"',
      fix: 'describe the names you dial precisely, e.g. [a-z]+-room\\d{3} instead of .+, or \\d{4,6} for extensions',
    },
  ];
}

/** Patterns no alias can match: contradictory anchors, characters aliases never hold. */
export function neverMatches(pattern: string, root: RegexNode, full: boolean): PatternFinding[] {
  if (!full && /^(\^|\\A)?\(?(\?:)?(sips?|tel|h323)(:|\\:)/i.test(pattern)) {
    return [
      {
        code: 'never-matches',
        severity: 'error',
        message: "starts with a URI scheme, but the alias matched is 'user@host' without one, so the rule never matches",
        fix: 'remove the scheme from match_string, or set match_string_full: true to match the full URI',
      },
    ];
  }
  if (canMatchSomeAlias(root, full ? 'full' : 'key')) return [];
  return [
    {
      code: 'never-matches',
      severity: 'error',
      message: 'can never match an alias: its anchors contradict each other or it requires characters aliases never contain (whitespace, control characters, or upper case in a case-sensitive part)',
      fix: 'check the anchors (^, $, \\A, \\Z) and character classes against a real alias with `herald rules test`',
    },
  ];
}

/** Where a node's text starts in the pattern (a repetition starts where its operand does). */
function startPos(node: RegexNode): number {
  switch (node.kind) {
    case 'repeat':
      return Math.min(node.pos, startPos(node.child));
    case 'concat':
    case 'alt':
      return node.items.length === 0 ? 0 : startPos(node.items[0]);
    case 'empty':
      return 0;
    default:
      return node.pos;
  }
}
