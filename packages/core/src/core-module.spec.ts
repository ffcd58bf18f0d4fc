import { Container } from 'inversify';
import { createCoreModule } from './core-module';
import { Directory } from './directory/directory';
import { InMemoryDirectory } from './directory/in-memory-directory';
import { PresenceService } from './presence/presence-service';
import { SubscriptionHub } from './presence/subscription-hub';

function node(roomName: string) {
  const container = new Container();
  container.loadSync(createCoreModule());
  const directory = new InMemoryDirectory();
  directory.replace({
    services: [{ kind: 'vmr', name: roomName, description: '', aliases: [{ alias: 'room@vc.example.com', description: '' }], tag: '', enabled: true }],
    rules: [],
    themes: [],
  });
  container.bind(Directory).toConstantValue(directory);
  return container;
}

describe('two containers in one process', () => {
  it('share no state: each resolves from its own directory and holds its own watchers', () => {
    const a = node('Room in A');
    const b = node('Room in B');
    const presenceA = a.get<PresenceService>(PresenceService);
    const presenceB = b.get<PresenceService>(PresenceService);
    expect(presenceA).not.toBe(presenceB);
    expect(presenceA.resolve('room@vc.example.com').view?.displayName).toBe('Room in A');
    expect(presenceB.resolve('room@vc.example.com').view?.displayName).toBe('Room in B');

    const hubA = a.get<SubscriptionHub>(SubscriptionHub);
    const hubB = b.get<SubscriptionHub>(SubscriptionHub);
    hubA.watch('room@vc.example.com', { id: 'w', presenceChanged: () => undefined }, undefined);
    expect(hubA.stats().watchers).toBe(1);
    expect(hubB.stats().watchers).toBe(0);
  });

  it('gives singletons per container, stable within one', () => {
    const a = node('A');
    expect(a.get(SubscriptionHub)).toBe(a.get(SubscriptionHub));
    expect(a.get(SubscriptionHub)).not.toBe(node('A').get(SubscriptionHub));
  });
});
