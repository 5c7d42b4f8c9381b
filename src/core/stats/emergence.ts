/**
 * The emergence score (Srivastava et al. 2022 "breakthroughness", as Schaeffer et al. 2023 use it):
 * the overall change of a series divided by the root median squared step, so a series whose change
 * comes in one step scores high and one that changes steadily scores about (number of points - 1).
 * Two cautions from science.md are built in: a floor on the denominator (the data's resolution),
 * so that (0, 0, 0, 0.002) is not an infinite jump, and a spaced variant that puts every step on a
 * common log-scale spacing, so that the widest gap of an uneven grid of model sizes is not mistaken
 * for a jump.
 */
import { medianNetwork, NETWORK_MAX, NETWORK_MIN } from './medianNetworks';

/**
 * ES(y) = sign(argmax y - argmin y) * (max y - min y) / sqrt(max(median d_i^2, floor^2)), with
 * d_i = y[i+1] - y[i] and the median of an even count the mean of its two middle values. 0 for a
 * flat series; +-Infinity when the median step and the floor are both 0 but the series moves; NaN
 * for fewer than 2 points or a non-finite value. Ties for max/min go to the first index.
 */
export function emergenceScore(y: ArrayLike<number>, floor = 0): number {
  const m = y.length;
  if (m < 2) return NaN;
  return scoreSeries(toFloat64(y), new Float64Array(m - 1).fill(1), new Float64Array(m - 1), squaredFloor(floor));
}

/**
 * Scores many series over the same log-scale grid without allocating: the spacing factors are
 * computed once and each call reuses one scratch array (the bootstrap calls it ~10^4 times).
 */
export class SpacedScorer {
  /** Number of points each scored series must have. */
  readonly length: number;
  private readonly factor: Float64Array;
  private readonly scratch: Float64Array;
  /** The floor squared, as the score uses it. */
  readonly floorSquared: number;
  private readonly valid: boolean;

  /** `u` is log10(scale), strictly increasing; `floor` as in {@link emergenceScore}. */
  constructor(u: ArrayLike<number>, floor = 0) {
    this.length = u.length;
    this.floorSquared = squaredFloor(floor);
    const factor = spacingFactors(u);
    this.valid = factor !== null;
    this.factor = factor ?? new Float64Array(0);
    this.scratch = new Float64Array(Math.max(0, u.length - 1));
  }

  /** The step factors min(1, g / gap_i) (read-only), or null when `u` was not usable. */
  get factors(): Float64Array | null {
    return this.valid ? this.factor : null;
  }

  /** The spaced emergence score of `y` (same length as `u`); NaN when `u` was not usable. */
  score(y: ArrayLike<number>): number {
    if (!this.valid || y.length !== this.length || this.length < 2) return NaN;
    return scoreSeries(toFloat64(y), this.factor, this.scratch, this.floorSquared);
  }
}

/**
 * The emergence score with steps across wide gaps put on the common spacing: d'_i = d_i * min(1,
 * g / gap_i), where gap_i = u[i+1] - u[i] and g is the mean gap (u[m-1] - u[0]) / (m - 1). The
 * widest gap of an uneven grid then carries no more than an average step of a smooth curve, and an
 * even grid gives the plain {@link emergenceScore}. `u` = log10(scale), strictly increasing; NaN
 * otherwise (a repeated scale has no spacing to normalise by).
 */
export function emergenceScoreSpaced(
  u: ArrayLike<number>,
  y: ArrayLike<number>,
  floor = 0,
): number {
  if (u.length !== y.length) return NaN;
  return new SpacedScorer(u, floor).score(y);
}

/**
 * The spacing-normalised steps d'_i of {@link emergenceScoreSpaced}, between points i and i+1;
 * null when `u` and `y` differ in length, `u` is not strictly increasing or a value is not finite.
 */
export function spacedSteps(u: ArrayLike<number>, y: ArrayLike<number>): Float64Array | null {
  const f = spacingFactors(u);
  if (f === null || y.length !== u.length) return null;
  const out = new Float64Array(f.length);
  for (let i = 0; i < f.length; i++) {
    const d = ((y[i + 1] as number) - (y[i] as number)) * (f[i] as number);
    if (!Number.isFinite(d)) return null;
    out[i] = d;
  }
  return out;
}

/**
 * Index i of the largest spacing-normalised step (between points i and i+1), measured in the
 * direction of the series' overall change (the sign of the emergence score): for a rising series
 * the biggest rise, for a falling one the biggest fall, so a noisy dip never outranks the jump the
 * score is about. A flat series (all steps 0) gives 0; fewer than 2 points or unusable input, -1.
 */
export function largestStep(u: ArrayLike<number>, y: ArrayLike<number>): number {
  const d = spacedSteps(u, y);
  if (d === null || d.length === 0) return -1;
  const dir = overallDirection(y);
  let best = 0;
  let bestVal = -Infinity;
  for (let i = 0; i < d.length; i++) {
    const v = dir === 0 ? Math.abs(d[i] as number) : dir * (d[i] as number);
    if (v > bestVal) {
      bestVal = v;
      best = i;
    }
  }
  return best;
}

/**
 * min(1, g / gap_i) for each step, g the mean gap; null if `u` is short, non-finite or not
 * increasing. Steps across wider-than-average gaps are shrunk to the average spacing, but steps across
 * narrow gaps are never amplified: amplifying them blew measurement noise between close sizes (1B ->
 * 1.4B) up into the median and into "the largest step", which hid real jumps and invented false ones.
 */
function spacingFactors(u: ArrayLike<number>): Float64Array | null {
  const m = u.length;
  if (m < 2) return null;
  const first = u[0] as number;
  const last = u[m - 1] as number;
  const mean = (last - first) / (m - 1);
  const f = new Float64Array(m - 1);
  for (let i = 0; i + 1 < m; i++) {
    const gap = (u[i + 1] as number) - (u[i] as number);
    if (!(gap > 0) || !Number.isFinite(gap)) return null;
    f[i] = Math.min(1, mean / gap);
  }
  return f;
}

/** sign(argmax - argmin) with first-index ties; 0 for a flat series. */
function overallDirection(y: ArrayLike<number>): number {
  let lo = 0;
  let hi = 0;
  for (let i = 1; i < y.length; i++) {
    const v = y[i] as number;
    if (v > (y[hi] as number)) hi = i;
    if (v < (y[lo] as number)) lo = i;
  }
  return Math.sign(hi - lo);
}

/** A Float64Array view of the input: the scoring loop then sees one element kind (it is hot). */
function toFloat64(y: ArrayLike<number>): Float64Array {
  return y instanceof Float64Array ? y : Float64Array.from(y);
}

/** The floor's square as the score uses it: 0 for a floor that is not positive (or NaN). */
function squaredFloor(floor: number): number {
  return floor > 0 ? floor * floor : 0;
}

/**
 * The score of `y` with step factors `f` (all 1 for the plain score), in one pass for steps and
 * extremes; `sq` is scratch for the squared steps and is sorted in place; `floor2` from squaredFloor.
 */
function scoreSeries(y: Float64Array, f: Float64Array, sq: Float64Array, floor2: number): number {
  const m = y.length;
  let prev = y[0] as number;
  let min = prev;
  let max = prev;
  let lo = 0;
  let hi = 0;
  // v * 0 is 0 for finite v and NaN otherwise: one check after the loop instead of one per value.
  let check = prev * 0;
  for (let i = 1; i < m; i++) {
    const v = y[i] as number;
    const d = (v - prev) * (f[i - 1] as number);
    sq[i - 1] = d * d;
    prev = v;
    check += v * 0;
    if (v > max) {
      max = v;
      hi = i;
    } else if (v < min) {
      min = v;
      lo = i;
    }
  }
  if (check !== 0) return NaN;
  const range = max - min;
  if (range === 0) return 0;
  const med = medianInPlace(sq);
  const denom = Math.sqrt(Math.max(med, floor2));
  const sign = hi > lo ? 1 : -1;
  return denom === 0 ? sign * Infinity : (sign * range) / denom;
}

/**
 * Median (mean of the two middle values for an even count); may reorder `a` in place.
 */
function medianInPlace(a: Float64Array): number {
  const n = a.length;
  // Sweeps of 4 to 17 sizes: a comparator network without branches (an insertion sort mispredicts
  // on random data, and the bootstrap's scores are random data). The steps are finite here.
  if (n >= NETWORK_MIN && n <= NETWORK_MAX) return medianNetwork(a, n);
  if (n <= 32) {
    // The few other short series: insertion sort, which avoids the typed-array sort call.
    for (let i = 1; i < n; i++) {
      const v = a[i] as number;
      let j = i - 1;
      while (j >= 0 && (a[j] as number) > v) {
        a[j + 1] = a[j] as number;
        j--;
      }
      a[j + 1] = v;
    }
  } else {
    a.sort();
  }
  const h = n >> 1;
  return n % 2 === 1 ? (a[h] as number) : 0.5 * ((a[h - 1] as number) + (a[h] as number));
}
