/**
 * From collected cells to points: per metric, one point per model sorted by scale, with n, the mean,
 * its standard error and a 95% interval (Wilson or Clopper-Pearson for proportions, normal-theory for
 * means), plus the per-item columns the bootstrap needs.
 */
import type { XAxis } from '../types';
import type { ModelCell, SeriesCell } from './collector';
import { TARGET_TOKENS, TOKEN_P } from './collector';
import { METRICS, classifyLoggedMetric } from '../metrics/metricInfo';
import { clopperPearson, meanInterval, wilson } from '../stats/intervals';
import type { BootstrapModel } from '../stats/bootstrap';
import { meanOf } from '../stats/meanOf';

/** Interval method for proportions. */
export type IntervalMethod = 'wilson' | 'clopper-pearson';

/** One metric across the models of a series, ready for the checks. */
export interface MetricSeries {
  name: string;
  kind: 'discrete' | 'continuous';
  higherIsBetter: boolean;
  models: string[];
  scale: number[];
  /** log10 of scale (for loss: log10 of the loss, with the axis reversed by the caller). */
  u: number[];
  value: number[];
  /** Items per point; null for aggregates without n. */
  n: (number | null)[];
  /** Successes per point for proportions (value * n rounded); null otherwise. */
  k: (number | null)[];
  /** Standard error of each point; null when unknown. */
  se: (number | null)[];
  ciLow: (number | null)[];
  ciHigh: (number | null)[];
  /** Whether every per-item value is 0 or 1 (a proportion). */
  binary: boolean;
  /** Per-item means per model, aligned to shared item indices when items are shared. */
  perItem: BootstrapModel[] | null;
}

/** A series with its metrics and the facts the verdict needs. */
export interface SeriesData {
  task: string;
  family: string;
  setting: string;
  models: string[];
  scale: number[];
  metrics: MetricSeries[];
  /** Models left out, with the reason. */
  excluded: string[];
  /** Mean number of choices (multiple choice), for the chance level. */
  choices: number | null;
  /** Per model: mean target length in tokens, and per-item lengths (for the p^L model). */
  targetTokens: (Float64Array | null)[];
  /** Per model: the geometric-mean per-token probability from logged token log-probs, if any. */
  tokenP: (number | null)[];
  cells: ModelCell[];
}

function scaleOf(m: ModelCell, x: XAxis): number | undefined {
  if (x === 'params') return m.params;
  if (x === 'flops') return m.flops;
  // Loss falls as capability grows; plotting -loss keeps "right is more capable". The axis stays
  // linear in loss, so u is -loss itself rather than a log.
  return m.loss;
}

/**
 * Per-item means of one metric in one model (items without a value are dropped). `slots[j]` is the
 * slot (index in itemIds) of `values[j]`; null when every item has a value, so that value j is slot
 * j. That is the usual case, and then nothing but the means is allocated: at 1 GB the slot arrays
 * and per-metric copies of the shared ids were ~16 M entries allocated, zeroed and filled for
 * nothing. When every item was scored once, the means are the sums: `values` is then a view of the
 * cell's column (read-only from here on) unless `own` asks for a copy, as a series moved to another
 * thread must, since moving a view would take the cell's column with it.
 */
function itemMeans(m: ModelCell, name: string, own: boolean): { values: Float64Array; slots: Int32Array | null } | null {
  const col = m.metrics.get(name);
  if (!col) return null;
  const n = m.itemIds.length;
  // The columns' arrays in locals: V8 reloads `col.sum.data` on every iteration otherwise.
  const sums = col.sum.data;
  const counts = col.count.data;
  let ones = 0;
  let gaps = 0;
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    if (c === 1) ones++;
    else if (!(c > 0)) gaps++;
  }
  // Every item once (no repeats): the sums are the means, as a view (or copied in one go: own).
  if (ones === n) return { values: own ? sums.slice(0, n) : sums.subarray(0, n), slots: null };
  const values = new Float64Array(n - gaps);
  if (gaps === 0) {
    for (let i = 0; i < n; i++) values[i] = sums[i]! / counts[i]!;
    return { values, slots: null };
  }
  const slots = new Int32Array(n - gaps);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    if (c > 0) {
      values[j] = sums[i]! / c;
      slots[j] = i;
      j++;
    }
  }
  return { values, slots };
}

function sameIds(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Builds the metric series of one series cell on the chosen axis. With `own`, every typed array of
 * the result is the series' own (for moving it to another thread); without, some per-item scores
 * are views of the cells' columns (copying them cost ~45 ms of a 1 GB judge: 600-646 against
 * 642-696 ms, 10 runs each, alternating).
 */
export function buildSeries(cell: SeriesCell, x: XAxis, interval: IntervalMethod, own = false): SeriesData {
  const excluded: string[] = [];
  const cells: ModelCell[] = [];
  for (const m of cell.models.values()) {
    const s = scaleOf(m, x);
    if (s === undefined || !Number.isFinite(s) || (x !== 'loss' && s <= 0)) {
      excluded.push(`${m.model} (no ${x}: give a ${x === 'params' ? 'params/size' : x} column or a size in the model name)`);
    } else {
      cells.push(m);
    }
  }
  cells.sort((a, b) => x === 'loss' ? scaleOf(b, x)! - scaleOf(a, x)! : scaleOf(a, x)! - scaleOf(b, x)!);
  const scale = cells.map((m) => scaleOf(m, x)!);
  const u = scale.map((s) => (x === 'loss' ? -s : Math.log10(s)));

  // Shared item index across models: items with the same id are the same item.
  // Looked up once per model here, not once per metric: the string keys cost more than the metrics.
  const shared = new Map<string, number>();
  let firstIds: string[] | undefined;
  let firstOut: Int32Array | undefined;
  const sharedOf = cells.map((m) => {
    // Most sweeps log every model on the same items in the same order: the first model's indices
    // then serve again, after a comparison of the ids instead of a map lookup per item.
    if (firstIds !== undefined && firstOut !== undefined && sameIds(m.itemIds, firstIds)) return firstOut;
    const out = new Int32Array(m.itemIds.length);
    m.itemIds.forEach((id, slot) => {
      let k = shared.get(id);
      if (k === undefined) {
        k = shared.size;
        shared.set(id, k);
      }
      out[slot] = k;
    });
    if (firstIds === undefined) {
      firstIds = m.itemIds;
      firstOut = out;
    }
    return out;
  });

  const names = new Set<string>();
  for (const m of cells) {
    // Only our two internal columns are not metrics: a logged score whose name starts with '_'
    // (`--map correct=__proto__`, `_acc`) is one, and was silently dropped by a '_' prefix test.
    for (const k of m.metrics.keys()) if (k !== TARGET_TOKENS && k !== TOKEN_P) names.add(k);
    for (const k of m.aggregates.keys()) names.add(k);
  }
  const metrics: MetricSeries[] = [];
  for (const name of names) {
    const ms = metricSeries(name, cells, u, scale, sharedOf, interval, own);
    if (ms) metrics.push(ms);
  }
  let choiceSum = 0;
  let choiceN = 0;
  for (const m of cells) {
    choiceSum += m.choiceSum;
    choiceN += m.choiceN;
  }
  return {
    task: cell.task,
    family: cell.family,
    setting: cell.setting,
    models: cells.map((m) => m.model),
    scale,
    metrics,
    excluded,
    choices: choiceN > 0 ? choiceSum / choiceN : null,
    targetTokens: cells.map((m) => itemMeans(m, TARGET_TOKENS, own)?.values ?? null),
    tokenP: cells.map((m) => {
      const t = itemMeans(m, TOKEN_P, own);
      return t && t.values.length > 0 ? meanOf(t.values) : null;
    }),
    cells,
  };
}

function metricSeries(
  name: string,
  cells: ModelCell[],
  uAll: number[],
  scaleAll: number[],
  sharedOf: Int32Array[],
  interval: IntervalMethod,
  own: boolean,
): MetricSeries | null {
  const models: string[] = [];
  const u: number[] = [];
  const scale: number[] = [];
  const value: number[] = [];
  const n: (number | null)[] = [];
  const se: (number | null)[] = [];
  const perItem: BootstrapModel[] = [];
  const aggs: { n?: number; stderr?: number }[] = [];
  let binary = true;
  let hasItems = false;
  let hasAgg = false;
  const sample: number[] = [];
  cells.forEach((m, i) => {
    const items = itemMeans(m, name, own);
    if (items && items.values.length > 0) {
      hasItems = true;
      const vals = items.values;
      const len = vals.length;
      const slots = items.slots;
      const idOf = sharedOf[i]!;
      // Without gaps, the model's shared indices serve as they are (read-only from here on, and
      // shared by its metrics; a series' arrays all move together to a judging worker).
      let ids = idOf;
      if (slots !== null) {
        ids = new Int32Array(len);
        for (let j = 0; j < len; j++) ids[j] = idOf[slots[j]!]!;
      }
      // Indexed loops: for-of over a typed array costs several times more on these hot paths.
      let sum = 0;
      let allBinary = true;
      for (let j = 0; j < len; j++) {
        const v = vals[j]!;
        sum += v;
        if (v !== 0 && v !== 1) allBinary = false;
      }
      if (!allBinary) binary = false;
      for (let j = 0; j < len && sample.length < 2000; j++) sample.push(vals[j]!);
      const mean = sum / len;
      let ss = 0;
      for (let j = 0; j < len; j++) {
        const d = vals[j]! - mean;
        ss += d * d;
      }
      const sd = len > 1 ? Math.sqrt(ss / (len - 1)) : 0;
      models.push(m.model);
      u.push(uAll[i]!);
      scale.push(scaleAll[i]!);
      value.push(mean);
      n.push(vals.length);
      se.push(sd / Math.sqrt(vals.length));
      perItem.push({ scores: vals, items: ids });
      aggs.push({});
      return;
    }
    const a = m.aggregates.get(name);
    if (a) {
      hasAgg = true;
      models.push(m.model);
      u.push(uAll[i]!);
      scale.push(scaleAll[i]!);
      value.push(a.value);
      n.push(a.n ?? null);
      se.push(a.stderr ?? null);
      aggs.push(a);
      if (a.value < 0 || a.value > 1) binary = false;
    }
  });
  if (models.length === 0) return null;
  const known = METRICS.find((d) => d.name === name);
  const info = known ?? classifyLoggedMetric(name.replace(/ \(logged\)$/, ''), sample);
  const kind = info.kind;
  // Aggregates: a discrete metric in [0,1] with n is treated as a proportion of n items.
  const proportion = hasItems ? binary : kind === 'discrete' && binary;
  const k: (number | null)[] = [];
  const ciLow: (number | null)[] = [];
  const ciHigh: (number | null)[] = [];
  for (let i = 0; i < models.length; i++) {
    const ni = n[i];
    const v = value[i]!;
    if (proportion && ni !== null && ni !== undefined) {
      const ki = Math.round(v * ni);
      k.push(ki);
      const [lo, hi] = interval === 'clopper-pearson' ? clopperPearson(ki, ni) : wilson(ki, ni);
      ciLow.push(lo);
      ciHigh.push(hi);
      if (se[i] === null) se[i] = Math.sqrt(Math.max(v * (1 - v), 0) / ni);
    } else {
      k.push(null);
      const s = se[i];
      if (s !== null && s !== undefined && ni !== null && ni !== undefined && ni > 1) {
        const [lo, hi] = meanInterval(v, s * Math.sqrt(ni), ni);
        ciLow.push(lo);
        ciHigh.push(hi);
      } else if (s !== null && s !== undefined) {
        ciLow.push(v - 1.96 * s);
        ciHigh.push(v + 1.96 * s);
      } else {
        ciLow.push(null);
        ciHigh.push(null);
      }
    }
  }
  return {
    name,
    kind,
    higherIsBetter: info.higherIsBetter,
    models,
    scale,
    u,
    value,
    n,
    k,
    se,
    ciLow,
    ciHigh,
    binary: proportion,
    perItem: hasItems && !hasAgg ? perItem : null,
  };
}
