import { parseAdhocList, parseBatchSubscribe } from './batch-bodies';

const ns = 'http://schemas.microsoft.com/2006/01/sip/batch-subscribe';

describe('parseBatchSubscribe', () => {
  it('reads the list URI, the resources of each action and the categories', () => {
    const body =
      `<batchSub xmlns="${ns}" uri="sip:bob@contoso.com" name="">` +
      '<action name="subscribe" id="1"><adhocList><resource uri="sip:a@vc.example.com"><context/></resource><resource uri="sip:b@vc.example.com"/></adhocList>' +
      '<categoryList xmlns="http://schemas.microsoft.com/2006/09/sip/categorylist"><category name="state"/><category name="note"/></categoryList></action>' +
      '<action name="unsubscribe" id="2"><adhocList><resource uri="sip:c@vc.example.com"/></adhocList></action></batchSub>';
    expect(parseBatchSubscribe(body)).toEqual({
      ok: true,
      batch: { listUri: 'sip:bob@contoso.com', subscribe: ['sip:a@vc.example.com', 'sip:b@vc.example.com'], unsubscribe: ['sip:c@vc.example.com'], categories: ['state', 'note'] },
    });
  });

  it('expands the predefined entities in attribute values', () => {
    const body = `<batchSub xmlns="${ns}" uri="x"><action name="subscribe"><adhocList><resource uri="sip:a&amp;b@vc.example.com"/></adhocList></action></batchSub>`;
    expect(parseBatchSubscribe(body)).toMatchObject({ ok: true, batch: { subscribe: ['sip:a&b@vc.example.com'] } });
  });

  it('files a resource under the outermost action around it, in batchSub order', () => {
    const body =
      `<b:batchSub xmlns:b="${ns}" uri="sip:bob@contoso.com">` +
      '<b:action name="unsubscribe"><b:action name="subscribe"><b:adhocList><b:resource uri="sip:a@vc.example.com"/></b:adhocList></b:action></b:action>' +
      '<b:action name="subscribe"><b:adhocList xmlns:b="urn:other"><b:resource uri="sip:ignored@vc.example.com"/></b:adhocList>' +
      '<b:adhocList><b:resource uri="sip:b@vc.example.com"/><b:resource uri=""/></b:adhocList></b:action></b:batchSub>';
    expect(parseBatchSubscribe(body)).toEqual({ ok: true, batch: { listUri: 'sip:bob@contoso.com', subscribe: ['sip:b@vc.example.com'], unsubscribe: ['sip:a@vc.example.com'] } });
  });

  it.each([
    ['elements nested too deep', `<batchSub xmlns="${ns}">${'<action>'.repeat(100)}${'</action>'.repeat(100)}</batchSub>`, 'nested more than 64 deep'],
    ['a root in another namespace', '<batchSub xmlns="urn:other" uri="x"/>', 'not <batchSub> in'],
    ['another root element', `<subscribe xmlns="${ns}"/>`, 'the root element is <subscribe>'],
    ['unclosed elements', `<batchSub xmlns="${ns}"><action>`, 'malformed XML'],
    ['an undefined entity', `<batchSub xmlns="${ns}" uri="&lol;"/>`, 'malformed XML'],
    ['a DTD', `<!DOCTYPE batchSub [<!ENTITY lol "lol">]><batchSub xmlns="${ns}"/>`, 'DTD'],
  ])('refuses %s with a reason', (_name, body, reason) => {
    const result = parseBatchSubscribe(body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });
});

describe('parseAdhocList', () => {
  it('reads created and deleted resources', () => {
    const body =
      '<adhoclist xmlns="urn:ietf:params:xml:ns:adrl" uri="sip:bob@contoso.com" name="sip:bob@contoso.com">' +
      '<create xmlns=""><resource uri="sip:a@vc.example.com"/></create><delete xmlns=""><resource uri="sip:b@vc.example.com"/></delete></adhoclist>';
    expect(parseAdhocList(body)).toEqual({ ok: true, batch: { listUri: 'sip:bob@contoso.com', subscribe: ['sip:a@vc.example.com'], unsubscribe: ['sip:b@vc.example.com'] } });
  });
});
