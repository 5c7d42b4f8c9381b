/**
 * A growable Int32Array that a scorer owns and reuses across items, so that re-scoring millions of
 * items allocates only while the buffer is still growing towards the largest item seen.
 */
export class IntBuffer {
  /** Backing store; only `data[0 .. length)` is meaningful. Replaced (not copied into) on growth. */
  data: Int32Array;
  /** Number of valid entries. */
  length = 0;

  /** @param capacity initial number of entries (grows by doubling). */
  constructor(capacity = 64) {
    this.data = new Int32Array(Math.max(1, capacity));
  }

  /** Makes room for at least `n` entries, keeping the first `length`. */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < n) cap *= 2;
    const next = new Int32Array(cap);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /** Appends one value. */
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }

  /** Forgets the contents (keeps the capacity). */
  clear(): void {
    this.length = 0;
  }
}
