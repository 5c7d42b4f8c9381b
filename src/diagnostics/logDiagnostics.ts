/**
 * Problems panel entries for analysed logs: every skipped or suspicious record at its line
 * (InputSummary.problems), and every emergence claim at its series' first row in the file
 * (SeriesReport.sources) with the verdict: a Warning when the claim survives, Information otherwise.
 */
import * as vscode from 'vscode';
import type { SeriesReport } from '../core/report';
import { seriesTitle, VERDICT_LABEL } from '../core/hoverText';
import { isClaim } from '../util/claimCounts';
import { Disposable } from '../util/dispose';
import type { AnalysisService, ScopeAnalysis } from '../watch/analysisService';

/** Diagnostic `source`, shown in the Problems panel. */
export const DIAGNOSTIC_SOURCE = 'Mirage Lens';

export class LogDiagnostics extends Disposable {
  private readonly collection = this._register(
    vscode.languages.createDiagnosticCollection('mirage'),
  );

  constructor(private readonly service: AnalysisService) {
    super();
    this._register(service.onDidAnalyze((a) => this.refresh(a)));
    this._register(service.onDidForget((a) => this.refresh(a)));
  }

  /** Recomputes the diagnostics of every file an analysis touched. */
  private refresh(a: ScopeAnalysis): void {
    const files = new Set([...a.files, ...a.report.inputs.map((i) => i.path)]);
    for (const file of files) {
      const uri = vscode.Uri.file(file);
      const speaking = this.service.analysisForFile(file);
      if (!speaking) {
        this.collection.delete(uri);
        continue;
      }
      this.collection.set(uri, this.forFile(file, speaking));
    }
  }

  private forFile(file: string, a: ScopeAnalysis): vscode.Diagnostic[] {
    const out: vscode.Diagnostic[] = [];
    const summary = a.report.inputs.find((i) => i.path === file) ?? this.service.summaryOf(file);
    for (const p of summary?.problems ?? []) {
      const d = new vscode.Diagnostic(lineRange(p.line), p.message, vscode.DiagnosticSeverity.Warning);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = 'malformed-record';
      out.push(d);
    }
    for (const s of a.report.series) {
      if (!isClaim(s)) continue;
      const src = s.sources.find((r) => r.path === file);
      if (!src) continue;
      out.push(claimDiagnostic(s, src.line));
    }
    return out;
  }
}

function lineRange(line: number): vscode.Range {
  const l = Math.max(0, line - 1);
  // Whole line: the end column is clamped by VS Code to the line's length.
  return new vscode.Range(l, 0, l, Number.MAX_SAFE_INTEGER);
}

/** The diagnostic for one claim: message from the verdict and its first reason. */
export function claimDiagnostic(s: SeriesReport, line: number): vscode.Diagnostic {
  const reason = s.reasons[0] ? `: ${s.reasons[0]}` : '';
  const jump = s.jump ? ` (${s.jump.from} → ${s.jump.to})` : '';
  const severity =
    s.verdict === 'emergent' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const d = new vscode.Diagnostic(
    lineRange(line),
    `Emergence claim on ${seriesTitle(s)}${jump}, ${VERDICT_LABEL[s.verdict]}${reason}`,
    severity,
  );
  d.source = DIAGNOSTIC_SOURCE;
  d.code = s.verdict;
  return d;
}
