/**
 * Table samplers for the bootstrap, which draws from the same few distributions ~10^4 times: the
 * pmf is tabulated once and each draw is one uniform and a guide-table search (Chen & Asau's
 * indexed inversion), a few nanoseconds instead of the logarithms of a general-purpose sampler.
 */
import { binomLogPmf } from './binomial';
import { logGamma } from './gamma';
import type { Rng } from './rng';

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
    const guide = new Int32Array(size);
    let j = 0;
    for (let g = 0; g < size; g++) {
      while ((cdf[j] as number) <= g / size) j++;
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
 * Tabulates a unimodal pmf from its mode outwards with the ratios pmf(k+1)/pmf(k), stopping at
 * TAIL_CUT of the mode (or at the support bounds [0, max]).
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
  const buf = new Float64Array(Math.min(max, mode + reach) - first + 1);
  const m0 = mode - first;
  buf[m0] = top;
  let hi = m0;
  for (let k = mode, f = top; k < max && hi + 1 < buf.length; k++) {
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
  return new DiscreteTable(first + lo, buf.slice(lo, hi + 1));
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
