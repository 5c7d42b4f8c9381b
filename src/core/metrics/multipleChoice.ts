/**
 * Multiple-choice scores from per-choice log-likelihoods (lm-evaluation-harness keeps them in
 * `resps`): the discrete grade and the continuous scores that Schaeffer et al. (2023) show make
 * LaMDA's "emergent" multiple-choice abilities vanish (Brier score, probability of the gold choice).
 */

/** Scores of one multiple-choice item. */
export interface McScores {
  /** 1 when the highest log-likelihood (first one on ties) is the gold choice, else 0. */
  grade: number;
  /** Brier score sum_c (p_c - 1[c = gold])^2 over softmax probabilities; 0..2, lower is better. */
  brier: number;
  /** Softmax probability of the gold choice. */
  pCorrect: number;
  /** Log-likelihood of the gold choice as logged. */
  goldLogLik: number;
  /** Number of choices. */
  choices: number;
}

/**
 * Scores one item: p = softmax(logLiks), computed from differences to the maximum (log-sum-exp) so
 * that log-likelihoods of -1e4 stay finite. Ties go to the first index, like numpy's argmax in the
 * harness. Writes into `out` when given (to avoid allocating per item) and returns it.
 *
 * @throws RangeError when there are fewer than 2 choices, a log-likelihood is not finite, or `gold`
 *   is not an integer index of a choice.
 */
export function mcScores(logLiks: ArrayLike<number>, gold: number, out?: McScores): McScores {
  const k = logLiks.length;
  if (k < 2) throw new RangeError(`multiple choice needs at least 2 choices, got ${k}`);
  if (!Number.isInteger(gold) || gold < 0 || gold >= k) {
    throw new RangeError(`gold choice ${gold} is not an index of the ${k} choices`);
  }
  let max = -Infinity;
  let argmax = 0;
  for (let c = 0; c < k; c++) {
    const l = logLiks[c]!;
    if (!Number.isFinite(l)) throw new RangeError(`log-likelihood of choice ${c} is ${l}`);
    if (l > max) {
      max = l;
      argmax = c;
    }
  }
  let z = 0;
  for (let c = 0; c < k; c++) z += Math.exp(logLiks[c]! - max);
  // 1 - p_gold is summed from the other choices rather than subtracted: when p_gold is close to 1
  // the subtraction would cancel away the very differences the Brier score exists to show.
  let sqOthers = 0;
  let others = 0;
  for (let c = 0; c < k; c++) {
    if (c === gold) continue;
    const p = Math.exp(logLiks[c]! - max) / z;
    sqOthers += p * p;
    others += p;
  }
  const goldLogLik = logLiks[gold]!;
  const r = out ?? { grade: 0, brier: 0, pCorrect: 0, goldLogLik: 0, choices: 0 };
  r.grade = argmax === gold ? 1 : 0;
  r.pCorrect = Math.exp(goldLogLik - max) / z;
  r.brier = sqOthers + others * others;
  r.goldLogLik = goldLogLik;
  r.choices = k;
  return r;
}
