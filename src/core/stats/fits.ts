/**
 * Smooth-versus-break model comparison in u = log10(scale) (science.md, survival check a): a line as
 * the smooth model; a continuous hinge (one breakpoint) and a four-parameter sigmoid as the break
 * models; BIC to weigh them. With per-point standard errors the fit criterion is
 * chi^2 = sum((y - f)/sigma)^2 and BIC = chi^2 + k ln m; without, the Gaussian profile likelihood
 * gives BIC = m ln(RSS/m) + k ln m.
 */
import { chi2Of, leastSquares, makeFit, prepareFitData, type Fit, type FitData } from './fitData';
import { fitSigmoidData } from './sigmoidFit';

export type { Fit } from './fitData';

/** Result of {@link compareSmoothBreak}. */
export interface SmoothBreak {
  /** The line. */
  smooth: Fit;
  /** The better (lower BIC) of hinge and sigmoid; the hinge on a tie. */
  brk: Fit;
  /** BIC(smooth) - BIC(brk): > 0 favours a break; > 6 strong, > 10 very strong. NaN if m < 4. */
  deltaBic: number;
  /** Points used. */
  m: number;
}

/** Weighted (sigma given) or ordinary least-squares line y = a + b u. */
export function fitLinear(u: ArrayLike<number>, y: ArrayLike<number>, sigma?: ArrayLike<number>): Fit {
  return fitLinearData(prepareFitData(u, y, sigma));
}

/**
 * Continuous piecewise-linear fit with one breakpoint (k = 4: level, two slopes, breakpoint). The
 * breakpoint is profiled: for a fixed breakpoint the fit is linear least squares, so it is searched
 * on a grid between the second and the second-to-last distinct u (each segment keeps at least two
 * points) and refined by golden section around the best grid value. With fewer than 3 distinct u
 * there is no interior breakpoint: the line is returned under the hinge's name and k.
 */
export function fitHinge(u: ArrayLike<number>, y: ArrayLike<number>, sigma?: ArrayLike<number>): Fit {
  return fitHingeData(prepareFitData(u, y, sigma));
}

/**
 * Sigmoid lo + (hi - lo) / (1 + exp(-(u - u0)/s)), k = 4. Never throws: flat or too-short data give
 * a constant fit. See sigmoidFit.ts for the method.
 */
export function fitSigmoid(u: ArrayLike<number>, y: ArrayLike<number>, sigma?: ArrayLike<number>): Fit {
  return fitSigmoidData(prepareFitData(u, y, sigma));
}

/**
 * Bayesian information criterion of a fit on m points (default: the points it used). Weighted:
 * chi^2 + k ln m. Unweighted: m ln(max(RSS, floor)/m) + k ln m, with the floor of fit.rssFloor
 * (m * (1e-6 * y range)^2): below it residuals are rounding, and exact fits must tie, not compete
 * on ln of their rounding error.
 */
export function bic(fit: Fit, m: number = fit.m ?? NaN): number {
  if (!(m > 0)) return NaN;
  const penalty = fit.k * Math.log(m);
  if (fit.weighted) return fit.chi2 + penalty;
  const rss = Math.max(fit.chi2, fit.rssFloor ?? 0, Number.MIN_VALUE);
  return m * Math.log(rss / m) + penalty;
}

/**
 * Fits the line, the hinge and the sigmoid and compares the line with the better break model by
 * BIC. deltaBic is NaN with fewer than 4 points. Read it with care when m <= 5 and no sigma is
 * given: a 4-parameter model then (nearly) interpolates, its RSS sits at the floor, and deltaBic
 * measures the line's residuals against that floor rather than evidence; pass sigma to get a real
 * goodness-of-fit comparison.
 */
export function compareSmoothBreak(
  u: ArrayLike<number>,
  y: ArrayLike<number>,
  sigma?: ArrayLike<number>,
): SmoothBreak {
  const d = prepareFitData(u, y, sigma);
  const smooth = fitLinearData(d);
  const hinge = fitHingeData(d);
  const sigmoid = fitSigmoidData(d);
  const brk = bic(sigmoid, d.m) < bic(hinge, d.m) ? sigmoid : hinge;
  const deltaBic = d.m < 4 ? NaN : bic(smooth, d.m) - bic(brk, d.m);
  return { smooth, brk, deltaBic, m: d.m };
}

function fitLinearData(d: FitData): Fit {
  const { a, b } = line(d);
  return makeFit(d, 'linear', 2, { a, b }, (x) => a + b * x);
}

/** The weighted line, centred on the weighted mean of u for conditioning (u may be ~20 for FLOPs). */
function line(d: FitData): { a: number; b: number } {
  let sw = 0;
  let su = 0;
  let sy = 0;
  for (let i = 0; i < d.m; i++) {
    const w = d.w[i] as number;
    sw += w;
    su += w * (d.u[i] as number);
    sy += w * (d.y[i] as number);
  }
  if (!(sw > 0)) return { a: NaN, b: NaN };
  const uBar = su / sw;
  const yBar = sy / sw;
  let suu = 0;
  let suy = 0;
  for (let i = 0; i < d.m; i++) {
    const w = d.w[i] as number;
    const du = (d.u[i] as number) - uBar;
    suu += w * du * du;
    suy += w * du * ((d.y[i] as number) - yBar);
  }
  const b = suu > 0 ? suy / suu : 0;
  return { a: yBar - b * uBar, b };
}

const GRID_PER_GAP = 8;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

interface HingeAt {
  chi2: number;
  level: number;
  s1: number;
  s2: number;
}

function hingeAt(d: FitData, b: number): HingeAt | null {
  const c = leastSquares(d, 3, (x, row) => {
    row[0] = 1;
    row[1] = Math.min(0, x - b);
    row[2] = Math.max(0, x - b);
  });
  if (c === null) return null;
  const level = c[0] as number;
  const s1 = c[1] as number;
  const s2 = c[2] as number;
  const chi2 = chi2Of(d, (x) => level + (x < b ? s1 * (x - b) : s2 * (x - b)));
  return { chi2, level, s1, s2 };
}

function fitHingeData(d: FitData): Fit {
  const uniq: number[] = [];
  for (let i = 0; i < d.m; i++) {
    const x = d.u[i] as number;
    if (uniq.length === 0 || x > (uniq[uniq.length - 1] as number)) uniq.push(x);
  }
  if (uniq.length < 3) {
    const { a, b } = line(d);
    const params = { breakpoint: NaN, location: NaN, level: NaN, slopeBefore: b, slopeAfter: b };
    return makeFit(d, 'hinge', 4, params, (x) => a + b * x);
  }
  const objective = (b: number): number => hingeAt(d, b)?.chi2 ?? Infinity;
  const cand: number[] = [uniq[1] as number];
  for (let j = 1; j + 2 < uniq.length; j++) {
    const lo = uniq[j] as number;
    const hi = uniq[j + 1] as number;
    for (let g = 1; g < GRID_PER_GAP; g++) cand.push(lo + ((hi - lo) * g) / GRID_PER_GAP);
    cand.push(hi);
  }
  let best = 0;
  let bestF = Infinity;
  cand.forEach((b, i) => {
    const f = objective(b);
    if (f < bestF) {
      bestF = f;
      best = i;
    }
  });
  let bestB = cand[best] as number;
  if (cand.length > 1) {
    // The profile chi^2 is smooth between data points, so the minimum near the best grid value
    // lies between its grid neighbours.
    const lo = cand[Math.max(0, best - 1)] as number;
    const hi = cand[Math.min(cand.length - 1, best + 1)] as number;
    const r = goldenSection(objective, lo, hi);
    if (r.f < bestF) bestB = r.x;
  }
  const h = hingeAt(d, bestB);
  const level = h?.level ?? NaN;
  const s1 = h?.s1 ?? NaN;
  const s2 = h?.s2 ?? NaN;
  const b = bestB;
  const params = { breakpoint: b, location: b, level, slopeBefore: s1, slopeAfter: s2 };
  return makeFit(d, 'hinge', 4, params, (x) => level + (x < b ? s1 * (x - b) : s2 * (x - b)));
}

/** Minimum of a unimodal function on [lo, hi] to ~1e-10 of the interval. */
function goldenSection(f: (x: number) => number, lo: number, hi: number): { x: number; f: number } {
  let a = lo;
  let b = hi;
  let x1 = b - GOLDEN * (b - a);
  let x2 = a + GOLDEN * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let i = 0; i < 60 && b - a > 1e-12 * (Math.abs(a) + Math.abs(b) + 1e-300); i++) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - GOLDEN * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + GOLDEN * (b - a);
      f2 = f(x2);
    }
  }
  return f1 <= f2 ? { x: x1, f: f1 } : { x: x2, f: f2 };
}
