import { setBounded } from './bounded-map';

describe('setBounded', () => {
  it('forgets the entry set longest ago when a new key would pass the bound', () => {
    const map = new Map<string, number>();
    for (const [i, key] of ['a', 'b', 'c'].entries()) setBounded(map, key, i, 3);
    setBounded(map, 'd', 3, 3);
    expect([...map.keys()]).toEqual(['b', 'c', 'd']);
  });

  it('replaces a known key in place without forgetting another', () => {
    const map = new Map([
      ['a', 0],
      ['b', 1],
    ]);
    setBounded(map, 'a', 9, 2);
    expect([...map]).toEqual([
      ['a', 9],
      ['b', 1],
    ]);
  });
});
