import { Availability, type PresenceView } from '@herald/core';
import { aService } from '@herald/testing';
import { presenceEvents } from './presence-events';

const service = aService({ name: 'Alice' });
const view: PresenceView = {
  presentity: 'alice@vc.example.com',
  availability: Availability.Available,
  displayName: 'Alice',
  note: 'Weekly syncs',
  title: 'Virtual Meeting Room',
  avatar: { url: 'http://h/avatars/aa.jpg', hash: 'aa', themeChain: [] },
  source: { kind: 'service', service, alias: service.aliases[0] },
};
const changes = (before: PresenceView | undefined, after: PresenceView | undefined) =>
  presenceEvents('alice@vc.example.com', before, after).map((e) => `${e.rel} ${e.type}`);

describe('presenceEvents', () => {
  it('says which of the contact, presence, note and photo changed', () => {
    expect(changes(view, { ...view, displayName: 'Alice 2' })).toEqual(['contact updated']);
    expect(changes(view, { ...view, note: 'Fridays' })).toEqual(['contactNote updated']);
    expect(changes(view, { ...view, availability: Availability.Busy })).toEqual(['contactPresence updated']);
    expect(changes(view, { ...view, avatar: { url: 'http://h/avatars/bb.jpg', hash: 'bb', themeChain: [] } })).toEqual(['contactPhoto updated']);
    expect(changes(view, { ...view, avatar: { url: 'http://h/avatars/aa.jpg', hash: 'aa', themeChain: ['other'] } })).toEqual([]);
  });

  it('adds or deletes every resource when a contact gains or loses presence, and the photo alone when only it comes or goes', () => {
    expect(changes(undefined, view)).toEqual(['contact added', 'contactPresence added', 'contactNote added', 'contactPhoto added']);
    expect(changes(view, undefined)).toEqual(['contact deleted', 'contactPresence deleted', 'contactNote deleted', 'contactPhoto deleted']);
    const { avatar: _avatar, ...withoutAvatar } = view;
    expect(changes(view, withoutAvatar)).toEqual(['contactPhoto deleted']);
  });
});
