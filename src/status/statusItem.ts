/**
 * The status bar item for the active log: "Mirage: 3 claims, 1 survives". Clicking it opens the
 * panel on the analysis that speaks for the file. Hidden when the active editor is not an analysed log.
 */
import * as vscode from 'vscode';
import { CommandId } from '../commands/commands';
import { countClaims, statusText } from '../util/claimCounts';
import { Disposable } from '../util/dispose';
import { seriesInFile, type AnalysisService } from '../watch/analysisService';

export class StatusItem extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('mirage.status', vscode.StatusBarAlignment.Left, 50),
  );

  constructor(private readonly service: AnalysisService) {
    super();
    this.item.name = 'Mirage Lens';
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(service.onDidAnalyze(() => this.update()));
    this._register(service.onDidForget(() => this.update()));
    this.update();
  }

  /** The text shown, or undefined when hidden (tests). */
  get text(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  private shown = false;

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const file = doc?.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
    const a = file ? this.service.analysisForFile(file) : undefined;
    const summary = a?.report.inputs.find((i) => i.path === file);
    if (!a || !file || summary?.skipped) {
      this.item.hide();
      this.shown = false;
      return;
    }
    const series = seriesInFile(a, file);
    const counts = countClaims(series);
    this.item.text = `$(pulse) ${statusText(counts)}`;
    this.item.tooltip = new vscode.MarkdownString(
      `${counts.tasks} task(s), ${counts.series} series in this log; ` +
        `${counts.mirages} mirage(s). Click to open the Mirage report.`,
    );
    this.item.command = { title: 'Open report', command: CommandId.checkForMirage, arguments: [vscode.Uri.file(a.scope)] };
    this.item.show();
    this.shown = true;
  }
}
