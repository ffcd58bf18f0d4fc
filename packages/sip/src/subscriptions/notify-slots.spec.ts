import { NotifySlots } from './notify-slots';

describe('NotifySlots', () => {
  it('lets `size` senders through at once and the others in the order they asked', async () => {
    const slots = new NotifySlots(2);
    expect([slots.acquire(), slots.acquire()]).toEqual([undefined, undefined]);
    const order: number[] = [];
    const waiting = [1, 2, 3].map((n) => (slots.acquire() as Promise<void>).then(() => order.push(n)));
    expect(slots.waiting).toBe(3);
    slots.release();
    slots.release();
    await Promise.resolve();
    expect(order).toEqual([1, 2]);
    slots.release();
    await Promise.all(waiting);
    expect([order, slots.waiting]).toEqual([[1, 2, 3], 0]);
    // Every slot given back is free again.
    for (let i = 0; i < 2; i++) slots.release();
    expect([slots.acquire(), slots.acquire()]).toEqual([undefined, undefined]);
    expect(slots.acquire()).toBeInstanceOf(Promise);
  });

  it('serves thousands of waiters in order without keeping the served ones', async () => {
    const slots = new NotifySlots(1);
    slots.acquire();
    const served: number[] = [];
    const all = Array.from({ length: 5000 }, (_, n) => (slots.acquire() as Promise<void>).then(() => served.push(n)));
    for (let i = 0; i < 5000; i++) slots.release();
    await Promise.all(all);
    expect(served).toEqual(Array.from({ length: 5000 }, (_, n) => n));
    expect(slots.waiting).toBe(0);
  });
});
