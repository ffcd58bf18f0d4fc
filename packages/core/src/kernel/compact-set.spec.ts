import { CompactSet } from './compact-set';

describe('CompactSet', () => {
  it('behaves as a set through growing from one member to many and shrinking back', () => {
    const set = new CompactSet<string>();
    expect([set.size, set.has('a'), set.toArray()]).toEqual([0, false, []]);
    expect(set.add('a')).toBe(true);
    expect(set.add('a')).toBe(false);
    expect([set.size, set.has('a'), set.toArray()]).toEqual([1, true, ['a']]);
    expect(set.add('b')).toBe(true);
    expect(set.add('c')).toBe(true);
    expect(set.add('b')).toBe(false);
    expect([set.size, set.toArray()]).toEqual([3, ['a', 'b', 'c']]);
    expect(set.delete('a')).toBe(true);
    expect(set.delete('a')).toBe(false);
    expect(set.delete('c')).toBe(true);
    expect([set.size, set.has('b'), set.has('c'), set.toArray()]).toEqual([1, true, false, ['b']]);
    expect(set.delete('b')).toBe(true);
    expect([set.size, set.toArray(), set.delete('b')]).toEqual([0, [], false]);
  });

  it('gives a copy to iterate, unaffected by changes made meanwhile', () => {
    const set = new CompactSet<number>();
    [1, 2, 3].forEach((n) => set.add(n));
    const seen: number[] = [];
    for (const n of set.toArray()) {
      seen.push(n);
      set.delete(n);
    }
    expect([seen, set.size]).toEqual([[1, 2, 3], 0]);
  });
});
