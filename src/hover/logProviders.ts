/**
 * Registers the hover and CodeLens providers for the documents the watch globs select, and
 * re-registers them when the globs change (a DocumentSelector is fixed at registration).
 */
import * as vscode from 'vscode';
import { LogCodeLensProvider } from '../codelens/logCodeLens';
import { Disposable } from '../util/dispose';
import type { AnalysisService } from '../watch/analysisService';
import { LogHoverProvider } from './logHoverProvider';

export class LogProviders extends Disposable {
  private readonly hover: LogHoverProvider;
  private readonly codeLens: LogCodeLensProvider;
  private registrations: vscode.Disposable[] = [];
  private globs = '';

  constructor(service: AnalysisService, globs: readonly string[]) {
    super();
    this.hover = new LogHoverProvider(service);
    this.codeLens = this._register(new LogCodeLensProvider(service));
    this._register({ dispose: () => this.unregister() });
    this.update(globs);
  }

  /** Registers for these globs unless they are the ones already registered. */
  update(globs: readonly string[]): void {
    const key = JSON.stringify(globs);
    if (key === this.globs) return;
    this.globs = key;
    this.unregister();
    const selector = globs.map((pattern) => ({ scheme: 'file', pattern }));
    this.registrations = [
      vscode.languages.registerHoverProvider(selector, this.hover),
      vscode.languages.registerCodeLensProvider(selector, this.codeLens),
    ];
  }

  private unregister(): void {
    for (const r of this.registrations) r.dispose();
    this.registrations = [];
  }
}
