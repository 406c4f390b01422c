// A minimal event source for core code, which cannot use vscode.EventEmitter. `event` has the call shape of
// a vscode.Event, so host code can treat it as one.

/** Something to release: a listener, an observer, a sampler. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener; dispose the result to unsubscribe. */
export type Subscribe<T> = (listener: (value: T) => void) => Disposable;

/** Listeners of one event; a listener that throws does not stop the others. */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event: Subscribe<T> = (listener) => {
    // Wrap so the same function subscribed twice is two subscriptions.
    const entry = (value: T) => listener(value);
    this.listeners.add(entry);
    return { dispose: () => this.listeners.delete(entry) };
  };

  get size(): number {
    return this.listeners.size;
  }

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        // A faulty observer must not stop sampling or starve the other observers.
        console.error('[tensorsight] a listener failed:', error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
