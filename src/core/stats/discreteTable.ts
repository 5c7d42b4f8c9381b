/**
 * Table samplers for the bootstrap, which draws from the same few distributions ~10^4 times: the
 * pmf is tabulated once and each draw is one uniform and a guide-table search (Chen & Asau's
 * indexed inversion), a few nanoseconds instead of the logarithms of a general-purpose sampler.
 */
import type { Rng } from './rng';
import { smallFloat64Array, smallInt32Array } from './smallArrays';

/**
 * Tables stop where the pmf falls below this fraction of its mode. The pmfs tabulated here are
 * log-concave, so the mass cut off is below ~1e-18: far under the 2^-32 resolution of a uniform.
 */
const TAIL_CUT = 1e-20;

/** Sampler of a distribution on the integers lo, lo+1, ..., lo+size-1. */
export class DiscreteTable {
  /** Number of support points kept. */
  readonly size: number;
  private readonly cdf: Float64Array;
  private readonly guide: Int32Array;

  /**
   * `weights[i]` is proportional to P(X = lo + i) (non-negative, not all zero; normalised here).
   * The array is taken over and overwritten.
   */
  constructor(
    private readonly lo: number,
    weights: Float64Array,
  ) {
    const size = weights.length;
    let total = 0;
    for (let i = 0; i < size; i++) total += weights[i] as number;
    if (!(size > 0) || !(total > 0) || !Number.isFinite(total)) {
      throw new RangeError('DiscreteTable: weights must be non-negative with a positive sum');
    }
    const cdf = weights;
    let acc = 0;
    for (let i = 0; i < size; i++) {
      acc += cdf[i] as number;
      cdf[i] = acc / total;
    }
    // Exactly 1 at the end, so a search never runs past the table whatever the rounding.
    cdf[size - 1] = 1;
    const guide = smallInt32Array(size);
    let j = 0;
    for (let g = 0; g < size; g++) {
      const x = g / size;
      while ((cdf[j] as number) <= x) j++;
      guide[g] = j;
    }
    this.size = size;
    this.cdf = cdf;
    this.guide = guide;
  }

  /** The largest value a draw can take. */
  get max(): number {
    return this.lo + this.size - 1;
  }

  /** One draw. */
  sample(rng: Rng): number {
    const u = rng.next();
    const cdf = this.cdf;
    let j = this.guide[Math.floor(u * this.size)] as number;
    // The first step of the search as arithmetic, not a branch: whether a draw takes it is a coin
    // flip the processor cannot predict, and the bootstrap makes ~10^7 draws back to back (its worst
    // case 1.87-1.89 to 1.67-1.84 s). Further steps are rare.
    j += +((cdf[j] as number) <= u);
    while ((cdf[j] as number) <= u) j++;
    return this.lo + j;
  }
}

/**
 * Scratch for the table walks, grown as needed and shared by every build (single-threaded
 * per isolate). A table's own arrays are then allocated once at their exact size: allocating a
 * zero-filled buffer of the whole reach and slicing the kept part out of it was over half of a
 * build's time (a 120-entry binomial table: ~4.5 us, of which the two allocations ~2.5 us), and the
 * bootstrap's hybrid route builds ~10^5 of them on a large run.
 */
let scratch = new Float64Array(1024);

/**
 * Tabulates a unimodal pmf on [first, first + end] from its mode outwards, relative to the mode (the
 * table normalises), by the ratios pmf(k+1)/pmf(k) = (a - b k)/(k + 1) and
 * pmf(k-1)/pmf(k) = k/(c - d k), stopping where it falls below TAIL_CUT of the mode. Both tables
 * here have ratios of that form, so one walk serves both with numbers, not callbacks: the bootstrap's
 * hybrid route builds ~10^5 tables, and a walk given a new pair of closures per table was
 * deoptimised on them ("wrong call target") and ran at ~2.15 us a table against ~1.5 us.
 */
function walkFromMode(mode: number, first: number, end: number, a: number, b: number, c: number, d: number): DiscreteTable {
  if (scratch.length < end + 1) scratch = new Float64Array(Math.max(end + 1, 2 * scratch.length));
  const buf = scratch;
  const m0 = mode - first;
  buf[m0] = 1;
  let hi = m0;
  for (let k = mode, f = 1; hi < end; k++) {
    f *= (a - b * k) / (k + 1);
    if (f < TAIL_CUT) break;
    buf[++hi] = f;
  }
  let lo = m0;
  for (let k = mode, f = 1; lo > 0; k--) {
    f *= k / (c - d * k);
    if (f < TAIL_CUT) break;
    buf[--lo] = f;
  }
  const weights = smallFloat64Array(hi + 1 - lo);
  weights.set(buf.subarray(lo, hi + 1));
  return new DiscreteTable(first + lo, weights);
}

/** Binomial(n, p) table (n floored); a one-point table when n = 0 or p is 0 or 1. */
export function binomialTable(n: number, p: number): DiscreteTable {
  n = Math.floor(n);
  if (!(n >= 0) || !(p >= 0 && p <= 1)) throw new RangeError(`binomialTable: bad n=${n} or p=${p}`);
  if (n === 0 || p === 0 || p === 1) return new DiscreteTable(p === 1 ? n : 0, new Float64Array([1]));
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const odds = p / (1 - p);
  // 12 sd (plus slack for small means) on each side: the walks stop on the cut well before.
  const reach = Math.ceil(12 * Math.sqrt(n * p * (1 - p)) + 40);
  const first = Math.max(0, mode - reach);
  // pmf(k+1)/pmf(k) = (n - k) odds / (k + 1); pmf(k-1)/pmf(k) = k / ((n - k + 1) odds).
  return walkFromMode(mode, first, Math.min(n, mode + reach) - first, n * odds, odds, (n + 1) * odds, odds);
}

/** Poisson(lambda) table; a one-point table at 0 when lambda = 0. */
export function poissonTable(lambda: number): DiscreteTable {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`poissonTable: bad lambda=${lambda}`);
  if (lambda === 0) return new DiscreteTable(0, new Float64Array([1]));
  const mode = Math.floor(lambda);
  const reach = Math.ceil(12 * Math.sqrt(lambda) + 40);
  const first = Math.max(0, mode - reach);
  // pmf(k+1)/pmf(k) = lambda / (k + 1); pmf(k-1)/pmf(k) = k / lambda.
  return walkFromMode(mode, first, mode + reach - first, lambda, 0, lambda, 0);
}
