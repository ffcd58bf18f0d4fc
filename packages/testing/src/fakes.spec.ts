import { aRule, aService, directoryContent } from './fixtures';
import { FakeAvatarSource } from './fake-avatar-source';
import { FakeClock } from './fake-clock';
import { RecordingWatcher } from './recording-watcher';
import { createTestNode } from './test-node';

describe('FakeClock', () => {
  it('runs due timers in time order as it advances, and not cancelled ones', () => {
    const clock = new FakeClock();
    const ran: string[] = [];
    clock.setTimer(300, () => ran.push('300'));
    clock.setTimer(100, () => {
      ran.push('100');
      clock.setTimer(50, () => ran.push('150'));
    });
    clock.setTimer(200, () => ran.push('200')).dispose();
    clock.advance(250);
    expect(ran).toEqual(['100', '150']);
    expect(clock.monotonic()).toBe(250);
    clock.advance(50);
    expect(ran).toEqual(['100', '150', '300']);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('FakeAvatarSource', () => {
  it('serves the bytes of the avatars in use by hash, and forgets replaced ones', () => {
    const avatars = new FakeAvatarSource();
    const changes: unknown[] = [];
    avatars.onDidChange((change) => changes.push(change));
    expect(avatars.avatarImage('d0d0')?.contentType).toBe('image/jpeg');
    const board = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    avatars.setAvatar('Boardroom', 'b0a4', true, board);
    expect(avatars.avatarFor({ purpose: 'service', theme: 'Boardroom' })?.hash).toBe('b0a4');
    expect(avatars.avatarImage('b0a4')?.bytes).toBe(board);
    avatars.setAvatar('Boardroom', 'b0a5');
    expect(avatars.avatarImage('b0a4')).toBeUndefined();
    expect(avatars.avatarImage('b0a5')?.bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(changes).toEqual([{ themes: ['Boardroom'] }, { themes: ['Boardroom'] }]);
  });
});

describe('createTestNode', () => {
  it('resolves through the core with the fake rules and avatars, and reports changes', async () => {
    const node = createTestNode({
      content: directoryContent({
        services: [aService({ name: 'Alice' })],
        rules: [
          aRule({ name: 'off', priority: 1, enabled: false, matchString: '.*' }),
          aRule({ name: 'rooms', priority: 10, matchString: '[a-z]+-room\\d\\d\\d@vc\\.example\\.com' }),
        ],
      }),
    });
    await node.lifecycle.start();
    expect(node.presence.resolve('alice@vc.example.com').view?.displayName).toBe('Alice');
    expect(node.presence.resolve('london-room003@vc.example.com').view?.source).toMatchObject({ kind: 'rule', rule: { name: 'rooms' } });
    expect(node.presence.resolve('london-room03@vc.example.com').view).toBeUndefined();

    const watcher = new RecordingWatcher();
    const resolution = node.presence.resolve('alice@vc.example.com');
    node.hub.watch(resolution.presentity as string, watcher, resolution.view);
    node.directory.replace(directoryContent({ services: [aService({ name: 'Alice', description: 'new' , aliases: [{ alias: 'alice@vc.example.com', description: '' }] })] }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(watcher.changes.map((c) => c.view?.note)).toEqual(['new']);
    await node.lifecycle.stop();
  });
});
