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

let f64 = new Float64Array(0);
let f64At = 0;
let i32 = new Int32Array(0);
let i32At = 0;

/** A zero-filled Float64Array of `n` elements, a view into a shared slab when small. */
export function smallFloat64Array(n: number): Float64Array {
  if (n * 8 > SLAB_BYTES / 4) return new Float64Array(n);
  if (f64At + n > f64.length) {
    f64 = new Float64Array(SLAB_BYTES / 8);
    f64At = 0;
  }
  const view = f64.subarray(f64At, f64At + n);
  f64At += n;
  return view;
}

/** A zero-filled Int32Array of `n` elements, a view into a shared slab when small. */
export function smallInt32Array(n: number): Int32Array {
  if (n * 4 > SLAB_BYTES / 4) return new Int32Array(n);
  if (i32At + n > i32.length) {
    i32 = new Int32Array(SLAB_BYTES / 4);
    i32At = 0;
  }
  const view = i32.subarray(i32At, i32At + n);
  i32At += n;
  return view;
}
