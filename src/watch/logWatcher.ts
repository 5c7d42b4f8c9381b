/**
 * Keeps analyses current. Opening a log that matches `mirage.watchGlobs` analyses it in the
 * background (closing it forgets it); a FileSystemWatcher over the same globs re-analyses every
 * scope that contains a created, changed or deleted file, debounced per file, after dropping only
 * that file's cached read.
 */
import * as vscode from 'vscode';
import { matchesGlobs, type MirageConfig } from '../config';
import { KeyedDebouncer } from '../util/debounce';
import { Disposable } from '../util/dispose';
import { AnalysisService, SupersededError } from './analysisService';

/** Milliseconds to wait after the last event for a file (editors and loggers write in bursts). */
export const DEBOUNCE_MS = 300;

export class LogWatcher extends Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly debouncer: KeyedDebouncer<string>;
  private readonly pendingKinds = new Map<string, Set<'create' | 'change' | 'delete'>>();

  constructor(
    private readonly service: AnalysisService,
    private readonly config: () => MirageConfig,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.debouncer = this._register(new KeyedDebouncer(DEBOUNCE_MS, (p) => this.flush(p)));
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
    return this.debouncer.pending;
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
      if (scope === file && kinds.at(-1) === 'delete') this.service.forget(scope);
      else this.background(scope);
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    if (open && this.isLog(open) && !scopes.includes(file)) this.background(file);
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
