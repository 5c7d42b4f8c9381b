/**
 * Schaeffer, Miranda & Koyejo's (2023) model of a metric mirage: per-token cross-entropy falls as a
 * power law in scale, L_CE(N) = (N/c)^alpha (alpha < 0), so the per-token probability of the right
 * token is p(N) = exp(-(N/c)^alpha) and exact match on an L-token target is about p(N)^L: a smooth
 * p read through a sharp power. Fitted on the continuous side, it predicts the discrete curve.
 */

/**
 * p_tok is kept inside (P_EPS, 1 - P_EPS) before the transform ln(-ln p), which is -Infinity at 1
 * and +Infinity at 0. Measured p_tok hit the bounds only through finite samples (all items right,
 * or none), and such points are meant to stay in the fit, at a large but finite value; 1e-12 is
 * far below any resolvable accuracy yet keeps ln(-ln p) within [-27.6, 3.3]. Because the value at
 * the upper clamp is extreme, callers should pre-clamp at their own resolution (e.g. 1 - 1/(2n)
 * for a proportion from n items) or give such points a small weight.
 */
const P_EPS = 1e-12;

/** The fitted p^L model. */
export interface PLFit {
  /** Scale at which the per-token cross-entropy is 1 (may be 0 or Infinity when alpha ~ 0). */
  c: number;
  /** Power-law exponent of the cross-entropy in N; negative when loss falls with scale. */
  alpha: number;
  /** Intercept of ln(-ln p) = alpha ln N + beta, i.e. -alpha ln c; predictions use it directly. */
  beta: number;
  /** Predicted per-token probability at scale N. */
  predictPTok(N: number): number;
  /**
   * Predicted exact-match accuracy at scale N for a target of L tokens, or the mean of p^L_i over
   * items with target lengths L_i (NaN for an empty list).
   */
  predictAccuracy(N: number, L: number | ArrayLike<number>): number;
  /** R^2 of the (weighted) fit in the transformed space ln(-ln p) vs ln N; NaN if y is constant. */
  r2: number;
  /** Points used. */
  m: number;
}

/**
 * Fits ln(-ln p_tok) = alpha ln N - alpha ln c by (weighted) least squares over the points with
 * finite N > 0, finite p_tok in [0, 1] and (if given) a finite weight > 0. null with fewer than two
 * usable points or fewer than two distinct N.
 */
export function fitPL(
  scale: ArrayLike<number>,
  pTok: ArrayLike<number>,
  weights?: ArrayLike<number>,
): PLFit | null {
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  const n = Math.min(scale.length, pTok.length);
  for (let i = 0; i < n; i++) {
    const N = scale[i] as number;
    const p = pTok[i] as number;
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (!(N > 0) || !Number.isFinite(N) || !(p >= 0 && p <= 1) || !(w > 0) || !Number.isFinite(w)) {
      continue;
    }
    const pc = Math.min(Math.max(p, P_EPS), 1 - P_EPS);
    xs.push(Math.log(N));
    ys.push(Math.log(-Math.log(pc)));
    ws.push(w);
  }
  const m = xs.length;
  if (m < 2) return null;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < m; i++) {
    const w = ws[i] as number;
    sw += w;
    sx += w * (xs[i] as number);
    sy += w * (ys[i] as number);
  }
  const xBar = sx / sw;
  const yBar = sy / sw;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < m; i++) {
    const w = ws[i] as number;
    const dx = (xs[i] as number) - xBar;
    const dy = (ys[i] as number) - yBar;
    sxx += w * dx * dx;
    sxy += w * dx * dy;
    syy += w * dy * dy;
  }
  if (!(sxx > 0)) return null;
  const alpha = sxy / sxx;
  const beta = yBar - alpha * xBar;
  let rss = 0;
  for (let i = 0; i < m; i++) {
    const r = (ys[i] as number) - beta - alpha * (xs[i] as number);
    rss += (ws[i] as number) * r * r;
  }
  const predictPTok = (N: number): number => Math.exp(-Math.exp(alpha * Math.log(N) + beta));
  return {
    c: Math.exp(-beta / alpha),
    alpha,
    beta,
    predictPTok,
    predictAccuracy: (N, L) => accuracyFromPTok(predictPTok(N), L),
    r2: syy > 0 ? 1 - rss / syy : NaN,
    m,
  };
}

/** Mean of p^L_i over target lengths (one length: p^L). */
export function accuracyFromPTok(p: number, L: number | ArrayLike<number>): number {
  if (typeof L === 'number') return Math.pow(p, L);
  if (L.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < L.length; i++) s += Math.pow(p, L[i] as number);
  return s / L.length;
}

/**
 * Per-token probability implied by an exact-match accuracy A on targets of L tokens: A^(1/L).
 * NaN for A outside [0, 1] or L <= 0.
 */
export function pTokFromAccuracy(A: number, L: number): number {
  if (!(A >= 0 && A <= 1) || !(L > 0)) return NaN;
  return Math.pow(A, 1 / L);
}
