import { Availability } from '../domain/availability';
import { type PresenceView } from '../domain/presence-view';
import { SilentLogger } from '../kernel/logger';
import { type PresenceChange, type PresenceWatcher, SubscriptionLimitError } from './subscription-hub';
import { SubscriptionHubImpl } from './subscription-hub-impl';

const view = (displayName: string): PresenceView => ({
  presentity: 'meet.alice@vc.example.com',
  availability: Availability.Available,
  displayName,
  note: '',
  title: 'Virtual Meeting Room',
  source: { kind: 'service', service: { kind: 'vmr', name: displayName, description: '', aliases: [], tag: '', enabled: true }, alias: { alias: 'x', description: '' } },
});

function watcher(id: string, seen: string[]): PresenceWatcher {
  return { id, presenceChanged: (c: PresenceChange) => seen.push(`${id}:${c.view?.displayName ?? 'none'}`) };
}

describe('SubscriptionHubImpl', () => {
  it('tells the watchers of a presentity, and only them', () => {
    const hub = new SubscriptionHubImpl(new SilentLogger(), undefined);
    const seen: string[] = [];
    hub.watch('a', watcher('w1', seen), view('A'));
    hub.watch('a', watcher('w2', seen), view('A'));
    hub.watch('b', watcher('w3', seen), view('B'));
    const told = hub.publish({ presentity: 'a', view: view('A2'), resolution: { input: 'a', trace: [] } });
    expect(told).toBe(2);
    expect(seen).toEqual(['w1:A2', 'w2:A2']);
  });

  it('forgets a presentity when its last watcher leaves', () => {
    const hub = new SubscriptionHubImpl(new SilentLogger(), undefined);
    const handle = hub.watch('a', watcher('w1', []), view('A'));
    expect(hub.stats()).toEqual({ watchers: 1, presentities: 1 });
    handle.dispose();
    handle.dispose();
    expect(hub.stats()).toEqual({ watchers: 0, presentities: 0 });
    expect(hub.lastDigest('a')).toBeUndefined();
  });

  it('refuses watchers beyond its caps', () => {
    const hub = new SubscriptionHubImpl(new SilentLogger(), { maxWatchers: 3, maxWatchersPerPresentity: 2 });
    hub.watch('a', watcher('w1', []), undefined);
    hub.watch('a', watcher('w2', []), undefined);
    expect(() => hub.watch('a', watcher('w3', []), undefined)).toThrow(SubscriptionLimitError);
    hub.watch('b', watcher('w4', []), undefined);
    expect(() => hub.watch('c', watcher('w5', []), undefined)).toThrow('maximum of 3 watchers');
  });

  it('keeps telling the others when one watcher throws', () => {
    const hub = new SubscriptionHubImpl(new SilentLogger(), undefined);
    const seen: string[] = [];
    hub.watch('a', { id: 'bad', presenceChanged: () => { throw new Error('boom'); } }, undefined);
    hub.watch('a', watcher('good', seen), undefined);
    expect(hub.publish({ presentity: 'a', view: view('A'), resolution: { input: 'a', trace: [] } })).toBe(1);
    expect(seen).toEqual(['good:A']);
  });
});
