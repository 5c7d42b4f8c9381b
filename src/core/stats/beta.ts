/**
 * The regularized incomplete beta function I_x(a, b) and its inverse: the exact (Clopper-Pearson)
 * binomial interval and Student's t quantile are both quantiles of a beta distribution.
 */
import { logGamma } from './gamma';

const EPS = 1e-16;
const FPMIN = 1e-300;
const MAX_ITER = 100000;

/**
 * I_x(a, b) for a, b > 0 and x in [0, 1] (clamped), by the Numerical Recipes continued fraction
 * (modified Lentz). The fraction converges fast only for x < (a+1)/(a+b+2); above it the symmetry
 * I_x(a, b) = 1 - I_{1-x}(b, a) is used instead.
 */
export function regIncBeta(a: number, b: number, x: number): number {
  if (!(a > 0) || !(b > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront =
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * The x with I_x(a, b) = p. Starts from the Numerical Recipes (6.4) initial guess and takes Halley
 * steps, but keeps a bracket [lo, hi] on the root and bisects whenever a step would leave it, so it
 * converges for any a, b > 0 (the bare Halley iteration can wander when a or b < 1).
 */
export function regIncBetaInv(a: number, b: number, p: number): number {
  if (!(a > 0) || !(b > 0) || Number.isNaN(p)) return NaN;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const a1 = a - 1;
  const b1 = b - 1;
  const lnBeta = logGamma(a) + logGamma(b) - logGamma(a + b);
  let x = initialGuess(a, b, p);
  let lo = 0;
  let hi = 1;
  for (let j = 0; j < 200; j++) {
    const err = regIncBeta(a, b, x) - p;
    if (err === 0) return x;
    if (err < 0) lo = x;
    else hi = x;
    const pdf = Math.exp(a1 * Math.log(x) + b1 * Math.log1p(-x) - lnBeta);
    let next = NaN;
    if (pdf > 0 && Number.isFinite(pdf)) {
      const u = err / pdf;
      const halley = 1 - 0.5 * Math.min(1, u * (a1 / x - b1 / (1 - x)));
      next = x - u / halley;
    }
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    // Relative to the nearer end: near 1 the information is in 1 - x, not in x.
    if (Math.abs(next - x) <= 1e-15 * Math.min(x, 1 - x) || next === x) return next;
    x = next;
  }
  return x;
}

function initialGuess(a: number, b: number, p: number): number {
  let x: number;
  if (a >= 1 && b >= 1) {
    // Normal-based approximation (Abramowitz & Stegun 26.5.22).
    const pp = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(pp));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) z = -z;
    const al = (z * z - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w =
      (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    x = a / (a + b * Math.exp(2 * w));
  } else {
    // Power-law tails of the density near 0 and 1.
    const lna = Math.log(a / (a + b));
    const lnb = Math.log(b / (a + b));
    const t = Math.exp(a * lna) / a;
    const u = Math.exp(b * lnb) / b;
    const w = t + u;
    x = p < t / w ? Math.pow(a * w * p, 1 / a) : 1 - Math.pow(b * w * (1 - p), 1 / b);
  }
  return x > 0 && x < 1 ? x : 0.5;
}
