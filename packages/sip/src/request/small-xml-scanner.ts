import { maxElementDepth, xmlNamespace, xmlnsNamespace, type XmlElement } from './xml-element';
import {
  AMP,
  APOS,
  BOM,
  CLOSE_BRACKET,
  CR,
  EQ,
  GT,
  HASH,
  LF,
  LT,
  QUOT,
  SEMICOLON,
  SLASH,
  TAB,
  decimalDigit,
  decline,
  endOfRun,
  hasDuplicate,
  hexDigit,
  isEncodingName,
  isNameChar,
  isSpace,
  isXmlChar,
  plainInDoubleQuotes,
  plainInSingleQuotes,
  plainText,
  predefinedEntities,
  qualifiedNameEnd,
  skipSpace,
  surrogatePairEnd,
} from './small-xml-syntax';

/*
 * Why this is hand-written: every Lync SUBSCRIBE carries a batchSub body, and reading it through
 * saxes showed as about 20 µs per request in a CPU profile of the presence benchmark (building
 * the parser, then its general state machine), a tenth of the whole per-flow budget on the SIP
 * main thread; this scanner takes about a third of saxes' time. The bodies are small and plain:
 * a few elements, a few attributes, one or two namespace declarations. This scanner reads
 * exactly that subset in one pass over the string and hands anything else back (by returning
 * undefined) to the saxes reader, which stays the authority for every refusal and its message.
 * So the scanner never has to be right about a malformed body, only about the bodies it
 * accepts, and for those it must report what saxes reports. It declines: comments, CDATA,
 * processing instructions and DOCTYPE; names outside ASCII; undeclared or reserved prefixes;
 * duplicate attributes; unbalanced tags; `<` or a bare `&` in values; unknown entities; control
 * characters and lone surrogates; non-white text outside the root; XML versions other than 1.0;
 * nesting deeper than `maxElementDepth`.
 * Every step moves forward through the string and the only regular expressions are single
 * character classes (small-xml-syntax.ts), so hostile bodies cost time linear in their length;
 * nesting uses an explicit stack instead of recursion, so depth cannot overflow the call stack.
 */

/**
 * Reads a small XML document into its elements, or returns undefined for anything outside the
 * subset described above (the caller then parses the body with saxes). For every body it
 * accepts, the elements equal what saxes (strict, `xmlns: true`) reports, and saxes reports
 * no error.
 */
export function scanSmallXml(body: string): XmlElement[] | undefined {
  return new SmallXmlScanner(body).scan();
}

class SmallXmlScanner {
  private readonly elements: XmlElement[] = [];
  /** The in-scope default namespace ('' for none). */
  private defaultNamespace = '';
  /** In-scope `xmlns:prefix` bindings; made on the first one, as most bodies declare none. */
  private prefixes: Map<string, string> | undefined;
  /** Pairs of (prefix, the binding it replaced or undefined) for each declaration in scope. */
  private readonly undo: (string | undefined)[] = [];
  /** The elements whose end tag is still to come, innermost last, and the undo length before each. */
  private readonly open: XmlElement[] = [];
  private readonly undoMarks: number[] = [];
  /** The text a reference or quoted value decoded to, set by `reference` and `quoted`. */
  private decoded = '';

  constructor(private readonly s: string) {}

  scan(): XmlElement[] | undefined {
    const s = this.s;
    let i = s.charCodeAt(0) === BOM ? 1 : 0;
    if (s.startsWith('<?xml', i)) i = this.declaration(i + 5);
    if (i === decline) return undefined;
    i = skipSpace(s, i);
    if (s.charCodeAt(i) !== LT) return undefined;
    for (;;) {
      i = s.charCodeAt(i + 1) === SLASH ? this.endTag(i + 2) : this.startTag(i + 1);
      if (i === decline) return undefined;
      if (this.open.length === 0) return skipSpace(s, i) === s.length ? this.elements : undefined;
      i = this.text(i);
      if (i === decline) return undefined;
    }
  }

  /** `<?xml version="1.0" [encoding="…"] [standalone="yes|no"]?>`, from just after `<?xml`. */
  private declaration(i: number): number {
    const s = this.s;
    if (!isSpace(s.charCodeAt(i))) return decline;
    i = this.pseudoAttribute(skipSpace(s, i), 'version');
    if (i === decline || this.decoded !== '1.0') return decline;
    let next = skipSpace(s, i);
    if (next > i && s.startsWith('encoding', next)) {
      i = this.pseudoAttribute(next, 'encoding');
      if (i === decline || !isEncodingName(this.decoded)) return decline;
      next = skipSpace(s, i);
    }
    if (next > i && s.startsWith('standalone', next)) {
      i = this.pseudoAttribute(next, 'standalone');
      const standalone: string = this.decoded; // (TypeScript keeps `decoded` narrowed to '1.0' from above)
      if (i === decline || (standalone !== 'yes' && standalone !== 'no')) return decline;
      next = skipSpace(s, i);
    }
    return s.startsWith('?>', next) ? next + 2 : decline;
  }

  /** `name = "value"` inside the declaration; the value (letters, digits, `.`, `_`, `-`) goes to `decoded`. */
  private pseudoAttribute(i: number, name: string): number {
    const s = this.s;
    if (!s.startsWith(name, i)) return decline;
    i = skipSpace(s, i + name.length);
    if (s.charCodeAt(i) !== EQ) return decline;
    i = skipSpace(s, i + 1);
    const quote = s.charCodeAt(i);
    if (quote !== QUOT && quote !== APOS) return decline;
    const start = i + 1;
    let j = start;
    while (isNameChar(s.charCodeAt(j))) j++;
    if (s.charCodeAt(j) !== quote) return decline;
    this.decoded = s.slice(start, j);
    return j + 1;
  }

  /** A start tag from just after `<`: name, attributes, `>` or `/>`. */
  private startTag(i: number): number {
    const s = this.s;
    const end = qualifiedNameEnd(s, i);
    if (end === decline) return decline;
    const name = s.slice(i, end);
    const attributes: string[] = [];
    // Whether an attribute declares a namespace or has a prefix: most elements have neither.
    let namespaced = false;
    let j = end;
    for (;;) {
      let c = s.charCodeAt(j);
      if (c === GT || c === SLASH) break;
      // Saxes refuses attributes not separated by white space, and names followed by other characters.
      if (!isSpace(c)) return decline;
      j = skipSpace(s, j + 1);
      c = s.charCodeAt(j);
      if (c === GT || c === SLASH) break;
      const attributeEnd = qualifiedNameEnd(s, j);
      if (attributeEnd === decline) return decline;
      const attribute = s.slice(j, attributeEnd);
      j = skipSpace(s, attributeEnd);
      if (s.charCodeAt(j) !== EQ) return decline;
      j = skipSpace(s, j + 1);
      const quote = s.charCodeAt(j);
      if (quote !== QUOT && quote !== APOS) return decline;
      j = this.quoted(j + 1, quote);
      if (j === decline) return decline;
      attributes.push(attribute, this.decoded);
      namespaced ||= attribute.startsWith('xmlns') || attribute.includes(':');
    }
    const selfClosing = s.charCodeAt(j) === SLASH;
    if (selfClosing && s.charCodeAt(j + 1) !== GT) return decline;
    const undoMark = this.undo.length;
    if (attributes.length > 2 && hasDuplicate(attributes, 2)) return decline;
    if (namespaced && !this.declareNamespaces(attributes)) return decline;
    const colon = name.indexOf(':');
    const uri = colon < 0 ? this.defaultNamespace : this.prefixedNamespace(name.slice(0, colon));
    // An unbound prefix (or the reserved `xmlns` one) is an error saxes reports.
    if (uri === undefined || uri === xmlnsNamespace) return decline;
    // Deeper nesting is refused, by saxes (see maxElementDepth).
    if (this.open.length >= maxElementDepth) return decline;
    const element: XmlElement = { name, local: colon < 0 ? name : name.slice(colon + 1), uri, attributes, parent: this.open.at(-1) };
    this.elements.push(element);
    if (selfClosing) {
      this.restoreScope(undoMark);
      return j + 2;
    }
    this.open.push(element);
    this.undoMarks.push(undoMark);
    return j + 1;
  }

  /**
   * Applies the element's `xmlns` and `xmlns:p` attributes to the scope (values trimmed, as
   * saxes does) and checks its prefixed attributes: false for anything saxes would refuse
   * (undeclaring a prefix, binding the reserved prefixes or namespaces, an unbound prefix, or
   * two attributes with the same namespace and local name).
   */
  private declareNamespaces(attributes: readonly string[]): boolean {
    let prefixed = 0;
    for (let k = 0; k < attributes.length; k += 2) {
      const name = attributes[k] as string;
      if (name === 'xmlns') {
        const uri = (attributes[k + 1] as string).trim();
        if (uri === xmlNamespace || uri === xmlnsNamespace) return false;
        this.bind('', uri);
      } else if (name.startsWith('xmlns:')) {
        const prefix = name.slice(6);
        const uri = (attributes[k + 1] as string).trim();
        if (prefix === 'xml' || prefix === 'xmlns' || uri === '' || uri === xmlNamespace || uri === xmlnsNamespace) return false;
        this.bind(prefix, uri);
        prefixed++;
      } else if (name.includes(':')) {
        prefixed++;
      }
    }
    return prefixed === 0 || this.prefixedAttributesResolve(attributes, prefixed);
  }

  /** Every prefixed attribute's prefix is bound, and no two name the same {namespace}local. */
  private prefixedAttributesResolve(attributes: readonly string[], prefixed: number): boolean {
    const expanded: string[] = [];
    for (let k = 0; k < attributes.length; k += 2) {
      const name = attributes[k] as string;
      const colon = name.indexOf(':');
      if (colon < 0) continue;
      const uri = this.prefixedNamespace(name.slice(0, colon));
      if (uri === undefined) return false;
      if (prefixed > 1) expanded.push(`{${uri}}${name.slice(colon + 1)}`);
    }
    return !hasDuplicate(expanded, 1);
  }

  /** The namespace a non-empty prefix is bound to in the current scope, or undefined. */
  private prefixedNamespace(prefix: string): string | undefined {
    if (prefix === 'xml') return xmlNamespace;
    if (prefix === 'xmlns') return xmlnsNamespace;
    return this.prefixes?.get(prefix);
  }

  private bind(prefix: string, uri: string): void {
    if (prefix === '') {
      this.undo.push('', this.defaultNamespace);
      this.defaultNamespace = uri;
    } else {
      const prefixes = (this.prefixes ??= new Map());
      this.undo.push(prefix, prefixes.get(prefix));
      prefixes.set(prefix, uri);
    }
  }

  private restoreScope(mark: number): void {
    const undo = this.undo;
    while (undo.length > mark) {
      const previous = undo.pop();
      const prefix = undo.pop() as string;
      if (prefix === '') this.defaultNamespace = previous as string;
      else if (previous === undefined) this.prefixes?.delete(prefix);
      else this.prefixes?.set(prefix, previous);
    }
  }

  /** An end tag from just after `</`: it must name the innermost open element. */
  private endTag(i: number): number {
    const s = this.s;
    const top = this.open.pop();
    if (top === undefined || !s.startsWith(top.name, i)) return decline;
    const j = skipSpace(s, i + top.name.length);
    if (s.charCodeAt(j) !== GT) return decline;
    this.restoreScope(this.undoMarks.pop() as number);
    return j + 1;
  }

  /** Character data inside the root, up to the next `<`: checked, not kept. */
  private text(i: number): number {
    const s = this.s;
    // Most tags follow each other directly; that needs no pattern match.
    if (s.charCodeAt(i) === LT) return i;
    for (;;) {
      i = endOfRun(plainText, s, i);
      const c = s.charCodeAt(i);
      if (c === LT) return i;
      if (c === AMP) i = this.reference(i);
      else if (c === CLOSE_BRACKET) i = s.startsWith(']]>', i) ? decline : i + 1;
      else i = surrogatePairEnd(s, i);
      if (i === decline) return decline;
    }
  }

  /**
   * A quoted attribute value from just after its opening quote, decoded into `decoded`: references
   * expanded, and each tab, line feed, CR or CR LF (not ones written as references) turned into
   * one space, as XML 1.0 attribute-value normalization and saxes do.
   */
  private quoted(i: number, quote: number): number {
    const s = this.s;
    const plain = quote === QUOT ? plainInDoubleQuotes : plainInSingleQuotes;
    let value = '';
    let start = i;
    for (;;) {
      i = endOfRun(plain, s, i);
      const c = s.charCodeAt(i);
      if (c === quote) {
        this.decoded = value + s.slice(start, i);
        return i + 1;
      }
      if (c === AMP) {
        const end = this.reference(i);
        if (end === decline) return decline;
        value += s.slice(start, i) + this.decoded;
        i = start = end;
      } else if (c === LF || c === TAB || c === CR) {
        value += `${s.slice(start, i)} `;
        i += c === CR && s.charCodeAt(i + 1) === LF ? 2 : 1;
        start = i;
      } else {
        i = surrogatePairEnd(s, i);
        if (i === decline) return decline;
      }
    }
  }

  /** `&name;`, `&#digits;` or `&#xhex;` at `i`, decoded into `decoded`; `decline` for anything else. */
  private reference(i: number): number {
    const s = this.s;
    if (s.charCodeAt(i + 1) !== HASH) {
      for (const [entity, text] of predefinedEntities) {
        if (s.startsWith(entity, i + 1)) {
          this.decoded = text;
          return i + 1 + entity.length;
        }
      }
      return decline;
    }
    const hex = s.charCodeAt(i + 2) === 0x78; // a lower-case x only, as saxes reads it
    let j = hex ? i + 3 : i + 2;
    const first = j;
    let code = 0;
    for (;;) {
      const digit = hex ? hexDigit(s.charCodeAt(j)) : decimalDigit(s.charCodeAt(j));
      if (digit === decline) break;
      code = code * (hex ? 16 : 10) + digit;
      // Past the last code point the reference is an error whatever follows, and a bound keeps `code` exact.
      if (code > 0x10ffff) return decline;
      j++;
    }
    if (j === first || s.charCodeAt(j) !== SEMICOLON || !isXmlChar(code)) return decline;
    this.decoded = String.fromCodePoint(code);
    return j + 1;
  }
}
