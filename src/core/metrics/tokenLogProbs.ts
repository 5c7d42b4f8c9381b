/**
 * Scores from the log-probabilities a model gave to the target's own tokens: the quantities behind
 * Schaeffer et al.'s (2023) analytic model, where per-token cross-entropy falls smoothly with scale
 * and exact match ~ pTok^L only looks sudden.
 */

/** Target log-probability scores of one item. */
export interface TargetLogProbScores {
  /** Sum of the token log-probabilities: log p(target). */
  targetLogProb: number;
  /** Per-token cross-entropy in nats: -mean of the token log-probabilities. */
  perTokenCe: number;
  /** exp(-perTokenCe): the geometric-mean per-token probability (the p of p^L). */
  pTok: number;
}

// Logged log-probs are sometimes a hair above 0 from float rounding; anything more is not a log-prob.
const POSITIVE_SLACK = 1e-6;

/**
 * Scores one item from its per-token log-probabilities (natural log). A -Infinity entry (probability
 * 0) is allowed and gives perTokenCe = Infinity, pTok = 0. Writes into `out` when given.
 *
 * Input that holds no valid log-probabilities (an empty array, NaN, a value above 0 beyond rounding)
 * gives NaN in every field instead of throwing: the collector skips non-finite scores item by item,
 * and one bad line in a gigabyte log must not stop the run.
 */
export function targetLogProbScores(
  lp: ArrayLike<number>,
  out?: TargetLogProbScores,
): TargetLogProbScores {
  const r = out ?? { targetLogProb: 0, perTokenCe: 0, pTok: 0 };
  const n = lp.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = lp[i]!;
    // NaN fails this test too, so it falls through to the NaN result.
    if (!(v <= POSITIVE_SLACK)) {
      sum = NaN;
      break;
    }
    sum += Math.min(v, 0);
  }
  if (n === 0) sum = NaN;
  r.targetLogProb = sum;
  r.perTokenCe = sum === 0 ? 0 : -sum / n; // not -0, which would print as "-0"
  r.pTok = Math.exp(sum / n);
  return r;
}
