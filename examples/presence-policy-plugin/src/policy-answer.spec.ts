import { Availability } from '@herald/core';
import { parsePolicyAnswer } from './policy-answer';
import { PolicyCache } from './policy-cache';

describe('parsePolicyAnswer', () => {
  it('reads the three answers', () => {
    expect(parsePolicyAnswer({ presence: 'continue' }, 'svc')).toEqual({ ok: true, decision: { action: 'continue', reason: 'svc: continue' } });
    expect(parsePolicyAnswer({ presence: 'none', reason: 'room retired' }, 'svc')).toEqual({ ok: true, decision: { action: 'reject', reason: 'svc: room retired' } });
    expect(parsePolicyAnswer({ presence: 'set', availability: 'Do Not Disturb', note: 'Board meeting', display_name: 'Boardroom' }, 'svc')).toEqual({
      ok: true,
      decision: { action: 'set', availability: Availability.DoNotDisturb, note: 'Board meeting', displayName: 'Boardroom', reason: 'svc: do not disturb' },
    });
    expect(parsePolicyAnswer({ presence: 'set', availability: 'online' }, 'svc')).toMatchObject({ ok: true, decision: { availability: Availability.Available } });
  });

  it('says what is wrong with anything else', () => {
    expect(parsePolicyAnswer({ presence: 'maybe' }, 'svc')).toEqual({ ok: false, problem: 'the policy service sent {"presence":"maybe"}, not {"presence": "continue" | "none" | "set", …}' });
    expect(parsePolicyAnswer({ presence: 'set', availability: 'sleepy' }, 'svc')).toMatchObject({ ok: false, problem: expect.stringContaining("the availability 'sleepy'; known: available, online, busy") });
  });
});

describe('PolicyCache', () => {
  it('keeps answers until they expire and evicts the least recently used beyond its bound', () => {
    const cache = new PolicyCache(2);
    cache.set('a', { failure: 'x' }, 100);
    cache.set('b', { failure: 'y' }, 200);
    expect(cache.get('a', 50)).toEqual({ answer: { failure: 'x' }, fresh: true });
    expect(cache.get('a', 150)?.fresh).toBe(false);
    cache.set('c', { failure: 'z' }, 300); // 'b' is now the least recently used
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.size).toBe(2);
    expect(cache.expired(250)).toEqual(['a']);
  });
});
