/**
 * `mirage.openReportForTask` (hidden from the palette): hover and CodeLens links open the panel on
 * one task. Its argument arrives through a command URI, so it is validated like any input.
 */
import * as vscode from 'vscode';
import type { ChartPanelHost } from '../panel/chartPanel';
import { isOpenReportArgs } from './commands';

export async function openReportForTask(panel: ChartPanelHost, args: unknown): Promise<void> {
  if (!isOpenReportArgs(args)) {
    void vscode.window.showWarningMessage('Mirage Lens: that link does not name a task.');
    return;
  }
  await panel.show(args.path, args.key);
}
