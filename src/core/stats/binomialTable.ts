/**
 * Binomial(n, p) by table lookup, for the bootstrap, which draws from the same (n, p) ~10^4 times:
 * the pmf is tabulated once and each draw is one uniform and a guide-table search (Chen & Asau's
 * indexed inversion), a few nanoseconds instead of BTPE's logarithms.
 */
import { binomLogPmf } from './binomial';
import type { Rng } from './rng';

/**
 * The table stops where the pmf falls below this fraction of its mode. The pmf is log-concave, so
 * the mass cut off is below ~1e-18 for any n: far under the 2^-32 resolution of a uniform draw.
 */
const TAIL_CUT = 1e-20;

/** Precomputed sampler of one binomial distribution. */
export class BinomialTable {
  private readonly lo: number;
  private readonly cdf: Float64Array;
  private readonly guide: Int32Array;
  private readonly constant: number;

  /** n trials (floored), success probability p in [0, 1]. */
  constructor(n: number, p: number) {
    n = Math.floor(n);
    if (!(n >= 0) || !(p >= 0 && p <= 1)) throw new RangeError(`BinomialTable: bad n=${n} or p=${p}`);
    if (n === 0 || p === 0 || p === 1) {
      this.constant = p === 1 ? n : 0;
      this.lo = 0;
      this.cdf = new Float64Array(0);
      this.guide = new Int32Array(0);
      return;
    }
    this.constant = NaN;
    const mode = Math.min(n, Math.floor((n + 1) * p));
    const odds = p / (1 - p);
    const top = Math.exp(binomLogPmf(mode, n, p));
    const right: number[] = [];
    for (let k = mode, f = top; k < n; k++) {
      f *= ((n - k) / (k + 1)) * odds;
      if (f < TAIL_CUT * top) break;
      right.push(f);
    }
    const left: number[] = [];
    for (let k = mode, f = top; k > 0; k--) {
      f *= k / ((n - k + 1) * odds);
      if (f < TAIL_CUT * top) break;
      left.push(f);
    }
    this.lo = mode - left.length;
    const size = left.length + 1 + right.length;
    const pmf = new Float64Array(size);
    left.forEach((f, i) => (pmf[left.length - 1 - i] = f));
    pmf[left.length] = top;
    right.forEach((f, i) => (pmf[left.length + 1 + i] = f));
    let total = 0;
    for (let i = 0; i < size; i++) total += pmf[i] as number;
    const cdf = new Float64Array(size);
    let acc = 0;
    for (let i = 0; i < size; i++) {
      acc += (pmf[i] as number) / total;
      cdf[i] = acc;
    }
    // Exactly 1 at the end, so a search never runs past the table whatever the rounding.
    cdf[size - 1] = 1;
    const guide = new Int32Array(size);
    let j = 0;
    for (let g = 0; g < size; g++) {
      while ((cdf[j] as number) <= g / size) j++;
      guide[g] = j;
    }
    this.cdf = cdf;
    this.guide = guide;
  }

  /** One draw. */
  sample(rng: Rng): number {
    if (!Number.isNaN(this.constant)) return this.constant;
    const u = rng.next();
    const cdf = this.cdf;
    let j = this.guide[Math.floor(u * cdf.length)] as number;
    while ((cdf[j] as number) <= u) j++;
    return this.lo + j;
  }
}
