/**
 * The host's model of what has been analysed. A *scope* is a file or folder someone asked about (an
 * open log, the panel's target). Each file is read once per version (mtime + size) into a cached
 * `FileResult`; a scope's report is `analyzeResults` over its files' cached results, so a change to
 * one file in a watched folder re-reads only that file. Hovers, CodeLens, diagnostics, the status
 * bar and the panel all listen to `onDidAnalyze`.
 */
import * as vscode from 'vscode';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileResult, AnalyzeOptions } from '../core/analyze';
import type { Report } from '../core/report';
import type { MirageConfig } from '../config';
import { Disposable } from '../util/dispose';
import { isWithin } from '../util/paths';
import { loadCore } from './coreLoader';

/**
 * Per-item scores from which a run is judged on worker threads instead of the extension host:
 * judging costs ~0.7 us per score here (a 100 MB sweep, 0.9 M scores: ~0.65 s), so this is ~100 ms.
 */
const OFFLOAD_MIN_SCORES = 150_000;

/** One finished analysis of a scope. */
export interface ScopeAnalysis {
  scope: string;
  isFolder: boolean;
  /** Files read (after expanding folders), in order. */
  files: string[];
  report: Report;
  /** When it finished (Date.now()). */
  at: number;
}

/** How a caller follows one analysis. */
export interface AnalyzeRequest {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, file: string) => void;
}

/** Counts the integration tests read through the extension's exports (stress and leak tests). */
export interface ServiceStats {
  /** `readInput` calls per file while some scope covers it (a cache hit is not a read). */
  reads: Record<string, number>;
  /** Analyses started per scope until it is forgotten. */
  analyses: Record<string, number>;
  /** Listeners subscribed to `onDidAnalyze` / `onDidForget` right now. */
  listeners: number;
  /** Scopes with a finished analysis, and analyses in flight. */
  scopes: number;
  running: number;
  /** Files with a cached read. */
  cached: number;
  /** Series judged on worker threads since activation (large runs; see OFFLOAD_MIN_SCORES). */
  judgedOnWorkers: number;
}

interface CacheEntry {
  version: string;
  result: FileResult;
}

/** Thrown (as the rejection) when a newer run of the same scope replaced this one. */
export class SupersededError extends Error {
  constructor() {
    super('superseded by a newer analysis');
  }
}

export class AnalysisService extends Disposable {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly analyses = new Map<string, ScopeAnalysis>();
  private readonly running = new Map<string, { ctl: AbortController; done: Promise<unknown> }>();
  private readonly didAnalyze = this._register(new vscode.EventEmitter<ScopeAnalysis>());
  private readonly didForget = this._register(new vscode.EventEmitter<ScopeAnalysis>());
  private readonly reads = new Map<string, number>();
  private judgedOnWorkers = 0;
  private readonly started = new Map<string, number>();
  private listeners = 0;
  /** A scope's analysis finished (first time or again). */
  readonly onDidAnalyze = this.counted(this.didAnalyze.event);
  /** A scope was dropped (its document closed); listeners clear what they showed for its files. */
  readonly onDidForget = this.counted(this.didForget.event);

  constructor(
    private readonly config: () => MirageConfig,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  /**
   * Wraps an event so the number of live subscriptions can be read (`stats().listeners`): a
   * subscription someone forgets to dispose (a panel that closed, say) shows up as a count that
   * only grows, which the leak test checks.
   */
  private counted<T>(event: vscode.Event<T>): vscode.Event<T> {
    return (listener, thisArgs?, disposables?) => {
      const inner = event(listener, thisArgs);
      this.listeners++;
      let live = true;
      const d = {
        dispose: () => {
          if (live) this.listeners--;
          live = false;
          inner.dispose();
        },
      };
      disposables?.push(d);
      return d;
    };
  }

  /** A snapshot of the counters (tests; nothing here changes state). */
  stats(): ServiceStats {
    return {
      reads: Object.fromEntries(this.reads),
      analyses: Object.fromEntries(this.started),
      listeners: this.listeners,
      scopes: this.analyses.size,
      running: this.running.size,
      cached: this.cache.size,
      judgedOnWorkers: this.judgedOnWorkers,
    };
  }

  private options(): AnalyzeOptions {
    const c = this.config();
    return {
      map: c.columnMap,
      x: c.xAxis,
      esThreshold: c.emergenceThreshold,
      bicThreshold: c.bicThreshold,
      interval: c.interval,
    };
  }

  /** Analyses a scope; a newer call for the same scope aborts this one (SupersededError). */
  async analyze(scope: string, req: AnalyzeRequest = {}): Promise<ScopeAnalysis> {
    this.started.set(scope, (this.started.get(scope) ?? 0) + 1);
    const prev = this.running.get(scope);
    prev?.ctl.abort(new SupersededError());
    const ctl = new AbortController();
    const onAbort = () => ctl.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const done = this.run(scope, ctl.signal, req.onProgress);
    this.running.set(scope, { ctl, done: done.catch(() => undefined) });
    try {
      const a = await done;
      this.analyses.set(scope, a);
      this.didAnalyze.fire(a);
      return a;
    } finally {
      req.signal?.removeEventListener('abort', onAbort);
      if (this.running.get(scope)?.ctl === ctl) this.running.delete(scope);
    }
  }

  private async run(
    scope: string,
    signal: AbortSignal,
    onProgress?: AnalyzeRequest['onProgress'],
  ): Promise<ScopeAnalysis> {
    const core = await loadCore();
    const isFolder = (await stat(scope)).isDirectory();
    const ex = isFolder ? await core.expandPaths([scope]) : { files: [scope], missing: [], dropped: [], unreadable: [] };
    for (const m of ex.missing) this.log.warn(`missing ${m.path}: ${m.reason}`);
    for (const d of ex.dropped) this.log.info(`skipped ${d.path}: ${d.reason}`);
    const files = ex.files;
    const opts = this.options();
    const results: FileResult[] = [];
    // A subfolder that cannot be opened is shown among the inputs, as the CLI lists it, not lost.
    for (const u of ex.unreadable) {
      this.log.warn(`cannot open ${u.path}: ${u.reason}`);
      results.push(core.unreadableResult(u.path, u.reason));
    }
    const read: string[] = [];
    for (const [i, file] of files.entries()) {
      signal.throwIfAborted();
      const r = await this.readCached(file, { ...opts, signal }).catch((e: unknown) => {
        if (signal.aborted) throw signal.reason ?? e;
        this.log.error(`failed ${file}: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      });
      if (r) {
        results.push(r);
        read.push(file);
      }
      onProgress?.(i + 1, files.length, file);
    }
    signal.throwIfAborted();
    // Judged on worker threads from a size where judging here would stall this host (and every
    // extension's hovers and commands in it) for more than ~100 ms; smaller runs are judged here.
    const judged = { remote: 0 };
    const report = await core
      .analyzeResultsParallel(results, { ...opts, signal }, { offload: true, minScores: OFFLOAD_MIN_SCORES, stats: judged })
      .catch((e: unknown) => {
        throw signal.aborted ? (signal.reason ?? e) : e;
      });
    this.judgedOnWorkers += judged.remote;
    this.log.info(
      `analysed ${scope}: ${results.length} file(s), ${report.series.length} series`,
    );
    return { scope, isFolder, files: read, report, at: Date.now() };
  }

  /** Reads one file unless the cached result has the same mtime and size. */
  private async readCached(file: string, opts: AnalyzeOptions): Promise<FileResult> {
    const st = await stat(file);
    const version = `${st.mtimeMs}:${st.size}`;
    const hit = this.cache.get(file);
    if (hit?.version === version) return hit.result;
    const core = await loadCore();
    this.reads.set(file, (this.reads.get(file) ?? 0) + 1);
    const result = await core.readInput(file, opts);
    // An aborted run (superseded, or its scope forgotten) does not cache: a read that finished
    // after its scope was forgotten would otherwise sit in the cache with nothing to drop it.
    if (opts.signal?.aborted) return result;
    this.cache.set(file, { version, result });
    const s = result.summary;
    if (s.skipped) this.log.info(`skipped ${file}: ${s.skipped}`);
    else
      this.log.info(
        `read ${file}: ${s.format}, ${s.rows} records` +
          (s.problems.length ? `, ${s.problems.length} problem(s)` : ''),
      );
    for (const n of s.notes ?? []) this.log.info(`  note: ${n}`);
    return result;
  }

  /** Drops a file's cached read (it changed or went away). */
  invalidate(file: string): void {
    this.cache.delete(file);
  }

  /** Drops every cached read (settings changed). */
  invalidateAll(): void {
    this.cache.clear();
  }

  /** Forgets a scope's analysis (its document closed); in-flight work is aborted. */
  forget(scope: string): void {
    this.running.get(scope)?.ctl.abort(new SupersededError());
    const a = this.analyses.get(scope);
    this.analyses.delete(scope);
    this.started.delete(scope);
    this.prune(scope);
    if (a) this.didForget.fire(a);
  }

  /**
   * Drops the cached reads that no remaining scope covers. Why: the cache exists so that a watched
   * scope re-reads only a changed file; once nothing shows a folder any more (the panel closed on
   * it), its files' results would otherwise stay in memory for the rest of the session (the leak
   * test closes the panel and finds them gone). The read counters go with them.
   */
  private prune(forgotten: string): void {
    const keep = new Set<string>();
    for (const a of this.analyses.values()) for (const f of a.files) keep.add(f);
    const scopes = [...this.analyses.keys(), ...this.running.keys()].filter((s) => s !== forgotten);
    const covered = (file: string) => keep.has(file) || scopes.some((s) => isWithin(file, s));
    for (const file of this.cache.keys()) if (!covered(file)) this.cache.delete(file);
    for (const file of this.reads.keys()) if (!covered(file)) this.reads.delete(file);
  }

  /** Scopes analysed (or being analysed) that contain a file. */
  scopesContaining(file: string): string[] {
    const all = new Set([...this.analyses.keys(), ...this.running.keys()]);
    return [...all].filter((s) => isWithin(file, s));
  }

  /** Every scope with an analysis. */
  scopes(): string[] {
    return [...this.analyses.keys()];
  }

  get(scope: string): ScopeAnalysis | undefined {
    return this.analyses.get(scope);
  }

  isRunning(scope: string): boolean {
    return this.running.has(scope);
  }

  /**
   * The analysis that speaks for a file: the widest analysed folder containing it (more models, so
   * better verdicts: a sweep is often one file per model), else the file's own analysis.
   */
  analysisForFile(file: string): ScopeAnalysis | undefined {
    let best: ScopeAnalysis | undefined;
    for (const a of this.analyses.values()) {
      if (!a.files.includes(file)) continue;
      if (!best || a.files.length > best.files.length) best = a;
    }
    return best;
  }

  /** The input summary of a file as last read. */
  summaryOf(file: string): FileResult['summary'] | undefined {
    return this.cache.get(file)?.result.summary;
  }

  /** Resolves when nothing is running (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** The workspace-relative name of a path, for titles and logs. */
  static label(p: string): string {
    const rel = vscode.workspace.asRelativePath(p, false);
    return rel === p ? path.basename(p) || p : rel;
  }

  override dispose(): void {
    for (const r of this.running.values()) r.ctl.abort(new SupersededError());
    super.dispose();
  }
}

/** The series of an analysis with rows in a file. */
export function seriesInFile(a: ScopeAnalysis, file: string): ScopeAnalysis['report']['series'] {
  return a.report.series.filter((s) => s.sources.some((r) => r.path === file));
}
