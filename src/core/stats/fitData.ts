/**
 * Shared plumbing of the curve fits: the cleaned, sorted, weighted points and a small dense solver
 * for the normal equations. Separate from fits.ts so that the fitters stay short.
 */

/**
 * A standard error below this is raised to it. A point whose items all scored the same has a
 * sample se of exactly 0, and an infinite weight would let that one point decide every fit; callers
 * who know their resolution should pass a resolution-aware sigma (e.g. from the Wilson interval).
 */
export const SIGMA_MIN = 1e-9;

/**
 * Unweighted fits floor their RSS at m * (RSS_REL * spread)^2, spread = the y range. Residuals below
 * a millionth of the range are rounding (logged scores carry 3-6 digits) or solver tolerance, not
 * signal: without the floor two exact fits would be ranked by ln of their rounding noise, and an
 * interpolating 4-parameter fit (RSS ~ 1e-30) would "beat" an exact line by hundreds of BIC units.
 */
export const RSS_REL = 1e-6;

/** A fitted curve y = f(u). */
export interface Fit {
  /** 'linear' | 'hinge' | 'sigmoid'. */
  name: string;
  /** Free parameters, the breakpoint included. */
  k: number;
  /** chi^2 when weighted, else the residual sum of squares. */
  chi2: number;
  /** Whether per-point standard errors were used. */
  weighted: boolean;
  /** The fitted curve at u. */
  predict(u: number): number;
  /**
   * Fitted parameters. linear: a, b (y = a + b u). hinge: breakpoint, level (y at the breakpoint),
   * slopeBefore, slopeAfter. sigmoid: lo, hi, u0, s. Break models also carry `location`, the u of
   * the break (the breakpoint, or u0), so callers need not know which one won.
   */
  params: Record<string, number>;
  /** Points the fit used (finite u, y and sigma); set by the fitters here. */
  m?: number;
  /**
   * The floor {@link bic} applies to an unweighted RSS (see {@link RSS_REL}); 0 when weighted. A
   * hand-made unweighted Fit compared with these should copy it from one of them, or it competes
   * with no floor.
   */
  rssFloor?: number;
}

/** Points ready to fit: finite, sorted by u, with weights 1/sigma^2 (all 1 when unweighted). */
export interface FitData {
  u: Float64Array;
  y: Float64Array;
  w: Float64Array;
  m: number;
  weighted: boolean;
  /** Floor for an unweighted RSS (see {@link RSS_REL}); 0 when weighted. */
  rssFloor: number;
}

/**
 * Keeps the points where u and y are finite (and sigma, when given, is not NaN or infinite: an
 * infinite se carries no information), sorts them by u, and turns sigma into weights.
 */
export function prepareFitData(
  u: ArrayLike<number>,
  y: ArrayLike<number>,
  sigma?: ArrayLike<number>,
): FitData {
  const n = Math.min(u.length, y.length);
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    const ui = u[i] as number;
    const yi = y[i] as number;
    if (!Number.isFinite(ui) || !Number.isFinite(yi)) continue;
    if (sigma !== undefined && !Number.isFinite(sigma[i] as number)) continue;
    idx.push(i);
  }
  idx.sort((a, b) => (u[a] as number) - (u[b] as number) || a - b);
  const m = idx.length;
  const d: FitData = {
    u: new Float64Array(m),
    y: new Float64Array(m),
    w: new Float64Array(m),
    m,
    weighted: sigma !== undefined,
    rssFloor: 0,
  };
  let min = Infinity;
  let max = -Infinity;
  idx.forEach((i, j) => {
    d.u[j] = u[i] as number;
    const yi = y[i] as number;
    d.y[j] = yi;
    min = Math.min(min, yi);
    max = Math.max(max, yi);
    const s = sigma === undefined ? 1 : Math.max(Math.abs(sigma[i] as number), SIGMA_MIN);
    d.w[j] = 1 / (s * s);
  });
  if (!d.weighted && m > 0) {
    const spread = max > min ? max - min : Math.max(Math.abs(max), 1);
    d.rssFloor = m * (RSS_REL * spread) ** 2;
  }
  return d;
}

/** Weighted sum of squared residuals of `f` on the data (chi^2, or RSS when unweighted). */
export function chi2Of(d: FitData, f: (u: number) => number): number {
  let s = 0;
  for (let i = 0; i < d.m; i++) {
    const r = (d.y[i] as number) - f(d.u[i] as number);
    s += (d.w[i] as number) * r * r;
  }
  return s;
}

/**
 * Solves the n x n system A x = b (A row-major, both overwritten) by Gaussian elimination with
 * partial pivoting; null when a pivot is negligible against the largest diagonal entry, i.e. the
 * basis is (numerically) degenerate on these points.
 */
export function solveDense(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + i] as number));
  if (!(scale > 0)) return null;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) {
      if (Math.abs(a[r * n + c] as number) > Math.abs(a[p * n + c] as number)) p = r;
    }
    const piv = a[p * n + c] as number;
    if (!(Math.abs(piv) > 1e-13 * scale)) return null;
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        const t = a[c * n + k] as number;
        a[c * n + k] = a[p * n + k] as number;
        a[p * n + k] = t;
      }
      const t = b[c] as number;
      b[c] = b[p] as number;
      b[p] = t;
    }
    for (let r = c + 1; r < n; r++) {
      const f = (a[r * n + c] as number) / piv;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r * n + k] = (a[r * n + k] as number) - f * (a[c * n + k] as number);
      b[r] = (b[r] as number) - f * (b[c] as number);
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r] as number;
    for (let k = r + 1; k < n; k++) s -= (a[r * n + k] as number) * (x[k] as number);
    x[r] = s / (a[r * n + r] as number);
  }
  return x;
}

/**
 * Weighted least squares on basis functions evaluated at the points: `basis(u, out)` fills the
 * row of the design matrix for one u. Returns the coefficients, or null for a degenerate basis.
 */
export function leastSquares(
  d: FitData,
  n: number,
  basis: (u: number, row: Float64Array) => void,
): Float64Array | null {
  const a = new Float64Array(n * n);
  const b = new Float64Array(n);
  const row = new Float64Array(n);
  for (let i = 0; i < d.m; i++) {
    basis(d.u[i] as number, row);
    const w = d.w[i] as number;
    const yi = d.y[i] as number;
    for (let r = 0; r < n; r++) {
      const wr = w * (row[r] as number);
      b[r] = (b[r] as number) + wr * yi;
      for (let c = 0; c < n; c++) a[r * n + c] = (a[r * n + c] as number) + wr * (row[c] as number);
    }
  }
  return solveDense(a, b, n);
}

/** Builds a Fit record; chi2 is computed from the curve on the data. */
export function makeFit(
  d: FitData,
  name: string,
  k: number,
  params: Record<string, number>,
  predict: (u: number) => number,
): Fit {
  return {
    name,
    k,
    chi2: d.m === 0 ? 0 : chi2Of(d, predict),
    weighted: d.weighted,
    predict,
    params,
    m: d.m,
    rssFloor: d.rssFloor,
  };
}
