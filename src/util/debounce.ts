/** Per-key trailing debounce: many events for one key within `ms` run `fn` once, after the last. */
import type { IDisposable } from './dispose';

/** A keyed debouncer; dispose cancels every pending call. */
export class KeyedDebouncer<K> implements IDisposable {
  private readonly timers = new Map<K, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly ms: number,
    private readonly fn: (key: K) => void,
  ) {}

  /** (Re)starts the timer for `key`. */
  trigger(key: K): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.fn(key);
      }, this.ms),
    );
  }

  /** Drops the pending call for `key`, if any. */
  cancel(key: K): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  /** Whether a call is pending for any key. */
  get pending(): boolean {
    return this.timers.size > 0;
  }

  /** How many timers are pending (tests check none outlives its burst). */
  get size(): number {
    return this.timers.size;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
