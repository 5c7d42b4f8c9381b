/**
 * Hover on a task name or any row of an analysed log: the task's verdict and numbers as Markdown
 * (core/hoverText.ts), with a link that opens the panel on that task. The MarkdownString trusts
 * exactly our own command ids; everything from the log is escaped by hoverText.
 */
import * as vscode from 'vscode';
import { commandUri, hoverMarkdown } from '../core/hoverText';
import type { SeriesReport } from '../core/report';
import { seriesKey } from '../protocol';
import { CommandId, type OpenReportArgs } from '../commands/commands';
import { seriesInFile, type AnalysisService } from '../watch/analysisService';
import { seriesForLine } from './seriesForLine';

export class LogHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: AnalysisService) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const file = doc.uri.fsPath;
    const a = this.service.analysisForFile(file);
    if (!a) return undefined;
    const inFile = seriesInFile(a, file);
    const line = doc.lineAt(pos.line).text;
    const hit = seriesForLine(inFile, line, pos.character);
    if (!hit) return undefined;
    const link = (s: SeriesReport) =>
      commandUri(CommandId.openReportForTask, [
        { path: a.scope, key: seriesKey(s) } satisfies OpenReportArgs,
      ]);
    const md = new vscode.MarkdownString(hoverMarkdown(hit.series, link));
    md.isTrusted = { enabledCommands: [CommandId.openReportForTask] };
    md.supportHtml = false;
    md.supportThemeIcons = false;
    const range = hit.span
      ? new vscode.Range(pos.line, hit.span[0], pos.line, hit.span[1])
      : doc.lineAt(pos.line).range;
    return new vscode.Hover(md, range);
  }
}
