import { scanSmallXml } from './small-xml-scanner';
import { attributeValue, maxElementDepth, type XmlElement } from './xml-element';

const batchNs = 'http://schemas.microsoft.com/2006/01/sip/batch-subscribe';
const categoryListNs = 'http://schemas.microsoft.com/2006/09/sip/categorylist';

/** name {uri} and the parent's name, for each element in document order. */
function outline(elements: readonly XmlElement[] | undefined): string[] | undefined {
  return elements?.map((e) => `${e.name} {${e.uri}} in ${e.parent?.name ?? '-'}`);
}

/** The value of attribute `name` on the first element. */
function rootAttribute(body: string, name: string): string | undefined {
  const elements = scanSmallXml(body);
  return elements === undefined ? 'declined' : attributeValue(elements[0] as XmlElement, name);
}

describe('scanSmallXml', () => {
  it('reads a Lync batchSub body: names, namespaces, parents and attributes', () => {
    const body =
      `<?xml version="1.0" encoding="utf-8"?>\r\n<batchSub xmlns="${batchNs}" uri="sip:bob@contoso.com" name="">\r\n` +
      '  <action name="subscribe" id="1048577">\r\n    <adhocList><resource uri="sip:meet.alice@vc.example.com"/></adhocList>\r\n' +
      `    <categoryList xmlns="${categoryListNs}"><category name="state"/></categoryList>\r\n  </action>\r\n</batchSub>\r\n`;
    const elements = scanSmallXml(body);
    expect(outline(elements)).toEqual([
      `batchSub {${batchNs}} in -`,
      `action {${batchNs}} in batchSub`,
      `adhocList {${batchNs}} in action`,
      `resource {${batchNs}} in adhocList`,
      `categoryList {${categoryListNs}} in action`,
      `category {${categoryListNs}} in categoryList`,
    ]);
    expect(elements?.[0]?.attributes).toEqual(['xmlns', batchNs, 'uri', 'sip:bob@contoso.com', 'name', '']);
    expect(elements?.[3]?.local).toBe('resource');
  });

  it('scopes namespace declarations to the element that makes them and its descendants', () => {
    const body =
      `<b:batchSub xmlns:b="${batchNs}"><b:action xmlns:b="urn:inner"><b:x/></b:action><b:action/>` +
      `<list xmlns="${categoryListNs}"><category xmlns=""/><category/></list><after/></b:batchSub>`;
    expect(outline(scanSmallXml(body))).toEqual([
      `b:batchSub {${batchNs}} in -`,
      'b:action {urn:inner} in b:batchSub',
      'b:x {urn:inner} in b:action',
      `b:action {${batchNs}} in b:batchSub`,
      `list {${categoryListNs}} in b:batchSub`,
      'category {} in list',
      `category {${categoryListNs}} in list`,
      'after {} in b:batchSub',
    ]);
  });

  it('reads the xml prefix, which is always bound, and trims namespace names as saxes does', () => {
    expect(outline(scanSmallXml(`<xml:a xml:lang="en" xmlns:p=" urn:p\n"><p:b/></xml:a>`))).toEqual([
      'xml:a {http://www.w3.org/XML/1998/namespace} in -',
      'p:b {urn:p} in xml:a',
    ]);
  });

  it.each([
    ['single quotes', `<a v='say "hi"'/>`, 'say "hi"'],
    ['the five predefined entities', '<a v="&lt;&gt;&amp;&quot;&apos;"/>', `<>&"'`],
    ['decimal and hexadecimal character references', '<a v="&#65;&#x42;&#x1F600;&#0067;"/>', 'AB😀C'],
    ['tab, line feed, CR and CR LF as one space each', '<a v="1\t2\n3\r4\r\n5"/>', '1 2 3 4 5'],
    ['white space written as references, kept as written', '<a v="&#9;&#10;&#13;"/>', '\t\n\r'],
    ['> and the other quote inside a value', `<a v="a>b'c"/>`, `a>b'c`],
    ['non-ASCII characters and surrogate pairs', '<a v="é😀\ue000"/>', 'é😀\ue000'],
    ['white space around =', '<a  v \n=\t"x" />', 'x'],
  ])('reads attribute values with %s', (_name, body, value) => {
    expect(rootAttribute(body, 'v')).toBe(value);
  });

  it.each([
    ['a byte order mark', '\ufeff<a/>'],
    ['an XML declaration with single quotes, encoding and standalone', "<?xml version='1.0' encoding='ISO-8859-1' standalone='no'?><a/>"],
    ['white space inside the declaration', '<?xml  version = "1.0"\n?>\n<a/>\n'],
    ['text and references between elements', '<a> one &amp; two &#x20; ]] > <b/>tail</a>'],
    ['an end tag with white space before >', '<a><b></b\n></a >'],
  ])('accepts %s', (_name, body) => {
    expect(scanSmallXml(body)).toBeDefined();
  });

  it.each([
    ['an empty body', ''],
    ['a comment', '<a><!-- x --></a>'],
    ['CDATA', '<a><![CDATA[x]]></a>'],
    ['a processing instruction', '<a><?pi x?></a>'],
    ['a DOCTYPE', '<!DOCTYPE a><a/>'],
    ['a declaration after white space', ' <?xml version="1.0"?><a/>'],
    ['XML 1.1', '<?xml version="1.1"?><a/>'],
    ['a declaration without a version', '<?xml encoding="utf-8"?><a/>'],
    ['a declaration with a bad encoding name', '<?xml version="1.0" encoding="8bit"?><a/>'],
    ['a truncated body', '<a><b/'],
    ['an unclosed element', '<a><b></a>'],
    ['an end tag for another element', '<a></b>'],
    ['an end tag with a longer name', '<a></ab>'],
    ['a second root', '<a/><b/>'],
    ['text before the root', 'x<a/>'],
    ['text after the root', '<a/>x'],
    ['an undeclared element prefix', '<p:a/>'],
    ['an undeclared attribute prefix', '<a p:v="1"/>'],
    ['the xmlns prefix on an element', '<xmlns:a/>'],
    ['a name with two colons', '<a:b:c xmlns:a="urn:a"/>'],
    ['a non-ASCII name', '<é/>'],
    ['undeclaring a prefix', '<a xmlns:p=""/>'],
    ['rebinding the xml prefix', '<a xmlns:xml="urn:x"/>'],
    ['binding the xmlns namespace', '<a xmlns="http://www.w3.org/2000/xmlns/"/>'],
    ['the same attribute twice', '<a v="1" v="2"/>'],
    ['two attributes with the same namespace and local name', '<a xmlns:p="urn:x" xmlns:q="urn:x" p:v="1" q:v="2"/>'],
    ['< in a value', '<a v="<"/>'],
    ['a bare & in a value', '<a v="a&b"/>'],
    ['an unknown entity', '<a v="&lol;"/>'],
    ['a reference to NUL', '<a v="&#0;"/>'],
    ['a reference to a surrogate', '<a v="&#xD800;"/>'],
    ['a reference with a capital X', '<a v="&#X41;"/>'],
    ['a reference past U+10FFFF', '<a v="&#x110000;"/>'],
    ['a reference without ;', '<a v="&#65"/>'],
    ['an unquoted value', '<a v=1/>'],
    ['attributes without white space between them', '<a v="1"w="2"/>'],
    ['an attribute without a value', '<a v/>'],
    ['a control character', '<a v="\u0001"/>'],
    ['a lone surrogate', '<a v="\ud800"/>'],
    ['U+FFFE', '<a>\ufffe</a>'],
    [']]> in text', '<a>]]></a>'],
    ['/ not followed by >', '<a / >'],
  ])('declines %s (saxes reads it)', (_name, body) => {
    expect(scanSmallXml(body)).toBeUndefined();
  });

  it(`declines elements nested more than ${maxElementDepth} deep, and reads them up to that`, () => {
    const nested = (depth: number) => `${'<e>'.repeat(depth)}${'</e>'.repeat(depth)}`;
    expect(scanSmallXml(nested(maxElementDepth))).toHaveLength(maxElementDepth);
    expect(scanSmallXml(nested(maxElementDepth + 1))).toBeUndefined();
  });

  it('reads long bodies without recursion and declines very deep ones without throwing', () => {
    const wide = `<a>${'<b v="x&amp;y"/>'.repeat(100_000)}</a>`;
    expect(scanSmallXml(wide)).toHaveLength(100_001);
    expect(scanSmallXml('<a>'.repeat(200_000))).toBeUndefined();
    expect(rootAttribute(`<a v="${'&#x41;'.repeat(100_000)}"/>`, 'v')).toHaveLength(100_000);
  });
});
