import { collectGarbage, FakeClock } from '@herald/testing';
import { TimerWheel } from './timer-wheel';


/** Schedules a timer whose callback is the only holder of `request`. */
function scheduleHolding(wheel: TimerWheel, request: { message: string }) {
  return { timer: wheel.schedule(30_000, () => request.message), request: new WeakRef(request) };
}

describe('TimerWheel', () => {
  it('fires each timer once, never early and at most one resolution late, in due order', () => {
    const clock = new FakeClock();
    const wheel = new TimerWheel(clock, 10, 8);
    const fired: string[] = [];
    const at = (name: string) => () => fired.push(`${name}@${clock.monotonic()}`);
    wheel.schedule(25, at('a'));
    wheel.schedule(5, at('b'));
    wheel.schedule(500, at('far')); // beyond one turn of the 8-slot wheel
    clock.advance(24);
    expect(fired).toEqual(['b@10']);
    clock.advance(10);
    expect(fired).toEqual(['b@10', 'a@30']);
    clock.advance(1000);
    expect(fired).toEqual(['b@10', 'a@30', 'far@500']);
    expect(wheel.size).toBe(0);
  });

  it('keeps nothing of a cancelled timer alive while it waits in its slot', async () => {
    const clock = new FakeClock();
    const wheel = new TimerWheel(clock, 10);
    // What a handler-timeout closure holds: the request and its parsed message.
    const held = scheduleHolding(wheel, { message: 'x'.repeat(10_000) });
    held.timer.cancel();
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(held.request.deref()).toBeUndefined();
    expect(wheel.size).toBe(0);
  });

  it('does not fire cancelled timers, and stops ticking when nothing is pending', () => {
    const clock = new FakeClock();
    const wheel = new TimerWheel(clock, 10);
    let fired = 0;
    const timer = wheel.schedule(50, () => fired++);
    timer.cancel();
    timer.cancel();
    expect(wheel.size).toBe(0);
    clock.advance(100);
    expect(fired).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('runs timers scheduled by a firing timer, and schedules nothing after stop', () => {
    const clock = new FakeClock();
    const wheel = new TimerWheel(clock, 10);
    const fired: number[] = [];
    wheel.schedule(10, () => {
      fired.push(clock.monotonic());
      wheel.schedule(10, () => fired.push(clock.monotonic()));
    });
    clock.advance(100);
    expect(fired).toEqual([10, 20]);
    wheel.schedule(10, () => fired.push(-1));
    wheel.stop();
    wheel.schedule(10, () => fired.push(-2));
    clock.advance(100);
    expect(fired).toEqual([10, 20]);
    expect(clock.pendingTimers).toBe(0);
  });
});
