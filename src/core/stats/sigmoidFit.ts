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

/** Nelder-Mead in two dimensions from x0 with initial steps `step`; standard coefficients. */
function nelderMead2(
  f: (a: number, b: number) => number,
  x0: [number, number],
  step: [number, number],
): { x: [number, number]; f: number } {
  const pts: [number, number][] = [
    [x0[0], x0[1]],
    [x0[0] + step[0], x0[1]],
    [x0[0], x0[1] + step[1]],
  ];
  const vals = pts.map(([a, b]) => f(a, b));
  const order = [0, 1, 2];
  for (let iter = 0; iter < 400; iter++) {
    order.sort((i, j) => (vals[i] as number) - (vals[j] as number));
    const [ib, is, iw] = order as [number, number, number];
    const pb = pts[ib] as [number, number];
    const ps = pts[is] as [number, number];
    const pw = pts[iw] as [number, number];
    const fb = vals[ib] as number;
    const fw = vals[iw] as number;
    const size = Math.max(
      Math.abs(ps[0] - pb[0]) + Math.abs(pw[0] - pb[0]),
      Math.abs(ps[1] - pb[1]) + Math.abs(pw[1] - pb[1]),
    );
    if (size < 1e-10 * (Math.abs(step[0]) + Math.abs(step[1]))) break;
    const c: [number, number] = [(pb[0] + ps[0]) / 2, (pb[1] + ps[1]) / 2];
    const at = (t: number): [number, number] => [c[0] + t * (pw[0] - c[0]), c[1] + t * (pw[1] - c[1])];
    const xr = at(-1);
    const fr = f(xr[0], xr[1]);
    if (fr < fb) {
      const xe = at(-2);
      const fe = f(xe[0], xe[1]);
      if (fe < fr) {
        pts[iw] = xe;
        vals[iw] = fe;
      } else {
        pts[iw] = xr;
        vals[iw] = fr;
      }
      continue;
    }
    if (fr < (vals[is] as number)) {
      pts[iw] = xr;
      vals[iw] = fr;
      continue;
    }
    const xc = fr < fw ? at(-0.5) : at(0.5);
    const fc = f(xc[0], xc[1]);
    if (fc < Math.min(fr, fw)) {
      pts[iw] = xc;
      vals[iw] = fc;
      continue;
    }
    for (const i of [is, iw]) {
      const p = pts[i] as [number, number];
      const q: [number, number] = [(p[0] + pb[0]) / 2, (p[1] + pb[1]) / 2];
      pts[i] = q;
      vals[i] = f(q[0], q[1]);
    }
  }
  let bi = 0;
  for (let i = 1; i < 3; i++) if ((vals[i] as number) < (vals[bi] as number)) bi = i;
  return { x: pts[bi] as [number, number], f: vals[bi] as number };
}
