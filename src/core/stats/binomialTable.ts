/**
 * Binomial draws for the bootstrap, which draws from the same distributions ~10^4 times. A
 * {@link BinomialTable} tabulates one Binomial(n, p) and draws by one uniform and a guide-table
 * search (Chen & Asau's indexed inversion): a few nanoseconds instead of BTPE's logarithms. A
 * {@link FixedPBinomial} serves one p with varying n, as the sequential binomials of a multinomial
 * need: a table per n once the mean is large, cheap inversion below that.
 */
import { binomLogPmf } from './binomial';
import type { Rng } from './rng';

/**
 * The table stops where the pmf falls below this fraction of its mode. The pmf is log-concave, so
 * the mass cut off is below ~1e-18 for any n: far under the 2^-32 resolution of a uniform draw.
 */
const TAIL_CUT = 1e-20;

/** Precomputed sampler of one binomial distribution (exact up to the cut tails). */
export class BinomialTable {
  private readonly lo: number;
  private readonly cdf: Float64Array;
  private readonly guide: Int32Array;
  /** Number of table entries, i.e. the width of the support kept. */
  readonly size: number;

  /** n trials (floored), success probability p in [0, 1]. */
  constructor(n: number, p: number) {
    n = Math.floor(n);
    if (!(n >= 0) || !(p >= 0 && p <= 1)) throw new RangeError(`BinomialTable: bad n=${n} or p=${p}`);
    if (n === 0 || p === 0 || p === 1) {
      // A one-entry table: the draw needs no special case.
      this.lo = p === 1 ? n : 0;
      this.cdf = new Float64Array([1]);
      this.guide = new Int32Array(1);
      this.size = 1;
      return;
    }
    const mode = Math.min(n, Math.floor((n + 1) * p));
    const odds = p / (1 - p);
    const top = Math.exp(binomLogPmf(mode, n, p));
    // Room for 12 sd (plus slack for small means) on each side: the pmf is below TAIL_CUT * top
    // well before that, so the walks below stop on the cut, not on the buffer.
    const reach = Math.ceil(12 * Math.sqrt(n * p * (1 - p)) + 40);
    const first = Math.max(0, mode - reach);
    const buf = new Float64Array(Math.min(n, mode + reach) - first + 1);
    const m0 = mode - first;
    buf[m0] = top;
    let total = top;
    let hi = m0;
    for (let k = mode, f = top; k < n && hi + 1 < buf.length; k++) {
      f *= ((n - k) / (k + 1)) * odds;
      if (f < TAIL_CUT * top) break;
      buf[++hi] = f;
      total += f;
    }
    let lo = m0;
    for (let k = mode, f = top; k > 0 && lo > 0; k--) {
      f *= k / ((n - k + 1) * odds);
      if (f < TAIL_CUT * top) break;
      buf[--lo] = f;
      total += f;
    }
    this.lo = first + lo;
    const size = hi - lo + 1;
    const cdf = buf.subarray(lo, hi + 1);
    let acc = 0;
    const inv = 1 / total;
    for (let i = 0; i < size; i++) {
      acc += (cdf[i] as number) * inv;
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
    this.size = size;
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
 * From this mean n*min(p, 1-p) on, a table per n beats inversion: inversion costs ~ the mean per
 * draw, while a table costs O(sd) once per distinct n and n takes only O(sd) distinct values.
 */
const TABLE_MIN_MEAN = 8;
/** Reciprocals 1/x, so that the inversion loop multiplies instead of dividing. */
const INV = Float64Array.from({ length: 256 }, (_, x) => (x === 0 ? 0 : 1 / x));

/** Table entries several {@link FixedPBinomial}s may still build, shared so memory stays bounded. */
export interface TableBudget {
  entries: number;
}

/**
 * Binomial(n, p) for one fixed p and any n; exact (inversion, tables as above, or BTPE through
 * Rng.binomial once the shared table budget is spent).
 */
export class FixedPBinomial {
  private readonly r: number;
  private readonly flip: boolean;
  private readonly logQ: number;
  private readonly odds: number;
  /** Tables by n, dense from 0 to maxN: a sparse JS array would fall back to dictionary mode. */
  private readonly tables: (BinomialTable | null)[];

  /**
   * p in [0, 1]; n will not exceed maxN; `budget` caps the table entries built (shared across
   * samplers).
   */
  constructor(
    private readonly p: number,
    maxN: number,
    private readonly budget: TableBudget,
  ) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`FixedPBinomial: bad p=${p}`);
    this.flip = p > 0.5;
    this.r = this.flip ? 1 - p : p;
    this.logQ = Math.log1p(-this.r);
    this.odds = this.r / (1 - this.r);
    this.tables = this.r * maxN >= TABLE_MIN_MEAN ? new Array(maxN + 1).fill(null) : [];
  }

  /** One draw of Binomial(n, p), n a non-negative integer. */
  sample(rng: Rng, n: number): number {
    if (n === 0 || this.r === 0) return this.flip ? n : 0;
    if (n * this.r >= TABLE_MIN_MEAN) {
      let t = this.tables[n];
      if (t === undefined || t === null) {
        if (this.budget.entries <= 0) return rng.binomial(n, this.p);
        t = new BinomialTable(n, this.p);
        this.tables[n] = t;
        this.budget.entries -= t.size;
      }
      return t.sample(rng);
    }
    const x = this.invert(rng, n);
    return this.flip ? n - x : x;
  }

  /** Sequential-search inversion with pmf(x) = pmf(x-1) * (n-x+1)/x * odds; mean below 8. */
  private invert(rng: Rng, n: number): number {
    const q0 = Math.exp(n * this.logQ);
    const odds = this.odds;
    // Past this the remaining mass is below double precision (see Rng.binomial); restart there.
    const bound = Math.min(n, 255);
    for (;;) {
      let u = rng.next();
      let f = q0;
      let x = 0;
      while (u > f && x < bound) {
        u -= f;
        x++;
        f *= (n - x + 1) * (INV[x] as number) * odds;
      }
      if (u <= f) return x;
    }
  }
}
