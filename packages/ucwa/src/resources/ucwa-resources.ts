import { type PresenceView } from '@herald/core';
import { type PresenceSubscription } from '../applications/presence-subscription';
import { type EventRead, type UcwaEvent } from '../events/event-ring';
import { type UcwaLinks } from './ucwa-links';

/** A HAL link. */
export interface Link {
  readonly href: string;
}

/**
 * The JSON resources of the API, shaped as UCWA 2.0's: `rel`, properties, `_links` and
 * `_embedded`. Pure functions of the model, so their shapes are tested without HTTP.
 */

/** How Lync shows a room: a contact from another network, never a person of this one. */
const sourceNetwork = 'Federated';
/** Rooms and gateway contacts are not on a PC, phone or the web; UCWA's word for that. */
const deviceType = 'Unknown';

export function applicationResource(
  links: UcwaLinks,
  app: { readonly appId: string; readonly details: { readonly userAgent: string; readonly endpointId: string; readonly culture: string }; readonly eventsHead: number },
) {
  return {
    rel: 'application',
    id: app.appId,
    userAgent: app.details.userAgent,
    endpointId: app.details.endpointId,
    culture: app.details.culture,
    _links: { self: link(links.application), events: link(links.events(app.eventsHead)), batch: link(links.batch()) },
    _embedded: { people: peopleResource(links) },
  };
}

export function peopleResource(links: UcwaLinks) {
  return {
    rel: 'people',
    _links: { self: link(links.people()), presenceSubscriptions: link(links.subscriptions()) },
  };
}

export function contactResource(links: UcwaLinks, view: PresenceView) {
  const p = view.presentity;
  return {
    rel: 'contact',
    uri: `sip:${p}`,
    name: view.displayName,
    title: view.title,
    type: 'User',
    sourceNetwork,
    _links: {
      self: link(links.contact(p)),
      contactPresence: link(links.presence(p)),
      contactNote: link(links.note(p)),
      ...(view.avatar === undefined ? {} : { contactPhoto: link(links.photo(p)) }),
    },
  };
}

export function presenceResource(links: UcwaLinks, view: PresenceView) {
  return {
    rel: 'contactPresence',
    availability: view.availability.token,
    activity: view.activity ?? '',
    deviceType,
    _links: { self: link(links.presence(view.presentity)) },
  };
}

export function noteResource(links: UcwaLinks, view: PresenceView) {
  return {
    rel: 'contactNote',
    message: view.note,
    type: 'Personal',
    _links: { self: link(links.note(view.presentity)) },
  };
}

export function subscriptionResource(links: UcwaLinks, subscription: PresenceSubscription) {
  const id = subscription.id;
  return {
    rel: 'presenceSubscription',
    id,
    duration: subscription.durationMinutes,
    _links: { self: link(links.subscription(id)), memberships: link(links.memberships(id)), addToPresenceSubscription: link(links.memberships(id)) },
  };
}

export function subscriptionsResource(links: UcwaLinks, subscriptions: Iterable<PresenceSubscription>) {
  return {
    rel: 'presenceSubscriptions',
    _links: { self: link(links.subscriptions()) },
    _embedded: { presenceSubscription: [...subscriptions].map((s) => subscriptionResource(links, s)) },
  };
}

export function membershipsResource(links: UcwaLinks, subscription: PresenceSubscription) {
  return {
    rel: 'presenceSubscriptionMemberships',
    _links: { self: link(links.memberships(subscription.id)) },
    _embedded: {
      presenceSubscriptionMembership: [...subscription.members].map((p) => ({
        rel: 'presenceSubscriptionMembership',
        _links: { self: link(links.membership(subscription.id, p)), contact: link(links.contact(p)) },
      })),
    },
  };
}

/**
 * An event-channel answer. Events come in one `people` sender group; a resync answer carries
 * only the `resync` link, which the client follows after clearing what it cached.
 */
export function eventsResource(links: UcwaLinks, ack: number, read: EventRead) {
  const self = link(links.events(ack));
  if (read.kind === 'resync') return { _links: { self, resync: link(links.events(read.next)) } };
  const events = read.kind === 'events' ? read.events : [];
  return {
    _links: { self, next: link(links.events(read.next)) },
    sender: events.length === 0 ? [] : [{ rel: 'people', href: links.people(), events: events.map((e) => ({ link: { rel: e.rel, href: eventHref(links, e) }, type: e.type })) }],
  };
}

function eventHref(links: UcwaLinks, event: UcwaEvent): string {
  switch (event.rel) {
    case 'contact':
      return links.contact(event.target);
    case 'contactPresence':
      return links.presence(event.target);
    case 'contactNote':
      return links.note(event.target);
    case 'contactPhoto':
      return links.photo(event.target);
    case 'presenceSubscription':
      return links.subscription(event.target);
  }
}

function link(href: string): Link {
  return { href };
}
