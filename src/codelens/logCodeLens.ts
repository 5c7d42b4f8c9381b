/**
 * The CodeLens on the first line of an analysed log: "12 tasks · 3 emergent claims · 2 mirages" and
 * "Open report". Both open the panel on the scope that speaks for the file.
 */
import * as vscode from 'vscode';
import { CommandId } from '../commands/commands';
import { codeLensSummary, countClaims } from '../util/claimCounts';
import { Disposable } from '../util/dispose';
import { seriesInFile, type AnalysisService } from '../watch/analysisService';

export class LogCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly service: AnalysisService) {
    super();
    this._register(service.onDidAnalyze(() => this.changed.fire()));
    this._register(service.onDidForget(() => this.changed.fire()));
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const file = doc.uri.fsPath;
    const a = this.service.analysisForFile(file);
    if (!a) return [];
    const summary = a.report.inputs.find((i) => i.path === file);
    if (summary?.skipped) return [];
    const series = seriesInFile(a, file);
    if (series.length === 0 && !summary) return [];
    const range = new vscode.Range(0, 0, 0, 0);
    const open: vscode.Command = {
      title: 'Open report',
      command: CommandId.checkForMirage,
      arguments: [vscode.Uri.file(a.scope)],
      tooltip: `Open the Mirage report for ${a.isFolder ? 'the folder' : 'this file'}`,
    };
    return [
      new vscode.CodeLens(range, { ...open, title: codeLensSummary(countClaims(series)) }),
      new vscode.CodeLens(range, open),
    ];
  }
}
