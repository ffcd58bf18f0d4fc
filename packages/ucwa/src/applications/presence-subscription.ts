/** How long before a subscription expires its client is told (`presenceSubscription` updated), so it can extend it. */
export const expiryWarningMs = 60_000;

/** UCWA's bounds for a presence subscription's `duration`, in minutes. */
export const subscriptionDurationRange = { min: 10, max: 30 } as const;

/**
 * One `presenceSubscription` of an application: a set of contacts watched until `expiresAt`,
 * unless extended. Its members' watches live in the application, shared between subscriptions.
 */
export class PresenceSubscription {
  readonly members = new Set<string>();
  private expiry: number;
  private warned = false;

  constructor(
    readonly id: string,
    private minutes: number,
    now: number,
  ) {
    this.expiry = now + minutes * 60_000;
  }

  get durationMinutes(): number {
    return this.minutes;
  }

  get expiresAt(): number {
    return this.expiry;
  }

  /** Starts the duration again from `now`, with a new length if given. */
  extend(now: number, minutes = this.minutes): void {
    this.minutes = minutes;
    this.expiry = now + minutes * 60_000;
    this.warned = false;
  }

  /** True once, when the subscription enters its last minute. */
  shouldWarn(now: number): boolean {
    if (this.warned || now < this.expiry - expiryWarningMs) return false;
    this.warned = true;
    return true;
  }
}
