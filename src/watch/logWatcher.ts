/**
 * Keeps analyses current. Opening a log that matches `mirage.watchGlobs` analyses it in the
 * background (closing it forgets it); a FileSystemWatcher over the same globs re-analyses every
 * scope that contains a created, changed or deleted file, debounced per file, after dropping only
 * that file's cached read; the re-analyses are debounced again per scope, so a burst of files in a
 * watched folder analyses the folder once, not once per file.
 */
import * as vscode from 'vscode';
import { matchesGlobs, type MirageConfig } from '../config';
import { KeyedDebouncer } from '../util/debounce';
import { Disposable } from '../util/dispose';
import { AnalysisService, SupersededError } from './analysisService';

/** Milliseconds to wait after the last event for a file (editors and loggers write in bursts). */
export const DEBOUNCE_MS = 300;

/**
 * Milliseconds a scope waits after the last file flush that touches it. Why a second debounce: the
 * file debounces of a burst end at different moments (file events arrive in chunks), so a burst of
 * N new files in a watched folder started N analyses of the folder, each superseding the last (the
 * stress test: 1,000 files written into the panel's folder gave 1,000 analyses and took 33 s
 * where one analysis takes 5 s).
 */
export const SCOPE_DEBOUNCE_MS = 100;

export class LogWatcher extends Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly debouncer: KeyedDebouncer<string>;
  private readonly scopeDebouncer: KeyedDebouncer<string>;
  private readonly pendingKinds = new Map<string, Set<'create' | 'change' | 'delete'>>();
  /** File events received since activation (tests wait for the events of a burst to arrive). */
  private events = 0;

  constructor(
    private readonly service: AnalysisService,
    private readonly config: () => MirageConfig,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.debouncer = this._register(new KeyedDebouncer(DEBOUNCE_MS, (p) => this.flush(p)));
    this.scopeDebouncer = this._register(new KeyedDebouncer(SCOPE_DEBOUNCE_MS, (s) => this.reanalyse(s)));
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.onOpen(d)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.onClose(d)));
    this._register({ dispose: () => this.disposeWatchers() });
    this.createWatchers();
    for (const d of vscode.workspace.textDocuments) this.onOpen(d);
  }

  /** Whether a document is a log this extension looks at. */
  isLog(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme === 'file' && matchesGlobs(doc.uri.fsPath, this.config().watchGlobs);
  }

  /** Settings changed: new globs, and every cached read is stale (column map, axis...). */
  reconfigure(): void {
    this.disposeWatchers();
    this.createWatchers();
    this.service.invalidateAll();
    for (const s of this.service.scopes()) this.background(s);
  }

  /** Whether file events are waiting for their debounce (tests wait for quiet). */
  get pending(): boolean {
    return this.debouncer.pending || this.scopeDebouncer.pending;
  }

  /** Counts for the integration tests (nothing here changes state). */
  stats(): { timers: number; pendingFiles: number; events: number; fsWatchers: number } {
    return {
      timers: this.debouncer.size + this.scopeDebouncer.size,
      pendingFiles: this.pendingKinds.size,
      events: this.events,
      fsWatchers: this.watchers.length,
    };
  }

  private createWatchers(): void {
    for (const glob of this.config().watchGlobs) {
      const w = vscode.workspace.createFileSystemWatcher(glob);
      w.onDidCreate((u) => this.onEvent(u, 'create'));
      w.onDidChange((u) => this.onEvent(u, 'change'));
      w.onDidDelete((u) => this.onEvent(u, 'delete'));
      this.watchers.push(w);
    }
  }

  private disposeWatchers(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
  }

  private onEvent(uri: vscode.Uri, kind: 'create' | 'change' | 'delete'): void {
    if (uri.scheme !== 'file') return;
    this.events++;
    const p = uri.fsPath;
    const kinds = this.pendingKinds.get(p) ?? new Set();
    kinds.add(kind);
    this.pendingKinds.set(p, kinds);
    this.debouncer.trigger(p);
  }

  private flush(file: string): void {
    const kinds = [...(this.pendingKinds.get(file) ?? [])];
    this.pendingKinds.delete(file);
    this.log.info(`${kinds.join('+')}: ${file}`);
    this.service.invalidate(file);
    const scopes = this.service.scopesContaining(file);
    for (const scope of scopes) {
      if (scope === file && kinds.at(-1) === 'delete') {
        this.scopeDebouncer.cancel(scope);
        this.service.forget(scope);
      } else this.scopeDebouncer.trigger(scope);
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    if (open && this.isLog(open) && !scopes.includes(file)) this.scopeDebouncer.trigger(file);
  }

  /**
   * A scope's debounce ended: analyse it again, unless nothing shows it any more. Why the check: it
   * may have been forgotten while it waited (the panel closed on the folder), and analysing it would
   * bring back an analysis nobody looks at (and keep its files' cached reads).
   */
  private reanalyse(scope: string): void {
    const open = vscode.workspace.textDocuments.some((d) => d.uri.fsPath === scope && this.isLog(d));
    if (open || this.service.get(scope) || this.service.isRunning(scope)) this.background(scope);
  }

  private onOpen(doc: vscode.TextDocument): void {
    if (!this.isLog(doc)) return;
    const p = doc.uri.fsPath;
    if (this.service.get(p) || this.service.isRunning(p)) return;
    this.background(p);
  }

  private onClose(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file') return;
    // Folder scopes (the panel's) stay; only the document's own analysis goes.
    if (this.service.get(doc.uri.fsPath)?.isFolder === false) this.service.forget(doc.uri.fsPath);
  }

  /** Analyses a scope with a spinner in the status bar; failures go to the output channel. */
  background(scope: string): void {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Mirage: analysing' },
      () =>
        this.service.analyze(scope).catch((e: unknown) => {
          if (e instanceof SupersededError || (e as Error)?.name === 'AbortError') return;
          this.log.error(`analysis of ${scope} failed: ${e instanceof Error ? e.message : String(e)}`);
        }),
    );
  }
}
