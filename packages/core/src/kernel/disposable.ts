/** Something that holds a resource (a listener, a timer, a registration) until disposed. */
export interface Disposable {
  /** Releases the resource. Calling it more than once is harmless. */
  dispose(): void;
}

/** Wraps a function so it runs at most once, however often `dispose` is called. */
export function toDisposable(release: () => void): Disposable {
  let released = false;
  return {
    dispose() {
      if (released) return;
      released = true;
      release();
    },
  };
}

/** Disposes its members together, in reverse order of addition. */
export class DisposableCollection implements Disposable {
  private readonly members: Disposable[] = [];
  private disposed = false;

  push(...disposables: Disposable[]): void {
    if (this.disposed) {
      for (const d of disposables) d.dispose();
      return;
    }
    this.members.push(...disposables);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    while (this.members.length > 0) this.members.pop()?.dispose();
  }
}
