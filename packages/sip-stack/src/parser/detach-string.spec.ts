import { detachString } from './detach-string';

describe('detachString', () => {
  it.each([
    ['empty', ''],
    ['short', 'tag=1a2b'],
    ['a header value', ' <sip:bench374@contoso.com>;tag=15331b374'],
    ['latin1 text', 'Ünïcode Café – Room 7'.replace('–', '-')],
    ['text beyond latin1', 'Ünïcode Café – Room 7 📹'],
    ['a lone surrogate', 'broken \ud83d surrogate in a long value'],
  ])('gives back %s unchanged', (_name, value) => {
    const header = `X-Test: ${value}\r\n`;
    const slice = header.slice(8, 8 + value.length);
    expect(detachString(slice)).toBe(value);
  });
});
