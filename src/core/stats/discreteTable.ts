/**
 * Table samplers for the bootstrap, which draws from the same few distributions ~10^4 times: the
 * pmf is tabulated once and each draw is one uniform and a guide-table search (Chen & Asau's
 * indexed inversion), a few nanoseconds instead of the logarithms of a general-purpose sampler.
 */
import { binomLogPmf } from './binomial';
import { logGamma } from './gamma';
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
    while ((cdf[j] as number) <= u) j++;
    return this.lo + j;
  }
}

/**
 * Scratch for {@link fromMode}'s walks, grown as needed and shared by every build (single-threaded
 * per isolate). A table's own arrays are then allocated once at their exact size: allocating a
 * zero-filled buffer of the whole reach and slicing the kept part out of it was over half of a
 * build's time (a 120-entry binomial table: ~4.5 us, of which the two allocations ~2.5 us), and the
 * bootstrap's hybrid route builds ~10^5 of them on a large run.
 */
let scratch = new Float64Array(1024);

/**
 * Tabulates a unimodal pmf from its mode outwards with the ratios pmf(k+1)/pmf(k), stopping at
 * TAIL_CUT of the mode (or at the support bounds [0, max], or `reach` from the mode).
 */
function fromMode(
  mode: number,
  top: number,
  max: number,
  up: (k: number) => number,
  down: (k: number) => number,
  reach: number,
): DiscreteTable {
  const first = Math.max(0, mode - reach);
  const length = Math.min(max, mode + reach) - first + 1;
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, 2 * scratch.length));
  const buf = scratch;
  const m0 = mode - first;
  buf[m0] = top;
  let hi = m0;
  for (let k = mode, f = top; k < max && hi + 1 < length; k++) {
    f *= up(k);
    if (f < TAIL_CUT * top) break;
    buf[++hi] = f;
  }
  let lo = m0;
  for (let k = mode, f = top; k > 0 && lo > 0; k--) {
    f *= down(k);
    if (f < TAIL_CUT * top) break;
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
  return fromMode(
    mode,
    Math.exp(binomLogPmf(mode, n, p)),
    n,
    (k) => ((n - k) / (k + 1)) * odds,
    (k) => k / ((n - k + 1) * odds),
    reach,
  );
}

/** Poisson(lambda) table; a one-point table at 0 when lambda = 0. */
export function poissonTable(lambda: number): DiscreteTable {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`poissonTable: bad lambda=${lambda}`);
  if (lambda === 0) return new DiscreteTable(0, new Float64Array([1]));
  const mode = Math.floor(lambda);
  const top = Math.exp(-lambda + mode * Math.log(lambda) - logGamma(mode + 1));
  const reach = Math.ceil(12 * Math.sqrt(lambda) + 40);
  return fromMode(
    mode,
    top,
    Infinity,
    (k) => lambda / (k + 1),
    (k) => k / lambda,
    reach,
  );
}
