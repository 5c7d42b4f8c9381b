/**
 * `mirage.checkForMirage`: from the explorer (a log or a folder), the editor, its title bar or the
 * palette. Opens the panel beside the code at once, then analyses in the background under a
 * cancellable progress notification whose cancel aborts the read (AbortSignal into the core).
 */
import * as vscode from 'vscode';
import type { ChartPanelHost } from '../panel/chartPanel';
import type { AnalysisService, ScopeAnalysis } from '../watch/analysisService';
import { SupersededError } from '../watch/analysisService';

/** Picks what to analyse: the clicked resource, the active log, or a file/folder the user chooses. */
async function pickScope(uri: unknown): Promise<vscode.Uri | undefined> {
  if (uri instanceof vscode.Uri) return uri;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file') return active;
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Check for Mirage',
    title: 'Choose an eval log or a folder of logs',
  });
  return picked?.[0];
}

/** Runs an analysis with a cancellable notification; resolves undefined when cancelled. */
export async function analyzeWithProgress(
  service: AnalysisService,
  scope: string,
  label: string,
): Promise<ScopeAnalysis | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Mirage: checking ${label}`, cancellable: true },
    async (progress, token) => {
      const ctl = new AbortController();
      const sub = token.onCancellationRequested(() => ctl.abort());
      let last = 0;
      try {
        return await service.analyze(scope, {
          signal: ctl.signal,
          onProgress: (done, total, file) => {
            const pct = total ? (100 * done) / total : 100;
            progress.report({ increment: pct - last, message: `${done}/${total} ${vscode.workspace.asRelativePath(file)}` });
            last = pct;
          },
        });
      } catch (e) {
        if (token.isCancellationRequested || e instanceof SupersededError) return undefined;
        throw e;
      } finally {
        sub.dispose();
      }
    },
  );
}

/** The command. `uri` comes from menus; `selected` is the explorer's multi-selection. */
export async function checkForMirage(
  panel: ChartPanelHost,
  uri?: unknown,
  selected?: unknown,
): Promise<void> {
  const first = Array.isArray(selected) && selected[0] instanceof vscode.Uri ? selected[0] : uri;
  const target = await pickScope(first);
  if (!target) return;
  if (target.scheme !== 'file') {
    void vscode.window.showWarningMessage('Mirage Lens reads logs on disk (file: URIs) only.');
    return;
  }
  await panel.show(target.fsPath);
}
