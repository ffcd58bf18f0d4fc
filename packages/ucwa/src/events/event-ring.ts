/** UCWA's event types for resources. */
export type UcwaEventType = 'added' | 'updated' | 'deleted';

/** The resources Herald sends events about. */
export type UcwaEventRel = 'contact' | 'contactPresence' | 'contactNote' | 'contactPhoto' | 'presenceSubscription';

/** One change of one resource. `target` names it: a presentity, or a subscription id. */
export interface UcwaEvent {
  readonly rel: UcwaEventRel;
  readonly target: string;
  readonly type: UcwaEventType;
}

/** What an event-channel request with `ack=N` gets. */
export type EventRead =
  /** Events `N`…; `next` is the ack that acknowledges them. */
  | { readonly kind: 'events'; readonly events: readonly UcwaEvent[]; readonly next: number }
  /** Nothing after `N` yet; `next` is `N`. */
  | { readonly kind: 'none'; readonly next: number }
  /** `N` is not in the buffered window (never issued, or its events were dropped): start again at `next`. */
  | { readonly kind: 'resync'; readonly next: number };

/**
 * One application's event buffer: events numbered from 1, kept until the client acknowledges
 * them, at most `capacity`. When full, the oldest event is dropped, so a client that stopped
 * polling costs a bounded amount of memory; when it comes back, its ack is older than the
 * window and it is told to resync. The buffer grows as events arrive, so idle applications
 * cost next to nothing.
 */
export class EventRing {
  private readonly slots: (UcwaEvent | undefined)[] = [];
  /** Number of the oldest event held. */
  private first = 1;
  /** Number the next event gets. */
  private nextNumber = 1;
  private droppedCount = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`an event buffer needs a capacity of at least 1, not ${capacity}`);
  }

  /** Events held. */
  get size(): number {
    return this.nextNumber - this.first;
  }

  /** Events dropped unread because the buffer was full, since it was created. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** The ack that asks for events from now on. */
  get head(): number {
    return this.nextNumber;
  }

  /** Adds an event; returns true if the oldest one had to be dropped for it. */
  push(event: UcwaEvent): boolean {
    let dropped = false;
    if (this.size >= this.capacity) {
      this.slots[this.slot(this.first)] = undefined;
      this.first++;
      this.droppedCount++;
      dropped = true;
    }
    this.slots[this.slot(this.nextNumber)] = event;
    this.nextNumber++;
    return dropped;
  }

  /** Whether a request with `ack` would get something now (events or a resync). */
  hasNews(ack: number): boolean {
    // Anything but the head is either in the window (events) or outside it (a resync).
    return ack !== this.nextNumber;
  }

  /**
   * Answers `ack=N`: acknowledges (forgets) the events before `N` and returns the rest,
   * coalesced, or a resync when `N` is outside the window (then everything held is forgotten).
   */
  read(ack: number): EventRead {
    if (ack < this.first || ack > this.nextNumber) {
      this.forgetBefore(this.nextNumber);
      return { kind: 'resync', next: this.nextNumber };
    }
    this.forgetBefore(ack);
    if (ack === this.nextNumber) return { kind: 'none', next: ack };
    const events: UcwaEvent[] = [];
    for (let n = ack; n < this.nextNumber; n++) events.push(this.slots[this.slot(n)] as UcwaEvent);
    return { kind: 'events', events: coalesceEvents(events), next: this.nextNumber };
  }

  private forgetBefore(number: number): void {
    for (; this.first < number; this.first++) this.slots[this.slot(this.first)] = undefined;
  }

  private slot(number: number): number {
    return (number - 1) % this.capacity;
  }
}

/**
 * One event per resource: repeated changes of the same resource within one answer become the
 * last of them, placed where that last one was, so a client fetches each resource once.
 */
export function coalesceEvents(events: readonly UcwaEvent[]): UcwaEvent[] {
  const latest = new Map<string, UcwaEvent>();
  for (const event of events) {
    const key = `${event.rel}\u0000${event.target}`;
    latest.delete(key);
    latest.set(key, event);
  }
  return [...latest.values()];
}
