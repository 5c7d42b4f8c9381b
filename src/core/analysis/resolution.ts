/**
 * Survival check (b) of science.md: are the observed counts before the jump consistent with a smooth
 * curve at the test set's resolution?
 *
 * For a proportion the smooth curve is a power law in scale for the above-chance share,
 * A'(N) = (A - chance)/(1 - chance) = e^a N^beta, fitted to the *resolved* points (k > 0, above chance)
 * by weighted least squares on log A' (delta-method weights n A'/(1 - A')). That is Schaeffer et
 * al.'s picture: with more items, accuracy on a log axis rises as a straight line. Its predictions at
 * the pre-jump points are tested against the observed counts by the binomial deviance (G-test, no
 * parameters fitted on those points). For a mean, the smooth fit's chi-squared at the points' standard
 * errors is the test.
 */
import type { CurveReport } from '../report';
import type { MetricCheck } from './metricCheck';
import { fmt, sampleCurve } from './metricCheck';
import { wilson } from '../stats/intervals';
import { binomialGofTest, chi2Sf, itemsForHalfWidth, itemsNeededForOneSuccess } from '../stats/binomial';
import { formatScale } from './modelName';

export interface ResolutionResult {
  testable: boolean;
  /** Words: what was tested and what came out, or why it could not be. */
  detail: string;
  pValue: number | null;
  itemsNeeded: number | null;
  curve: CurveReport | null;
}

const untestable = (detail: string): ResolutionResult => ({ testable: false, detail, pValue: null, itemsNeeded: null, curve: null });

/** Test (b) for a proportion (exact match, grade, accuracy) whose jump is after point j. */
export function resolutionTestProportion(c: MetricCheck, j: number, logAxis: boolean): ResolutionResult {
  const ms = c.ms;
  const m = ms.value.length;
  if (!ms.binary || ms.k.some((k) => k === null) || ms.n.some((n) => n === null)) {
    return untestable('no item counts (n) for this metric, so its resolution cannot be checked');
  }
  if (!logAxis) return untestable('the power-law resolution check needs a parameters or FLOPs axis');
  const up = ms.higherIsBetter;
  const n = ms.n as number[];
  const k = (ms.k as number[]).map((ki, i) => (up ? ki : n[i]! - ki));
  // Without a known chance level (an aggregate multiple-choice grade, say), the floor is the lowest
  // pre-jump score: the plateau the jump starts from.
  const ch = c.chance ?? Math.max(0, Math.min(...k.slice(0, j + 1).map((ki, i) => ki / n[i]!)));
  const lnN = ms.u.map((u) => u * Math.LN10);
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < m; i++) {
    const ni = n[i]!;
    if (k[i]! <= 0) continue;
    if (ch > 0 && wilson(k[i]!, ni)[0] <= ch) continue;
    let a = (k[i]! / ni - ch) / (1 - ch);
    a = Math.min(a, 1 - 0.5 / ni);
    if (a <= 0) continue;
    xs.push(lnN[i]!);
    ys.push(Math.log(a));
    ws.push((ni * a) / (1 - a));
  }
  if (xs.length < 2 || Math.max(...xs) === Math.min(...xs)) {
    return untestable(
      `only ${xs.length} model size${xs.length === 1 ? ' has' : 's have'} a resolved (non-zero${ch > 0 ? ', above-chance' : ''}) score; a smooth curve needs two to be anchored`,
    );
  }
  let sw = 0, sx = 0, sy = 0;
  for (let i = 0; i < xs.length; i++) { sw += ws[i]!; sx += ws[i]! * xs[i]!; sy += ws[i]! * ys[i]!; }
  const mx = sx / sw;
  const my = sy / sw;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < xs.length; i++) { sxx += ws[i]! * (xs[i]! - mx) ** 2; sxy += ws[i]! * (xs[i]! - mx) * (ys[i]! - my); }
  const beta = sxy / sxx;
  const a0 = my - beta * mx;
  if (!(beta > 0)) return untestable('the resolved points do not rise with scale, so no smooth rising curve can be anchored on them');
  const aPrime = (lnScale: number): number => Math.min(1, Math.exp(a0 + beta * lnScale));
  const toMetric = (p: number): number => (up ? p : 1 - p);
  const pred = (u: number): number => toMetric(ch + (1 - ch) * aPrime(u * Math.LN10));
  const kk: number[] = [];
  const nn: number[] = [];
  const pp: number[] = [];
  for (let i = 0; i <= j; i++) {
    kk.push(k[i]!);
    nn.push(n[i]!);
    pp.push(ch + (1 - ch) * aPrime(lnN[i]!));
  }
  const g = binomialGofTest(kk, nn, pp);
  // Items needed: enough to resolve the unresolved pre-jump point that is easiest to resolve (the
  // highest predicted accuracy among those at zero or at chance); the resolved ones need no more.
  let pj = -1;
  for (let i = 0; i <= j; i++) {
    const unresolved = ch > 0 ? wilson(kk[i]!, nn[i]!)[0] <= ch : kk[i] === 0;
    if (unresolved && pp[i]! > pj) pj = pp[i]!;
  }
  if (pj < 0) pj = pp[j]!;
  const need = ch > 0 ? itemsForHalfWidth(pj, Math.max((pj - ch) / 2, 1e-9)) : itemsNeededForOneSuccess(pj);
  const observed = kk.map((ki, i) => `${ki}/${nn[i]}`).join(', ');
  const expected = pp.map((p, i) => fmt(p * nn[i]!, 2)).join(', ');
  return {
    testable: true,
    pValue: g.pValue,
    itemsNeeded: Number.isFinite(need) ? need : null,
    curve: sampleCurve({ predict: pred }, ms.u, `smooth: power law through the resolved points (beta = ${fmt(beta)})`),
    detail:
      `a power law through the resolved points (accuracy${ch > 0 ? ' above chance' : ''} ∝ N^${fmt(beta)}) predicts ` +
      `${expected} successes before the jump (up to ${formatScale(ms.scale[j]!)}); observed ${observed} ` +
      `(binomial deviance ${fmt(g.deviance)} on ${g.df} df, p = ${fmt(g.pValue)})`,
  };
}

/** Test (b) for a mean (continuous metric): chi-squared of the smooth fit at the points' errors. */
export function resolutionTestMean(c: MetricCheck, j: number): ResolutionResult {
  const ms = c.ms;
  const m = ms.value.length;
  if (!c.sigma || !c.smooth || !c.smooth.weighted) {
    return untestable('no standard errors for this metric, so its resolution cannot be checked');
  }
  const df = m - c.smooth.k;
  if (df < 1) return untestable('too few points to test the smooth fit');
  const p = chi2Sf(c.smooth.chi2, df);
  const nj = ms.n[j];
  const sej = ms.se[j];
  const resid = Math.abs(ms.value[j]! - c.smooth.predict(ms.u[j]!));
  let need: number | null = null;
  if (nj && sej && resid > 0) need = Math.ceil(nj * ((3 * sej) / resid) ** 2);
  return {
    testable: true,
    pValue: p,
    itemsNeeded: need !== null && Number.isFinite(need) ? Math.max(need, nj ?? 0) : null,
    curve: null,
    detail: `the smooth fit (${c.smooth.name}) leaves chi-squared ${fmt(c.smooth.chi2)} on ${df} df at the points' standard errors (p = ${fmt(p)})`,
  };
}
