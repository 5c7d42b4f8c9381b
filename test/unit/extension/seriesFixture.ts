// A hand-made SeriesReport for the extension's pure parts (no analysis needed).
import type { MetricReport, SeriesReport } from '../../../src/core/report';

export function metric(over: Partial<MetricReport> = {}): MetricReport {
  return {
    name: 'exact_match',
    kind: 'discrete',
    higherIsBetter: true,
    emergenceScore: 4.2,
    emergenceScoreCi: [2.1, 6.3],
    deltaBic: 1.5,
    claim: true,
    jumpIndex: 2,
    chance: 0,
    floor: 0.01,
    points: [
      { model: 'syn-70m', scale: 7e7, value: 0, n: 100, ciLow: 0, ciHigh: 0.037 },
      { model: 'syn-160m', scale: 1.6e8, value: 0, n: 100, ciLow: 0, ciHigh: 0.037 },
      { model: 'syn-410m', scale: 4.1e8, value: 0.01, n: 100, ciLow: 0.002, ciHigh: 0.054 },
      { model: 'syn-1b', scale: 1e9, value: 0.4, n: 100, ciLow: 0.31, ciHigh: 0.5 },
    ],
    curves: [],
    ...over,
  };
}

export function series(over: Partial<SeriesReport> = {}): SeriesReport {
  return {
    task: 'arith',
    family: 'syn',
    setting: '',
    verdict: 'mirage-metric',
    reasons: ['exact_match jumps (ES 4.2) but token_edit_distance is smooth (ΔBIC 1.5)'],
    headlineMetric: 'exact_match',
    jump: { from: 'syn-410m', to: 'syn-1b' },
    itemsNeeded: 300,
    metrics: [metric(), metric({ name: 'token_edit_distance', kind: 'continuous', claim: false, emergenceScore: 1.1, emergenceScoreCi: null })],
    pValue: 0.4,
    qValue: 0.5,
    sources: [{ path: '/w/log.csv', line: 2, rows: 400 }],
    flips: [],
    ...over,
  };
}
