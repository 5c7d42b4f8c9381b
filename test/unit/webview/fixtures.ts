/** Small typed report objects for the webview unit tests. */
import type { PanelData } from '../../../src/protocol';
import type { MetricReport, SeriesReport, Verdict } from '../../../src/core/report';

export function metric(over: Partial<MetricReport> = {}): MetricReport {
  const scales = [70e6, 160e6, 410e6, 1e9, 1.4e9, 2.8e9];
  const values = [0, 0, 0.01, 0.05, 0.3, 0.6];
  return {
    name: 'exact_match',
    kind: 'discrete',
    higherIsBetter: true,
    emergenceScore: 9.2,
    emergenceScoreCi: [6.1, 13],
    deltaBic: 8.4,
    claim: true,
    jumpIndex: 3,
    chance: 0.25,
    floor: 0.01,
    points: scales.map((scale, i) => ({
      model: `m-${i}`,
      scale,
      value: values[i] ?? 0,
      n: 100,
      ciLow: Math.max(0, (values[i] ?? 0) - 0.05),
      ciHigh: Math.min(1, (values[i] ?? 0) + 0.05),
    })),
    curves: [
      { label: 'smooth: linear in log x', scale: scales, value: values },
      { label: 'break: hinge at 1B', scale: scales, value: values },
      { label: 'p^L from token_edit_distance (alpha = -0.9)', scale: scales, value: values },
    ],
    ...over,
  };
}

export function series(task: string, verdict: Verdict, es: number | null, over: Partial<SeriesReport> = {}): SeriesReport {
  return {
    task,
    family: 'pythia',
    setting: '',
    verdict,
    reasons: [`${task} is ${verdict}`],
    headlineMetric: 'exact_match',
    jump: null,
    itemsNeeded: null,
    metrics: [metric({ emergenceScore: es, claim: verdict === 'emergent' || verdict.startsWith('mirage') })],
    pValue: null,
    qValue: null,
    sources: [{ path: 'log.jsonl', line: 3, rows: 10 }],
    flips: [],
    ...over,
  };
}

export function panel(series: SeriesReport[]): PanelData {
  return {
    title: 'logs',
    inputs: [
      { path: 'a.jsonl', format: 'jsonl', rows: 10, problems: [{ line: 2, message: 'bad json' }] },
      { path: 'README.md', format: 'skipped', rows: 0, problems: [], skipped: 'not a log' },
    ],
    series,
    esThreshold: 4,
    bicThreshold: 6,
    xAxis: 'params',
  };
}
