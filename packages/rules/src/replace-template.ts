/**
 * Replace strings with Python's `re` semantics (`Match.expand`, as in Python 3.11's
 * `parse_template`): `\1`…`\99`, `\g<1>` and `\g<name>` insert a group (an unmatched group
 * inserts nothing); `\\` is a backslash; `\n`, `\t` and the other one-letter escapes Python
 * knows are control characters; `\0` and three-digit octal escapes are characters; an escaped
 * ASCII letter Python does not know is an error; any other escaped character is kept with its
 * backslash. `$` has no special meaning.
 */
export type TemplatePart = string | number;

export type TemplateResult =
  | { readonly ok: true; readonly parts: readonly TemplatePart[] }
  | { readonly ok: false; readonly reason: string; readonly position: number };

const escapes: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';

/** Parses a replace string against a pattern's groups. Positions are 0-based. */
export function parseReplaceTemplate(template: string, groupCount: number, groupNames: ReadonlyMap<string, number>): TemplateResult {
  const chars = Array.from(template);
  const parts: TemplatePart[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push(literal);
    literal = '';
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c !== '\\') {
      literal += c;
      continue;
    }
    const start = i;
    const e = chars[++i];
    if (e === undefined) return { ok: false, reason: 'a backslash at the end escapes nothing (bad escape (end of pattern))', position: start };
    if (e === 'g') {
      if (chars[i + 1] !== '<') return { ok: false, reason: '\\g must be followed by <group>, e.g. \\g<1> or \\g<name> (missing <)', position: start };
      const close = chars.indexOf('>', i + 2);
      if (close < 0) return { ok: false, reason: `\\g<… is missing its closing > (unterminated group name)`, position: start };
      const name = chars.slice(i + 2, close).join('');
      if (name === '') return { ok: false, reason: 'missing group name in \\g<>', position: start };
      let index: number | undefined;
      if (/^[0-9]+$/.test(name)) index = Number(name);
      else if (/^[\p{XID_Start}_][\p{XID_Continue}]*$/u.test(name)) {
        index = groupNames.get(name);
        if (index === undefined) return { ok: false, reason: `unknown group name '${name}' in \\g<${name}>${describeGroups(groupCount, groupNames)}`, position: start };
      } else return { ok: false, reason: `bad character in group name '${name}'`, position: start };
      if (index > groupCount) return { ok: false, reason: `invalid group reference ${index}${describeGroups(groupCount, groupNames)}`, position: start };
      flush();
      parts.push(index);
      i = close;
    } else if (e === '0') {
      let digits = '0';
      while (digits.length < 3 && isOctal(chars[i + 1])) digits += chars[++i];
      literal += String.fromCharCode(parseInt(digits, 8));
    } else if (isDigit(e)) {
      let digits = e;
      if (isDigit(chars[i + 1])) {
        digits += chars[++i];
        if (isOctal(digits[0]) && isOctal(digits[1]) && isOctal(chars[i + 1])) {
          digits += chars[++i];
          const value = parseInt(digits, 8);
          if (value > 0o377) return { ok: false, reason: `octal escape value \\${digits} outside of range 0-0o377`, position: start };
          literal += String.fromCharCode(value);
          continue;
        }
      }
      const index = Number(digits);
      if (index > groupCount) return { ok: false, reason: `invalid group reference ${index} (\\${digits})${describeGroups(groupCount, groupNames)}`, position: start };
      flush();
      parts.push(index);
    } else if (e in escapes) {
      literal += escapes[e];
    } else if (/^[A-Za-z]$/.test(e)) {
      return { ok: false, reason: `bad escape \\${e}: Python gives it no meaning in a replace string`, position: start };
    } else {
      literal += `\\${e}`;
    }
  }
  flush();
  return { ok: true, parts };
}

/** The replacement for one match: `groups[0]` is the whole match, unmatched groups are undefined. */
export function expandTemplate(parts: readonly TemplatePart[], groups: readonly (string | undefined)[]): string {
  let out = '';
  for (const part of parts) out += typeof part === 'string' ? part : (groups[part] ?? '');
  return out;
}

function describeGroups(groupCount: number, groupNames: ReadonlyMap<string, number>): string {
  const names = [...groupNames.keys()];
  return `: the pattern has ${groupCount === 0 ? 'no groups' : `${groupCount} group${groupCount === 1 ? '' : 's'}`}${names.length === 0 ? '' : ` (named: ${names.join(', ')})`}`;
}
