/**
 * Mirage Lens, the extension host side: wiring only. The analysis core (src/core) is loaded on the
 * first analysis (watch/coreLoader.ts), so activation only creates listeners.
 */
import * as vscode from 'vscode';
import { readConfig, SECTION } from './config';
import { CommandId } from './commands/commands';
import { checkForMirage } from './commands/checkForMirage';
import { openReportForTask } from './commands/openReportForTask';
import { ChartPanelHost } from './panel/chartPanel';
import { LogProviders } from './hover/logProviders';
import { LogDiagnostics } from './diagnostics/logDiagnostics';
import { StatusItem } from './status/statusItem';
import { AnalysisService } from './watch/analysisService';
import { LogWatcher } from './watch/logWatcher';
import type { MirageApi } from './util/extensionApi';

/** Set by the bundle's first line (esbuild.mjs banner); undefined when the code runs unbundled. */
declare const __mirageLoadStart: number | undefined;

export function activate(context: vscode.ExtensionContext): MirageApi {
  const t0 = performance.now();
  // Evaluating the bundle (everything activation needs; the analysis core loads on first use).
  const loadMs = typeof __mirageLoadStart === 'number' ? t0 - __mirageLoadStart : 0;
  const sub = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const log = sub(vscode.window.createOutputChannel('Mirage Lens', { log: true }));
  let config = readConfig(vscode.workspace.getConfiguration(SECTION));
  const getConfig = () => config;

  const service = sub(new AnalysisService(getConfig, log));
  const panel = sub(new ChartPanelHost(context, service, getConfig, log));
  const watcher = sub(new LogWatcher(service, getConfig, log));
  sub(new LogDiagnostics(service));
  const status = sub(new StatusItem(service));

  sub(vscode.commands.registerCommand(CommandId.checkForMirage, (uri?: unknown, selected?: unknown) =>
    checkForMirage(panel, uri, selected),
  ));
  sub(vscode.commands.registerCommand(CommandId.openReportForTask, (args?: unknown) =>
    openReportForTask(panel, args),
  ));

  const providers = sub(new LogProviders(service, config.watchGlobs));

  sub(vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(SECTION)) return;
    config = readConfig(vscode.workspace.getConfiguration(SECTION));
    log.info('settings changed: re-analysing');
    providers.update(config.watchGlobs);
    watcher.reconfigure();
  }));

  const activateMs = performance.now() - t0;
  const activationMs = loadMs + activateMs;
  log.info(`activated in ${activationMs.toFixed(1)} ms (loading the code ${loadMs.toFixed(1)} ms, activate() ${activateMs.toFixed(1)} ms)`);
  return {
    activationMs,
    loadMs,
    panel: () => panel.probe,
    reportFor: (file) => service.analysisForFile(file)?.report,
    statusText: () => status.text,
    idle: async () => {
      do {
        while (watcher.pending) await new Promise((r) => setTimeout(r, 50));
        await service.idle();
      } while (watcher.pending);
    },
    stats: () => {
      const p = panel.stats();
      return { ...service.stats(), ...watcher.stats(), panelOpen: p.open, panelDisposables: p.disposables };
    },
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
