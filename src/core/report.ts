/**
 * The analysis result: the `mirage check --json` contract (version 1) plus plot-ready extras that the
 * extension's panel and hovers use. Fields named in the CLI contract keep their names and meaning;
 * extras are additive so other tools can ignore them.
 */
import type { InputSummary } from './types';

/** The five verdicts of science.md. */
export type Verdict = 'smooth' | 'emergent' | 'mirage-metric' | 'mirage-resolution' | 'inconclusive';

export const VERDICTS: readonly Verdict[] = [
  'smooth',
  'emergent',
  'mirage-metric',
  'mirage-resolution',
  'inconclusive',
];

/** One model's score on one metric. */
export interface PointReport {
  model: string;
  /** Position on the chosen x axis (params, FLOPs, or loss). */
  scale: number;
  /** Mean score over items (or the logged aggregate value). */
  value: number;
  /** Items behind the value; null when the log does not say. */
  n: number | null;
  /** 95% interval (Wilson for proportions, normal-theory for means); null when n is unknown. */
  ciLow: number | null;
  ciHigh: number | null;
}

/** A fitted curve sampled for plotting, in the metric's own units. */
export interface CurveReport {
  /** What was fitted, in words ("linear in log x", "hinge at 1.3B", "p^L from token_edit_distance"). */
  label: string;
  scale: number[];
  value: number[];
}

/** One metric of one series. */
export interface MetricReport {
  name: string;
  kind: 'discrete' | 'continuous';
  higherIsBetter: boolean;
  /** Emergence score (floored at the resolution, spacing-aware); null with fewer than 2 points. */
  emergenceScore: number | null;
  /** 95% bootstrap interval of the emergence score over items; null without per-item data. */
  emergenceScoreCi: [number, number] | null;
  /** BIC(smooth) - BIC(break); > 6 is strong evidence for a break. null when it cannot be fitted. */
  deltaBic: number | null;
  /** Whether this metric on its own makes an emergence claim. */
  claim: boolean;
  /** Index i of the largest (oriented) step, between points i and i+1; null when undefined. */
  jumpIndex: number | null;
  /** Chance level (1/K for K choices; 0 for generation), when known. */
  chance: number | null;
  /** Resolution floor: the smallest non-zero proportion the test set can show (1/n). */
  floor: number | null;
  points: PointReport[];
  /** Fitted curves for the chart: the smooth fit, the break fit, and (discrete metrics) the p^L overlay. */
  curves: CurveReport[];
}

/** An item whose score changes between two adjacent models (for the panel's examples). */
export interface FlipExample {
  itemId: string;
  fromModel: string;
  toModel: string;
  target: string;
  fromPrediction: string;
  toPrediction: string;
  /** Headline metric values before and after. */
  fromScore: number;
  toScore: number;
}

/** Where a series' rows are, for diagnostics, hovers and "reveal in log". */
export interface SourceRef {
  path: string;
  /** 1-based line of the first row of this series in that file. */
  line: number;
  /** How many rows of the series are in that file. */
  rows: number;
}

/** One task x family [x setting]. */
export interface SeriesReport {
  task: string;
  family: string;
  /** "" for the default setting, else e.g. "5-shot", "instruct", "5-shot instruct". */
  setting: string;
  verdict: Verdict;
  /** Plain-words reasons that quote the numbers. */
  reasons: string[];
  headlineMetric: string;
  /** The largest step of the headline metric, between these two models; null when no claim. */
  jump: { from: string; to: string } | null;
  /** Items per model that would settle the question; null when not applicable. */
  itemsNeeded: number | null;
  metrics: MetricReport[];
  /** p-value of the resolution test (smooth model vs observed counts), and its BH-adjusted q. */
  pValue: number | null;
  qValue: number | null;
  sources: SourceRef[];
  flips: FlipExample[];
}

/** The whole result of one run. */
export interface Report {
  version: 1;
  /** Options the run used, so a report says how it was made. */
  options: { x: string; esThreshold: number; bicThreshold: number; interval: string };
  inputs: InputSummary[];
  series: SeriesReport[];
}
