/**
 * Bootstrap interval of the spaced emergence score over items (science.md, survival check b):
 * resample the items behind each model's mean, recompute the score on the means, repeat. Item
 * resampling is paired across models when they share items, and the resampled means are drawn by
 * the exact shortcuts of meanSampler.ts, so 10^4 resamples of a 10-model series cost milliseconds.
 */
import { SpacedScorer } from './emergence';
import { makeMeanSampler, type BootstrapModel, type SamplerMethod } from './meanSampler';
import { Rng } from './rng';

export type { BootstrapModel, SamplerMethod } from './meanSampler';

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
  const sampler = makeMeanSampler(models, opts.binary);
  const rng = new Rng(opts.seed);
  const sign = opts.higherIsBetter ? 1 : -1;
  const resamples = Math.max(0, Math.floor(opts.resamples));
  const samples = new Float64Array(resamples);
  const means = new Float64Array(models.length);
  for (let r = 0; r < resamples; r++) {
    sampler.draw(rng, means);
    samples[r] = sign * scorer.score(means);
  }
  const sorted = Float64Array.from(samples).sort();
  return {
    lo: percentile(sorted, 0.025),
    hi: percentile(sorted, 0.975),
    samples,
    method: sampler.method,
  };
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
