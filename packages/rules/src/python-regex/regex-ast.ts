/**
 * The parsed form of a Python `re` pattern: what the translator emits RE2 syntax from and what
 * the linter reasons about. Positions are 0-based code-point offsets into the pattern.
 */

/** `\d`, `\w`, `\s` and their negations, with Python's Unicode meaning for `str` patterns. */
export type CategoryName = 'd' | 'D' | 'w' | 'W' | 's' | 'S';

export type ClassItem = { readonly kind: 'range'; readonly lo: number; readonly hi: number } | { readonly kind: 'category'; readonly name: CategoryName };

/**
 * Zero-width assertions. Python's `^` and `\A` are both `start` without MULTILINE; `$` is
 * `endOrFinalNewline` (it also matches before a final line break) and `\Z` is `end`.
 */
export type AssertionKind = 'start' | 'end' | 'endOrFinalNewline' | 'lineStart' | 'lineEnd' | 'wordBoundary' | 'notWordBoundary';

export type RegexNode =
  | { readonly kind: 'empty' }
  | { readonly kind: 'char'; readonly cp: number; readonly ignoreCase: boolean; readonly pos: number; readonly escaped: boolean }
  | { readonly kind: 'any'; readonly dotAll: boolean; readonly pos: number }
  | {
      readonly kind: 'class';
      readonly negated: boolean;
      readonly items: readonly ClassItem[];
      readonly ignoreCase: boolean;
      readonly pos: number;
      /** True for a bare `\d`, `\w`… outside brackets. */
      readonly bare: boolean;
    }
  | { readonly kind: 'assert'; readonly at: AssertionKind; readonly pos: number }
  | { readonly kind: 'group'; readonly index?: number; readonly name?: string; readonly child: RegexNode; readonly pos: number }
  | { readonly kind: 'concat'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'alt'; readonly items: readonly RegexNode[] }
  | {
      readonly kind: 'repeat';
      readonly child: RegexNode;
      readonly min: number;
      /** `Infinity` when unbounded. */
      readonly max: number;
      readonly greedy: boolean;
      readonly pos: number;
    };

/** Why a pattern cannot be used, pinned to the construct that caused it. */
export interface RegexRejection {
  /** The construct as written, e.g. `(?=`, `\1`, `(?P=name)`. */
  readonly construct: string;
  /** 0-based code-point offset of the construct in the pattern. */
  readonly position: number;
  /** Why it cannot be used, and where possible what to write instead. */
  readonly reason: string;
  /** True when Python itself rejects the pattern (a syntax error on the platform too). */
  readonly pythonError: boolean;
}

export interface ParsedRegex {
  readonly root: RegexNode;
  /** Number of capturing groups. */
  readonly groupCount: number;
  /** Named groups: name → group number. */
  readonly groupNames: ReadonlyMap<string, number>;
}
