/**
 * The webview's guard for messages from the host. Anything that reaches `window.onmessage` is
 * `unknown`: a message is accepted only when it has a known `type` and the expected shape, and its
 * data is rebuilt field by field (unknown fields dropped, malformed series skipped and counted), so
 * the renderers can trust the types. Pure: tested in the unit tier.
 */
import type { HostToWebview, PanelData, PanelSettings } from '../src/protocol';
import type {
  CurveReport,
  FlipExample,
  MetricReport,
  PointReport,
  SeriesReport,
  SourceRef,
} from '../src/core/report';
import type { InputSummary, Problem } from '../src/core/types';
import { seriesKey } from '../src/protocol';
import { isVerdict } from './model';

type Obj = Record<string, unknown>;

/** Upper bound for any one string from the host: a runaway prediction must not freeze the panel. */
export const MAX_TEXT = 100_000;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function isStr(x: unknown): x is string {
  return typeof x === 'string' && x.length <= MAX_TEXT;
}
function isNum(x: unknown): x is number {
  return typeof x === 'number';
}
function numOrNull(x: unknown): number | null | undefined {
  return x === null ? null : isNum(x) ? x : undefined;
}
/** Whether every element is a number; a plain loop, as this runs over every curve sample. */
function allNums(a: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return false;
  return true;
}
function arr(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}
/** Keeps the elements `f` accepts; `f` returns undefined to drop one. */
function each<T>(x: unknown, f: (e: unknown) => T | undefined): T[] {
  const out: T[] = [];
  for (const e of arr(x)) {
    const v = f(e);
    if (v !== undefined) out.push(v);
  }
  return out;
}

function point(x: unknown): PointReport | undefined {
  if (!isObj(x) || !isStr(x.model) || !isNum(x.scale) || !isNum(x.value)) return undefined;
  const n = numOrNull(x.n);
  const ciLow = numOrNull(x.ciLow);
  const ciHigh = numOrNull(x.ciHigh);
  return {
    model: x.model,
    scale: x.scale,
    value: x.value,
    n: n ?? null,
    ciLow: ciLow ?? null,
    ciHigh: ciHigh ?? null,
  };
}

function curve(x: unknown): CurveReport | undefined {
  if (!isObj(x) || !isStr(x.label) || !Array.isArray(x.scale) || !Array.isArray(x.value)) return undefined;
  const len = Math.min(x.scale.length, x.value.length);
  // Common case: two equal-length all-number arrays (fresh from postMessage's clone): keep them.
  if (x.scale.length === x.value.length && allNums(x.scale) && allNums(x.value)) {
    return { label: x.label, scale: x.scale as number[], value: x.value as number[] };
  }
  const scale: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < len; i++) {
    const s = x.scale[i];
    const v = x.value[i];
    if (isNum(s) && isNum(v)) {
      scale.push(s);
      value.push(v);
    }
  }
  return { label: x.label, scale, value };
}

function metric(x: unknown): MetricReport | undefined {
  if (!isObj(x) || !isStr(x.name)) return undefined;
  if (x.kind !== 'discrete' && x.kind !== 'continuous') return undefined;
  const points = each(x.points, point);
  const ci = x.emergenceScoreCi;
  const emergenceScoreCi: [number, number] | null =
    Array.isArray(ci) && ci.length === 2 && isNum(ci[0]) && isNum(ci[1]) ? [ci[0], ci[1]] : null;
  const j = x.jumpIndex;
  const jumpIndex =
    isNum(j) && Number.isInteger(j) && j >= 0 && j + 1 < points.length ? j : null;
  return {
    name: x.name,
    kind: x.kind,
    higherIsBetter: x.higherIsBetter !== false,
    emergenceScore: numOrNull(x.emergenceScore) ?? null,
    emergenceScoreCi,
    deltaBic: numOrNull(x.deltaBic) ?? null,
    claim: x.claim === true,
    jumpIndex,
    chance: numOrNull(x.chance) ?? null,
    floor: numOrNull(x.floor) ?? null,
    points,
    curves: each(x.curves, curve),
  };
}

function flip(x: unknown): FlipExample | undefined {
  if (!isObj(x)) return undefined;
  const { itemId, fromModel, toModel, target, fromPrediction, toPrediction, fromScore, toScore } = x;
  if (
    !isStr(itemId) ||
    !isStr(fromModel) ||
    !isStr(toModel) ||
    !isStr(target) ||
    !isStr(fromPrediction) ||
    !isStr(toPrediction)
  ) {
    return undefined;
  }
  return {
    itemId,
    fromModel,
    toModel,
    target,
    fromPrediction,
    toPrediction,
    fromScore: isNum(fromScore) ? fromScore : NaN,
    toScore: isNum(toScore) ? toScore : NaN,
  };
}

function source(x: unknown): SourceRef | undefined {
  if (!isObj(x) || !isStr(x.path) || !isNum(x.line)) return undefined;
  return { path: x.path, line: x.line, rows: isNum(x.rows) ? x.rows : 0 };
}

/** Rebuilds one series; undefined when an identifying field is missing or malformed. */
export function parseSeries(x: unknown): SeriesReport | undefined {
  if (!isObj(x) || !isStr(x.task) || !isStr(x.family) || !isStr(x.setting) || !isVerdict(x.verdict)) {
    return undefined;
  }
  const jump =
    isObj(x.jump) && isStr(x.jump.from) && isStr(x.jump.to) ? { from: x.jump.from, to: x.jump.to } : null;
  const metrics = each(x.metrics, metric);
  return {
    task: x.task,
    family: x.family,
    setting: x.setting,
    verdict: x.verdict,
    reasons: each(x.reasons, (r) => (isStr(r) ? r : undefined)),
    headlineMetric: isStr(x.headlineMetric) ? x.headlineMetric : (metrics[0]?.name ?? ''),
    jump,
    itemsNeeded: numOrNull(x.itemsNeeded) ?? null,
    metrics,
    pValue: numOrNull(x.pValue) ?? null,
    qValue: numOrNull(x.qValue) ?? null,
    sources: each(x.sources, source),
    flips: each(x.flips, flip),
  };
}

function problem(x: unknown): Problem | undefined {
  return isObj(x) && isNum(x.line) && isStr(x.message) ? { line: x.line, message: x.message } : undefined;
}

function input(x: unknown): InputSummary | undefined {
  if (!isObj(x) || !isStr(x.path)) return undefined;
  const out: InputSummary = {
    path: x.path,
    format: isStr(x.format) ? x.format : '?',
    rows: isNum(x.rows) ? x.rows : 0,
    problems: each(x.problems, problem),
  };
  if (isStr(x.skipped)) out.skipped = x.skipped;
  if (Array.isArray(x.notes)) out.notes = each(x.notes, (n) => (isStr(n) ? n : undefined));
  return out;
}

/** Panel data with the number of series that were dropped as malformed or duplicate. */
export interface ParsedData {
  data: PanelData;
  dropped: number;
}

export function parsePanelData(x: unknown): ParsedData | undefined {
  if (!isObj(x) || !Array.isArray(x.series)) return undefined;
  const seen = new Set<string>();
  const series: SeriesReport[] = [];
  let dropped = 0;
  for (const raw of x.series) {
    const s = parseSeries(raw);
    const key = s && seriesKey(s);
    if (!s || key === undefined || seen.has(key)) {
      dropped += 1;
      continue;
    }
    seen.add(key);
    series.push(s);
  }
  return {
    data: {
      title: isStr(x.title) ? x.title : '',
      inputs: each(x.inputs, input),
      series,
      esThreshold: isNum(x.esThreshold) ? x.esThreshold : NaN,
      bicThreshold: isNum(x.bicThreshold) ? x.bicThreshold : NaN,
      xAxis: isStr(x.xAxis) ? x.xAxis : 'params',
    },
    dropped,
  };
}

function settings(x: unknown): PanelSettings {
  const d = isObj(x) ? x.defaultMetrics : undefined;
  return { defaultMetrics: each(d, (m) => (isStr(m) ? m : undefined)) };
}

/** A validated host message, with the count of series dropped from its data (if any). */
export interface Inbound {
  msg: HostToWebview;
  dropped: number;
}

/** Validates a message from the host; undefined for anything unknown or malformed. */
export function parseHostMessage(m: unknown): Inbound | undefined {
  if (!isObj(m)) return undefined;
  switch (m.type) {
    case 'init': {
      if (m.data === null) return { msg: { type: 'init', settings: settings(m.settings), data: null }, dropped: 0 };
      const parsed = parsePanelData(m.data);
      if (!parsed) return undefined;
      const msg: HostToWebview = { type: 'init', settings: settings(m.settings), data: parsed.data };
      if (isStr(m.selected)) msg.selected = m.selected;
      return { msg, dropped: parsed.dropped };
    }
    case 'update': {
      const parsed = parsePanelData(m.data);
      return parsed && { msg: { type: 'update', data: parsed.data }, dropped: parsed.dropped };
    }
    case 'select':
      return isStr(m.key) ? { msg: { type: 'select', key: m.key }, dropped: 0 } : undefined;
    case 'busy': {
      if (typeof m.busy !== 'boolean') return undefined;
      const msg: HostToWebview = { type: 'busy', busy: m.busy };
      if (isStr(m.message)) msg.message = m.message;
      return { msg, dropped: 0 };
    }
    case 'error':
      return isStr(m.message) ? { msg: { type: 'error', message: m.message }, dropped: 0 } : undefined;
    default:
      return undefined;
  }
}
