/**
 * Binomial tests for the resolution check (science.md, survival check b): are the observed counts
 * consistent with the smooth curve's predictions, how many items would settle it, and do two
 * adjacent models differ on the same items (McNemar).
 */
import { logGamma, regIncGammaQ } from './gamma';

/**
 * Predicted probabilities are kept inside [P_EPS, 1 - P_EPS]: a fitted curve resolves p only to
 * about 1e-15 (the rounding of 1 - p), so smaller tails are numerical, not predictions. A p that
 * is exactly 0 (or 1) is different: it declares k > 0 (k < n) impossible and is treated as such.
 */
const P_EPS = 1e-15;

/** ln P(X = k) for X ~ Binomial(n, p); -Infinity outside the support, NaN for invalid input. */
export function binomLogPmf(k: number, n: number, p: number): number {
  if (!(n >= 0) || !(p >= 0 && p <= 1) || Number.isNaN(k)) return NaN;
  if (k < 0 || k > n) return -Infinity;
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (p === 1) return k === n ? 0 : -Infinity;
  return (
    logGamma(n + 1) -
    logGamma(k + 1) -
    logGamma(n - k + 1) +
    k * Math.log(p) +
    (n - k) * Math.log1p(-p)
  );
}

/** Upper tail P(X > x) of the chi-square distribution with df degrees of freedom. */
export function chi2Sf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return NaN;
  if (x <= 0) return 1;
  return regIncGammaQ(df / 2, x / 2);
}

/** Result of {@link binomialGofTest}. */
export interface GofResult {
  /** G = 2 sum [k ln(k / np) + (n-k) ln((n-k) / n(1-p))]; Infinity when a count is impossible. */
  deviance: number;
  /** Points with n > 0 (no parameters are fitted to these counts). */
  df: number;
  /** P(chi^2_df >= G); 1 with no points. */
  pValue: number;
}

/**
 * Likelihood-ratio (G) test of observed counts k_i of n_i against predicted probabilities p_i,
 * e.g. the smooth curve's predictions at the small scales: a small p-value says the counts reject
 * the curve. Points with n = 0 carry no information and are skipped. A point that the prediction
 * makes impossible (p = 0 with k > 0, p = 1 with k < n) gives deviance Infinity and p-value 0. NaN
 * input gives NaN; arrays of different lengths throw (a caller bug, not data).
 */
export function binomialGofTest(
  k: ArrayLike<number>,
  n: ArrayLike<number>,
  p: ArrayLike<number>,
): GofResult {
  if (k.length !== n.length || k.length !== p.length) {
    throw new RangeError('binomialGofTest: k, n and p must have the same length');
  }
  let g = 0;
  let df = 0;
  for (let i = 0; i < k.length; i++) {
    const ki = k[i] as number;
    const ni = n[i] as number;
    const pi = p[i] as number;
    if (Number.isNaN(ki) || Number.isNaN(ni) || Number.isNaN(pi)) {
      return { deviance: NaN, df: NaN, pValue: NaN };
    }
    if (ni <= 0) continue;
    df++;
    if (pi <= 0 || pi >= 1) {
      // A certain prediction: met exactly (no deviance) or broken (impossible count).
      if ((pi <= 0 && ki > 0) || (pi >= 1 && ki < ni)) g = Infinity;
      continue;
    }
    const pc = Math.min(Math.max(pi, P_EPS), 1 - P_EPS);
    if (ki > 0) g += 2 * ki * Math.log(ki / (ni * pc));
    if (ni - ki > 0) g += 2 * (ni - ki) * Math.log((ni - ki) / (ni * (1 - pc)));
  }
  // Each term is >= 0 in exact arithmetic; rounding can leave a tiny negative total.
  g = Math.max(0, g);
  const pValue = df === 0 ? 1 : g === Infinity ? 0 : chi2Sf(g, df);
  return { deviance: g, df, pValue };
}

/**
 * Ceiling that forgives rounding: ln(0.25)/ln(0.5) comes out as 2.0000000000000004, and a count
 * must not jump to 3 for that.
 */
function ceilCount(x: number): number {
  return Math.ceil(x * (1 - 1e-12));
}

/**
 * Items needed to see at least one success with probability `confidence` when the accuracy is p:
 * ceil(ln(1 - confidence) / ln(1 - p)), about 3/p at 95%. Infinity for p <= 0; 1 for p >= 1.
 */
export function itemsNeededForOneSuccess(p: number, confidence = 0.95): number {
  if (Number.isNaN(p) || !(confidence >= 0 && confidence <= 1)) return NaN;
  if (confidence === 0) return 0;
  if (p >= 1) return 1;
  if (p <= 0 || confidence === 1) return Infinity;
  return Math.max(1, ceilCount(Math.log1p(-confidence) / Math.log1p(-p)));
}

/**
 * Items for a normal-approximation interval of half-width h at accuracy p: ceil(z^2 p(1-p) / h^2),
 * at least 1 (at p = 0 or 1 the formula says 0, but no estimate comes from zero items).
 */
export function itemsForHalfWidth(p: number, h: number, z = 1.96): number {
  if (!(p >= 0 && p <= 1) || Number.isNaN(h) || Number.isNaN(z)) return NaN;
  if (h <= 0) return Infinity;
  return Math.max(1, ceilCount((z * z * p * (1 - p)) / (h * h)));
}

/** Result of {@link mcnemar}. */
export interface McNemarResult {
  /** Exact path: min(b, c), the binomial count tested; chi^2 path: (|b - c| - 1)^2 / (b + c). */
  statistic: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Whether the exact binomial test was used (b + c < 25). */
  exact: boolean;
}

/**
 * McNemar's test for two models on the same items, from the discordant counts b (only the first
 * right) and c (only the second right). Exact two-sided binomial test, min(1, 2 P(X <= min(b, c)))
 * with X ~ Binomial(b + c, 1/2), when b + c < 25, where the chi-square approximation is poor;
 * otherwise the continuity-corrected chi-square with 1 df.
 */
export function mcnemar(b: number, c: number): McNemarResult {
  if (!(b >= 0) || !(c >= 0)) return { statistic: NaN, pValue: NaN, exact: false };
  const n = b + c;
  if (n === 0) return { statistic: 0, pValue: 1, exact: true };
  if (n < 25) {
    const lo = Math.min(b, c);
    let tail = 0;
    for (let i = 0; i <= lo; i++) tail += Math.exp(binomLogPmf(i, n, 0.5));
    return { statistic: lo, pValue: Math.min(1, 2 * tail), exact: true };
  }
  const d = Math.max(0, Math.abs(b - c) - 1);
  const statistic = (d * d) / n;
  return { statistic, pValue: chi2Sf(statistic, 1), exact: false };
}
