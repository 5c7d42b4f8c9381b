/**
 * Turns records into compact per-item score columns as they stream in: each item is re-scored once
 * (exact match, token edit distance, ... from text; grade, Brier, p(correct) from choice
 * log-likelihoods) and only numbers are kept, so memory follows the item count, not the text. A few
 * texts per model are kept for the panel's "items that flip" examples.
 *
 * Repeated measurements of one item (Inspect epochs, duplicated rows) are clustered: their scores are
 * averaged into the one item, never counted as new items.
 */
import type { AggregateRecord, InputSummary, ItemRecord, RecordSink } from '../types';
import { TextScorer } from '../metrics/textScores';
import { IntBuffer } from '../metrics/intBuffer';
import { mcScores, type McScores } from '../metrics/multipleChoice';
import { targetLogProbScores } from '../metrics/tokenLogProbs';
import { splitModelNameCached } from './roles';

/** How many items per model keep their texts for flip examples. */
export const TEXT_CAP = 200;

/** Longest problem message kept (characters). */
export const MAX_MESSAGE = 500;

/** A growable Float64Array: one number per item slot. */
export class Column {
  data: Float64Array;
  constructor(capacity = 16) {
    this.data = new Float64Array(capacity);
  }
  /** A column over `data` as it is (no copy). */
  static of(data: Float64Array): Column {
    const c = new Column(0);
    c.data = data;
    return c;
  }
  ensure(n: number): void {
    if (n <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < n) cap *= 2;
    const next = new Float64Array(cap);
    next.set(this.data);
    this.data = next;
  }
}

/** Sums and counts per item slot for one metric (counts > 1 are clustered repeats). */
export interface MetricColumn {
  sum: Column;
  count: Column;
}

/** A logged aggregate value (no per-item data). */
export interface AggregateValue {
  value: number;
  n?: number;
  stderr?: number;
}

/** Everything collected for one model within one series. */
export interface ModelCell {
  model: string;
  params?: number;
  flops?: number;
  loss?: number;
  /** Item ids in order of first appearance: slot i holds item itemIds[i] (each id once). */
  itemIds: string[];
  metrics: Map<string, MetricColumn>;
  aggregates: Map<string, AggregateValue>;
  texts: Map<number, { target: string; prediction: string }>;
  /** Sum and count of the number of choices seen, for the chance level 1/K. */
  choiceSum: number;
  choiceN: number;
}

/** A model's cell before any record: its scales, and empty columns, maps and counts. */
export function emptyModelCell(model: string, params: number | undefined, flops: number | undefined, loss: number | undefined): ModelCell {
  return {
    model,
    params,
    flops,
    loss,
    itemIds: [],
    metrics: new Map(),
    aggregates: new Map(),
    texts: new Map(),
    choiceSum: 0,
    choiceN: 0,
  };
}

/** A cell's list of item ids from its slots' indices among a series' ids (see Collector.packIds). */
export function unpackIds(slots: Int32Array, order: readonly string[]): string[] {
  const ids: string[] = [];
  for (let i = 0; i < slots.length; i++) ids.push(order[slots[i]!]!);
  return ids;
}

/** One task x family x setting. */
export interface SeriesCell {
  task: string;
  family: string;
  setting: string;
  models: Map<string, ModelCell>;
  /** First line and row count per file. */
  sources: Map<string, { line: number; rows: number }>;
}

/** Metric names the collector re-scores (logged metrics of the same name get " (logged)"). */
export const RESCORED = new Set([
  'exact_match',
  'token_edit_distance',
  'token_edit_distance_norm',
  'char_edit_similarity',
  'partial_credit',
  'grade',
  'brier',
  'p_correct',
  'gold_loglik',
  'target_logprob',
  'per_token_ce',
]);

/** Internal columns (not reported as metrics). */
export const TARGET_TOKENS = '_target_tokens';
export const TOKEN_P = '_p_tok';

/** The setting label of a record ("" when default). */
export function settingLabel(shots: number | undefined, instruct: boolean | undefined): string {
  const parts: string[] = [];
  if (shots !== undefined) parts.push(`${shots}-shot`);
  if (instruct === true) parts.push('instruct');
  return parts.join(' ');
}

/** The re-scored text metrics, added together per item; their columns share one count column. */
const TEXT_METRICS = ['exact_match', 'token_edit_distance', 'token_edit_distance_norm', 'char_edit_similarity', 'partial_credit', TARGET_TOKENS];

/** The sum columns of the text metrics of one model cell (in TEXT_METRICS order) and their count. */
interface TextColumns {
  sums: Column[];
  count: Column;
}

/** What a collector counted besides its cells, for merging the parts of a parallel read. */
export interface CollectorTally {
  /** Problems counted beyond the ones kept verbatim. */
  droppedProblems: number;
  /** Rows that repeated an item already seen (without an epoch). */
  repeats: number;
}

/** A series' item ids in order of first appearance, and each one's index in that order. */
interface SeriesIds {
  index: Map<string, number>;
  order: string[];
}

/**
 * A series' item ids once, and per cell (in the series' model order) the index among them of each
 * slot's id, or null for a cell sent with its own list: how a worker thread sends ids (see
 * {@link Collector.packIds}).
 */
export interface PackedIds {
  order: string[];
  slots: (Int32Array | null)[];
}

/** Collects one file's records into series cells, and its summary. */
export class Collector implements RecordSink {
  readonly series = new Map<string, SeriesCell>();
  readonly summary: InputSummary;
  private readonly scorer = new TextScorer();
  private readonly mc: McScores = { grade: 0, brier: 0, pCorrect: 0, goldLogLik: 0, choices: 0 };
  private repeats = 0;
  private current: SeriesCell | undefined;
  private maxProblems: number;
  private droppedProblems = 0;
  // The cell of the previous record and what it was looked up by: consecutive rows of a log almost
  // always belong to the same model, task and setting.
  private lastCell: ModelCell | undefined;
  private lastSeries: SeriesCell | undefined;
  private lastModel: string | undefined;
  private lastTask: string | undefined;
  private lastFamily: string | undefined;
  private lastShots: number | undefined;
  private lastInstruct: boolean | undefined;
  private lastText: TextColumns | undefined;
  private lastSource: { line: number; rows: number } | undefined;
  private readonly textColumns = new Map<ModelCell, TextColumns>();
  /**
   * Per series, its item ids in order of first appearance; per cell, the slot + 1 of each of those
   * (0: not seen by that model). A cell keeps no id -> slot map of its own: nothing after the read
   * looks items up by id in bulk (the flip examples look up a few), and a map of a million ids cost
   * memory and, for cells read by worker threads, its rebuilding.
   */
  private readonly seriesIds = new Map<SeriesCell, SeriesIds>();
  private readonly cellSlots = new Map<ModelCell, IntBuffer>();
  /** The current series' ids, and the index of the previous row's among them. */
  private lastIds: SeriesIds | undefined;
  private lastK = -1;
  private lastSlots: IntBuffer | undefined;
  private readonly loggedNames = new Map<string, string>();

  constructor(path: string, format = 'unknown', maxProblems = 1000) {
    this.summary = { path, format, rows: 0, problems: [] };
    this.maxProblems = maxProblems;
  }

  problem(p: { line: number; message: string }): void {
    // Every bad record is counted; only the first `maxProblems` are kept verbatim to bound memory.
    // Messages quote log text (ids, names, error texts): each is capped, so a hostile multi-megabyte
    // id cannot multiply into every kept problem.
    if (this.summary.problems.length < this.maxProblems) {
      this.summary.problems.push(p.message.length > MAX_MESSAGE ? { line: p.line, message: `${p.message.slice(0, MAX_MESSAGE - 1)}…` } : p);
    } else this.droppedProblems++;
  }

  item(r: ItemRecord): void {
    const cell = this.cell(r);
    if (!cell) return;
    // The item's slot in its cell goes through the series' ids, which every model after the first
    // finds instead of inserting its own. Models of a sweep list the items in the same order, so the
    // id after the previous row's is tried first: a compare instead of a lookup in a map of
    // thousands (a cache miss or two per row).
    const { index, order } = this.lastIds!;
    let k = this.lastK + 1;
    if (k >= order.length || order[k] !== r.itemId) {
      const known = index.get(r.itemId);
      if (known !== undefined) k = known;
      else {
        k = order.length;
        index.set(r.itemId, k);
        order.push(r.itemId);
      }
    }
    this.lastK = k;
    // A new slot's entries are written, never read first. Fresh typed-array memory is mapped lazily:
    // a read maps the shared zero page, and the write after it must replace that mapping and flush
    // the TLB of every core running the process, an interrupt to the other reader thread per 4 KB
    // page. With two reader threads that cost ~0.3 s of CPU at 1 GB (perf: do_wp_page under item).
    const slots = this.lastSlots!;
    let fresh: boolean;
    if (k >= slots.length) {
      // Entries from the old length to k are still zero: ids of the series this model has not had.
      slots.reserve(k + 1);
      slots.length = k + 1;
      fresh = true;
    } else {
      fresh = slots.data[k] === 0;
    }
    let slot: number;
    if (fresh) {
      slot = cell.itemIds.length;
      slots.data[k] = slot + 1;
      cell.itemIds.push(r.itemId);
    } else {
      slot = slots.data[k]! - 1;
      if (r.epoch === undefined) this.repeats++;
    }
    let used = false;
    if (r.target !== undefined && r.prediction !== undefined) {
      const s = this.scorer.score(r.target, r.prediction);
      const t = this.lastText ?? this.textColumnsOf(cell);
      const n = slot + 1;
      const sums = t.sums;
      // The text columns are made together and only grown here, together: one has the others' length.
      if (n > t.count.data.length) {
        for (let k = 0; k < sums.length; k++) sums[k]!.ensure(n);
        t.count.ensure(n);
      }
      // No column of the cell has a value at a new slot: stored, not added to a zero read first.
      sums[0]!.data[slot] = fresh ? s.exactMatch : sums[0]!.data[slot]! + s.exactMatch;
      sums[1]!.data[slot] = fresh ? s.ted : sums[1]!.data[slot]! + s.ted;
      sums[2]!.data[slot] = fresh ? s.tedNorm : sums[2]!.data[slot]! + s.tedNorm;
      sums[3]!.data[slot] = fresh ? s.charSimilarity : sums[3]!.data[slot]! + s.charSimilarity;
      sums[4]!.data[slot] = fresh ? s.partialCredit : sums[4]!.data[slot]! + s.partialCredit;
      sums[5]!.data[slot] = fresh ? s.targetTokens : sums[5]!.data[slot]! + s.targetTokens;
      t.count.data[slot] = fresh ? 1 : t.count.data[slot]! + 1;
      if (slot < TEXT_CAP && !cell.texts.has(slot)) {
        cell.texts.set(slot, { target: r.target, prediction: r.prediction });
      }
      used = true;
    }
    if (r.choiceLogLiks && r.gold !== undefined) {
      try {
        mcScores(r.choiceLogLiks, r.gold, this.mc);
        this.add(cell, fresh, 'grade', slot, this.mc.grade);
        this.add(cell, fresh, 'brier', slot, this.mc.brier);
        this.add(cell, fresh, 'p_correct', slot, this.mc.pCorrect);
        this.add(cell, fresh, 'gold_loglik', slot, this.mc.goldLogLik);
        cell.choiceSum += this.mc.choices;
        cell.choiceN++;
        used = true;
      } catch (e) {
        this.problem({ line: r.line, message: `choice log-likelihoods: ${(e as Error).message}` });
      }
    }
    if (r.targetTokenLogProbs && r.targetTokenLogProbs.length > 0) {
      const t = targetLogProbScores(r.targetTokenLogProbs);
      if (Number.isFinite(t.targetLogProb)) {
        this.add(cell, fresh, 'target_logprob', slot, t.targetLogProb);
        this.add(cell, fresh, 'per_token_ce', slot, t.perTokenCe);
        this.add(cell, fresh, TOKEN_P, slot, t.pTok);
        used = true;
      } else {
        this.problem({ line: r.line, message: 'target token log-probabilities: expected finite numbers <= 0; ignored for this item' });
      }
    }
    if (r.scores) {
      for (const k in r.scores) {
        const v = r.scores[k]!;
        if (!Number.isFinite(v)) continue;
        this.add(cell, fresh, this.columnName(k), slot, v);
        used = true;
      }
    }
    if (used) {
      this.summary.rows++;
      this.noteSource(r.line);
    } else {
      this.problem({ line: r.line, message: 'nothing to score in this record' });
    }
  }

  aggregate(r: AggregateRecord): void {
    const cell = this.cell(r);
    if (!cell) return;
    if (!Number.isFinite(r.value)) {
      this.problem({ line: r.line, message: `${r.metric}: value is not a finite number` });
      return;
    }
    cell.aggregates.set(r.metric, { value: r.value, n: r.n, stderr: r.stderr });
    this.summary.rows++;
    this.noteSource(r.line);
  }

  /** What was counted besides the cells (see {@link Collector.finishMerged}). */
  tally(): CollectorTally {
    return { droppedProblems: this.droppedProblems, repeats: this.repeats };
  }

  /**
   * Closes a file read in parts by several collectors (a parallel read): `summary` holds the parts'
   * kept problems in file order, `tally` their counts. Keeps the first `maxProblems` like one
   * collector reading the whole file would, and adds the same notes as {@link finish}.
   */
  static finishMerged(summary: InputSummary, tally: CollectorTally, maxProblems = 1000): InputSummary {
    let dropped = tally.droppedProblems;
    if (summary.problems.length > maxProblems) {
      dropped += summary.problems.length - maxProblems;
      summary.problems.length = maxProblems;
    }
    if (dropped > 0) summary.problems.push({ line: 0, message: `${dropped} more problems not listed` });
    if (tally.repeats > 0) {
      (summary.notes ??= []).push(
        `${tally.repeats} rows repeat an item already seen for the same model and task; their scores were averaged as repeated measurements of one item`,
      );
    }
    return summary;
  }

  /** Closes the file: adds the counts of what was clustered or dropped to the summary. */
  finish(): InputSummary {
    if (this.droppedProblems > 0) {
      this.summary.problems.push({ line: 0, message: `${this.droppedProblems} more problems not listed` });
    }
    if (this.repeats > 0) {
      (this.summary.notes ??= []).push(
        `${this.repeats} rows repeat an item already seen for the same model and task; their scores were averaged as repeated measurements of one item`,
      );
    }
    return this.summary;
  }

  /**
   * Room for a new column of the current series: as many items as its largest model has so far
   * (models of one sweep answer the same items), else the default. Grown by doubling from 16, the
   * columns of a 1 GB sweep were re-allocated and copied ~9 times each (~0.1 s in all).
   */
  private columnCapacity(): number {
    let most = 0;
    if (this.current) for (const m of this.current.models.values()) if (m.itemIds.length > most) most = m.itemIds.length;
    return Math.max(16, most);
  }

  /** The text metric columns of a cell, created (in TEXT_METRICS order) on its first text item. */
  private textColumnsOf(cell: ModelCell): TextColumns {
    let t = this.textColumns.get(cell);
    if (!t) {
      const capacity = this.columnCapacity();
      const count = new Column(capacity);
      t = { sums: [], count };
      for (const name of TEXT_METRICS) {
        const sum = new Column(capacity);
        t.sums.push(sum);
        cell.metrics.set(name, { sum, count });
      }
      this.textColumns.set(cell, t);
    }
    if (cell === this.lastCell) this.lastText = t;
    return t;
  }

  /**
   * The column a logged score is kept under: "<name> (logged)" for the names this collector re-scores
   * itself. Memoised: a fresh string per row would also be hashed afresh by every metrics lookup.
   */
  private columnName(k: string): string {
    let name = this.loggedNames.get(k);
    if (name === undefined) {
      name = RESCORED.has(k) ? `${k} (logged)` : k;
      if (this.loggedNames.size < 1024) this.loggedNames.set(k, name);
    }
    return name;
  }

  /** Adds `v` to the item's sum and count for `name`; `fresh`: the slot is new (see {@link item}). */
  private add(cell: ModelCell, fresh: boolean, name: string, slot: number, v: number): void {
    let col = cell.metrics.get(name);
    if (!col) {
      const capacity = this.columnCapacity();
      col = { sum: new Column(capacity), count: new Column(capacity) };
      cell.metrics.set(name, col);
    }
    col.sum.ensure(slot + 1);
    col.count.ensure(slot + 1);
    col.sum.data[slot] = fresh ? v : col.sum.data[slot]! + v;
    col.count.data[slot] = fresh ? 1 : col.count.data[slot]! + 1;
  }

  private cell(r: ItemRecord | AggregateRecord): ModelCell | undefined {
    if (!r.model || !r.task) {
      this.problem({ line: r.line, message: 'record without model or task' });
      return undefined;
    }
    if (
      r.model === this.lastModel &&
      r.task === this.lastTask &&
      r.family === this.lastFamily &&
      r.shots === this.lastShots &&
      r.instruct === this.lastInstruct &&
      this.lastCell !== undefined
    ) {
      this.current = this.lastSeries;
      return this.lastCell;
    }
    const named = splitModelNameCached(r.model);
    const family = r.family ?? named.family;
    const setting = r.shots === undefined && r.instruct !== true ? '' : settingLabel(r.shots, r.instruct);
    const key = `${r.task}\u241f${family}\u241f${setting}`;
    let s = this.series.get(key);
    if (!s) {
      s = { task: r.task, family, setting, models: new Map(), sources: new Map() };
      this.series.set(key, s);
    }
    this.current = s;
    let m = s.models.get(r.model);
    if (!m) {
      m = emptyModelCell(r.model, r.params ?? named.params, r.flops, r.loss);
      s.models.set(r.model, m);
    }
    this.lastCell = m;
    this.lastSeries = s;
    this.lastModel = r.model;
    this.lastTask = r.task;
    this.lastFamily = r.family;
    this.lastShots = r.shots;
    this.lastInstruct = r.instruct;
    this.lastText = this.textColumns.get(m);
    this.lastSource = s.sources.get(this.summary.path);
    let ids = this.seriesIds.get(s);
    if (!ids) this.seriesIds.set(s, (ids = { index: new Map(), order: [] }));
    this.lastIds = ids;
    this.lastK = -1;
    let slots = this.cellSlots.get(m);
    if (!slots) this.cellSlots.set(m, (slots = new IntBuffer(Math.max(16, ids.order.length))));
    this.lastSlots = slots;
    return m;
  }

  /**
   * The ids of series `s` once, and each cell's slots as indices among them. A worker thread sends
   * this instead of every cell's own list: the models of a sweep answer the same items, so each
   * cell's list repeats the same ids, and the receiving thread had to make and collect a string per
   * item and model (~1.3 M at 1 GB: its collection pauses while taking them in were 130 ms, now
   * 75 ms, on the thread that then judges). Rebuilt with {@link unpackIds}, each cell's list has the
   * same ids in the same order.
   */
  packIds(s: SeriesCell): PackedIds {
    const order = this.seriesIds.get(s)?.order ?? [];
    const slots: (Int32Array | null)[] = [];
    for (const m of s.models.values()) {
      const bySeries = this.cellSlots.get(m);
      if (!bySeries) {
        slots.push(null);
        continue;
      }
      const idx = new Int32Array(m.itemIds.length);
      const data = bySeries.data;
      for (let k = 0; k < bySeries.length; k++) {
        const slot = data[k]! - 1;
        if (slot >= 0) idx[slot] = k;
      }
      slots.push(idx);
    }
    return { order, slots };
  }

  /** Counts a used row for the series of the last cell() call. */
  private noteSource(line: number): void {
    const s = this.current!;
    const src = s === this.lastSeries && this.lastSource !== undefined ? this.lastSource : s.sources.get(this.summary.path);
    if (src) {
      src.rows++;
    } else {
      const created = { line, rows: 1 };
      s.sources.set(this.summary.path, created);
      if (s === this.lastSeries) this.lastSource = created;
    }
  }
}
