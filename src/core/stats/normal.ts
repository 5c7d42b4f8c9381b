/**
 * The standard normal distribution: tail probability, cdf and quantile. The tail goes through the
 * incomplete gamma function (Phi(-z) = Q(1/2, z^2/2) / 2) rather than a short erfc approximation, so
 * it keeps full relative precision far into the tail, where p-values of strong effects live.
 */
import { regIncGammaP, regIncGammaQ } from './gamma';

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Upper tail P(Z > z) of the standard normal. */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const h = 0.5 * z * z;
  return z >= 0 ? 0.5 * regIncGammaQ(0.5, h) : 0.5 + 0.5 * regIncGammaP(0.5, h);
}

/** Cumulative distribution P(Z <= z) of the standard normal. */
export function normalCdf(z: number): number {
  return normalSf(-z);
}

/** Acklam's rational approximation (relative error 1.15e-9), refined below to full precision. */
const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** The z with P(Z <= z) = p; -Infinity at 0, +Infinity at 1. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // 1 - p is exact for p >= 1/2, and the lower half is solved where its tail is accurate.
  return p <= 0.5 ? lowerQuantile(p) : -lowerQuantile(1 - p);
}

function lowerQuantile(p: number): number {
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(C, q) / (poly(D, q) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(A, r) * q) / (poly(B, r) * r + 1);
  }
  // Two Halley steps on Phi(x) - p take the 1e-9 approximation to machine precision.
  for (let i = 0; i < 2; i++) {
    const pdf = Math.exp(-0.5 * x * x) / SQRT_2PI;
    const u = (normalSf(-x) - p) / pdf;
    if (!Number.isFinite(u)) break;
    x -= u / (1 + 0.5 * x * u);
  }
  return x;
}

/** Horner evaluation of c[0] x^(n-1) + ... + c[n-1]. */
function poly(c: readonly number[], x: number): number {
  let s = 0;
  for (const v of c) s = s * x + v;
  return s;
}
