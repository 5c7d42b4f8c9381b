/**
 * Bootstrap interval of the spaced emergence score over items (science.md, survival check b):
 * resample the items behind each model's mean, recompute the score on the means, repeat. Item
 * resampling is paired across models when they share items, and the resampled means are drawn by
 * the shortcuts of meanSampler.ts (exact, or normal limits where the counts are large): 10^4
 * resamples of 10 models x 1000 binary items take milliseconds, against seconds item by item.
 */
import { columnOps } from './columnOps';
import { SpacedScorer } from './emergence';
import { makeMeanSampler, type BootstrapModel, type SamplerMethod } from './meanSampler';
import { Rng } from './rng';

export type { BootstrapModel, SamplerMethod } from './meanSampler';
export { BINARY_NORMAL_MIN_COUNT, NORMAL_MIN_ITEMS } from './meanSampler';

/** Resamples drawn and scored per block (a block of 10 models' means: 40 KB). */
const MANY_BLOCK = 512;

/** Options of {@link bootstrapEmergenceScore}. */
export interface BootstrapOptions {
  /** Number of resamples (10^4 gives stable 95% percentile bounds). */
  resamples: number;
  /** Seed: the same seed and data give the same samples. */
  seed: number;
  /**
   * Floor of the score's denominator, or a function of the item count that gives it (e.g.
   * n => 1/n for proportions). The function is called once with the smallest item count among the
   * models: the coarsest resolution decides what counts as a flat step.
   */
  floor: number | ((n: number) => number);
  /** Whether higher scores are better; the score is negated otherwise, so improvement is positive. */
  higherIsBetter: boolean;
  /** false forces the continuous routes; otherwise 0/1 scores are detected (see makeMeanSampler). */
  binary?: boolean;
  /** Items per model from which continuous scores use the normal limit (default NORMAL_MIN_ITEMS). */
  normalMinItems?: number;
  /** Items on each side from which a paired binary model takes the hybrid route's normal limit (default BINARY_NORMAL_MIN_COUNT). */
  binaryNormalMinCount?: number;
  /** Everything in JavaScript even where WebAssembly is there: draws and scores one resample at a time, and the normal route's covariances (the tests compare the two: same samples). */
  plainJs?: boolean;
}

/** Result of {@link bootstrapEmergenceScore}. */
export interface BootstrapResult {
  /** 2.5th percentile of the resampled scores. */
  lo: number;
  /** 97.5th percentile. */
  hi: number;
  /** The resampled scores in draw order. */
  samples: Float64Array;
  /** How the resampled means were drawn. */
  method: SamplerMethod;
}

/**
 * 95% percentile bootstrap interval of the spaced emergence score of the per-model means, oriented
 * so that improvement is positive. `u` = log10(scale) per model, strictly increasing, one per model.
 * Percentiles interpolate between order statistics (type 7); any NaN sample (a model without
 * scores, fewer than 2 models, an unusable grid) makes both bounds NaN.
 */
export function bootstrapEmergenceScore(
  u: ArrayLike<number>,
  models: BootstrapModel[],
  opts: BootstrapOptions,
): BootstrapResult {
  if (u.length !== models.length) {
    throw new RangeError(`bootstrapEmergenceScore: ${u.length} scales for ${models.length} models`);
  }
  const nMin = models.reduce((a, m) => Math.min(a, m.scores.length), Infinity);
  const floor = typeof opts.floor === 'function' ? opts.floor(nMin) : opts.floor;
  const scorer = new SpacedScorer(u, floor);
  const ops = opts.plainJs ? null : columnOps();
  const sampler = makeMeanSampler(models, opts.binary, opts.normalMinItems, opts.binaryNormalMinCount, ops);
  const rng = new Rng(opts.seed);
  const sign = opts.higherIsBetter ? 1 : -1;
  const resamples = Math.max(0, Math.floor(opts.resamples));
  const samples = new Float64Array(resamples);
  const m = models.length;
  const means = new Float64Array(m);
  const factors = scorer.factors;
  if (ops !== null && ops.scores(m) && factors !== null) {
    // Blocks of resamples as columns of means, scored by WebAssembly two at a time (scoreKernel.ts);
    // the same samples as the loop below.
    for (let r0 = 0; r0 < resamples; r0 += MANY_BLOCK) {
      const count = Math.min(MANY_BLOCK, resamples - r0);
      const stride = count + (count & 1);
      let at = 0;
      if (sampler.drawColumns !== undefined) {
        at = sampler.drawColumns(rng, count, ops);
      } else {
        const c = ops.scratch(m * stride);
        for (let t = 0; t < count; t++) {
          sampler.draw(rng, means);
          for (let i = 0; i < m; i++) c[i * stride + t] = means[i] as number;
        }
      }
      // The step factors, each twice (one per lane), and the scores after the means.
      const fAt = at + m * stride;
      const outAt = fAt + 2 * factors.length;
      const c = ops.scratch(outAt + stride);
      for (let k = 0; k < factors.length; k++) c[fAt + 2 * k] = c[fAt + 2 * k + 1] = factors[k] as number;
      ops.score(m, at, stride, stride, fAt, scorer.floorSquared, sign, outAt);
      samples.set(c.subarray(outAt, outAt + count), r0);
    }
  } else {
    for (let r = 0; r < resamples; r++) {
      sampler.draw(rng, means);
      samples[r] = sign * scorer.score(means);
    }
  }
  // Two order statistics by selection: a full sort of 10^4 values would cost as much as ~3000
  // resamples.
  // slice(), not Float64Array.from(), which goes through the iterator protocol (~10x slower).
  const { lo, hi } = selectPercentiles(samples.slice(), 0.025, 0.975);
  return { lo, hi, samples, method: sampler.method };
}

/**
 * Type-7 percentile of unsorted values by quickselect, reordering `a` in place; same result as
 * {@link percentile} on the sorted values.
 */
export function selectPercentile(a: Float64Array, q: number): number {
  return selectPercentiles(a, q, q).lo;
}

/**
 * Two type-7 percentiles, qLo <= qHi, of unsorted values by quickselect, reordering `a` in place;
 * the same results as {@link percentile} on the sorted values. The second selection runs only over
 * the values above the first one's order statistic, which the first left there.
 */
export function selectPercentiles(a: Float64Array, qLo: number, qHi: number): { lo: number; hi: number } {
  const n = a.length;
  if (n === 0) return { lo: NaN, hi: NaN };
  for (let i = 0; i < n; i++) if (Number.isNaN(a[i] as number)) return { lo: NaN, hi: NaN };
  const lo = selectedPercentile(a, qLo, 0);
  return { lo, hi: selectedPercentile(a, qHi, Math.floor((n - 1) * qLo) + 1) };
}

/**
 * Type-7 percentile of values with no NaN where a[0, from) are already the `from` smallest (in any
 * order) and every later value is at least as large as each of them.
 */
function selectedPercentile(a: Float64Array, q: number, from: number): number {
  const n = a.length;
  const h = (n - 1) * q;
  const i = Math.floor(h);
  if (i >= from) select(a, i, from);
  const x = a[i] as number;
  if (h === i || i + 1 >= n) return x;
  // After selecting i, everything beyond it is >= a[i]; the next order statistic is their minimum.
  let y = Infinity;
  for (let j = i + 1; j < n; j++) if ((a[j] as number) < y) y = a[j] as number;
  if (x === y) return x;
  if (!Number.isFinite(x)) return x;
  if (!Number.isFinite(y)) return y;
  return x + (h - i) * (y - x);
}

/**
 * Hoare quickselect over a[from, n): puts the k-th smallest of the whole array at a[k], smaller
 * before it, larger after it, when a[0, from) already hold the `from` smallest.
 */
function select(a: Float64Array, k: number, from: number): void {
  let lo = from;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as the pivot keeps sorted or constant runs from degrading to O(n^2).
    const x = a[lo] as number;
    const y = a[mid] as number;
    const z = a[hi] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Type-7 percentile of sorted values; safe with infinities; NaN if empty or any value is NaN. */
export function percentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  // A typed-array sort puts NaN last.
  if (n === 0 || Number.isNaN(sorted[n - 1] as number)) return NaN;
  const h = (n - 1) * q;
  const i = Math.floor(h);
  const a = sorted[i] as number;
  const b = sorted[Math.min(n - 1, i + 1)] as number;
  if (a === b || h === i) return a;
  // Any weight on an infinite neighbour makes the interpolant infinite (and Inf - Inf is NaN).
  if (!Number.isFinite(a)) return a;
  if (!Number.isFinite(b)) return b;
  return a + (h - i) * (b - a);
}
