import { type Disposable, toDisposable } from './disposable';

/** Subscribes a listener; the returned disposable unsubscribes it. */
export type Event<T> = (listener: (event: T) => void) => Disposable;

/**
 * A synchronous event source. A listener that throws does not stop the others: the error goes
 * to `onListenerError` (by default it is rethrown asynchronously so it is not lost silently).
 */
export class Emitter<T> {
  private readonly listeners = new Set<(event: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = rethrowLater) {}

  readonly event: Event<T> = (listener) => {
    // A wrapper makes every subscription distinct, so one function can subscribe twice.
    const entry = (event: T) => listener(event);
    this.listeners.add(entry);
    return toDisposable(() => this.listeners.delete(entry));
  };

  get listenerCount(): number {
    return this.listeners.size;
  }

  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
