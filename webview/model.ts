/**
 * The panel's view model: which series the task list shows, in what order, and the summary counts.
 * Pure (no DOM): tested in the unit tier.
 */
import type { PanelData } from '../src/protocol';
import { seriesKey } from '../src/protocol';
import type { MetricReport, SeriesReport, Verdict } from '../src/core/report';
import { VERDICTS } from '../src/core/report';

export type SortKey = 'task' | 'verdict' | 'es';
export type VerdictFilter = Verdict | 'all';

/** What the user chose in the list's controls; persisted with setState. */
export interface ListView {
  sort: SortKey;
  /** Reverse the natural order (task A-Z, verdict "interesting first", ES largest first). */
  reverse: boolean;
  filter: string;
  verdict: VerdictFilter;
}

export const DEFAULT_VIEW: ListView = { sort: 'verdict', reverse: false, filter: '', verdict: 'all' };

/** Short label and tone (a CSS class suffix and a theme chart colour) per verdict. */
export const VERDICT_META: Record<Verdict, { label: string; title: string }> = {
  emergent: { label: 'emergent', title: 'The jump survives the continuous metrics and the test set resolution.' },
  'mirage-metric': {
    label: 'mirage · metric',
    title: 'The jump appears only under a discrete metric; continuous metrics on the same outputs are smooth.',
  },
  'mirage-resolution': {
    label: 'mirage · resolution',
    title: 'The points before the jump are consistent with a smooth curve at this test set size.',
  },
  inconclusive: { label: 'inconclusive', title: 'Not enough evidence either way; the reasons say what is missing.' },
  smooth: { label: 'smooth', title: 'No emergence claim on any metric.' },
};

/** "Interesting first": a surviving claim, then mirages, then the rest. */
const VERDICT_RANK: Record<Verdict, number> = {
  emergent: 0,
  'mirage-metric': 1,
  'mirage-resolution': 2,
  inconclusive: 3,
  smooth: 4,
};

export function isVerdict(v: unknown): v is Verdict {
  return typeof v === 'string' && (VERDICTS as readonly string[]).includes(v);
}

/** The headline metric of a series, if present. */
export function headlineMetric(s: SeriesReport): MetricReport | undefined {
  return s.metrics.find((m) => m.name === s.headlineMetric) ?? s.metrics[0];
}

/** Emergence score of the headline metric, or null. */
export function headlineEs(s: SeriesReport): number | null {
  const es = headlineMetric(s)?.emergenceScore;
  return typeof es === 'number' && !Number.isNaN(es) ? es : null;
}

/** Family and setting as one line ("pythia · 5-shot"); the default setting is left out. */
export function seriesSubtitle(s: SeriesReport): string {
  return s.setting ? `${s.family} · ${s.setting}` : s.family;
}

/** Whether a series makes an emergence claim on any metric. */
export function hasClaim(s: SeriesReport): boolean {
  return (
    s.verdict === 'emergent' ||
    s.verdict === 'mirage-metric' ||
    s.verdict === 'mirage-resolution' ||
    s.metrics.some((m) => m.claim)
  );
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareTask(a: SeriesReport, b: SeriesReport): number {
  return (
    collator.compare(a.task, b.task) ||
    collator.compare(a.family, b.family) ||
    collator.compare(a.setting, b.setting)
  );
}

/**
 * Sorted and filtered series. The text filter matches task, family, setting and headline metric
 * (case-insensitive, all words must match). Each key has a natural order (task A-Z, verdict
 * "interesting first", ES largest first) that `reverse` flips; a null ES always sorts last. Ties
 * fall back to task order so the list is stable.
 */
export function visibleSeries(series: readonly SeriesReport[], view: ListView): SeriesReport[] {
  const words = view.filter.toLowerCase().split(/\s+/).filter(Boolean);
  const rows = series.filter((s) => {
    if (view.verdict !== 'all' && s.verdict !== view.verdict) return false;
    if (!words.length) return true;
    const hay = `${s.task}\n${s.family}\n${s.setting}\n${s.headlineMetric}\n${s.verdict}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  const sign = view.reverse ? -1 : 1;
  const cmp = (a: SeriesReport, b: SeriesReport): number => {
    switch (view.sort) {
      case 'task':
        return sign * compareTask(a, b);
      case 'verdict':
        return sign * (VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict]) || compareTask(a, b);
      case 'es': {
        const ea = headlineEs(a);
        const eb = headlineEs(b);
        if (ea === null || eb === null) return ea === eb ? compareTask(a, b) : ea === null ? 1 : -1;
        return sign * (eb - ea) || compareTask(a, b);
      }
    }
  };
  return rows.sort(cmp);
}

/** Counts for the summary line. */
export interface Summary {
  tasks: number;
  claims: number;
  survive: number;
  byVerdict: Record<Verdict, number>;
  inputs: number;
  skipped: number;
  problems: number;
}

export function summarize(data: PanelData): Summary {
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const s of data.series) byVerdict[s.verdict] += 1;
  return {
    tasks: data.series.length,
    claims: data.series.filter(hasClaim).length,
    survive: byVerdict.emergent,
    byVerdict,
    inputs: data.inputs.length,
    skipped: data.inputs.filter((i) => i.skipped !== undefined).length,
    problems: data.inputs.reduce((n, i) => n + i.problems.length, 0),
  };
}

/**
 * Metrics in display order: the configured default metrics first (in their order), then the
 * headline metric, then the rest as the report lists them.
 */
export function orderedMetrics(s: SeriesReport, defaults: readonly string[]): MetricReport[] {
  const rank = (m: MetricReport): number => {
    const i = defaults.indexOf(m.name);
    if (i >= 0) return i;
    return m.name === s.headlineMetric ? defaults.length : defaults.length + 1;
  };
  return s.metrics
    .map((m, i) => ({ m, i }))
    .sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i)
    .map((e) => e.m);
}

/** Finds a series by key. */
export function findSeries(data: PanelData | null, key: string | undefined): SeriesReport | undefined {
  if (!data || key === undefined) return undefined;
  return data.series.find((s) => seriesKey(s) === key);
}

/**
 * The selection after new data arrives: the requested key when it exists, else the previous one when
 * it still exists, else the first visible row (or the first series when the filter hides all).
 */
export function resolveSelection(
  data: PanelData,
  visible: readonly SeriesReport[],
  ...candidates: Array<string | undefined>
): string | undefined {
  for (const c of candidates) if (findSeries(data, c)) return c;
  const first = visible[0] ?? data.series[0];
  return first ? seriesKey(first) : undefined;
}
