import { type PresenceView } from '@herald/core';
import { type UcwaEvent, type UcwaEventRel } from './event-ring';

/** What each contact resource shows of a view; undefined when the resource does not exist. */
const resources: readonly (readonly [UcwaEventRel, (view: PresenceView | undefined) => string | undefined])[] = [
  ['contact', (v) => (v === undefined ? undefined : JSON.stringify([v.displayName, v.title]))],
  ['contactPresence', (v) => (v === undefined ? undefined : JSON.stringify([v.availability.token, v.activity ?? '']))],
  ['contactNote', (v) => v?.note],
  ['contactPhoto', (v) => v?.avatar?.hash],
];

/**
 * The events a client needs when a contact's view changes from `before` to `after`: for each of
 * its resources (the contact, its presence, note and photo) `added` if it now exists and did
 * not, `deleted` if it no longer exists, `updated` if what it shows changed, nothing otherwise.
 * A contact that loses presence loses all four (it answers 404 from then on).
 */
export function presenceEvents(presentity: string, before: PresenceView | undefined, after: PresenceView | undefined): UcwaEvent[] {
  const events: UcwaEvent[] = [];
  for (const [rel, shown] of resources) {
    const was = shown(before);
    const is = shown(after);
    if (was === is) continue;
    events.push({ rel, target: presentity, type: was === undefined ? 'added' : is === undefined ? 'deleted' : 'updated' });
  }
  return events;
}
