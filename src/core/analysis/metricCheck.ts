/**
 * Per-metric checks of science.md: the emergence score (floored at the data's resolution and aware of
 * uneven spacing), where the largest step is, whether that makes an emergence claim, and the
 * smooth-vs-break model comparison by delta-BIC in log scale.
 *
 * The smooth family includes Schaeffer's form for the continuous text metrics: if per-token
 * probability follows p(N) = exp(-(N/c)^alpha), then partial credit ~ p, normalised TED ~ 1 - p,
 * TED ~ L(1 - p) and per-token cross-entropy ~ -ln p are all smooth in N with 2 free parameters.
 * Fitting only a straight line in log x would call these S-shaped-in-log-x curves "breaks".
 */
import type { CurveReport } from '../report';
import type { MetricSeries } from './series';
import { emergenceScoreSpaced, largestStep } from '../stats/emergence';
import { bic, fitHinge, fitLinear, fitSigmoid, type Fit } from '../stats/fits';
import { fitPL } from '../stats/schaeffer';
import { nelderMead } from './nelderMead';

/** Thresholds of a run. */
export interface CheckOptions {
  /** Emergence score at or above which a metric makes a claim. */
  esThreshold: number;
  /** Delta-BIC above which the break model is strong evidence (> 6 strong, > 10 very strong). */
  bicThreshold: number;
  /** Largest share of the total gain the points before the jump may have (near the floor). */
  nearFloor: number;
  /** Where on the log-scale range the upper model of the jump must lie (0..1). */
  upperPart: number;
}

export const DEFAULT_CHECKS: CheckOptions = { esThreshold: 5, bicThreshold: 6, nearFloor: 0.15, upperPart: 0.5 };

/** Everything computed for one metric of one series. */
export interface MetricCheck {
  ms: MetricSeries;
  /** Values oriented so that improvement is positive. */
  y: number[];
  /** Standard errors used as fit weights (floored), or undefined when unknown. */
  sigma: number[] | undefined;
  /** Denominator floor of the emergence score, and what it is. */
  esFloor: number;
  es: number | null;
  jumpIndex: number | null;
  claim: boolean;
  /** Why there is no claim (when there is none). */
  noClaim: string;
  chance: number | null;
  smooth: Fit | null;
  brk: Fit | null;
  deltaBic: number | null;
  curves: CurveReport[];
  /** The Schaeffer p(N) fit when this is a text metric that has one: p = exp(-exp(a + b u)). */
  pTok: { a: number; b: number } | null;
}

/** The per-token probability map of a Schaeffer-form metric: y from p (per point, with its L). */
type PMap = (p: number, L: number) => number;
const SCHAEFFER_MAPS: Record<string, PMap> = {
  partial_credit: (p) => p,
  char_edit_similarity: (p) => p,
  token_edit_distance_norm: (p) => 1 - p,
  token_edit_distance: (p, L) => L * (1 - p),
  per_token_ce: (p) => -Math.log(p),
};

const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

/** Runs the per-metric checks. `meanL` is each point's mean target length in tokens (text metrics). */
export function checkMetric(
  ms: MetricSeries,
  opts: CheckOptions,
  chance: number | null,
  meanL: (number | null)[] | null,
  logAxis = true,
): MetricCheck {
  const m = ms.value.length;
  const sgn = ms.higherIsBetter ? 1 : -1;
  const y = ms.value.map((v) => v * sgn);
  const range = Math.max(...y) - Math.min(...y);
  const ns = ms.n.filter((n): n is number => n !== null);
  const ses = ms.se.filter((s): s is number => s !== null && Number.isFinite(s));

  // Resolution of the data: 1/n for a proportion, the median standard error for a mean; without
  // item counts a tiny fraction of the range, so flat steps cannot make the score infinite.
  // For a mean, one item moving by one unit changes it by 1/n, so 1/n bounds the resolution from
  // below even when every item of a point scored the same (se 0).
  let esFloor: number;
  if (ms.binary && ns.length === m) esFloor = 1 / Math.min(...ns);
  else if (ses.length === m) esFloor = Math.max(median(ses), ns.length === m ? 1 / Math.min(...ns) : 0, 1e-12);
  else esFloor = Math.max(range * 1e-3, 1e-12);

  let sigma: number[] | undefined;
  if (ses.length === m) {
    // A point whose items all agree has se 0 and would dominate chi-squared; floor it at the
    // Agresti-Coull error for proportions, or a small share of the range for means.
    sigma = ms.value.map((v, i) => {
      const n = ms.n[i];
      if (ms.binary && n) {
        const pt = (v * n + 2) / (n + 4);
        return Math.max(ms.se[i]!, Math.sqrt((pt * (1 - pt)) / (n + 4)));
      }
      return Math.max(ms.se[i]!, 1e-3 * range, 1e-9);
    });
  }

  const out: MetricCheck = {
    ms, y, sigma, esFloor, es: null, jumpIndex: null, claim: false, noClaim: '', chance,
    smooth: null, brk: null, deltaBic: null, curves: [], pTok: null,
  };
  if (m < 2) {
    out.noClaim = `only ${m} point`;
    return out;
  }
  const es = emergenceScoreSpaced(ms.u, y, esFloor);
  out.es = Number.isFinite(es) ? es : null;
  const j = largestStep(ms.u, y);
  out.jumpIndex = j >= 0 ? j : null;

  if (m >= 4) {
    // Smooth family: a line in log x, Schaeffer's form (text metrics), and a *wide* sigmoid. Break
    // family: a hinge, and a *sharp* sigmoid. A sigmoid whose 10-90% rise spans more than two typical
    // gaps between sizes is an S-curve in log x, not a jump (e.g. edit distance under a smoothly
    // improving per-token probability, where Levenshtein's alignments bend Schaeffer's exact form).
    const sig = fitSigmoid(ms.u, ms.value, sigma);
    const gaps = ms.u.slice(1).map((u, i) => u - ms.u[i]!);
    const width = 2 * Math.log(9) * Math.abs(sig.params.s ?? NaN);
    const sharp = !(width >= 2 * median(gaps));
    const smoothCands: Fit[] = [fitLinear(ms.u, ms.value, sigma)];
    const breakCands: Fit[] = [fitHinge(ms.u, ms.value, sigma)];
    (sharp ? breakCands : smoothCands).push(sig);
    // Schaeffer's form is a law in N: only on a log axis of parameters or compute.
    const map = logAxis ? SCHAEFFER_MAPS[ms.name] : undefined;
    const sf = map ? fitSchaefferForm(ms, map, meanL, sigma) : null;
    if (sf) {
      smoothCands.push(sf.fit);
      out.pTok = sf.pTok;
    }
    const best = (fs: Fit[]): Fit => fs.reduce((a, b) => (bic(b, m) < bic(a, m) ? b : a));
    out.smooth = best(smoothCands);
    out.brk = best(breakCands);
    const db = bic(out.smooth, m) - bic(out.brk, m);
    out.deltaBic = Number.isFinite(db) ? db : null;
    const toScale = logAxis ? (u: number) => 10 ** u : (u: number) => -u;
    const label = (f: Fit): string => (f === sig ? `${sharp ? 'sharp' : 'wide'} sigmoid` : f.name);
    out.curves.push(sampleCurve(out.smooth, ms.u, `smooth: ${label(out.smooth)}`, toScale));
    out.curves.push(sampleCurve(out.brk, ms.u, `break: ${label(out.brk)}`, toScale));
  }

  // The claim (Wei et al.): enough points, a high score, the largest step in the upper part of the
  // scale range, and the points of the lower half of the range (before the jump) near the floor. Only
  // the lower half: a rise may take two or three sizes, and the points within it are not "before".
  if (m < 4) out.noClaim = `${m} points (needs at least 4)`;
  else if (out.es === null || es < opts.esThreshold) out.noClaim = `ES ${fmt(es)} below ${opts.esThreshold}`;
  else if (j < 1) out.noClaim = 'the largest step is at the smallest models';
  else {
    const u0 = ms.u[0]!;
    const span = ms.u[m - 1]! - u0;
    const at = span > 0 ? (ms.u[j + 1]! - u0) / span : 1;
    const base = chance !== null && ms.kind === 'discrete' ? chance * sgn : Math.min(...y);
    const top = Math.max(...y);
    const half = u0 + span / 2;
    const pre = Math.max(...y.slice(0, j + 1).filter((_, i) => ms.u[i]! <= half));
    const share = top > base ? (pre - base) / (top - base) : 1;
    if (at <= opts.upperPart) out.noClaim = `the largest step is in the lower part of the scale range (${Math.round(at * 100)}%)`;
    else if (share > opts.nearFloor) out.noClaim = `the smaller half of the models already has ${Math.round(share * 100)}% of the gain`;
    else out.claim = true;
  }
  return out;
}

/**
 * Fits y = map(p(N)) with p(N) = exp(-exp(a + b u)), u = log10 N: initialised by the linearised
 * p^L fit (stats/schaeffer.fitPL) and refined by Nelder-Mead on chi-squared in the metric's units.
 */
function fitSchaefferForm(
  ms: MetricSeries,
  map: PMap,
  meanL: (number | null)[] | null,
  sigma: number[] | undefined,
): { fit: Fit; pTok: { a: number; b: number } } | null {
  const m = ms.value.length;
  const L = ms.value.map((_, i) => meanL?.[i] ?? null);
  if (map === SCHAEFFER_MAPS.token_edit_distance && L.some((l) => l === null || l <= 0)) return null;
  // Invert the map per point to get p, for the initial linearised fit.
  const pInit: number[] = [];
  for (let i = 0; i < m; i++) {
    const v = ms.value[i]!;
    const l = L[i] ?? 1;
    let p: number;
    if (map === SCHAEFFER_MAPS.token_edit_distance) p = 1 - v / l;
    else if (map === SCHAEFFER_MAPS.token_edit_distance_norm) p = 1 - v;
    else if (map === SCHAEFFER_MAPS.per_token_ce) p = Math.exp(-v);
    else p = v;
    pInit.push(Math.min(1 - 1e-6, Math.max(1e-6, p)));
  }
  const init = fitPL(ms.scale, pInit);
  let a0 = 0;
  let b0 = -0.5;
  if (init && Number.isFinite(init.alpha) && Number.isFinite(init.c) && init.c > 0) {
    b0 = init.alpha * Math.LN10;
    a0 = -init.alpha * Math.log(init.c);
  }
  const meanLAll = L.every((l) => l !== null) ? L.reduce((s, l) => s + l!, 0) / m : 1;
  const predictAt = (a: number, b: number, u: number, l: number): number => map(Math.exp(-Math.exp(a + b * u)), l);
  const cost = (x: Float64Array): number => {
    const a = x[0]!;
    const b = x[1]!;
    let c = 0;
    for (let i = 0; i < m; i++) {
      const r = (ms.value[i]! - predictAt(a, b, ms.u[i]!, L[i] ?? 1)) / (sigma ? sigma[i]! : 1);
      c += r * r;
    }
    return c;
  };
  const { x, fx } = nelderMead(cost, [a0, b0], [0.5, 0.2]);
  const [a, b] = x as [number, number];
  if (!Number.isFinite(fx)) return null;
  return {
    fit: {
      name: 'Schaeffer p(N) = exp(-(N/c)^alpha)',
      k: 2,
      chi2: fx,
      weighted: sigma !== undefined,
      predict: (u: number) => predictAt(a, b, u, meanLAll),
      params: { a, b, alpha: b / Math.LN10, c: Math.exp((-a * Math.LN10) / b) },
      m,
      // An unweighted fit floors its RSS like stats/fits does, so BICs stay comparable.
      rssFloor: sigma ? 0 : m * (1e-6 * (Math.max(...ms.value) - Math.min(...ms.value))) ** 2,
    },
    pTok: { a, b },
  };
}

/**
 * A fitted curve's coordinate as drawn: 5 significant digits. The curves are for plotting (a chart is
 * a few hundred pixels tall; nothing is computed from them), and 17-digit doubles made them 2/3 of
 * the panel's payload: a 500-task report took longer to post and check than to draw.
 */
export function plotValue(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(5)) : x;
}

/** Samples a fitted curve at 48 points across the data's range of u, back on the scale axis. */
export function sampleCurve(
  f: Pick<Fit, 'predict'>,
  u: number[],
  label: string,
  toScale: (u: number) => number = (x) => 10 ** x,
): CurveReport {
  const lo = u[0]!;
  const hi = u[u.length - 1]!;
  const scale: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < 48; i++) {
    const uu = lo + ((hi - lo) * i) / 47;
    const v = f.predict(uu);
    if (!Number.isFinite(v)) continue;
    scale.push(plotValue(toScale(uu)));
    value.push(plotValue(v));
  }
  return { label, scale, value };
}

/** A number for reasons: 3 significant digits, "inf" for infinities. */
export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return 'n/a';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return String(+v.toPrecision(digits));
}
