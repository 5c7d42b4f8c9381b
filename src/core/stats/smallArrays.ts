/**
 * Small typed arrays carved out of shared slabs. V8 keeps a typed array's contents on its heap only
 * up to 64 bytes; a larger one gets a backing store of its own from the embedder's allocator, which
 * measured ~0.75-0.9 us per array here (120 doubles) against ~0.1 us for a view into a slab. The
 * bootstrap's hybrid route builds ~10^5 sampling tables of ~100 entries on a large run, two arrays
 * each: that allocation was over half of a table's build time.
 *
 * A view is zero-filled like a new array (slabs are fresh and never handed out twice). A slab lives
 * as long as any view into it, so a long-lived view can hold at most one slab (SLAB_BYTES) beyond
 * its own size. Single-threaded per isolate, as everything here.
 */

/** Bytes per slab; arrays larger than a quarter of a slab get their own buffer. */
const SLAB_BYTES = 1 << 19;

/** Hands out views of one slab at a time, a fresh slab when the current one is used up. */
class Slab<T extends Float64Array | Int32Array> {
  private array: T;
  private at = 0;

  constructor(
    private readonly make: (n: number) => T,
    private readonly bytesPer: number,
  ) {
    this.array = make(0);
  }

  take(n: number): T {
    if (n * this.bytesPer > SLAB_BYTES / 4) return this.make(n);
    if (this.at + n > this.array.length) {
      this.array = this.make(SLAB_BYTES / this.bytesPer);
      this.at = 0;
    }
    const view = this.array.subarray(this.at, this.at + n) as T;
    this.at += n;
    return view;
  }
}

const f64 = new Slab((n) => new Float64Array(n), 8);
const i32 = new Slab((n) => new Int32Array(n), 4);

/** A zero-filled Float64Array of `n` elements, a view into a shared slab when small. */
export function smallFloat64Array(n: number): Float64Array {
  return f64.take(n);
}

/** A zero-filled Int32Array of `n` elements, a view into a shared slab when small. */
export function smallInt32Array(n: number): Int32Array {
  return i32.take(n);
}
