/**
 * Column arithmetic for the bootstrap's blocks of resamples: d[t] = d[t] + s[t] * w and
 * d[t] = (d[t] + s[t]) / w over columns of a few hundred doubles, as a few lines of WebAssembly SIMD
 * (two doubles per instruction), in one module with the score kernels (scoreKernel.ts), so that the
 * means a sampler leaves in the module's memory are scored where they are.
 *
 * Why: the hybrid route turns each resample's group counts and normals into ten means with ~70
 * multiply-adds; done a block of resamples at a time these are long independent loops, but V8 runs
 * such a typed-array loop at ~1.4-1.7 ns per element here (bounds checks and reloads of the array
 * each iteration), which made them over half of the route's time. IEEE-754 arithmetic is the same in
 * WebAssembly as in JavaScript, lane by lane, so the means are those one resample at a time would
 * give, bit for bit (tested).
 *
 * Where WebAssembly or its SIMD is missing there are no column operations (columnOps() is null) and
 * the bootstrap draws and scores one resample at a time in JavaScript, with the same results.
 */
import { encodeFunctions, f64x2, i32c, kernelFactory, op, type Kernel } from '../wasm/wasmModule';
import { NETWORK_MAX, NETWORK_MIN } from './medianNetworks';
import { scoreFunctions } from './scoreKernel';

// run(mode, d, s, w, bytes): d and s byte addresses, bytes a positive multiple of 16. Mode 0:
// d += s * w; otherwise d = (d + s) / w. Locals: 5 end of d, 6 w in both lanes.
const [MODE, D, S, W, BYTES, END, WV] = [0, 1, 2, 3, 4, 5, 6];
const { get, set, tee } = op;
/** The loops' tail: both addresses on by 16 bytes, again while d is below its end. */
const step = [
  get, S, ...i32c(16), op.i32Add, set, S,
  get, D, ...i32c(16), op.i32Add, tee, D, get, END, op.i32LtU, op.brIf, 0,
];
const makeKernel = kernelFactory(
  encodeFunctions([{
    name: 'run',
    params: [op.i32, op.i32, op.i32, op.f64, op.i32],
    locals: [
      [1, op.i32],
      [1, op.v128],
    ],
    body: [
      get, D, get, BYTES, op.i32Add, set, END,
      get, W, ...f64x2.splat, set, WV,
      op.block, op.void,
      get, MODE, op.brIf, 0,
      op.loop, op.void,
      get, D, get, D, ...f64x2.load(), get, S, ...f64x2.load(), get, WV, ...f64x2.mul, ...f64x2.add, ...f64x2.store,
      ...step,
      op.end,
      op.return,
      op.end,
      op.loop, op.void,
      get, D, get, D, ...f64x2.load(), get, S, ...f64x2.load(), ...f64x2.add, get, WV, ...f64x2.div, ...f64x2.store,
      ...step,
      op.end,
    ],
  }, {
    // dot(x, y, bytes, out): lane k of out = sum over t of x[2t + k] * y[2t + k] (bytes a multiple of
    // 16): the two accumulators of a loop that alternates them. Locals: 4 end of x, 5 the sums.
    name: 'dot',
    params: [op.i32, op.i32, op.i32, op.i32],
    locals: [
      [1, op.i32],
      [1, op.v128],
    ],
    body: [
      get, 0, get, 2, op.i32Add, set, 4,
      op.block, op.void,
      get, 2, op.i32Eqz, op.brIf, 0,
      op.loop, op.void,
      get, 5, get, 0, ...f64x2.load(), get, 1, ...f64x2.load(), ...f64x2.mul, ...f64x2.add, set, 5,
      get, 1, ...i32c(16), op.i32Add, set, 1,
      get, 0, ...i32c(16), op.i32Add, tee, 0, get, 4, op.i32LtU, op.brIf, 0,
      op.end,
      op.end,
      get, 3, get, 5, ...f64x2.store,
    ],
  }, ...scoreFunctions()], 1),
);

/**
 * Columns of a block in the kernel's memory, one scratch shared by every caller on this thread
 * (callers must finish with the scratch before another uses it: true of synchronous code); offsets
 * and lengths in elements.
 */
export class ColumnOps {
  private view: Float64Array;
  private readonly scorers: ((...args: number[]) => number)[] = [];

  private readonly dotFn: (...args: number[]) => number;

  constructor(private readonly kernel: Kernel) {
    this.view = new Float64Array(kernel.memory.buffer);
    this.dotFn = kernel.fn('dot');
    for (let n = NETWORK_MIN; n <= NETWORK_MAX; n++) this.scorers.push(kernel.fn(`score${n}`));
  }

  /** The scratch, at least `n` doubles long; a call may replace it, so take it again after each. */
  scratch(n: number): Float64Array {
    if (this.view.length < n) {
      const bytes = this.kernel.memory.buffer.byteLength;
      this.kernel.memory.grow(Math.ceil((n * 8 - bytes) / 65536));
      // Growing detaches the old buffer (the contents stay): the view is made again.
      this.view = new Float64Array(this.kernel.memory.buffer);
    }
    return this.view;
  }

  /** d[t] = d[t] + s[t] * w for t < len (len even, d and s offsets of disjoint columns). */
  fma(d: number, s: number, w: number, len: number): void {
    if (len > 0) this.kernel.run(0, d * 8, s * 8, w, len * 8);
  }

  /** d[t] = (d[t] + s[t]) / w for t < len (len even). */
  finish(d: number, s: number, w: number, len: number): void {
    if (len > 0) this.kernel.run(1, d * 8, s * 8, w, len * 8);
  }

  /**
   * Sum of x[t] * y[t] for t < len (x, y offsets in the scratch; `out` two doubles of it, apart from
   * them) as a loop with two accumulators gives it, bit for bit: one for even t, one for odd t (the
   * last term, when len is odd, goes to the even one), added at the end. The two lanes of a SIMD
   * multiply-add are exactly those accumulators.
   */
  dot(x: number, y: number, len: number, out: number): number {
    const even = len & ~1;
    this.dotFn(x * 8, y * 8, even * 8, out * 8);
    const v = this.view;
    let s0 = v[out]!;
    if (even < len) s0 += v[x + even]! * v[y + even]!;
    return s0 + v[out + 1]!;
  }

  /** Whether {@link score} has a kernel for series of `points` points. */
  scores(points: number): boolean {
    return points - 1 >= NETWORK_MIN && points - 1 <= NETWORK_MAX;
  }

  /**
   * The spaced emergence scores of `len` resamples (len even) of `points` means each, oriented:
   * model i's means in the column at y + i * stride, the step factors each twice from f, floor^2
   * and orientation (+1, -1) as numbers, the scores to out. See scoreKernel.ts.
   */
  score(points: number, y: number, stride: number, len: number, f: number, floor2: number, orient: number, out: number): void {
    if (!this.scores(points)) throw new RangeError(`ColumnOps.score: no kernel for ${points} points`);
    if (len > 0) (this.scorers[points - 1 - NETWORK_MIN] as (...args: number[]) => number)(y * 8, stride * 8, len * 8, f * 8, floor2, orient, out * 8);
  }
}

/** The thread's column operations (one instance: each WebAssembly memory reserves much address space); null without WebAssembly SIMD. */
let shared: ColumnOps | null | undefined;

export function columnOps(): ColumnOps | null {
  if (shared === undefined) {
    const kernel = makeKernel();
    shared = kernel && new ColumnOps(kernel);
  }
  return shared;
}
