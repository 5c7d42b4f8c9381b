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
  /** A scope's analysis finished (first time or again). */
  readonly onDidAnalyze = this.didAnalyze.event;
  /** A scope was dropped (its document closed); listeners clear what they showed for its files. */
  readonly onDidForget = this.didForget.event;

  constructor(
    private readonly config: () => MirageConfig,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
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
    const ex = isFolder ? await core.expandPaths([scope]) : { files: [scope], missing: [], dropped: [] };
    for (const m of ex.missing) this.log.warn(`missing ${m.path}: ${m.reason}`);
    for (const d of ex.dropped) this.log.info(`skipped ${d.path}: ${d.reason}`);
    const files = ex.files;
    const opts = this.options();
    const results: FileResult[] = [];
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
    const report = core.analyzeResults(results, { ...opts, signal });
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
    const result = await core.readInput(file, opts);
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
    if (a) this.didForget.fire(a);
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
