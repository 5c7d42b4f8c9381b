/**
 * The sigmoid break model y = lo + (hi - lo) / (1 + exp(-(u - u0)/s)), fitted by variable
 * projection: lo and hi enter linearly, so for a fixed centre u0 and width s they are a 2 x 2
 * weighted least-squares solve, and only (u0, ln s) is searched, on a grid and then by Nelder-Mead.
 * This needs no starting values for the levels and cannot diverge, which matters with 4-8 points,
 * where Levenberg-Marquardt from a poor start often stalls on a flat tail; hi < lo fits a falling
 * series.
 */
import { makeFit, type Fit, type FitData } from './fitData';

/** Widths searched, in units of the u span: from a near step to a near line. */
const WIDTHS = [1e-3, 3e-3, 0.01, 0.03, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2];
/** Width bounds in units of the span: below, every point sits on a plateau; above, it is a line. */
const S_MIN = 1e-4;
const S_MAX = 10;

interface Levels {
  chi2: number;
  lo: number;
  amp: number;
}

/** Fits the sigmoid to prepared data; a constant fit when the data cannot support one. */
export function fitSigmoidData(d: FitData): Fit {
  const uMin = d.m > 0 ? (d.u[0] as number) : NaN;
  const span = d.m > 0 ? (d.u[d.m - 1] as number) - uMin : NaN;
  if (!(span > 0)) return constantFit(d);
  const lnMin = Math.log(S_MIN * span);
  const lnMax = Math.log(S_MAX * span);
  const u0Min = uMin - span;
  const u0Max = uMin + 2 * span;
  const g = new Float64Array(d.m);
  const objective = (u0: number, lnS: number): number =>
    levels(d, clamp(u0, u0Min, u0Max), Math.exp(clamp(lnS, lnMin, lnMax)), g).chi2;

  let best: [number, number] = [uMin + span / 2, Math.log(0.2 * span)];
  let bestF = Infinity;
  const nU0 = Math.max(9, 4 * (d.m - 1) + 1);
  for (let i = 0; i < nU0; i++) {
    const u0 = uMin - 0.25 * span + (1.5 * span * i) / (nU0 - 1);
    for (const w of WIDTHS) {
      const f = objective(u0, Math.log(w * span));
      if (f < bestF) {
        bestF = f;
        best = [u0, Math.log(w * span)];
      }
    }
  }
  const refined = nelderMead2(objective, best, [(1.5 * span) / (nU0 - 1), 0.5]);
  if (refined.f < bestF) best = refined.x;
  const u0 = clamp(best[0], u0Min, u0Max);
  const s = Math.exp(clamp(best[1], lnMin, lnMax));
  const { lo, amp } = levels(d, u0, s, g);
  const params = { lo, hi: lo + amp, u0, s, location: u0 };
  return makeFit(d, 'sigmoid', 4, params, (x) => lo + amp / (1 + Math.exp(-(x - u0) / s)));
}

/**
 * Best lo and amplitude (hi - lo) for a fixed centre and width, with the resulting chi^2. `g`: room
 * for the sigmoid at each point, computed once for both passes (the fit's ~540 calls spent half
 * their time in Math.exp).
 */
function levels(d: FitData, u0: number, s: number, g: Float64Array): Levels {
  let sw = 0;
  let sg = 0;
  let sgg = 0;
  let sy = 0;
  let sgy = 0;
  for (let i = 0; i < d.m; i++) {
    const w = d.w[i] as number;
    const gi = 1 / (1 + Math.exp(-((d.u[i] as number) - u0) / s));
    g[i] = gi;
    const y = d.y[i] as number;
    sw += w;
    sg += w * gi;
    sgg += w * gi * gi;
    sy += w * y;
    sgy += w * gi * y;
  }
  const det = sw * sgg - sg * sg;
  let lo: number;
  let amp: number;
  // When the sigmoid is (nearly) constant over the points, the amplitude is not identified.
  if (det > 1e-12 * sw * sgg) {
    amp = (sw * sgy - sg * sy) / det;
    lo = (sy - amp * sg) / sw;
  } else {
    amp = 0;
    lo = sy / sw;
  }
  let chi2 = 0;
  for (let i = 0; i < d.m; i++) {
    const r = (d.y[i] as number) - lo - amp * (g[i] as number);
    chi2 += (d.w[i] as number) * r * r;
  }
  return { chi2, lo, amp };
}

function constantFit(d: FitData): Fit {
  let sw = 0;
  let sy = 0;
  for (let i = 0; i < d.m; i++) {
    sw += d.w[i] as number;
    sy += (d.w[i] as number) * (d.y[i] as number);
  }
  const c = sw > 0 ? sy / sw : NaN;
  const params = { lo: c, hi: c, u0: NaN, s: NaN, location: NaN };
  return makeFit(d, 'sigmoid', 4, params, () => c);
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Nelder-Mead in two dimensions from x0 with initial steps `step`; standard coefficients. The three
 * points and their values are kept in Float64Arrays: as arrays, points and values with integral
 * coordinates or costs had another element kind than the rest, and each change of kind threw the
 * optimised code away (it was compiled twice per judge; the compiles compete with the judge).
 */
function nelderMead2(
  f: (a: number, b: number) => number,
  x0: [number, number],
  step: [number, number],
): { x: [number, number]; f: number } {
  const px = new Float64Array(3);
  const py = new Float64Array(3);
  px[0] = x0[0];
  py[0] = x0[1];
  px[1] = x0[0] + step[0];
  py[1] = x0[1];
  px[2] = x0[0];
  py[2] = x0[1] + step[1];
  const vals = new Float64Array(3);
  for (let i = 0; i < 3; i++) vals[i] = f(px[i]!, py[i]!);
  const order = [0, 1, 2];
  const byValue = (i: number, j: number): number => vals[i]! - vals[j]!;
  for (let iter = 0; iter < 400; iter++) {
    order.sort(byValue);
    const ib = order[0]!;
    const is = order[1]!;
    const iw = order[2]!;
    const bx = px[ib]!;
    const by = py[ib]!;
    const wx = px[iw]!;
    const wy = py[iw]!;
    const fb = vals[ib]!;
    const fw = vals[iw]!;
    const size = Math.max(Math.abs(px[is]! - bx) + Math.abs(wx - bx), Math.abs(py[is]! - by) + Math.abs(wy - by));
    if (size < 1e-10 * (Math.abs(step[0]) + Math.abs(step[1]))) break;
    const cx = (bx + px[is]!) / 2;
    const cy = (by + py[is]!) / 2;
    // The point at t along the line from the centroid through the worst point.
    const rx = cx + -1 * (wx - cx);
    const ry = cy + -1 * (wy - cy);
    const fr = f(rx, ry);
    if (fr < fb) {
      const ex = cx + -2 * (wx - cx);
      const ey = cy + -2 * (wy - cy);
      const fe = f(ex, ey);
      if (fe < fr) {
        px[iw] = ex;
        py[iw] = ey;
        vals[iw] = fe;
      } else {
        px[iw] = rx;
        py[iw] = ry;
        vals[iw] = fr;
      }
      continue;
    }
    if (fr < vals[is]!) {
      px[iw] = rx;
      py[iw] = ry;
      vals[iw] = fr;
      continue;
    }
    const t = fr < fw ? -0.5 : 0.5;
    const kx = cx + t * (wx - cx);
    const ky = cy + t * (wy - cy);
    const fc = f(kx, ky);
    if (fc < Math.min(fr, fw)) {
      px[iw] = kx;
      py[iw] = ky;
      vals[iw] = fc;
      continue;
    }
    for (const i of [is, iw]) {
      px[i] = (px[i]! + bx) / 2;
      py[i] = (py[i]! + by) / 2;
      vals[i] = f(px[i]!, py[i]!);
    }
  }
  let bi = 0;
  for (let i = 1; i < 3; i++) if (vals[i]! < vals[bi]!) bi = i;
  return { x: [px[bi]!, py[bi]!], f: vals[bi]! };
}
