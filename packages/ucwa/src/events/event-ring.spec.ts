import { coalesceEvents, EventRing, type UcwaEvent } from './event-ring';

const note = (target: string): UcwaEvent => ({ rel: 'contactNote', target, type: 'updated' });

describe('EventRing', () => {
  it('numbers events from 1 and gives a client what it has not acknowledged, with the ack that acknowledges it', () => {
    const ring = new EventRing(8);
    expect(ring.read(1)).toEqual({ kind: 'none', next: 1 });
    ring.push(note('a'));
    ring.push(note('b'));
    expect(ring.read(1)).toEqual({ kind: 'events', events: [note('a'), note('b')], next: 3 });
    // A lost answer is asked for again with the same ack, and comes again.
    expect(ring.read(1)).toEqual({ kind: 'events', events: [note('a'), note('b')], next: 3 });
    expect(ring.read(3)).toEqual({ kind: 'none', next: 3 });
    expect(ring.size).toBe(0);
  });

  it('answers an ack outside its window with a resync to the head, forgetting what it held', () => {
    const ring = new EventRing(8);
    ring.push(note('a'));
    expect(ring.read(7)).toEqual({ kind: 'resync', next: 2 });
    ring.push(note('b'));
    expect(ring.read(2)).toEqual({ kind: 'events', events: [note('b')], next: 3 });
    expect(ring.read(1)).toEqual({ kind: 'resync', next: 3 });
  });

  it('keeps at most its capacity, dropping the oldest, so a client that stopped reading must resync', () => {
    const ring = new EventRing(3);
    for (const target of ['a', 'b', 'c', 'd', 'e']) ring.push(note(target));
    expect([ring.size, ring.dropped]).toEqual([3, 2]);
    expect(ring.read(1)).toEqual({ kind: 'resync', next: 6 });
    for (const target of ['f', 'g', 'h', 'i']) ring.push(note(target));
    expect(ring.read(7)).toEqual({ kind: 'events', events: [note('g'), note('h'), note('i')], next: 10 });
  });

  it('refuses a capacity below 1', () => {
    expect(() => new EventRing(0)).toThrow(RangeError);
  });
});

describe('coalesceEvents', () => {
  it('keeps the last event of each resource, where that last one was', () => {
    const events: UcwaEvent[] = [
      note('a'),
      { rel: 'contact', target: 'a', type: 'updated' },
      note('b'),
      { rel: 'contactNote', target: 'a', type: 'deleted' },
    ];
    expect(coalesceEvents(events)).toEqual([{ rel: 'contact', target: 'a', type: 'updated' }, note('b'), { rel: 'contactNote', target: 'a', type: 'deleted' }]);
  });
});
