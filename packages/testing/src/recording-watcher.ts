import { type PresenceChange, type PresenceWatcher } from '@herald/core';

/** A watcher that keeps every change it was told about. */
export class RecordingWatcher implements PresenceWatcher {
  readonly changes: PresenceChange[] = [];
  constructor(readonly id = 'recording-watcher') {}
  presenceChanged(change: PresenceChange): void {
    this.changes.push(change);
  }
  /** Display names seen, in order; `undefined` where presence was lost. */
  displayNames(): (string | undefined)[] {
    return this.changes.map((c) => c.view?.displayName);
  }
}
