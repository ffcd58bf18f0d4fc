import { SaxesElementReader } from './saxes-element-reader';
import { maxElementDepth, type ExpectedRoot } from './xml-element';

const root: ExpectedRoot = { local: 'a', uri: 'urn:a' };

describe('SaxesElementReader', () => {
  it('reads elements with their namespace, attributes and parent', () => {
    const result = new SaxesElementReader().read('<a xmlns="urn:a" v="1 &amp; 2"><p:b xmlns:p="urn:p"/></a>', root);
    expect(result.ok && result.elements.map((e) => [e.name, e.uri, e.attributes, e.parent?.name])).toEqual([
      ['a', 'urn:a', ['xmlns', 'urn:a', 'v', '1 & 2'], undefined],
      ['p:b', 'urn:p', ['xmlns:p', 'urn:p'], 'a'],
    ]);
  });

  it.each([
    ['the first saxes error, with its position', '<a xmlns="urn:a"><b></a><c v=1/>', 'malformed XML: 1:24: unexpected close tag.'],
    ['a root element in another namespace', '<a xmlns="urn:b"><b></a>', 'the root element is <a> in urn:b, not <a> in urn:a'],
    ['a DTD, before parsing', '<!DOCTYPE a [<!ENTITY x "y">]><a xmlns="urn:a"/>', 'documents with a DTD are not accepted'],
    ['elements nested too deep', `<a xmlns="urn:a">${'<b>'.repeat(maxElementDepth)}`, `elements are nested more than ${maxElementDepth} deep`],
  ])('refuses a body with %s', (_name, body, reason) => {
    expect(new SaxesElementReader().read(body, root)).toEqual({ ok: false, reason });
  });

  // One parser serves every call; each body must read as it would on a new one.
  const followUps = [
    '<a xmlns="urn:a" v="\u0080"/>', // allowed in XML 1.0, refused in 1.1: the version must not carry over
    '<a xmlns="urn:a"><b/>\n<c v="1" v="2"/></a>', // the error position counts from this body's start
    '<p:a xmlns:p="urn:a"><p:b/></p:a>',
    '<a/>', // no namespace in scope from an earlier body
  ];

  it.each([
    ['a good body', '<a xmlns="urn:a"><b/></a>'],
    ['an XML 1.1 body', '<?xml version="1.1"?><a xmlns="urn:a"/>'],
    ['a refused body', '<a xmlns="urn:a"><b></a>'],
    ['a truncated body', '<a xmlns="urn:a" xmlns:q="urn:q"><b v="'],
    ['a body saxes throws on', '<a xmlns="urn:a"><!\ud800'],
    ['a wrong root', '<z xmlns:p="urn:a"/>'],
  ])('reads each body after %s as a new parser does', (_name, first) => {
    const shared = new SaxesElementReader();
    shared.read(first, root);
    for (const body of followUps) expect(shared.read(body, root)).toEqual(new SaxesElementReader().read(body, root));
  });

  it('does not throw where saxes does', () => {
    expect(new SaxesElementReader().read('<a xmlns="urn:a"><!\ud800', root)).toEqual({ ok: false, reason: 'malformed XML: Invalid code point NaN' });
  });
});
