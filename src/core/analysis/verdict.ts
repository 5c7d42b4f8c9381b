/**
 * One verdict per task x family x setting, from the per-metric checks (metricCheck.ts) and the
 * resolution test (resolution.ts), following science.md:
 *
 * - no claim on any metric -> smooth;
 * - a claim on a discrete metric while the continuous metrics on the same outputs show no break
 *   (delta-BIC <= 2) -> mirage-metric;
 * - continuous metrics break at the same place (delta-BIC > threshold, jump within one step) -> the
 *   resolution test decides: smooth curve rejected by the counts -> emergent, else mirage-resolution;
 * - no continuous metric: counts consistent with a smooth curve -> mirage-resolution, else
 *   inconclusive (the metric cannot be checked);
 * - too few points, no counts, weak or contradicting evidence -> inconclusive, saying what is missing.
 *
 * The resolution test's p-values are pooled across the run and adjusted by Benjamini-Hochberg before
 * the final call (finalizeVerdicts), because a run tests many tasks x families at once.
 */
import type { MetricReport, SeriesReport, Verdict } from '../report';
import type { MetricSeries, SeriesData } from './series';
import { checkMetric, fmt, sampleCurve, type CheckOptions, type MetricCheck } from './metricCheck';
import { resolutionTestMean, resolutionTestProportion, type ResolutionResult } from './resolution';
import { RESCORED } from './collector';
import { formatScale } from './modelName';
import { bootstrapEmergenceScore } from '../stats/bootstrap';
import { meanOf } from '../stats/meanOf';
import { benjaminiHochberg } from '../stats/fdr';
import { binomialGofTest, mcnemar } from '../stats/binomial';
import { flipExamples } from './flips';

/** Options of the judgement. */
export interface JudgeOptions extends CheckOptions {
  /** False-discovery rate for the resolution test across the run. */
  alpha: number;
  resamples: number;
  seed: number;
  logAxis: boolean;
}

/** A series whose verdict may still wait for the run-wide FDR adjustment. */
export interface PendingSeries {
  report: SeriesReport;
  pending: { reject: Verdict; accept: Verdict; rejectWords: string; acceptWords: string } | null;
  /** The jump whose flipped items `report.flips` lists (judged without the cells, they are added later). */
  flipsFor?: { metric: string; from: string; to: string };
}

const TEXT_DISCRETE = new Set(['exact_match', 'exact_match (logged)']);
const PL_SOURCES = ['token_edit_distance', 'token_edit_distance_norm', 'partial_credit', 'per_token_ce'];
const pct = (v: number): string => `${fmt(v * 100, 3)}%`;

/** Which metric a researcher would have looked at: a logged discrete metric first. */
function headlineOrder(a: MetricSeries, b: MetricSeries): number {
  const rank = (m: MetricSeries): number => {
    if (m.kind !== 'discrete') return 10;
    if (!RESCORED.has(m.name)) return 0;
    if (m.name === 'exact_match') return 1;
    if (m.name === 'grade') return 2;
    return 3;
  };
  return rank(a) - rank(b);
}

function pointWords(c: MetricCheck, i: number): string {
  const ms = c.ms;
  const v = ms.value[i]!;
  const lo = ms.ciLow[i];
  const hi = ms.ciHigh[i];
  const prop = ms.binary;
  const f = (x: number): string => (prop ? pct(x) : fmt(x));
  const ci = lo !== null && hi !== null && lo !== undefined && hi !== undefined ? ` [${f(lo)}, ${f(hi)}]` : '';
  const n = ms.n[i] !== null ? `, n=${ms.n[i]}` : '';
  return `${f(v)}${ci}${n}`;
}

function esWords(c: MetricCheck, ci: [number, number] | null): string {
  const ciw = ci ? `, 95% CI [${fmt(ci[0])}, ${fmt(ci[1])}]` : '';
  return `ES ${fmt(c.es)}${ciw}`;
}

/** Judges one series; the verdict may be pending the run-wide FDR adjustment. */
export function judgeSeries(data: SeriesData, opts: JudgeOptions): PendingSeries {
  const note: Pick<PendingSeries, 'flipsFor'> = {};
  const p = judgeBody(data, opts, note);
  if (note.flipsFor) p.flipsFor = note.flipsFor;
  return p;
}

function judgeBody(data: SeriesData, opts: JudgeOptions, note: Pick<PendingSeries, 'flipsFor'>): PendingSeries {
  const chanceFor = (ms: MetricSeries): number | null => {
    if (ms.kind !== 'discrete') return null;
    if (TEXT_DISCRETE.has(ms.name)) return 0;
    if (data.choices !== null) return 1 / data.choices;
    if (data.targetTokens.some((t) => t !== null)) return 0;
    return null;
  };
  const lengthsOf = (model: string): Float64Array | null => data.targetTokens[data.models.indexOf(model)] ?? null;
  // Mean target length per model, computed once for all metrics.
  const meanL = new Map<string, number | null>();
  for (const mod of data.models) {
    const t = lengthsOf(mod);
    meanL.set(mod, t && t.length > 0 ? meanOf(t) : null);
  }
  const meanLFor = (ms: MetricSeries): (number | null)[] => ms.models.map((mod) => meanL.get(mod) ?? null);

  const sorted = [...data.metrics].sort(headlineOrder);
  const checks = sorted.map((ms) => checkMetric(ms, opts, chanceFor(ms), meanLFor(ms), opts.logAxis));
  const cis = checks.map((c) => bootstrapCi(c, opts));
  const reasons: string[] = [];
  const m = data.models.length;
  const H = checks[0];
  const base: SeriesReport = {
    task: data.task,
    family: data.family,
    setting: data.setting,
    verdict: 'inconclusive',
    reasons,
    headlineMetric: H?.ms.name ?? '',
    jump: null,
    itemsNeeded: null,
    metrics: [],
    pValue: null,
    qValue: null,
    sources: [],
    flips: [],
  };
  if (data.excluded.length > 0) reasons.push(`Left out for want of a scale: ${data.excluded.join('; ')}.`);
  if (!H) {
    reasons.push('No metric could be computed for this series.');
    return { report: base, pending: null };
  }

  const plWords: string[] = [];
  overlayPL(checks, data, lengthsOf, plWords);
  base.metrics = checks.map((c, i) => toMetricReport(c, cis[i]!));

  if (m < 4) {
    base.verdict = 'inconclusive';
    reasons.push(
      `Only ${m} model size${m === 1 ? '' : 's'} of ${data.family} (${data.models.join(', ')}); an emergence claim needs at least 4 points of one family.`,
    );
    return { report: base, pending: null };
  }

  const claimed = checks.filter((c) => c.claim);
  if (claimed.length === 0) {
    base.verdict = 'smooth';
    reasons.push(
      `No metric makes an emergence claim (threshold ES ≥ ${opts.esThreshold} with the largest step late and the smaller half of the models near the floor): ` +
        checks.map((c, i) => `${c.ms.name} ${esWords(c, cis[i]!)} (${c.noClaim})`).join('; ') +
        '.',
    );
    return { report: base, pending: null };
  }

  const C = H.claim ? H : claimed.find((c) => c.ms.kind === 'discrete') ?? claimed[0]!;
  const ci = cis[checks.indexOf(C)]!;
  const j = C.jumpIndex!;
  const from = C.ms.models[j]!;
  const to = C.ms.models[j + 1]!;
  base.jump = { from, to };
  note.flipsFor = { metric: C.ms.name, from, to };
  base.flips = flipExamples(data.cells, C.ms.name, from, to);
  reasons.push(
    `${C.ms.name} jumps between ${from} (${formatScale(C.ms.scale[j]!)}) and ${to} (${formatScale(C.ms.scale[j + 1]!)}): ` +
      `${pointWords(C, j)} → ${pointWords(C, j + 1)} (${esWords(C, ci)}; claim threshold ${opts.esThreshold}).`,
  );
  if (C !== H) reasons.push(`The headline metric ${H.ms.name} makes no claim (${H.noClaim}).`);
  const small = C.ms.value.slice(0, Math.min(2, j + 1)).map((_, i) => `${C.ms.models[i]} ${pointWords(C, i)}`);
  reasons.push(`At the smallest scales: ${small.join('; ')}.`);
  const mc = mcnemarAtJump(C, j);
  if (mc) reasons.push(mc);
  reasons.push(...plWords);

  if (C.ms.kind === 'discrete') {
    const conts = checks.filter((c) => c.ms.kind === 'continuous' && c.deltaBic !== null);
    if (conts.length > 0) {
      const contWords = conts.map((c) => `${c.ms.name} ${esWords(c, cis[checks.indexOf(c)]!)}, ΔBIC ${fmt(c.deltaBic)}`).join('; ');
      const breaking = conts.filter((c) => c.deltaBic! > opts.bicThreshold && c.jumpIndex !== null && Math.abs(c.jumpIndex - j) <= 1);
      if (breaking.length === 0) {
        const weak = conts.filter((c) => c.deltaBic! > 2);
        if (weak.length === 0) {
          base.verdict = 'mirage-metric';
          reasons.push(`The continuous metrics on the same outputs show no break (ΔBIC ≤ 2; a break needs ΔBIC > ${opts.bicThreshold}): ${contWords}.`);
          return { report: base, pending: null };
        }
        base.verdict = 'inconclusive';
        reasons.push(
          `The continuous metrics are neither clearly smooth nor a break at the same place: ${contWords} ` +
            `(smooth needs ΔBIC ≤ 2 everywhere; a surviving jump needs ΔBIC > ${opts.bicThreshold} within one step of the discrete jump). More model sizes or items would settle it.`,
        );
        return { report: base, pending: null };
      }
      reasons.push(`The continuous metrics also break at the same place: ${breaking.map((c) => `${c.ms.name} ΔBIC ${fmt(c.deltaBic)}`).join('; ')} (threshold ${opts.bicThreshold}).`);
      const res = resolutionTestProportion(C, j, opts.logAxis);
      return withResolution(base, C, res, 'emergent', 'mirage-resolution', reasons);
    }
    const res = resolutionTestProportion(C, j, opts.logAxis);
    if (res.testable) {
      return withResolution(base, C, res, 'inconclusive', 'mirage-resolution', reasons,
        'The jump survives the resolution check, but there is no continuous metric on the same outputs to check the metric: log per-item targets and predictions, or per-choice log-likelihoods.');
    }
    base.verdict = 'inconclusive';
    reasons.push(`There is no continuous metric on the same outputs and ${res.detail}. Log per-item outputs (or choice log-likelihoods) and item counts to decide.`);
    return { report: base, pending: null };
  }

  // A claim only on a continuous metric.
  if (C.deltaBic !== null && C.deltaBic > opts.bicThreshold) {
    reasons.push(`Model evidence favours a break: ΔBIC ${fmt(C.deltaBic)} > ${opts.bicThreshold}.`);
    return withResolution(base, C, resolutionTestMean(C, j), 'emergent', 'mirage-resolution', reasons);
  }
  base.verdict = 'inconclusive';
  reasons.push(`The claim is on a continuous metric but model evidence for a break is weak (ΔBIC ${fmt(C.deltaBic)} ≤ ${opts.bicThreshold}).`);
  return { report: base, pending: null };
}

function withResolution(
  base: SeriesReport,
  C: MetricCheck,
  res: ResolutionResult,
  reject: Verdict,
  accept: Verdict,
  reasons: string[],
  rejectExtra?: string,
): PendingSeries {
  if (!res.testable) {
    base.verdict = 'inconclusive';
    reasons.push(`The resolution cannot be checked: ${res.detail}.`);
    return { report: base, pending: null };
  }
  if (res.curve) {
    const mr = base.metrics.find((x) => x.name === C.ms.name);
    mr?.curves.push(res.curve);
  }
  base.pValue = res.pValue;
  base.itemsNeeded = res.itemsNeeded;
  const need = res.itemsNeeded !== null ? ` About ${res.itemsNeeded} items per model would resolve the accuracy just before the jump.` : '';
  return {
    report: base,
    pending: {
      reject,
      accept,
      rejectWords: `The counts reject a smooth curve: ${res.detail}.${rejectExtra ? ' ' + rejectExtra : ''}`,
      acceptWords: `The pre-jump points are consistent with a smooth curve at this test set's resolution: ${res.detail}.${need}`,
    },
  };
}

/** Applies Benjamini-Hochberg across the run and settles pending verdicts. */
export function finalizeVerdicts(all: PendingSeries[], alpha: number): SeriesReport[] {
  const q = benjaminiHochberg(all.map((s) => (s.pending ? s.report.pValue : null)));
  return all.map((s, i) => {
    const r = s.report;
    if (!s.pending) return r;
    r.qValue = q[i] ?? null;
    const rejected = r.qValue !== null && r.qValue < alpha;
    r.verdict = rejected ? s.pending.reject : s.pending.accept;
    r.reasons.push(
      (rejected ? s.pending.rejectWords : s.pending.acceptWords) +
        ` (Benjamini-Hochberg q = ${fmt(r.qValue)} across ${q.filter((x) => x !== null).length} tests in this run, α = ${alpha}.)`,
    );
    return r;
  });
}

function toMetricReport(c: MetricCheck, ci: [number, number] | null): MetricReport {
  const ms = c.ms;
  const ns = ms.n.filter((n): n is number => n !== null);
  return {
    name: ms.name,
    kind: ms.kind,
    higherIsBetter: ms.higherIsBetter,
    emergenceScore: c.es,
    emergenceScoreCi: ci,
    deltaBic: c.deltaBic,
    claim: c.claim,
    jumpIndex: c.jumpIndex,
    chance: c.chance,
    floor: ms.binary && ns.length > 0 ? 1 / Math.min(...ns) : null,
    points: ms.models.map((model, i) => ({
      model,
      scale: ms.scale[i]!,
      value: ms.value[i]!,
      n: ms.n[i] ?? null,
      ciLow: ms.ciLow[i] ?? null,
      ciHigh: ms.ciHigh[i] ?? null,
    })),
    curves: c.curves,
  };
}

function bootstrapCi(c: MetricCheck, opts: JudgeOptions): [number, number] | null {
  const ms = c.ms;
  if (!ms.perItem || ms.perItem.length < 2 || opts.resamples <= 0 || c.es === null) return null;
  const r = bootstrapEmergenceScore(ms.u, ms.perItem, {
    resamples: opts.resamples,
    seed: opts.seed,
    floor: c.esFloor,
    higherIsBetter: ms.higherIsBetter,
    binary: ms.binary,
  });
  return Number.isFinite(r.lo) && Number.isFinite(r.hi) ? [r.lo, r.hi] : null;
}

/**
 * Schaeffer's overlay: the per-token p(N) fitted on a continuous text metric, raised to each item's
 * target length and averaged, drawn on the discrete text metric, with a G-test of the counts.
 */
function overlayPL(
  checks: MetricCheck[],
  data: SeriesData,
  lengthsOf: (model: string) => Float64Array | null,
  reasons: string[],
): void {
  const src = PL_SOURCES.map((n) => checks.find((c) => c.ms.name === n && c.pTok)).find((c) => c !== undefined);
  if (!src || !src.pTok) return;
  const { a, b } = src.pTok;
  const pooled = poolLengths(data.targetTokens, 5000);
  if (pooled.length === 0) return;
  // Mean of p^L over the targets, summed over distinct lengths: targets have a few dozen lengths
  // among thousands of items, and the curve is evaluated at hundreds of points.
  const histograms = new Map<ArrayLike<number>, { lengths: number[]; counts: number[]; total: number }>();
  const histogram = (Ls: ArrayLike<number>): { lengths: number[]; counts: number[]; total: number } => {
    let h = histograms.get(Ls);
    if (!h) {
      h = lengthHistogram(Ls);
      histograms.set(Ls, h);
    }
    return h;
  };
  const acc = (u: number, Ls: ArrayLike<number>): number => {
    const p = Math.exp(-Math.exp(a + b * u));
    const h = histogram(Ls);
    let s = 0;
    for (let i = 0; i < h.lengths.length; i++) s += h.counts[i]! * p ** h.lengths[i]!;
    return s / h.total;
  };
  for (const c of checks) {
    if (c.ms.kind !== 'discrete' || !TEXT_DISCRETE.has(c.ms.name)) continue;
    c.curves.push(sampleCurve({ predict: (u) => acc(u, pooled) }, c.ms.u, `p^L from ${src.ms.name} (alpha = ${fmt(b / Math.LN10)})`));
    if (!c.ms.binary || c.ms.k.some((k) => k === null)) continue;
    const pred = c.ms.models.map((mod, i) => acc(c.ms.u[i]!, lengthsOf(mod) ?? pooled));
    const g = binomialGofTest(c.ms.k as number[], c.ms.n as number[], pred);
    if (c.claim) {
      reasons.push(
        `Schaeffer's p^L model: the per-token probability fitted on ${src.ms.name} (p(N) = exp(-(N/c)^α), α = ${fmt(b / Math.LN10)}), raised to each target's length, ` +
          `${g.pValue >= 0.05 ? 'reproduces' : 'does not reproduce'} the ${c.ms.name} curve (G-test p = ${fmt(g.pValue)}).`,
      );
    }
  }
}

/** The first `cap` target lengths of the models, in model order. */
function poolLengths(targetTokens: (Float64Array | null)[], cap: number): number[] {
  const pooled: number[] = [];
  for (const t of targetTokens) if (t) for (let i = 0; i < t.length && pooled.length < cap; i++) pooled.push(t[i]!);
  return pooled;
}

/**
 * The distinct values of `Ls` in order of first appearance, with their counts. Target lengths in
 * tokens are small integers, counted in an array (a map took ~1.5 M updates over a 1 GB sweep's
 * series); a mean over repeats of differing lengths sends the whole column to the map.
 */
export function lengthHistogram(Ls: ArrayLike<number>): { lengths: number[]; counts: number[]; total: number } {
  const n = Ls.length;
  let max = 0;
  let small = true;
  for (let i = 0; i < n; i++) {
    const L = Ls[i]!;
    if (!(L >= 0 && L < 65536 && L === Math.floor(L))) {
      small = false;
      break;
    }
    if (L > max) max = L;
  }
  const lengths: number[] = [];
  const counts: number[] = [];
  if (small) {
    const at = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < n; i++) {
      const L = Ls[i]!;
      const k = at[L]!;
      if (k >= 0) counts[k]!++;
      else {
        at[L] = lengths.length;
        lengths.push(L);
        counts.push(1);
      }
    }
  } else {
    const byLength = new Map<number, number>();
    for (let i = 0; i < n; i++) byLength.set(Ls[i]!, (byLength.get(Ls[i]!) ?? 0) + 1);
    for (const [L, c] of byLength) {
      lengths.push(L);
      counts.push(c);
    }
  }
  return { lengths, counts, total: n };
}

function mcnemarAtJump(c: MetricCheck, j: number): string | null {
  const ms = c.ms;
  if (!ms.binary || !ms.perItem) return null;
  const A = ms.perItem[j];
  const B = ms.perItem[j + 1];
  if (!A?.items || !B?.items) return null;
  // Item indices are the series' shared ones, 0..items-1: A's score by index in an array (NaN: not
  // seen by A) instead of a map.
  let top = -1;
  for (let i = 0; i < A.items.length; i++) if (A.items[i]! > top) top = A.items[i]!;
  const byItem = new Float64Array(top + 1).fill(NaN);
  for (let i = 0; i < A.items.length; i++) byItem[A.items[i]!] = A.scores[i]!;
  let up = 0;
  let down = 0;
  let shared = 0;
  for (let i = 0; i < B.items.length; i++) {
    const k = B.items[i]!;
    const before = k <= top ? byItem[k]! : NaN;
    if (Number.isNaN(before)) continue;
    shared++;
    const after = B.scores[i]!;
    if (before < 0.5 && after >= 0.5) up++;
    else if (before >= 0.5 && after < 0.5) down++;
  }
  if (shared < 10) return null;
  const t = mcnemar(ms.higherIsBetter ? up : down, ms.higherIsBetter ? down : up);
  return `On the ${shared} items both models saw, ${ms.higherIsBetter ? up : down} turn correct and ${ms.higherIsBetter ? down : up} turn wrong (McNemar p = ${fmt(t.pValue)}).`;
}
