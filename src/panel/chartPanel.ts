/**
 * The Mirage panel (one WebviewPanel, reused): lifecycle, HTML, and the typed message dispatch.
 *
 * Flow: `show(scope)` opens the panel beside the code and starts the analysis; the webview posts
 * `ready` when its script runs and the host answers `init` with whatever is known (data may be null
 * while the analysis runs, then an `update` follows). Every re-analysis of the scope (watcher) is
 * pushed as `update`. A WebviewPanelSerializer brings the panel back after a reload from the
 * scope the webview keeps in its state (or the last one the host saw) and re-analyses it.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import type { MirageConfig } from '../config';
import {
  isWebviewToHost,
  type HostToWebview,
  type PanelData,
  type PanelViewState,
  type WebviewToHost,
} from '../protocol';
import { Disposable } from '../util/dispose';
import { makeNonce } from '../util/nonce';
import { AnalysisService, SupersededError, type ScopeAnalysis } from '../watch/analysisService';
import { analyzeWithProgress } from '../commands/checkForMirage';
import { panelHtml } from './panelHtml';
import { PanelActions } from './panelActions';

/** The webview type; also the serializer's key and the `onWebviewPanel:` activation event. */
export const PANEL_VIEW_TYPE = 'mirage.panel';
const SCOPE_KEY = 'mirage.panelScope';

/**
 * What tests can see of the panel: the handshake and the last messages, by type. The log is
 * bounded, so old entries drop out; `seq` numbers every message ever recorded, so a test asks for
 * "a message after seq N", never for a count of entries, which shrinks when old ones are dropped.
 */
export interface PanelProbe {
  scope: string | undefined;
  visible: boolean;
  ready: boolean;
  log: Array<{ seq: number; dir: 'in' | 'out'; type: string; series?: number; key?: string }>;
  /** The seq of the last message recorded (0 before the first). */
  seq: number;
}

/** Owns the (single) Mirage panel. */
export class ChartPanelHost extends Disposable implements vscode.WebviewPanelSerializer {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private scope: string | undefined;
  private selected: string | undefined;
  private ready = false;
  /** The last failure for the current scope, re-sent after `init` (posts before `ready` are dropped). */
  private error: string | undefined;
  private readonly actions: PanelActions;
  /** For tests (through the extension's exports): the handshake and message log. */
  readonly probe: PanelProbe = { scope: undefined, visible: false, ready: false, log: [], seq: 0 };

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly service: AnalysisService,
    private readonly config: () => MirageConfig,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.actions = new PanelActions(log);
    this._register(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, this));
    this._register(service.onDidAnalyze((a) => this.onAnalyzed(a)));
    this._register({ dispose: () => this.panel?.dispose() });
  }

  /** What the panel holds right now, for the leak test (through the extension's exports). */
  stats(): { open: boolean; disposables: number } {
    return { open: this.panel !== undefined, disposables: this.panelDisposables.length };
  }

  /** Opens (or reveals) the panel on a scope, optionally selecting a task, and analyses it. */
  async show(scope: string, select?: string): Promise<void> {
    if (select !== undefined) this.selected = select;
    const same = this.panel && this.scope === scope;
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        PANEL_VIEW_TYPE,
        'Mirage',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        this.webviewOptions(),
      );
      this.attach(panel, scope);
    } else {
      this.setScope(scope);
      this.panel.reveal(undefined, true);
    }
    if (same && this.service.get(scope) && select !== undefined) {
      this.post({ type: 'select', key: select });
      return;
    }
    await this.analyze(scope, true);
  }

  /** WebviewPanelSerializer: the window reloaded with the panel open. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const s = (typeof state === 'object' && state !== null ? state : {}) as PanelViewState;
    const scope =
      (typeof s.scope === 'string' ? s.scope : undefined) ??
      this.context.workspaceState.get<string>(SCOPE_KEY);
    if (typeof s.selected === 'string') this.selected = s.selected;
    panel.webview.options = this.webviewOptions();
    if (this.panel) this.panel.dispose();
    this.attach(panel, scope ?? '');
    if (!scope || !existsSync(scope)) {
      this.error = 'The log this panel showed is no longer there.';
      return;
    }
    await this.analyze(scope, false);
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    const ext = this.context.extensionUri;
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(ext, 'dist'), vscode.Uri.joinPath(ext, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel, scope: string): void {
    this.panel = panel;
    this.ready = false;
    this.probe.ready = false;
    this.probe.visible = panel.visible;
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidChangeViewState((e) => {
        this.probe.visible = e.webviewPanel.visible;
      }),
      panel.onDidDispose(() => this.detach()),
    );
    this.setScope(scope);
  }

  private detach(): void {
    if (this.scope) this.release(this.scope);
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    this.panel = undefined;
    this.ready = false;
    this.probe.ready = false;
    this.probe.visible = false;
  }

  /** A scope the panel no longer shows stops being watched, unless an open editor shows it. */
  private release(scope: string): void {
    const open = vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && d.uri.fsPath === scope);
    if (!open) this.service.forget(scope);
  }

  /** Points the panel at a scope and renders its page (a fresh nonce per render). */
  private setScope(scope: string): void {
    if (!this.panel) return;
    if (this.scope && this.scope !== scope) this.release(this.scope);
    const changed = this.scope !== scope || !this.panel.webview.html;
    if (this.scope !== scope) this.error = undefined;
    this.scope = scope;
    this.probe.scope = scope;
    if (scope) void this.context.workspaceState.update(SCOPE_KEY, scope);
    this.panel.title = `Mirage: ${scope ? AnalysisService.label(scope) : 'report'}`;
    if (!changed) return;
    this.ready = false;
    this.probe.ready = false;
    this.panel.webview.html = this.render(scope);
  }

  private render(scope: string): string {
    const wv = this.panel!.webview;
    const ext = this.context.extensionUri;
    const dist = (f: string) => wv.asWebviewUri(vscode.Uri.joinPath(ext, 'dist', f)).toString();
    const codicon = vscode.Uri.joinPath(ext, 'dist', 'codicon.css');
    return panelHtml({
      cspSource: wv.cspSource,
      nonce: makeNonce(),
      scriptUri: dist('webview.js'),
      styleUri: dist('webview.css'),
      codiconUri: existsSync(codicon.fsPath) ? wv.asWebviewUri(codicon).toString() : undefined,
      constants: { version: String(this.context.extension.packageJSON.version ?? ''), scope },
      title: scope ? AnalysisService.label(scope) : 'Mirage',
    });
  }

  private async analyze(scope: string, notify: boolean): Promise<void> {
    this.post({ type: 'busy', busy: true, message: `Analysing ${AnalysisService.label(scope)}…` });
    try {
      const label = AnalysisService.label(scope);
      const a = notify ? await analyzeWithProgress(this.service, scope, label) : await this.service.analyze(scope);
      const readable = a?.report.inputs.filter((i) => !i.skipped) ?? [];
      if (a && readable.length === 0) {
        const why = a.report.inputs.map((i) => `${AnalysisService.label(i.path)}: ${i.skipped}`).join('; ');
        this.fail(scope, `No eval log found in ${label}${why ? ` (${why})` : ''}.`);
      }
    } catch (e) {
      if (e instanceof SupersededError) return;
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(`analysis of ${scope} failed: ${message}`);
      this.fail(scope, message);
    } finally {
      if (this.scope === scope && !this.service.isRunning(scope)) this.post({ type: 'busy', busy: false });
    }
  }

  private fail(scope: string, message: string): void {
    if (this.scope !== scope) return;
    this.error = message;
    this.post({ type: 'error', message });
  }

  private onAnalyzed(a: ScopeAnalysis): void {
    if (a.scope === this.scope) this.error = undefined;
    if (!this.panel || a.scope !== this.scope || !this.ready) return;
    this.post({ type: 'update', data: this.data(a) });
  }

  private data(a: ScopeAnalysis): PanelData {
    const o = a.report.options;
    return {
      title: AnalysisService.label(a.scope),
      inputs: a.report.inputs,
      series: a.report.series,
      esThreshold: o.esThreshold,
      bicThreshold: o.bicThreshold,
      xAxis: o.x,
    };
  }

  /** Keeps the last messages for the integration tests to read; bounded, since a session is long. */
  private record(entry: Omit<PanelProbe['log'][number], 'seq'>): void {
    if (this.probe.log.length >= 500) this.probe.log.splice(0, 100);
    this.probe.log.push({ seq: ++this.probe.seq, ...entry });
  }

  private post(m: HostToWebview): void {
    if (!this.panel || !this.ready) return;
    const series = m.type === 'init' ? m.data?.series.length : m.type === 'update' ? m.data.series.length : undefined;
    const key = m.type === 'select' ? m.key : m.type === 'init' ? m.selected : undefined;
    this.record({ dir: 'out', type: m.type, series, key });
    this.log.trace(`panel ← host: ${m.type}`);
    void this.panel.webview.postMessage(m);
  }

  private onMessage(raw: unknown): void {
    if (!isWebviewToHost(raw)) {
      this.log.warn('dropped a malformed message from the panel');
      return;
    }
    const m: WebviewToHost = raw;
    this.record({ dir: 'in', type: m.type, key: 'key' in m ? m.key : undefined });
    this.log.trace(`panel → host: ${m.type}`);
    const a = this.scope ? this.service.get(this.scope) : undefined;
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        this.probe.ready = true;
        const c = this.config();
        this.post({
          type: 'init',
          settings: { defaultMetrics: c.defaultMetrics },
          data: a ? this.data(a) : null,
          selected: this.selected,
        });
        if (this.scope && this.service.isRunning(this.scope)) this.post({ type: 'busy', busy: true });
        else if (this.error) this.post({ type: 'error', message: this.error });
        return;
      }
      case 'selected':
        this.selected = m.key;
        return;
      case 'reveal':
        void this.actions.reveal(a, m.key);
        return;
      case 'exportReport':
        void this.actions.exportReport(a);
        return;
      case 'exportChart':
        void this.actions.exportChart(a, m.key, m.dataUrl);
        return;
      case 'copyTable':
        void this.actions.copyTable(a, m.key);
        return;
      default: {
        const _: never = m;
        return _;
      }
    }
  }
}
