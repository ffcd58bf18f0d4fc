import { type Disposable, type PresenceChange, type PresenceView, type PresenceWatcher, type SubscriptionHub } from '@herald/core';
import { type UcwaEvent } from '../events/event-ring';
import { presenceEvents } from '../events/presence-events';

/** A contact an application's subscriptions watch, with the view it was last told about. */
export interface WatchedMember {
  readonly presentity: string;
  readonly view: PresenceView | undefined;
}

interface Member {
  refs: number;
  view: PresenceView | undefined;
  readonly watch: Disposable;
}

/**
 * The contacts one application watches: one `SubscriptionHub` watch per contact, counted by how
 * many of its subscriptions name it, with the view its client last heard of.
 */
export class ContactWatches {
  private readonly members = new Map<string, Member>();

  constructor(
    private readonly hub: SubscriptionHub,
    /** The watcher the hub calls: the application. */
    private readonly watcher: PresenceWatcher,
  ) {}

  /**
   * Watches a contact once more.
   * @throws SubscriptionLimitError from the hub when the node is full.
   */
  retain(member: WatchedMember): void {
    const existing = this.members.get(member.presentity);
    if (existing !== undefined) {
      existing.refs++;
      return;
    }
    const watch = this.hub.watch(member.presentity, this.watcher, member.view);
    this.members.set(member.presentity, { refs: 1, view: member.view, watch });
  }

  /** Watches a contact once less; the hub watch goes with the last. */
  release(presentity: string): void {
    const member = this.members.get(presentity);
    if (member === undefined || --member.refs > 0) return;
    member.watch.dispose();
    this.members.delete(presentity);
  }

  /** The events a change means for the client, remembering the new view; none for a contact not watched. */
  changed(change: PresenceChange): UcwaEvent[] {
    const member = this.members.get(change.presentity);
    if (member === undefined) return [];
    const events = presenceEvents(change.presentity, member.view, change.view);
    member.view = change.view;
    return events;
  }

  dispose(): void {
    for (const member of this.members.values()) member.watch.dispose();
    this.members.clear();
  }
}
