import RE2 from 're2';
import { emitRe2, EmitRejection } from './emit-re2';
import { parsePythonRegex } from './parse-python-regex';
import { type ParsedRegex, type RegexRejection } from './regex-ast';

/** A Python pattern in the forms the engine runs. */
export interface RegexTranslation {
  readonly pattern: string;
  readonly parsed: ParsedRegex;
  /** Exact RE2 source, unanchored, case-insensitive: for full, partial and Set matching. */
  readonly exact: string;
  /** A cheaper superset for the RE2.Set index (equal to `exact` when nothing is approximated). */
  readonly prefilter: string;
  readonly approximate: boolean;
}

export type TranslationResult = { readonly ok: true; readonly translation: RegexTranslation } | { readonly ok: false; readonly rejection: RegexRejection };

/**
 * Translates a rule's `match_string` (Python `re` syntax, case-insensitive) to RE2 and, unless
 * `checkWithRe2` is false, checks that RE2 compiles it, so that every rejection is found here
 * rather than at match time. The check costs up to ~0.2 ms per pattern (Unicode classes), so
 * the index skips it for content the directory validator has already checked.
 */
export function translatePythonRegex(pattern: string, options: { readonly checkWithRe2?: boolean } = {}): TranslationResult {
  const parsed = parsePythonRegex(pattern);
  if (!parsed.ok) return parsed;
  let exact: string;
  let prefilter: string;
  try {
    exact = `(?i)${emitRe2(parsed.regex.root, 'exact')}`;
    prefilter = `(?i)${emitRe2(parsed.regex.root, 'prefilter')}`;
  } catch (error) {
    if (error instanceof EmitRejection) return { ok: false, rejection: error.rejection };
    throw error;
  }
  const translation: RegexTranslation = { pattern, parsed: parsed.regex, exact, prefilter, approximate: exact !== prefilter };
  if (options.checkWithRe2 === false) return { ok: true, translation };
  const problem = re2Problem(fullMatchSource(translation));
  if (problem !== undefined) return { ok: false, rejection: problem };
  return { ok: true, translation };
}

/** RE2 source that matches only the whole subject. `\z`, not `$`: see `emit-re2.ts`. */
export function fullMatchSource(translation: RegexTranslation): string {
  return `\\A(?:${translation.exact})\\z`;
}

/** RE2 source that matches a prefix of the subject, as Python's `re.match` does. */
export function prefixMatchSource(translation: RegexTranslation): string {
  return `\\A(?:${translation.exact})`;
}

/** Compiles RE2 source; node-re2 needs the `u` flag to read the source as Unicode. */
export function compileRe2(source: string): RE2 {
  return new RE2(source, 'u');
}

function re2Problem(source: string): RegexRejection | undefined {
  try {
    compileRe2(source);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = /repetition|repeat/i.test(message)
      ? `RE2 refuses the repetition (${message}): nested or large counted repetitions multiply beyond RE2's limit of 1000; simplify them`
      : /too large|too big/i.test(message)
        ? `the pattern is too large for RE2's memory budget (${message}); simplify it, e.g. fewer nested counted repetitions`
        : `RE2 cannot compile the translated pattern: ${message}`;
    return { construct: '', position: 0, reason, pythonError: false };
  }
}

/** One readable sentence for a rejection, naming the construct and its position (from 1). */
export function describeRejection(pattern: string, rejection: RegexRejection): string {
  const where = rejection.construct === '' ? '' : ` '${rejection.construct}' at character ${rejection.position + 1}`;
  const verdict = rejection.pythonError ? 'is not a valid Python regular expression' : 'cannot be used with RE2';
  return `'${pattern}' ${verdict}:${where === '' ? '' : where + ':'} ${rejection.reason}`;
}
