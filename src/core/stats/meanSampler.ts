/**
 * Draws the vector of per-model mean scores of one bootstrap resample, by the cheapest exact route
 * the data's structure allows:
 *
 * - binomial: binary scores, items not shared. A resampled mean of n binary scores with k ones is
 *   Binomial(n, k/n)/n exactly, so one table draw per model replaces n draws.
 * - patterns: binary scores on shared items. Items are grouped by their pattern of scores across
 *   models; a paired resample is a multinomial count over the patterns, drawn by Poissonization
 *   in O(patterns + sqrt(items)) table draws, or item by item when that is cheaper (see
 *   PatternMeans).
 * - hybrid: binary scores on shared items where some models have at least BINARY_NORMAL_MIN_COUNT
 *   items on each side (0 and 1): the other ("rare") models stay exact, the well-resolved ones are
 *   drawn from their normal limit given the rare models' draws (see HybridMeans). Taken when it is
 *   cheaper than the pattern route, which costs O(patterns) per resample: noisy items over 10 models
 *   have hundreds of patterns.
 * - paired: continuous scores on shared items: one set of item draws applied to every model.
 * - direct: continuous scores, items not shared: each model's items drawn on their own.
 * - normal: continuous scores with at least NORMAL_MIN_ITEMS items per model: the resampled mean
 *   vector drawn from its normal limit (see NormalMeans), O(models^2) per resample instead of
 *   O(models x items).
 */
import { DiscreteTable, binomialTable, poissonTable } from './discreteTable';
import { MultinomialChain } from './multinomialChain';
import { columnOps, type ColumnOps } from './columnOps';
import { normalCdf } from './normal';
import type { Rng } from './rng';

/** One model's scores for the bootstrap. */
export interface BootstrapModel {
  /** Per-item score of one model, after clustering repeated measurements of an item. */
  scores: Float64Array;
  /** Shared item index of each score, when the models saw the same items (enables pairing). */
  items?: Int32Array;
}

/** Which route {@link makeMeanSampler} chose. */
export type SamplerMethod = 'binomial' | 'patterns' | 'hybrid' | 'paired' | 'direct' | 'normal';

/**
 * Items per model from which continuous scores take the normal route. The bootstrap law of a mean
 * of n items is, given the data, that of a sum of n i.i.d. draws from the items: its normal limit
 * N(mean, S/n) is off in the tails by the skewness term gamma / (6 sqrt n) standard deviations (the
 * Edgeworth correction); at n = 200 and a skewness of 2 (long, ragged edit distances) that is 0.02
 * SD, below the Monte-Carlo error of a 2.5% percentile from 10^3-10^4 resamples. The exact routes
 * cost O(items) per model per resample, which made them most of a large run's time.
 */
export const NORMAL_MIN_ITEMS = 200;

/**
 * Items on each side (scores 1 and 0) from which a binary model's paired resampled count is drawn
 * from its normal limit (the hybrid route). The count is a sum of n Bernoulli draws with k ones:
 * its skewness is about 1/sqrt(min(k, n - k)), so at 100 the Edgeworth shift of a 2.5% point is
 * 0.1 / 6 x (1.96^2 - 1) = 0.05 SD, below the Monte-Carlo error of that percentile from the
 * default 10^3 resamples (0.09 SD) and near that of 10^4 (0.03 SD). Models with fewer ones (near the
 * floor, where emergence is decided) or fewer zeros keep their exact law.
 */
export const BINARY_NORMAL_MIN_COUNT = 100;

/** Fills `out[i]` with model i's mean score under a fresh resample of its items. */
export interface MeanSampler {
  readonly method: SamplerMethod;
  draw(rng: Rng, out: Float64Array): void;
  /**
   * `count` resamples at once, where a route gains from it, with the same values as `count` calls of
   * `draw` on the same stream would give: model i's column of `count` means in `ops`'s scratch at
   * the returned offset + i * stride, stride = count rounded up to even.
   */
  drawColumns?(rng: Rng, count: number, ops: ColumnOps): number;
}

/**
 * Chooses and builds the sampler. Items are paired when every model carries `items` over the same
 * set of item indices, each once; otherwise (missing or differing item sets, repeated indices) each
 * model is resampled on its own. `binary: false` forces the continuous routes; otherwise scores
 * that are all exactly 0 or 1 take the binary routes (so a wrong `binary: true` cannot bias them).
 * `normalMinItems` and `binaryNormalMinCount` set where the normal limits start (Infinity: never,
 * for the exact routes alone).
 */
export function makeMeanSampler(
  models: readonly BootstrapModel[],
  binary?: boolean,
  normalMinItems = NORMAL_MIN_ITEMS,
  binaryNormalMinCount = BINARY_NORMAL_MIN_COUNT,
  ops: ColumnOps | null = columnOps(),
): MeanSampler {
  const isBinary = binary !== false && models.every((m) => allBinary(m.scores));
  const columns = pairedColumns(models);
  const large = models.length > 0 && models.every((m) => m.scores.length >= normalMinItems);
  if (!isBinary && large) return new NormalMeans(models, columns, ops);
  if (columns === null) return isBinary ? new BinomialMeans(models) : new DirectMeans(models);
  if (!isBinary) return new PairedMeans(models, columns);
  const table = new PatternTable(models, columns);
  const split = HybridMeans.plan(table, binaryNormalMinCount);
  return split !== undefined ? new HybridMeans(table, split) : new PatternMeans(table);
}

function allBinary(s: Float64Array): boolean {
  for (let i = 0; i < s.length; i++) {
    const v = s[i] as number;
    if (v !== 0 && v !== 1) return false;
  }
  return true;
}

/**
 * For paired data, position of each shared item (in the first model's order) in every model:
 * columns[i][c] is the index into models[i].scores of item c. null when the data are not paired.
 */
function pairedColumns(models: readonly BootstrapModel[]): Int32Array[] | null {
  const first = models[0];
  if (first === undefined || first.items === undefined) return null;
  const n = first.scores.length;
  if (first.items.length !== n || n === 0) return null;
  // The common case: every model lists the same items in the same order, each once.
  if (models.every((m) => m.items !== undefined && m.scores.length === n && sameItems(m.items, first.items!)) && distinct(first.items)) {
    const identity = new Int32Array(n);
    for (let c = 0; c < n; c++) identity[c] = c;
    return models.map(() => identity);
  }
  const pos = new Map<number, number>();
  first.items.forEach((item, c) => pos.set(item, c));
  if (pos.size !== n) return null;
  const columns: Int32Array[] = [];
  for (const model of models) {
    const items = model.items;
    if (items === undefined || items.length !== n || model.scores.length !== n) return null;
    const col = new Int32Array(n).fill(-1);
    for (let j = 0; j < n; j++) {
      const c = pos.get(items[j] as number);
      if (c === undefined || col[c] !== -1) return null;
      col[c] = j;
    }
    columns.push(col);
  }
  return columns;
}

function sameItems(a: Int32Array, b: Int32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}

/** Whether no item index repeats (small non-negative indices by bitmap, others by a set). */
function distinct(items: Int32Array): boolean {
  let max = -1;
  let min = 0;
  for (let j = 0; j < items.length; j++) {
    const v = items[j] as number;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  if (min < 0 || max > 4 * items.length + 1024) return new Set(items).size === items.length;
  const seen = new Uint8Array(max + 1);
  for (let j = 0; j < items.length; j++) {
    const v = items[j] as number;
    if (seen[v] === 1) return false;
    seen[v] = 1;
  }
  return true;
}

// The samplers are classes rather than closures: their hot loops then read fixed, typed fields,
// which V8 optimises markedly better (about 2x on the binomial route).

/** Binary scores, items not shared: one table draw per model. */
class BinomialMeans implements MeanSampler {
  readonly method = 'binomial';
  private readonly tables: DiscreteTable[];
  /** 1/n per model; NaN for a model without scores, so its mean comes out NaN with no branch. */
  private readonly invN: Float64Array;

  constructor(models: readonly BootstrapModel[]) {
    this.tables = models.map((m) => {
      const n = m.scores.length;
      let k = 0;
      for (let j = 0; j < n; j++) k += m.scores[j] as number;
      return binomialTable(n, n > 0 ? k / n : 0);
    });
    this.invN = Float64Array.from(models, (m) => (m.scores.length > 0 ? 1 / m.scores.length : NaN));
  }

  draw(rng: Rng, out: Float64Array): void {
    const tables = this.tables;
    const invN = this.invN;
    for (let i = 0; i < tables.length; i++) {
      out[i] = (tables[i] as DiscreteTable).sample(rng) * (invN[i] as number);
    }
  }
}

/** Continuous scores, items not shared: each model's items drawn with replacement. */
class DirectMeans implements MeanSampler {
  readonly method = 'direct';
  private readonly scores: Float64Array[];

  constructor(models: readonly BootstrapModel[]) {
    this.scores = models.map((m) => m.scores);
  }

  draw(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < this.scores.length; i++) {
      const s = this.scores[i] as Float64Array;
      const n = s.length;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += s[Math.floor(rng.next() * n)] as number;
      out[i] = sum / n;
    }
  }
}

/** Continuous scores on shared items: one set of item draws for all models. */
class PairedMeans implements MeanSampler {
  readonly method = 'paired';
  private readonly m: number;
  private readonly n: number;
  /** Item-major copy: one drawn item then adds m adjacent values. */
  private readonly rows: Float64Array;

  constructor(models: readonly BootstrapModel[], columns: Int32Array[]) {
    this.m = models.length;
    this.n = (columns[0] as Int32Array).length;
    this.rows = new Float64Array(this.n * this.m);
    models.forEach((model, i) => {
      const col = columns[i] as Int32Array;
      for (let c = 0; c < this.n; c++) {
        this.rows[c * this.m + i] = model.scores[col[c] as number] as number;
      }
    });
  }

  draw(rng: Rng, out: Float64Array): void {
    const { m, n, rows } = this;
    out.fill(0, 0, m);
    for (let j = 0; j < n; j++) {
      const base = Math.floor(rng.next() * n) * m;
      for (let i = 0; i < m; i++) out[i] = (out[i] as number) + (rows[base + i] as number);
    }
    for (let i = 0; i < m; i++) out[i] = (out[i] as number) / n;
  }
}

/**
 * Continuous scores, many items: the resampled means drawn from their normal limit N(mean, S/n), S
 * the items' covariance across models (plug-in, divided by n as the bootstrap's is) when the items
 * are shared, its diagonal (each model's own variance and n) when not. Drawn as mean + L z with L a
 * Cholesky factor of S/n; a pivot that vanishes (a constant model, or one that is a linear
 * combination of others) contributes no noise of its own, which is the exact limit there too.
 */
class NormalMeans implements MeanSampler {
  readonly method = 'normal';
  private readonly m: number;
  private readonly mean: Float64Array;
  /** Lower-triangular factor, row-major m x m. */
  private readonly chol: Float64Array;
  private readonly z: Float64Array;

  /** `ops`: where the covariances' dot products run (null: in JavaScript, with the same sums). */
  constructor(models: readonly BootstrapModel[], columns: Int32Array[] | null, ops: ColumnOps | null) {
    const m = models.length;
    this.m = m;
    this.mean = new Float64Array(m);
    const cov = new Float64Array(m * m);
    models.forEach((model, i) => {
      const s = model.scores;
      let sum = 0;
      for (let j = 0; j < s.length; j++) sum += s[j] as number;
      this.mean[i] = sum / s.length;
    });
    if (columns !== null) {
      const n = (columns[0] as Int32Array).length;
      // Centred scores gathered once, model by model; then each covariance is one dot product over
      // two contiguous columns with its sum in registers (two of them, to overlap the additions).
      // Where there is WebAssembly SIMD the columns go to its memory and each dot product is its
      // two lanes (the same sums, bit for bit; 55 of them over thousands of items per sampler).
      const cols = ops !== null ? ops.scratch(n * m + 2) : new Float64Array(n * m);
      for (let a = 0; a < m; a++) {
        const sa = models[a]!.scores;
        const ca = columns[a] as Int32Array;
        const ma = this.mean[a] as number;
        const base = a * n;
        for (let c = 0; c < n; c++) cols[base + c] = (sa[ca[c] as number] as number) - ma;
      }
      if (ops !== null) {
        for (let a = 0; a < m; a++) {
          for (let b = 0; b <= a; b++) cov[a * m + b] = cov[b * m + a] = ops.dot(a * n, b * n, n, n * m) / (n * n);
        }
      } else for (let a = 0; a < m; a++) {
        const x = cols.subarray(a * n, a * n + n);
        for (let b = 0; b <= a; b++) {
          const y = cols.subarray(b * n, b * n + n);
          let s0 = 0;
          let s1 = 0;
          let c = 0;
          for (; c + 1 < n; c += 2) {
            s0 += (x[c] as number) * (y[c] as number);
            s1 += (x[c + 1] as number) * (y[c + 1] as number);
          }
          if (c < n) s0 += (x[c] as number) * (y[c] as number);
          cov[a * m + b] = cov[b * m + a] = (s0 + s1) / (n * n);
        }
      }
    } else {
      models.forEach((model, i) => {
        const s = model.scores;
        const mu = this.mean[i] as number;
        let acc = 0;
        for (let j = 0; j < s.length; j++) acc += ((s[j] as number) - mu) ** 2;
        cov[i * m + i] = acc / s.length / s.length;
      });
    }
    this.chol = cholesky(cov, m);
    this.z = new Float64Array(m);
  }

  draw(rng: Rng, out: Float64Array): void {
    const { m, mean, chol, z } = this;
    for (let i = 0; i < m; i++) z[i] = rng.normal();
    for (let i = 0; i < m; i++) {
      let v = mean[i] as number;
      const row = i * m;
      for (let k = 0; k <= i; k++) v += (chol[row + k] as number) * (z[k] as number);
      out[i] = v;
    }
  }
}

/** Lower Cholesky factor of a symmetric positive semi-definite matrix; vanishing pivots give zero columns. */
export function cholesky(a: Float64Array, m: number): Float64Array {
  const l = new Float64Array(m * m);
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, a[i * m + i] as number);
  const tol = scale * 1e-12;
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j] as number;
    for (let k = 0; k < j; k++) d -= (l[j * m + k] as number) ** 2;
    if (!(d > tol)) continue; // column j stays zero
    const ljj = Math.sqrt(d);
    l[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let v = a[i * m + j] as number;
      for (let k = 0; k < j; k++) v -= (l[i * m + k] as number) * (l[j * m + k] as number);
      l[i * m + j] = v / ljj;
    }
  }
  return l;
}

/**
 * Binary scores on shared items grouped by their pattern across models: `counts[p]` items have the
 * scores `bits[p * m + i]` (model i). Patterns are keyed by a number while the models fit in the 53
 * bits of a double, which is ~10x faster than keying by the joined scores.
 */
export class PatternTable {
  readonly m: number;
  readonly n: number;
  /** Number of distinct patterns. */
  readonly d: number;
  readonly counts: Float64Array;
  readonly bits: Uint8Array;

  constructor(models: readonly BootstrapModel[], columns: Int32Array[]) {
    const m = models.length;
    const n = (columns[0] as Int32Array).length;
    const numeric = m <= 52;
    const keyOf = new Map<number | string, number>();
    const counts: number[] = [];
    const bits: number[] = [];
    const row = new Uint8Array(m);
    const scores = models.map((model) => model.scores);
    const weight = Float64Array.from({ length: m }, (_, i) => (numeric ? 2 ** i : 0));
    for (let c = 0; c < n; c++) {
      let key = 0;
      for (let i = 0; i < m; i++) {
        const v = (scores[i] as Float64Array)[(columns[i] as Int32Array)[c] as number] as number;
        row[i] = v;
        key += v * (weight[i] as number);
      }
      const k = numeric ? key : row.join('');
      let p = keyOf.get(k);
      if (p === undefined) {
        p = counts.length;
        keyOf.set(k, p);
        counts.push(0);
        for (let i = 0; i < m; i++) bits.push(row[i] as number);
      }
      counts[p] = (counts[p] as number) + 1;
    }
    this.m = m;
    this.n = n;
    this.d = counts.length;
    this.counts = Float64Array.from(counts);
    this.bits = Uint8Array.from(bits);
  }
}

/**
 * Binary scores on shared items: a paired resample is a Multinomial(n, c/n) count over the score
 * patterns (c = items per pattern), drawn by Poissonization, exact and O(patterns + sqrt(n)):
 * independent X_j ~ Poisson(lambda c_j / n) are, given their sum S, Multinomial(S, c/n). Draws
 * with S > n are rejected (that only reshapes the law of S), and n - S further items are drawn
 * from c/n, which makes the counts Multinomial(n, c/n) whatever S was. lambda = n - a sqrt(n) trades
 * rejections (fewer for large a) against top-up draws (more for large a); a is chosen per data set.
 *
 * When items are few next to their patterns (noisy models on a small test set: 262 items with 200
 * patterns), drawing the n items themselves, the bootstrap's definition, is cheaper: one uniform
 * index and `words` additions per item against a table draw per pattern. The route is chosen by
 * cost (itemRouteCost against poissonRouteCost); both are exact.
 */
export class PatternMeans implements MeanSampler {
  readonly method = 'patterns';
  private readonly m: number;
  private readonly n: number;
  private readonly d: number;
  /** Poisson sampler of each pattern's count (shared between patterns of equal size); Poisson route. */
  private readonly poisson: DiscreteTable[];
  /** One item's pattern, drawn from c/n (the top-up); Poisson route. */
  private readonly pattern: DiscreteTable | undefined;
  /**
   * Per-model counts are accumulated packed: a double holds `perWord` counts of `width` bits each
   * (exact while below 2^53), so adding a pattern's draws costs `words` multiply-adds instead of
   * one add per model that scores 1 on it, and needs no branch on zero draws.
   */
  private readonly width: number;
  private readonly perWord: number;
  private readonly words: number;
  /** packed[j * words + g]: pattern j's 0/1 scores for the models of word g, as bit fields. */
  private readonly packed: Float64Array;
  /** Scratch accumulators, one per word. */
  private readonly acc: Float64Array;
  /** For the item route: item c's packed scores at c * words (items of a pattern are adjacent). */
  private readonly itemPacked: Float64Array | undefined;

  /** `route` forces one route (for tests); by default the cheaper one is taken. */
  constructor(table: PatternTable, route: 'auto' | 'poisson' | 'items' = 'auto') {
    const { m, n, counts, bits } = table;
    const d = counts.length;
    ({ width: this.width, perWord: this.perWord, words: this.words } = packing(m, n));
    const words = this.words;
    this.packed = new Float64Array(d * words);
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < m; i++) {
        const g = Math.floor(i / this.perWord);
        const shift = 2 ** (this.width * (i - g * this.perWord));
        this.packed[j * words + g] = (this.packed[j * words + g] as number) + (bits[j * m + i] as number) * shift;
      }
    }
    this.acc = new Float64Array(words);
    this.m = m;
    this.n = n;
    this.d = d;
    const byItems = route === 'items' || (route === 'auto' && itemRouteCost(n, words) < poissonRouteCost(n, d));
    if (byItems) {
      // Items of a pattern side by side: the order does not matter, each is drawn with chance 1/n.
      this.itemPacked = new Float64Array(n * words);
      let c = 0;
      for (let j = 0; j < d; j++) {
        for (let k = 0; k < (counts[j] as number); k++, c++) {
          for (let g = 0; g < words; g++) this.itemPacked[c * words + g] = this.packed[j * words + g] as number;
        }
      }
      this.poisson = [];
      this.pattern = undefined;
      return;
    }
    const lambda = Math.max(0, n - poissonShift(d, n) * Math.sqrt(n));
    const bySize = new Map<number, DiscreteTable>();
    this.poisson = Array.from(counts, (c) => {
      let t = bySize.get(c);
      if (t === undefined) {
        t = poissonTable((lambda * c) / n);
        bySize.set(c, t);
      }
      return t;
    });
    this.pattern = new DiscreteTable(0, Float64Array.from(counts));
  }

  draw(rng: Rng, out: Float64Array): void {
    if (this.itemPacked !== undefined) {
      this.drawItems(rng, out);
      return;
    }
    const { n, d, poisson, packed, acc, words } = this;
    let total: number;
    do {
      acc.fill(0);
      total = 0;
      for (let j = 0; j < d; j++) {
        const x = (poisson[j] as DiscreteTable).sample(rng);
        total += x;
        const base = j * words;
        for (let g = 0; g < words; g++) acc[g] = (acc[g] as number) + x * (packed[base + g] as number);
      }
    } while (total > n);
    for (; total < n; total++) {
      const base = this.pattern!.sample(rng) * words;
      for (let g = 0; g < words; g++) acc[g] = (acc[g] as number) + (packed[base + g] as number);
    }
    this.unpack(out);
  }

  /** The item route: n items drawn uniformly, their packed scores summed. */
  private drawItems(rng: Rng, out: Float64Array): void {
    const { n, acc, words } = this;
    const items = this.itemPacked!;
    // Sums in locals for the usual one or two words (up to 10 models): a typed-array accumulator
    // would be read and written back on every item.
    if (words === 1) {
      let s0 = 0;
      for (let t = 0; t < n; t++) s0 += items[Math.floor(rng.next() * n)] as number;
      acc[0] = s0;
    } else if (words === 2) {
      let s0 = 0;
      let s1 = 0;
      for (let t = 0; t < n; t++) {
        const base = Math.floor(rng.next() * n) * 2;
        s0 += items[base] as number;
        s1 += items[base + 1] as number;
      }
      acc[0] = s0;
      acc[1] = s1;
    } else {
      acc.fill(0);
      for (let t = 0; t < n; t++) {
        const base = Math.floor(rng.next() * n) * words;
        for (let g = 0; g < words; g++) acc[g] = (acc[g] as number) + (items[base + g] as number);
      }
    }
    this.unpack(out);
  }

  /** Splits the packed counts into per-model means. */
  private unpack(out: Float64Array): void {
    const { m, n, acc, width, perWord } = this;
    const radix = 2 ** width;
    const inv = 1 / radix;
    for (let g = 0, i = 0; i < m; g++) {
      let v = acc[g] as number;
      for (let t = 0; t < perWord && i < m; t++, i++) {
        const rest = Math.floor(v * inv);
        out[i] = (v - rest * radix) / n;
        v = rest;
      }
    }
  }
}

/**
 * How PatternMeans packs per-model counts of up to n into doubles: `width` bits each, `perWord` to a
 * double (exact below 2^53), `words` doubles for m models.
 */
function packing(m: number, n: number): { width: number; perWord: number; words: number } {
  const width = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const perWord = Math.max(1, Math.floor(52 / width));
  return { width, perWord, words: Math.ceil(m / perWord) };
}

/** Cost of one resample by Poissonization, in table draws (~17 ns each here): d + 2 sqrt(n). */
function poissonRouteCost(n: number, d: number): number {
  return d + 2 * Math.sqrt(n);
}

/**
 * Cost of one resample by drawing the n items, in the same units: an item (an index and its packed
 * words added) measured ~5 ns for one or two words (summed in locals), ~12 ns for three.
 */
function itemRouteCost(n: number, words: number): number {
  return n * (words <= 2 ? 0.33 : 0.25 * words);
}

/**
 * The a in lambda = n - a sqrt(n) minimising the expected draws per resample: d / P(accept) Poisson
 * draws plus E[n - S | S <= n] ~ sqrt(n) (a + phi(a)/Phi(a)) top-up draws (normal approximation).
 */
function poissonShift(d: number, n: number): number {
  let best = 0;
  let bestCost = Infinity;
  for (let a = 0; a <= 4; a += 0.25) {
    const accept = normalCdf(a);
    const phi = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI);
    const cost = d / accept + Math.sqrt(n) * (a + phi / accept);
    if (cost < bestCost) {
      bestCost = cost;
      best = a;
    }
  }
  return best;
}

/**
 * Resamples HybridMeans draws at a time: bootstrapEmergenceScore takes its resamples 512 at a time,
 * so each of its calls takes one block.
 */
const HYBRID_BLOCK = 512;

/** How {@link HybridMeans} splits the models and groups the patterns. */
interface HybridPlan {
  /** Per model: true when it is drawn exactly (fewer than the minimum count on one side). */
  rare: boolean[];
  /** Group of each pattern: patterns with the same scores on the rare models share a group. */
  groupOf: Int32Array;
  /** Number of groups. */
  groups: number;
  /** The group holding most items (its count is n minus the others'). */
  major: number;
}

/**
 * Binary scores on shared items, some models well resolved (at least `minCount` items scored 1 and
 * as many scored 0) and others not ("rare": near the floor or the ceiling). A paired resample draws
 * n items; group them by their scores on the rare models. Then exactly:
 *   - the group counts N are Multinomial(n, w) (w = the groups' shares of the items), drawn here as
 *     N_other ~ Binomial(n, 1 - w_major), split among the other groups by conditional binomials
 *     (MultinomialChain);
 *   - every rare model's count is sum_g N_g x (its score in group g): exact, integer;
 *   - given N, a resolved model's count is a sum of independent draws within each group, with mean
 *     sum_g N_g mu_g (mu_g its share of 1s in group g) and covariance sum_g N_g S_g.
 * The resolved counts are drawn as that mean plus a normal deviate of covariance n S_W, S_W the
 * pooled within-group covariance (sum_g w_g S_g, the expectation of the exact conditional one), so
 * the first two moments of every count, and the covariances between rare and resolved models (which
 * run through mu_g), are exactly the bootstrap's; only the shape of the resolved counts' law given N
 * is approximated, by its normal limit (see BINARY_NORMAL_MIN_COUNT).
 *
 * Cost per resample: O(groups) table draws (groups are few: 2^(rare models) at most),
 * plus groups x models and models^2 / 2 operations, against O(patterns + sqrt(n)) for the exact
 * pattern route.
 */
class HybridMeans implements MeanSampler {
  readonly method = 'hybrid';
  private readonly m: number;
  private readonly n: number;
  /** N_other ~ Binomial(n, 1 - w_major); undefined when every item is in the major group. */
  private readonly others: DiscreteTable | undefined;
  /** The split of N_other among the other groups: Multinomial(N_other, their shares). */
  private readonly split: MultinomialChain | undefined;
  /** n times each model's mean score in the major group: the counts when every item falls there. */
  private readonly base: Float64Array;
  /** Number of other groups (G - 1): the draw's first `g1` coefficients are their counts. */
  private readonly g1: number;
  /** Coefficients per row of `mat`: the other groups' counts, then the resolved models' normals. */
  private readonly width: number;
  /**
   * Row i (model i), `width` wide: at column j < g1, model i's mean score in the j-th other group
   * (in the split's order) minus its mean in the major group; each item that falls in group j
   * instead of the major one moves model i's count by that much (an integer, -1, 0 or 1, for rare
   * models, so their counts stay exact). At column g1 + b, for the a-th resolved model, row a of the
   * lower Cholesky factor of n S_W over the resolved models (zero for rare models).
   */
  private readonly mat: Float64Array;
  /** Per model: how many Cholesky columns its row uses (a + 1 for the a-th resolved model, 0 if rare). */
  private readonly zlen: Int32Array;
  /** Number of resolved models (normals per draw). */
  private readonly r: number;
  /** Scratch: this draw's group counts, then its normals. */
  private readonly coef: Float64Array;
  /**
   * The coefficients of HYBRID_BLOCK resamples drawn ahead, coefficient k of resample t at
   * block[k * HYBRID_BLOCK + t], and the next one to hand out (HYBRID_BLOCK when used up).
   */
  private readonly block: Float64Array;
  private next = HYBRID_BLOCK;
  /** Scratch for the block's draws: each resample's items not yet placed in a group. */
  private readonly rest: Int32Array;

  /**
   * The plan when the hybrid route applies and is cheaper than the pattern route: at least one
   * resolved model, and fewer expected draws than patterns. Undefined otherwise.
   */
  static plan(t: PatternTable, minCount: number): HybridPlan | undefined {
    const { m, n, d, counts, bits } = t;
    const rare: boolean[] = [];
    for (let i = 0; i < m; i++) {
      let k = 0;
      for (let p = 0; p < d; p++) k += (counts[p] as number) * (bits[p * m + i] as number);
      rare.push(Math.min(k, n - k) < minCount);
    }
    const nResolved = rare.filter((r) => !r).length;
    if (nResolved === 0) return undefined;
    const keyOf = new Map<string, number>();
    const groupOf = new Int32Array(d);
    const size: number[] = [];
    for (let p = 0; p < d; p++) {
      let key = '';
      for (let i = 0; i < m; i++) if (rare[i]) key += bits[p * m + i] === 1 ? '1' : '0';
      let g = keyOf.get(key);
      if (g === undefined) {
        g = size.length;
        keyOf.set(key, g);
        size.push(0);
      }
      groupOf[p] = g;
      size[g] = (size[g] as number) + (counts[p] as number);
    }
    let major = 0;
    for (let g = 1; g < size.length; g++) if ((size[g] as number) > (size[major] as number)) major = g;
    // Cost per resample in table-draw units (~15 ns; measured): the pattern route draws about
    // d + 2 sqrt(n) Poisson and top-up variates. This one draws a tabulated conditional binomial
    // (~2 units with its lookup) per group, a normal (~2 units) per resolved model, and sums
    // groups x models and a triangle of the Cholesky factor (~8 operations a unit).
    const hybridCost = 2 * size.length + 2 * nResolved + (size.length * m + nResolved * nResolved) / 8;
    // The exact route draws patterns or, when cheaper, the items themselves (PatternMeans).
    const patternCost = Math.min(poissonRouteCost(n, d), itemRouteCost(n, packing(m, n).words));
    if (hybridCost >= patternCost) return undefined;
    return { rare, groupOf, groups: size.length, major };
  }

  constructor(t: PatternTable, plan: HybridPlan) {
    const { m, n, d, counts, bits } = t;
    const G = plan.groups;
    const major = plan.major;
    this.m = m;
    this.n = n;
    const size = new Float64Array(G);
    const gmean = new Float64Array(G * m);
    for (let p = 0; p < d; p++) {
      const g = plan.groupOf[p] as number;
      const c = counts[p] as number;
      size[g] = (size[g] as number) + c;
      for (let i = 0; i < m; i++) gmean[g * m + i] = (gmean[g * m + i] as number) + c * (bits[p * m + i] as number);
    }
    for (let g = 0; g < G; g++) for (let i = 0; i < m; i++) gmean[g * m + i] = (gmean[g * m + i] as number) / (size[g] as number);
    this.base = new Float64Array(m);
    for (let i = 0; i < m; i++) this.base[i] = n * (gmean[major * m + i] as number);
    // Largest groups first: the chain stops as soon as nothing is left to place.
    const otherGroups = Array.from({ length: G }, (_, g) => g)
      .filter((g) => g !== major)
      .sort((a, b) => (size[b] as number) - (size[a] as number));
    const w = Float64Array.from(otherGroups, (g) => size[g] as number);
    const otherItems = n - (size[major] as number);
    if (otherItems > 0) {
      this.others = binomialTable(n, otherItems / n);
      this.split = new MultinomialChain(w, this.others.max);
    }
    const resolved: number[] = [];
    plan.rare.forEach((r, i) => {
      if (!r) resolved.push(i);
    });
    // n S_W = sum over items of (y - mu_group)(y - mu_group)^T, summed here over patterns.
    const r = resolved.length;
    const cov = new Float64Array(r * r);
    for (let p = 0; p < d; p++) {
      const g = plan.groupOf[p] as number;
      const c = counts[p] as number;
      for (let a = 0; a < r; a++) {
        const ia = resolved[a] as number;
        const da = (bits[p * m + ia] as number) - (gmean[g * m + ia] as number);
        if (da === 0) continue;
        for (let b = 0; b <= a; b++) {
          const ib = resolved[b] as number;
          const db = (bits[p * m + ib] as number) - (gmean[g * m + ib] as number);
          cov[a * r + b] = (cov[a * r + b] as number) + c * da * db;
        }
      }
    }
    for (let a = 0; a < r; a++) for (let b = 0; b < a; b++) cov[b * r + a] = cov[a * r + b] as number;
    const chol = cholesky(cov, r);
    // One row per model with both parts side by side: a draw then makes each count in registers with
    // one store, where separate passes (the group deltas, then the factor) read and wrote every
    // count several times (the bench's paired case: 3.14-3.46 -> 2.84-2.95 s, the same samples).
    const g1 = Math.max(0, G - 1);
    const width = g1 + r;
    this.g1 = g1;
    this.width = width;
    this.r = r;
    this.mat = new Float64Array(m * width);
    this.zlen = new Int32Array(m);
    otherGroups.forEach((g, j) => {
      for (let i = 0; i < m; i++) this.mat[i * width + j] = (gmean[g * m + i] as number) - (gmean[major * m + i] as number);
    });
    resolved.forEach((i, a) => {
      this.zlen[i] = a + 1;
      for (let b = 0; b <= a; b++) this.mat[i * width + g1 + b] = chol[a * r + b] as number;
    });
    this.coef = new Float64Array(width);
    this.block = new Float64Array(width * HYBRID_BLOCK);
    this.rest = new Int32Array(HYBRID_BLOCK);
  }

  /**
   * Draws the next HYBRID_BLOCK resamples' coefficients: every resample's number of items outside
   * the major group, then the chain's split of them step by step across the block, then the normals.
   * Step by step, the draws of one step do not wait on each other (each waits only on its own
   * resample's step before), where one resample at a time made each draw wait on the last; the
   * bench's worst case drew its ~3 x 10^7 chain steps ~30% faster so. draw and drawColumns both
   * hand out resamples from these blocks, so they give the same resamples from the same stream.
   */
  private fill(rng: Rng): void {
    const { block, g1, r, rest } = this;
    const others = this.others;
    const split = this.split;
    if (others !== undefined && split !== undefined) {
      for (let t = 0; t < HYBRID_BLOCK; t++) rest[t] = others.sample(rng);
      split.drawBlock(rng, rest, HYBRID_BLOCK, block, HYBRID_BLOCK);
    }
    // Column by column: each normal's store is next to the last.
    for (let k = g1 * HYBRID_BLOCK, end = (g1 + r) * HYBRID_BLOCK; k < end; k++) block[k] = rng.normal();
    this.next = 0;
  }

  draw(rng: Rng, out: Float64Array): void {
    const { m, n, base, g1, width, mat, zlen, coef, block } = this;
    if (this.next === HYBRID_BLOCK) this.fill(rng);
    const t = this.next++;
    for (let k = 0; k < width; k++) coef[k] = block[k * HYBRID_BLOCK + t] as number;
    for (let i = 0; i < m; i++) {
      const row = i * width;
      // The integer part (exact for rare models) and the normal part in their own sums.
      let v = base[i] as number;
      for (let j = 0; j < g1; j++) v += (coef[j] as number) * (mat[row + j] as number);
      let z = 0;
      const end = row + g1 + (zlen[i] as number);
      for (let k = row + g1; k < end; k++) z += (mat[k] as number) * (coef[k - row] as number);
      out[i] = (v + z) / n;
    }
  }

  /**
   * The next `count` resamples' coefficients, taken from the same blocks as {@link draw} takes them,
   * then their means computed model by model over all of them (see columnOps.ts), with the same sums
   * in the same order as {@link draw}: the same means from the same stream, bit for bit (tested).
   */
  drawColumns(rng: Rng, count: number, ops: ColumnOps): number {
    const { m, n, base, g1, width, mat, zlen, block } = this;
    // Columns of even length (SIMD pairs); a column's last element is padding when count is odd.
    const stride = count + (count & 1);
    const zAt = width * stride;
    const meansAt = zAt + stride;
    const c = ops.scratch(meansAt + m * stride);
    // The coefficients, as many resamples as the blocks have left at a time.
    for (let t = 0; t < count; ) {
      if (this.next === HYBRID_BLOCK) this.fill(rng);
      const take = Math.min(count - t, HYBRID_BLOCK - this.next);
      for (let k = 0; k < width; k++) {
        const from = k * HYBRID_BLOCK + this.next;
        c.set(block.subarray(from, from + take), k * stride + t);
      }
      this.next += take;
      t += take;
    }
    for (let i = 0; i < m; i++) {
      const row = i * width;
      const at = meansAt + i * stride;
      c.fill(base[i] as number, at, at + stride);
      for (let j = 0; j < g1; j++) {
        const w = mat[row + j] as number;
        // A zero coefficient adds nothing (most of a rare model's row).
        if (w !== 0) ops.fma(at, j * stride, w, stride);
      }
      c.fill(0, zAt, zAt + stride);
      const zl = zlen[i] as number;
      for (let k = 0; k < zl; k++) ops.fma(zAt, (g1 + k) * stride, mat[row + g1 + k] as number, stride);
      ops.finish(at, zAt, n, stride);
    }
    return meansAt;
  }
}
