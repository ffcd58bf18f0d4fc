import { seededRandom } from '@herald/testing';
import { parseAdhocList, parseBatchSubscribe, type ElementReader } from './batch-bodies';
import { SaxesElementReader } from './saxes-element-reader';
import { scanSmallXml } from './small-xml-scanner';
import type { XmlElement } from './xml-element';

// The scanner is a fast path in front of saxes: for every body it accepts it must report what
// saxes reports, and every body must parse to the same result as saxes alone gives. The
// reference reader builds a new saxes parser per body, so the shared parser's reuse (after
// good bodies, refusals and aborted parses alike) is checked along the way.

const batchNs = 'http://schemas.microsoft.com/2006/01/sip/batch-subscribe';
const categoryListNs = 'http://schemas.microsoft.com/2006/09/sip/categorylist';
const adrlNs = 'urn:ietf:params:xml:ns:adrl';

const saxesAlone: ElementReader = (body, root) => new SaxesElementReader().read(body, root);

/** Random bodies in the shapes Lync and LCS send, varied in every way the scanner claims to read. */
class BodyGenerator {
  constructor(private readonly rand: () => number) {}

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  chance(p: number): boolean {
    return this.rand() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  body(): string {
    const bom = this.chance(0.05) ? '\ufeff' : '';
    const declaration = this.chance(0.3)
      ? this.pick(['<?xml version="1.0"?>', "<?xml version='1.0' encoding='UTF-8'?>", '<?xml version="1.0" encoding="utf-8" standalone="yes"?>', '<?xml  version = "1.0"\n?>'])
      : '';
    const root = this.chance(0.75) ? this.batchSub() : this.adhocList();
    return `${bom}${declaration}${this.gap()}${root}${this.gap()}`;
  }

  private batchSub(): string {
    const prefix = this.chance(0.3) ? this.pick(['b', 'batch', 'x_1.y-2']) : '';
    const ns = this.chance(0.1) ? this.pick(['urn:wrong', categoryListNs]) : batchNs;
    const q = (local: string) => (prefix === '' ? local : `${prefix}:${local}`);
    const actions = Array.from({ length: 1 + this.int(3) }, () => this.action(q, prefix, 0));
    return this.element(q('batchSub'), [[prefix === '' ? 'xmlns' : `xmlns:${prefix}`, this.namespaceValue(ns)], ['uri', this.value()], ['name', ''], ...this.extras()], actions);
  }

  private action(q: (local: string) => string, prefix: string, depth: number): string {
    const children = [this.element(q('adhocList'), this.chance(0.1) ? [['xmlns', '']] : [], Array.from({ length: this.int(4) }, () => this.resource(q)))];
    if (this.chance(0.7)) children.push(this.categoryList(prefix));
    if (this.chance(0.15)) children.push('<x:ext xmlns:x="urn:ext" x:attr="1" xml:lang="en">text &amp; more</x:ext>');
    if (depth < 2 && this.chance(0.1)) children.push(this.action(q, prefix, depth + 1));
    const name = this.pick(['subscribe', 'subscribe', 'unsubscribe', 'other']);
    return this.element(q('action'), [['name', name], ['id', String(this.int(1 << 21))], ...this.extras()], children);
  }

  private resource(q: (local: string) => string): string {
    const attributes: [string, string][] = this.chance(0.9) ? [['uri', this.chance(0.1) ? '' : this.value()]] : [];
    return this.element(q('resource'), [...attributes, ...this.extras()], this.chance(0.2) ? [this.element(q('context'), [], [])] : []);
  }

  private categoryList(batchPrefix: string): string {
    // Default namespace, a prefix of its own, or the batch prefix rebound to the category namespace.
    const style = this.int(3);
    const prefix = style === 0 ? '' : style === 1 || batchPrefix === '' ? 'c' : batchPrefix;
    const q = (local: string) => (prefix === '' ? local : `${prefix}:${local}`);
    const categories = Array.from({ length: this.int(5) }, () => this.element(q('category'), [['name', this.pick(['state', 'note', 'contactCard', 'calendarData', this.value()])]], []));
    return this.element(q('categoryList'), [[prefix === '' ? 'xmlns' : `xmlns:${prefix}`, this.namespaceValue(categoryListNs)]], categories);
  }

  private adhocList(): string {
    const ns = this.chance(0.1) ? 'urn:wrong' : adrlNs;
    const operations = Array.from({ length: 1 + this.int(3) }, () => {
      const attributes: [string, string][] = this.chance(0.5) ? [['xmlns', '']] : [];
      const resources = Array.from({ length: this.int(4) }, () => this.element('resource', [['uri', this.value()]], []));
      return this.element(this.pick(['create', 'delete', 'other']), attributes, resources);
    });
    return this.element('adhoclist', [['xmlns', this.namespaceValue(ns)], ['uri', this.value()], ['name', this.value()]], operations);
  }

  /** A start tag, children with random white space or text between them, and an end tag (or `/>`). */
  private element(name: string, attributes: readonly (readonly [string, string])[], children: readonly string[]): string {
    const quote = (): string => this.pick(['"', "'"]);
    const written = attributes.map(([attribute, value]) => {
      const q = quote();
      return `${this.space()}${attribute}${this.pick(['=', '=', ' = ', '\n=\t'])}${q}${value.replaceAll(q, q === '"' ? '&quot;' : '&apos;')}${q}`;
    });
    const open = `<${name}${written.join('')}${this.chance(0.1) ? this.space() : ''}`;
    if (children.length === 0 && this.chance(0.6)) return `${open}/>`;
    const inner = children.map((child) => `${this.between()}${child}`).join('') + this.between();
    return `${open}>${inner}</${name}${this.chance(0.1) ? this.space() : ''}>`;
  }

  private extras(): [string, string][] {
    return this.chance(0.2) ? [[this.pick(['foo', 'xml:lang', 'data-x', '_y']), this.value()]] : [];
  }

  /** An attribute value mixing plain text, references, raw white space and non-ASCII characters. */
  value(): string {
    const pieces = ['sip:a@vc.example.com', 'x', ' ', '&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#65;', '&#x41;', '&#x1F600;', '&#0010;', '&#13;', '&#9;'];
    const raw = ['\t', '\n', '\r\n', '\r', '>', '"', "'", 'é', '😀', '\u00a0', '\ue000', '\u0085'];
    return Array.from({ length: this.int(5) }, () => (this.chance(0.7) ? this.pick(pieces) : this.pick(raw))).join('');
  }

  private namespaceValue(ns: string): string {
    return this.chance(0.1) ? `${this.pick([' ', '\n', '\t', '&#32;'])}${ns}${this.pick([' ', '\r\n', ''])}` : ns;
  }

  private space(): string {
    return this.pick([' ', ' ', '  ', '\n', '\t', '\r\n']);
  }
  private gap(): string {
    return this.pick(['', '', '', ' ', '\n', '\r\n  ', '\t', '\n\n']);
  }
  private between(): string {
    return this.chance(0.85) ? this.gap() : this.pick(['hello', ' &amp; ', '&#x20;', 'a > b', ']]', '] ]>', '"quoted"', 'ünïcödé 😀']);
  }
}

const tokens = [
  '<', '>', '&', '"', "'", '=', '/', ':', ' ', '\n', '\r', '&amp;', '&lt', '&#0;', '&#x10FFFF;', '&#x110000;', '&#xD800;', '&#X41;', '&#;',
  ']]>', '<!-- c -->', '<![CDATA[x]]>', '<?pi x?>', '<?xml version="1.0"?>', '<!DOCTYPE x>', '\u0000', '\u0001', '\ud800', '\udc00', '\ufffe',
  'xmlns:p=""', ' xmlns:xml="urn:x"', ' xmlns="http://www.w3.org/2000/xmlns/"', ' a="1" a="2"', ' p:a="1"', 'é', '😀', '<x/>', '</x>', 'xmlns:',
];

/** Attributes that declare, undeclare, rebind or misuse namespaces, or repeat a name. */
const trickAttributes = [
  'xmlns:b=""', 'xmlns=""', `xmlns="${batchNs}"`, `xmlns:b="${batchNs}"`, `xmlns:c="${categoryListNs}"`, 'xmlns:c="urn:other"', 'xmlns:b=" urn:b "',
  'xmlns:xml="http://www.w3.org/XML/1998/namespace"', 'xmlns:xml="urn:x"', 'xmlns:xmlns="urn:x"', 'xmlns="http://www.w3.org/2000/xmlns/"',
  'xmlns:x="http://www.w3.org/XML/1998/namespace"', 'b:uri="x"', 'c:name="y"', 'z:a="1"', 'uri="dup"', 'name="dup"', 'xml:lang="en"',
];

/** `text` with an attribute from `trickAttributes` added to the first start tag at or after `at`. */
function withTrickAttribute(text: string, at: number, generator: BodyGenerator): string {
  let tag = text.indexOf('<', at);
  while (tag >= 0 && !/[A-Za-z_]/.test(text[tag + 1] ?? '')) tag = text.indexOf('<', tag + 1);
  if (tag < 0) return text;
  let end = tag + 1;
  while (end < text.length && !' \t\r\n/>'.includes(text[end] as string)) end++;
  return `${text.slice(0, end)} ${generator.pick(trickAttributes)}${text.slice(end)}`;
}

function mutate(body: string, generator: BodyGenerator): string {
  let text = body;
  for (let edits = 1 + generator.int(3); edits > 0; edits--) {
    const at = generator.int(text.length + 1);
    switch (generator.int(7)) {
      case 0:
        text = text.slice(0, at);
        break;
      case 1: {
        const quote = text.indexOf(generator.pick(['"', "'"]), at);
        if (quote >= 0) text = text.slice(0, quote) + (text[quote] === '"' ? "'" : '"') + text.slice(quote + 1);
        break;
      }
      case 2:
        text = text.slice(0, at) + generator.pick(tokens) + text.slice(at);
        break;
      case 3:
        text = text.slice(0, at) + text.slice(at + 1 + generator.int(20));
        break;
      case 4:
        text = text.slice(0, at) + text.slice(at, at + 1 + generator.int(40)) + text.slice(at);
        break;
      case 5:
        text = withTrickAttribute(text, at, generator);
        break;
      default:
        text = text.slice(0, at) + generator.pick(['<', '>', '&', ';', '#', 'x', '"', "'", '/', '=', ':', '\t']) + text.slice(at + 1);
    }
  }
  return text;
}

/** Large or deep bodies aimed at the scanner's limits and at anything superlinear. */
function hostileBodies(generator: BodyGenerator): string[] {
  const open = `<batchSub xmlns="${batchNs}" uri="sip:x@y">`;
  const deep = (depth: number, tag: (level: number) => string) =>
    `${open}${Array.from({ length: depth }, (_, level) => `<${tag(level)}>`).join('')}${Array.from({ length: depth }, (_, level) => `</${tag(depth - 1 - level).split(' ')[0]}>`).join('')}</batchSub>`;
  const bigValue = 'v'.repeat(100_000);
  return [
    deep(3000, () => 'action name="subscribe"'),
    deep(2000, (level) => `p${level}:e xmlns:p${level}="urn:level${level}"`),
    deep(2000, (level) => (level % 2 === 0 ? `e xmlns="urn:${level}"` : 'e xmlns=""')),
    `${open}<action name="subscribe"><adhocList><resource uri="${bigValue}"/></adhocList></action></batchSub>`,
    `${open}<action name="subscribe"><adhocList><resource uri="${'&amp;&#x41;\t'.repeat(20_000)}"/></adhocList></action></batchSub>`,
    `<batchSub xmlns="${batchNs}"${Array.from({ length: 2000 }, (_, k) => ` a${k}="${k}"`).join('')}/>`,
    `<batchSub xmlns="${batchNs}"${Array.from({ length: 2000 }, (_, k) => ` xmlns:p${k}="urn:same" p${k}:a="1"`).join('')}/>`,
    `<batchSub xmlns="${batchNs}"${' a="1"'.repeat(5000)}/>`,
    `${open}<resource uri="&#${'0'.repeat(50_000)}65;"/></batchSub>`,
    `${open}${']'.repeat(50_000)}></batchSub>`,
    `${open}${'<a>'.repeat(20_000)}`,
    `<${'n'.repeat(50_000)} xmlns="${batchNs}"/>`,
    `${open}${'<b:x xmlns:b="urn:b" '.repeat(3000)}`,
    `${open}<resource uri="${bigValue}`,
    `${open}<resource uri="${'&'.repeat(50_000)}"/></batchSub>`,
    `${generator.body()}${'\t'.repeat(50_000)}`,
  ];
}

/** Elements with parents as indexes, so deep documents compare in linear time. */
function flatten(elements: readonly XmlElement[]): unknown[] {
  const index = new Map(elements.map((element, k) => [element, k]));
  return elements.map((e) => [e.name, e.local, e.uri, e.attributes, e.parent === undefined ? -1 : index.get(e.parent)]);
}

describe('the batch-body scanner against saxes', () => {
  const generator = new BodyGenerator(seededRandom(20261124));
  const valid = Array.from({ length: 1500 }, () => generator.body());
  const mutated = valid.map((body) => mutate(body, generator));
  const hostile = hostileBodies(generator);

  /** The bodies whose results differ between the two paths (empty when they agree). */
  function disagreements(bodies: readonly string[]): { body: string; problem: string }[] {
    const found: { body: string; problem: string }[] = [];
    for (const body of bodies) {
      for (const parse of [parseBatchSubscribe, parseAdhocList]) {
        const fast = JSON.stringify(parse(body));
        const reference = JSON.stringify(parse(body, saxesAlone));
        if (fast !== reference) found.push({ body: body.slice(0, 300), problem: `${parse.name}: ${fast.slice(0, 300)} vs saxes ${reference.slice(0, 300)}` });
      }
      const scanned = scanSmallXml(body);
      if (scanned === undefined) continue;
      const first = scanned[0] as XmlElement;
      const read = new SaxesElementReader().read(body, { local: first.local, uri: first.uri });
      if (!read.ok) found.push({ body: body.slice(0, 300), problem: `the scanner accepted a body saxes refuses: ${read.reason}` });
      else if (JSON.stringify(flatten(scanned)) !== JSON.stringify(flatten(read.elements))) found.push({ body: body.slice(0, 300), problem: 'different elements' });
    }
    return found.slice(0, 5);
  }

  it('reads every generated valid body on the fast path, with the results saxes gives', () => {
    expect(valid.filter((body) => scanSmallXml(body) === undefined).slice(0, 3)).toEqual([]);
    expect(disagreements(valid)).toEqual([]);
  });

  it('gives the same result or the same refusal as saxes for mutated bodies', () => {
    const accepted = mutated.filter((body) => scanSmallXml(body) !== undefined).length;
    // Both paths are exercised: some mutations stay within what the scanner reads, most do not.
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(mutated.length - 300);
    expect(disagreements(mutated)).toEqual([]);
  });

  it('gives the same result or the same refusal as saxes for large, deep and hostile bodies', () => {
    expect(disagreements(hostile)).toEqual([]);
  });
});
