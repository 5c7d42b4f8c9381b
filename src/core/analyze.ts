/**
 * The analysis pipeline: paths -> files -> one reader each -> compact per-item scores -> series ->
 * checks -> verdicts. `readInput` works per file so the extension can cache results and re-read only
 * a changed file; `analyzeResults` merges cached results and judges them.
 */
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { ColumnMap, InputSummary, XAxis } from './types';
import type { Report, SeriesReport } from './report';
import { readHead, AbortError, stoppedAtLine } from './io/lines';
import { expandPaths } from './io/expandPaths';
import { detectReader } from './formats/registry';
import { Collector, type ModelCell, type SeriesCell } from './analysis/collector';
import { buildSeries, type IntervalMethod } from './analysis/series';
import { DEFAULT_CHECKS } from './analysis/metricCheck';
import { finalizeVerdicts, judgeSeries, type JudgeOptions, type PendingSeries } from './analysis/verdict';
import { judgeAll, type JudgeAllOptions, type SeriesTask } from './analysis/judgeAll';
import { noteConfounders } from './analysis/confounders';
import { mergeModelCells } from './analysis/mergeCells';
import { readJsonlParallel } from './io/parallel';

export { expandPaths } from './io/expandPaths';
export { AbortError } from './io/lines';

/** Options of a run; every field has a default. */
export interface AnalyzeOptions {
  map?: ColumnMap;
  x?: XAxis;
  esThreshold?: number;
  bicThreshold?: number;
  interval?: IntervalMethod;
  /** Bootstrap resamples for the emergence-score interval (0 turns it off). */
  resamples?: number;
  seed?: number;
  /** False-discovery rate for the resolution test across the run. */
  alpha?: number;
  signal?: AbortSignal;
  /**
   * Reader threads for a large plain JSONL file (see io/parallel.ts); default MIRAGE_WORKERS or the
   * number of cores (at most 4); 0 or 1 reads on the calling thread.
   */
  workers?: number;
  /** Bytes read so far of all inputs, the total, and the file being read. */
  onProgress?: (done: number, total: number, path: string) => void;
}

/** What one file gave: its summary and its series cells (compact, numbers only). */
export interface FileResult {
  summary: InputSummary;
  series: SeriesCell[];
}

/** Thrown when no input could be read at all (the CLI exits 2). */
export class InputError extends Error {
  /** One line per path and its reason (the message joins them with newlines). */
  readonly lines: string[];
  constructor(lines: string[]) {
    super(lines.join('\n'));
    this.lines = lines;
  }
}

/**
 * The result for an input that could not be read at all: listed among the inputs with why it was
 * skipped, and one problem (line 0) saying so.
 */
export function unreadableResult(path: string, skipped: string, message = skipped): FileResult {
  return { summary: { path, format: 'unreadable', rows: 0, problems: [{ line: 0, message }], skipped }, series: [] };
}

/** Reads one file with the reader that claims it. Never throws for bad content; rethrows aborts. */
export async function readInput(path: string, opts: AnalyzeOptions = {}, base = 0, total = 0): Promise<FileResult> {
  // Only regular files are opened: opening a FIFO (or `mirage check <(zcat log.gz)`) for reading
  // blocks until a writer comes, and the head sniffed first would be consumed from a pipe anyway.
  const before = await stat(path).catch(() => undefined);
  if (before !== undefined && !before.isFile()) {
    const what = `not a regular file (${fileKind(before)})`;
    return unreadableResult(path, what, `cannot read: ${what}`);
  }
  let head: Buffer;
  try {
    head = await readHead(path);
  } catch (e) {
    // An errno code (EACCES, EISDIR...) when there is one, else the error's own words (a damaged gzip).
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return unreadableResult(path, `cannot read (${why})`, `cannot read: ${why}`);
  }
  const reader = detectReader(path, head);
  if (typeof reader === 'string') {
    return { summary: { path, format: 'skipped', rows: 0, problems: [], skipped: reader }, series: [] };
  }
  const progress = opts.onProgress ? (b: number): void => opts.onProgress!(base + b, total, path) : undefined;
  if (reader.id === 'jsonl') {
    // A large plain JSONL file is cut into ranges read by worker threads; the reader declines
    // (undefined) whenever it could not give exactly the serial result, and the file is read below.
    const parallel = await readJsonlParallel(path, { map: opts.map, signal: opts.signal, onProgress: progress, workers: opts.workers }).catch((e: unknown) => {
      if (e instanceof AbortError || opts.signal?.aborted) throw e instanceof AbortError ? e : new AbortError();
      return undefined;
    });
    if (parallel) return noteChange(parallel, before);
  }
  const collector = new Collector(path, reader.id);
  try {
    const outcome = await reader.read(path, collector, {
      map: opts.map ?? {},
      signal: opts.signal,
      onProgress: progress,
    });
    collector.summary.format = outcome.format;
    if (outcome.notes?.length) (collector.summary.notes ??= []).push(...outcome.notes);
  } catch (e) {
    if (e instanceof AbortError || opts.signal?.aborted) throw e instanceof AbortError ? e : new AbortError();
    // I/O failure mid-file (a gzip that ends early, a file removed while read): keep what was read,
    // and say at which line reading stopped when the line reader knows it.
    const at = stoppedAtLine(e);
    const kept = collector.summary.rows;
    collector.problem(
      at === undefined
        ? { line: 0, message: `reading stopped early: ${(e as Error).message}; the records before it were kept` }
        : { line: at, message: `reading stopped early at line ${at}: ${(e as Error).message}; the ${kept} records before it were kept` },
    );
  }
  return noteChange({ summary: collector.finish(), series: [...collector.series.values()] }, before);
}

function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  return 'not a file';
}

/**
 * Adds a problem (line 0, always listed) when the file's size or modification time differs after the
 * read: a log appended to or rewritten while it was read (an eval still running, a copy in progress).
 * The read itself is still sound: every line was read once, in order, up to where the file ended
 * when the reader got there, so the records are a consistent prefix of some version of the file;
 * but which version is not known, so the user is told to read it again once it is complete.
 */
async function noteChange(r: FileResult, before: Stats | undefined): Promise<FileResult> {
  if (before === undefined) return r;
  const after = await stat(r.summary.path).catch(() => undefined);
  if (after === undefined) {
    r.summary.problems.push({ line: 0, message: 'the file was removed while it was being read; what was read of it is kept' });
  } else if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    r.summary.problems.push({
      line: 0,
      message:
        `the file changed while it was being read (${before.size} -> ${after.size} bytes); ` +
        'the records read may mix old and new content: check it again once it is complete',
    });
  }
  return r;
}

/** Merges the results of many files and judges every series, on the calling thread. */
export function analyzeResults(results: FileResult[], opts: AnalyzeOptions = {}): Report {
  const run = prepare(results, opts);
  return finish(results, run, run.tasks.map((t) => judgeSeries(t.build(), run.judge)));
}

/**
 * {@link analyzeResults} with the series judged on up to `opts.workers` threads when the run is
 * large (see analysis/judgeAll.ts); the report is the same. Rejects with AbortError when cancelled.
 * `par` overrides the thread settings (worker script, minimum work).
 */
export async function analyzeResultsParallel(results: FileResult[], opts: AnalyzeOptions = {}, par: JudgeAllOptions = {}): Promise<Report> {
  const run = prepare(results, opts);
  const pending = await judgeAll(run.tasks, run.judge, { workers: opts.workers, signal: opts.signal, ...par });
  return finish(results, run, pending);
}

interface PreparedRun {
  x: XAxis;
  esThreshold: number;
  bicThreshold: number;
  interval: IntervalMethod;
  alpha: number;
  judge: JudgeOptions;
  tasks: SeriesTask[];
  sources: SeriesCell['sources'][];
}

/** Merges the files' cells per series; each series is built when judged. */
function prepare(results: FileResult[], opts: AnalyzeOptions): PreparedRun {
  const x = opts.x ?? 'params';
  const esThreshold = opts.esThreshold ?? DEFAULT_CHECKS.esThreshold;
  const bicThreshold = opts.bicThreshold ?? DEFAULT_CHECKS.bicThreshold;
  const interval = opts.interval ?? 'wilson';
  const alpha = opts.alpha ?? 0.05;
  const merged = new Map<string, { cell: SeriesCell; parts: Map<string, ModelCell[]> }>();
  for (const r of results) {
    for (const s of r.series) {
      const key = `${s.task}\u241f${s.family}\u241f${s.setting}`;
      let g = merged.get(key);
      if (!g) {
        g = { cell: { task: s.task, family: s.family, setting: s.setting, models: new Map(), sources: new Map() }, parts: new Map() };
        merged.set(key, g);
      }
      for (const [p, src] of s.sources) g.cell.sources.set(p, src);
      for (const [name, m] of s.models) {
        const list = g.parts.get(name);
        if (list) list.push(m);
        else g.parts.set(name, [m]);
      }
    }
  }
  const tasks: SeriesTask[] = [];
  const sources: SeriesCell['sources'][] = [];
  for (const { cell, parts } of merged.values()) {
    for (const [name, list] of parts) cell.models.set(name, list.length === 1 ? list[0]! : mergeModelCells(list));
    tasks.push({ cells: [...cell.models.values()], build: (own) => buildSeries(cell, x, interval, own) });
    sources.push(cell.sources);
  }
  const judge: JudgeOptions = {
    ...DEFAULT_CHECKS,
    esThreshold,
    bicThreshold,
    alpha,
    resamples: opts.resamples ?? 1000,
    seed: opts.seed ?? 1,
    logAxis: x !== 'loss',
  };
  return { x, esThreshold, bicThreshold, interval, alpha, judge, tasks, sources };
}

/** The run-wide steps after judging: FDR, confounders, order. */
function finish(results: FileResult[], run: PreparedRun, pending: PendingSeries[]): Report {
  pending.forEach((p, i) => {
    p.report.sources = [...run.sources[i]!].map(([path, s]) => ({ path, line: s.line, rows: s.rows }));
  });
  const series: SeriesReport[] = finalizeVerdicts(pending, run.alpha);
  noteConfounders(series);
  series.sort((a, b) => cmp(a.task, b.task) || cmp(a.family, b.family) || cmp(a.setting, b.setting));
  return {
    version: 1,
    options: { x: run.x, esThreshold: run.esThreshold, bicThreshold: run.bicThreshold, interval: run.interval },
    inputs: results.map((r) => r.summary),
    series,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Expands, reads and judges. Throws InputError when a given path is missing or nothing was read. */
export async function analyzePaths(paths: string[], opts: AnalyzeOptions = {}): Promise<Report> {
  const ex = await expandPaths(paths);
  if (ex.missing.length > 0) {
    throw new InputError(ex.missing.map((m) => `${m.path}: ${m.reason}`));
  }
  const sizes = await Promise.all(ex.files.map((f) => stat(f).then((s) => s.size, () => 0)));
  const total = sizes.reduce((a, b) => a + b, 0);
  const results: FileResult[] = [];
  let done = 0;
  for (let i = 0; i < ex.files.length; i++) {
    if (opts.signal?.aborted) throw new AbortError();
    results.push(await readInput(ex.files[i]!, opts, done, total));
    done += sizes[i]!;
    opts.onProgress?.(done, total, ex.files[i]!);
  }
  for (const d of ex.dropped) {
    results.push({ summary: { path: d.path, format: 'skipped', rows: 0, problems: [], skipped: d.reason }, series: [] });
  }
  for (const u of ex.unreadable) results.push(unreadableResult(u.path, u.reason));
  if (results.length === 0 || results.every((r) => r.summary.format === 'unreadable')) {
    throw new InputError(
      results.length === 0 ? [`no eval logs found in ${paths.join(', ')}`] : results.map((r) => `${r.summary.path}: ${r.summary.skipped}`),
    );
  }
  return analyzeResultsParallel(results, opts);
}
