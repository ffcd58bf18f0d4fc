import { Availability, type DirectoryContent, type PresenceChange } from '@herald/core';
import { EmbeddedHerald } from './embedded-herald';

const room = (name: string, alias: string) => ({ kind: 'vmr' as const, name, description: `${name} description`, aliases: [{ alias, description: '' }], tag: '', enabled: true });
const directory = (...services: ReturnType<typeof room>[]): DirectoryContent => ({ services, rules: [], themes: [] });

/** Lets the change tracker, which publishes on the next turn of the event loop, run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('two embedded Herald instances in one process', () => {
  let a: EmbeddedHerald;
  let b: EmbeddedHerald;

  beforeEach(async () => {
    a = await EmbeddedHerald.start({ directory: { content: directory(room('Oslo boardroom', 'meet.board@vc.example.com')) }, publicBaseUrl: 'https://a.example.com', name: 'a' });
    b = await EmbeddedHerald.start({
      directory: { content: directory(room('Bergen studio', 'meet.board@vc.example.com'), room('Bergen lab', 'lab@vc.example.com')) },
      publicBaseUrl: 'https://b.example.com',
      name: 'b',
    });
  });

  afterEach(() => Promise.all([a.stop(), b.stop()]));

  it('answer the same alias from their own directories', () => {
    expect(a.resolve('meet.board@vc.example.com').view).toMatchObject({ displayName: 'Oslo boardroom', availability: Availability.Available });
    expect(b.resolve('meet.board@vc.example.com').view).toMatchObject({ displayName: 'Bergen studio' });
    expect(a.resolve('lab@vc.example.com').view).toBeUndefined();
    expect(b.resolve('lab@vc.example.com').view?.displayName).toBe('Bergen lab');
    expect(a.resolve('meet.board@vc.example.com').view?.avatar?.url).toMatch(/^https:\/\/a\.example\.com\/avatars\//);
    expect(b.resolve('meet.board@vc.example.com').view?.avatar?.url).toMatch(/^https:\/\/b\.example\.com\/avatars\//);
  });

  it("a change to one instance's directory reaches its own watchers and no one else's", async () => {
    const seenByA: PresenceChange[] = [];
    const seenByB: PresenceChange[] = [];
    a.watch('meet.board@vc.example.com', 'watcher-a', (change) => seenByA.push(change));
    b.watch('meet.board@vc.example.com', 'watcher-b', (change) => seenByB.push(change));

    b.replaceDirectory(directory(room('Bergen studio, renamed', 'meet.board@vc.example.com')));
    await settle();

    expect(seenByB.map((c) => c.view?.displayName)).toEqual(['Bergen studio, renamed']);
    expect(seenByA).toEqual([]);
    expect(a.resolve('meet.board@vc.example.com').view?.displayName).toBe('Oslo boardroom');
  });

  it('stopping one leaves the other working', async () => {
    await a.stop();
    expect(b.resolve('lab@vc.example.com').view?.displayName).toBe('Bergen lab');
  });
});
