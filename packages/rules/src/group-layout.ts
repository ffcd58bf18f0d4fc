import { type RegexNode } from './python-regex/regex-ast';
import { containsAssertion, containsCapture, isNullable } from './python-regex/regex-facts';

/**
 * Where a pattern's groups lie in any string it fully matches, when that follows from the
 * pattern's shape alone: the groups of `(?P<ext>1042\d{2})@vc\.example\.com`,
 * `meet\.user7(\.[a-z]+)?@example\.org` or `(.*)@(gw1|gw2)\.example\.com` are slices at fixed
 * offsets from the start or the end of the subject.
 *
 * Why: once the RE2.Set has said that a rule fully matches an ASCII alias (its answer is exact
 * there), the groups are all that is left to find. Asking the rule's own RE2 object for them
 * costs 3–5 µs when that object is not in the CPU cache, which with 10,000 rules it usually is
 * not; slicing costs nothing. Patterns of other shapes use RE2 (`CompiledRule.confirmMatch`).
 *
 * The shape: the pattern is a sequence (non-capturing groups are looked through) of items of
 * fixed width in code points, except at most one; every capturing group is one of the items,
 * with no group inside it, either plain `(X)` or optional `(X)?` with `X` unable to match the
 * empty string (so the group took part exactly when its slice is not empty). Items before the
 * variable one have fixed offsets from the start, items after it from the end.
 */
/**
 * The layout, flat (one array, so a lookup reads it with few cache misses): four numbers per
 * group, its index; its start and end as an offset from the start when >= 0, or `~k` for k from
 * the end; and 1 for an optional group, which did not take part when its slice is empty.
 */
export type GroupSpans = readonly number[];

export function groupLayout(root: RegexNode): GroupSpans | undefined {
  const items = sequence(root);
  const widths = items.map(fixedWidth);
  let variable = items.length;
  for (let i = 0; i < items.length; i++) {
    if (widths[i] !== undefined) continue;
    if (variable !== items.length) return undefined;
    variable = i;
  }
  const spans: number[] = [];
  let fromStart = 0;
  let fromEnd = 0;
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < variable; i++) {
    starts[i] = fromStart;
    fromStart += widths[i] ?? 0;
    ends[i] = fromStart;
  }
  for (let i = items.length - 1; i > variable; i--) {
    ends[i] = ~fromEnd;
    fromEnd += widths[i] ?? 0;
    starts[i] = ~fromEnd;
  }
  starts[variable] = fromStart;
  ends[variable] = ~fromEnd;
  for (let i = 0; i < items.length; i++) {
    const capture = captureIn(items[i]);
    if (capture === 'none') continue;
    if (capture === undefined) return undefined;
    spans.push(capture.index, starts[i], ends[i], capture.optional ? 1 : 0);
  }
  return spans;
}

/**
 * For a pattern whose groups are not all slices: the part that holds them, between a prefix
 * and a suffix of fixed width and without groups (`meet\.user7` and `@example\.org` around
 * `(\.[a-z]+)?(\.\d+)?`); undefined when there is no such prefix or suffix.
 *
 * In a full match the middle part spans the subject minus those widths, and its groups are
 * what the middle part alone finds there: the fixed parts cannot move it, and the
 * highest-priority way through the whole pattern is the highest-priority way through each
 * part. So RE2 runs the middle part on that slice, and rules that differ only in their fixed
 * parts (a dial plan's usual shape) share one RE2 object, which then stays in the CPU cache.
 * The middle part must hold no assertion, which could look past the ends of the slice.
 */
export interface MiddlePart {
  readonly items: readonly RegexNode[];
  /** Code points before it. */
  readonly before: number;
  /** Code points after it. */
  readonly after: number;
}

export function middlePart(root: RegexNode): MiddlePart | undefined {
  const items = sequence(root);
  let first = 0;
  let before = 0;
  for (; first < items.length; first++) {
    const width = fixedWidth(items[first]);
    if (width === undefined || containsCapture(items[first])) break;
    before += width;
  }
  let last = items.length;
  let after = 0;
  for (; last > first; last--) {
    const width = fixedWidth(items[last - 1]);
    if (width === undefined || containsCapture(items[last - 1])) break;
    after += width;
  }
  const middle = items.slice(first, last);
  // An assertion in the middle part could look at a character outside the slice.
  if ((first === 0 && last === items.length) || middle.some((item) => containsAssertion(item))) return undefined;
  return { items: middle, before, after };
}

/** The groups of a full match of `subject` (ASCII, so code points are UTF-16 units). */
export function sliceGroups(spans: GroupSpans, groupCount: number, subject: string): (string | undefined)[] {
  const groups: (string | undefined)[] = [subject];
  for (let i = 1; i <= groupCount; i++) groups.push(undefined);
  const n = subject.length;
  for (let i = 0; i < spans.length; i += 4) {
    const start = spans[i + 1] >= 0 ? spans[i + 1] : n - ~spans[i + 1];
    const end = spans[i + 2] >= 0 ? spans[i + 2] : n - ~spans[i + 2];
    groups[spans[i]] = spans[i + 3] === 1 && end === start ? undefined : subject.slice(start, end);
  }
  return groups;
}

function sequence(node: RegexNode, into: RegexNode[] = []): RegexNode[] {
  if (node.kind === 'group' && node.index === undefined) sequence(node.child, into);
  else if (node.kind === 'concat') for (const item of node.items) sequence(item, into);
  else into.push(node);
  return into;
}

/** The node's match length in code points when it is always the same; undefined otherwise. */
export function fixedWidth(node: RegexNode): number | undefined {
  switch (node.kind) {
    case 'empty':
    case 'assert':
      return 0;
    case 'char':
    case 'any':
    case 'class':
      return 1;
    case 'group':
      return fixedWidth(node.child);
    case 'concat': {
      let sum = 0;
      for (const item of node.items) {
        const width = fixedWidth(item);
        if (width === undefined) return undefined;
        sum += width;
      }
      return sum;
    }
    case 'alt': {
      const first = fixedWidth(node.items[0]);
      return node.items.every((item) => fixedWidth(item) === first) ? first : undefined;
    }
    case 'repeat': {
      const width = fixedWidth(node.child);
      return node.min === node.max && width !== undefined ? node.min * width : undefined;
    }
  }
}

/** The capturing group an item is, 'none' when it holds none, undefined when its groups are not slices. */
function captureIn(item: RegexNode): { index: number; optional: boolean } | 'none' | undefined {
  if (item.kind === 'group' && item.index !== undefined) return containsCapture(item.child) ? undefined : { index: item.index, optional: false };
  if (item.kind === 'repeat' && item.min === 0 && item.max === 1) {
    const group = item.child;
    if (group.kind === 'group' && group.index !== undefined && !containsCapture(group.child) && !isNullable(group.child)) return { index: group.index, optional: true };
  }
  return containsCapture(item) ? undefined : 'none';
}
