/**
 * Multinomial(N, w) draws for a fixed w and a total N that changes from draw to draw, as the
 * bootstrap's hybrid route needs them: category j takes Binomial(rest, w_j / (w_j + ... + w_last)) of
 * the `rest` items not yet placed, the last category what is left. That chain is the multinomial
 * exactly (each step is the conditional law of one count given the ones before it).
 *
 * Why tables: a general binomial draw costs a logarithm and an exponential (~80 ns); a tabulated one
 * is one uniform and a guide-table search (~10 ns). A step sees the same few values of `rest` again
 * and again (they spread over a few standard deviations of N), so each (step, rest) pair gets its own
 * table once it has been met a few times (ski rental). Short runs (few resamples) then do not pay for
 * tables they would not use, and long ones draw almost only from tables.
 *
 * Many draws are made at once (drawBlock), step by step across them: one draw's steps each wait on
 * the step before (its `rest`), but the draws of one step are independent, so the processor overlaps
 * them; the bench's worst case drew its ~3 x 10^7 steps ~30% faster so.
 */
import { DiscreteTable, binomialTable } from './discreteTable';
import type { Rng } from './rng';

/**
 * General draws of one (step, rest) pair before it gets a table. A table of ~140 entries costs
 * ~1.5 us to build, ~18 general draws, but most pairs that recur a few times recur hundreds of
 * times: on the bench's worst case (10,000 resamples a series) 6 took 1.75 s against 1.87-1.97 s
 * with 16 and 1.79 s with 3, and with 1,000 resamples 0.53-0.54 s against 0.57 and 0.52-0.55 s.
 */
const BUILD_AFTER = 6;
/**
 * Tables are kept for the first TABLE_STEPS steps and totals up to TABLE_MAX_TOTAL only, so that the
 * index stays under ~1 MB whatever the number of categories (a sampler can have thousands); steps
 * beyond are rarely reached with anything left to place, and draw generally.
 */
const TABLE_STEPS = 32;
const TABLE_MAX_TOTAL = 4096;

/** Draws Multinomial(N, w), N <= maxTotal, by conditional binomials tabulated as they recur. */
export class MultinomialChain {
  /** cond[j] = w_j / (w_j + ... + w_last), for every category but the last. */
  private readonly cond: Float64Array;
  private readonly stride: number;
  /** Steps that get tables (none when totals can exceed TABLE_MAX_TOTAL). */
  private readonly tabulated: number;
  /** tables[j * stride + rest]: Binomial(rest, cond[j]) once built, else null. */
  private readonly tables: (DiscreteTable | null)[];
  /** General draws so far of each (j, rest), up to BUILD_AFTER. */
  private readonly seen: Uint8Array;
  /** drawInto's total, as a block of one. */
  private readonly one = new Int32Array(1);

  /**
   * @param weights non-negative category weights with a positive sum (normalised here).
   * @param maxTotal the largest N that will be drawn (sizes the tables' index).
   */
  constructor(weights: ArrayLike<number>, maxTotal: number) {
    const k = weights.length;
    let total = 0;
    for (let j = 0; j < k; j++) {
      const w = weights[j] as number;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`MultinomialChain: bad weight ${w}`);
      total += w;
    }
    if (!(total > 0)) throw new RangeError('MultinomialChain: weights must have a positive sum');
    if (!(Number.isInteger(maxTotal) && maxTotal >= 0)) throw new RangeError(`MultinomialChain: bad maxTotal ${maxTotal}`);
    this.cond = new Float64Array(Math.max(0, k - 1));
    let tail = 0;
    for (let j = k - 1; j >= 0; j--) {
      tail += weights[j] as number;
      // A zero-weight category after the last positive one has tail 0 and takes nothing.
      if (j < k - 1) this.cond[j] = tail > 0 ? Math.min(1, (weights[j] as number) / tail) : 0;
    }
    this.stride = maxTotal + 1;
    this.tabulated = maxTotal <= TABLE_MAX_TOTAL ? Math.min(this.cond.length, TABLE_STEPS) : 0;
    this.tables = new Array<DiscreteTable | null>(this.tabulated * this.stride).fill(null);
    this.seen = new Uint8Array(this.tabulated * this.stride);
  }

  /** Writes a Multinomial(total, w) draw to out[0, weights.length). */
  drawInto(rng: Rng, total: number, out: Float64Array): void {
    // Checked before the Int32Array would truncate it.
    this.check(total);
    this.one[0] = total;
    this.drawBlock(rng, this.one, 1, out, 1);
  }

  /**
   * `count` draws at once, step by step across them: draw t's total is rest[t] (overwritten), its
   * count of category j goes to out[j * outStride + t]. Across the draws of one step, no draw waits
   * on another, where one draw's steps each wait on the step before.
   */
  drawBlock(rng: Rng, rest: Int32Array, count: number, out: Float64Array, outStride: number): void {
    for (let t = 0; t < count; t++) this.check(rest[t] as number);
    const last = this.cond.length;
    const tables = this.tables;
    for (let j = 0; j < last; j++) {
      const row = j * outStride;
      // This step's tables start at j * this.stride (the index's stride: one per possible total).
      const at = j < this.tabulated ? j * this.stride : -1;
      for (let t = 0; t < count; t++) {
        const r = rest[t] as number;
        if (r > 0) {
          const table = at >= 0 ? tables[at + r] : null;
          const x = table !== null && table !== undefined ? table.sample(rng) : this.untabulated(j, r, rng);
          out[row + t] = x;
          rest[t] = r - x;
        } else {
          out[row + t] = 0;
        }
      }
    }
    const row = last * outStride;
    for (let t = 0; t < count; t++) out[row + t] = rest[t] as number;
  }

  private check(total: number): void {
    if (!(Number.isInteger(total) && total >= 0 && total < this.stride)) {
      throw new RangeError(`MultinomialChain: total ${total} outside [0, ${this.stride - 1}]`);
    }
  }

  /**
   * A Binomial(rest, cond[j]) draw for a (j, rest) without a table: a general draw, or, once the
   * pair has been met BUILD_AFTER times, its table built and drawn from.
   */
  private untabulated(j: number, rest: number, rng: Rng): number {
    const p = this.cond[j] as number;
    if (j >= this.tabulated) return rng.binomial(rest, p);
    const at = j * this.stride + rest;
    const seen = (this.seen[at] as number) + 1;
    if (seen < BUILD_AFTER) {
      this.seen[at] = seen;
      return rng.binomial(rest, p);
    }
    const built = binomialTable(rest, p);
    this.tables[at] = built;
    return built.sample(rng);
  }
}
