/**
 * What the panel's buttons do in the host: reveal a task's first row in its log, export the report
 * (Markdown) and the chart (PNG) through save dialogs, copy the re-scored table (CSV). Only ever
 * writes where the user chose in a save dialog.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { seriesTitle } from '../core/hoverText';
import { seriesKey } from '../protocol';
import { safeFileName } from '../util/paths';
import { loadWriters } from '../watch/coreLoader';
import type { ScopeAnalysis } from '../watch/analysisService';

/** Formats whose rows cannot be shown in a text editor. */
const BINARY = /\.(gz|parquet|eval|zip)$/i;

export class PanelActions {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  private find(a: ScopeAnalysis | undefined, key: string) {
    return a?.report.series.find((s) => seriesKey(s) === key);
  }

  private defaultDir(a: ScopeAnalysis): vscode.Uri {
    return vscode.Uri.file(a.isFolder ? a.scope : path.dirname(a.scope));
  }

  /** Opens the log at the task's first row and selects that line. */
  async reveal(a: ScopeAnalysis | undefined, key: string): Promise<void> {
    const src = this.find(a, key)?.sources[0];
    if (!src) return;
    if (BINARY.test(src.path)) {
      void vscode.window.showInformationMessage(
        `The rows are in a binary log: ${vscode.workspace.asRelativePath(src.path)}, record ${src.line}.`,
      );
      return;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(src.path));
    const line = Math.min(Math.max(0, src.line - 1), doc.lineCount - 1);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    await vscode.window.showTextDocument(doc, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: doc.lineAt(line).range,
      preserveFocus: false,
    });
  }

  /**
   * Saves the Markdown report where the user chooses. `chosen` skips the dialog: the read-only
   * integration test passes a target outside the logs' folder (a save dialog would wait for a person).
   */
  async exportReport(a: ScopeAnalysis | undefined, chosen?: vscode.Uri): Promise<void> {
    if (!a) return;
    const { toMarkdown } = await loadWriters();
    const target = chosen ?? await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.defaultDir(a), 'mirage-report.md'),
      filters: { Markdown: ['md'] },
      title: 'Export the Mirage report',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(toMarkdown(a.report), 'utf8'));
    this.log.info(`report written to ${target.fsPath}`);
  }

  /** Decodes the chart's PNG data URL and saves it where the user chooses (`chosen`: as above). */
  async exportChart(a: ScopeAnalysis | undefined, key: string, dataUrl: string, chosen?: vscode.Uri): Promise<void> {
    if (!a) return;
    const s = this.find(a, key);
    const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    // A PNG starts with its 8-byte signature; anything else is not what the panel promised.
    if (png.length < 8 || png.readUInt32BE(0) !== 0x89504e47) {
      this.log.warn('chart export: not a PNG');
      return;
    }
    const target = chosen ?? await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.defaultDir(a), safeFileName(s ? seriesTitle(s) : 'chart', '.png')),
      filters: { 'PNG image': ['png'] },
      title: 'Export the chart',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, png);
    this.log.info(`chart written to ${target.fsPath}`);
  }

  /** Copies the re-scored table of one task (or all) as CSV. */
  async copyTable(a: ScopeAnalysis | undefined, key?: string): Promise<void> {
    if (!a) return;
    const { toCsv } = await loadWriters();
    const series = key === undefined ? a.report.series : a.report.series.filter((s) => seriesKey(s) === key);
    await vscode.env.clipboard.writeText(toCsv(series));
    vscode.window.setStatusBarMessage('Mirage: table copied as CSV', 3000);
  }
}
