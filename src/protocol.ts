/**
 * Messages between the extension host and the Mirage panel webview. Imported by src/ and webview/;
 * no `vscode`, no DOM. The webview receives plot-ready series, never raw files.
 *
 * Handshake: the webview posts `ready`; the host answers `init`. The host never pushes before `ready`.
 */
import type { InputSummary } from './core/types';
import type { SeriesReport } from './core/report';

/** Stable key of a series: task, family and setting joined by U+241F (never in real names). */
export function seriesKey(s: Pick<SeriesReport, 'task' | 'family' | 'setting'>): string {
  return `${s.task}\u241f${s.family}\u241f${s.setting}`;
}

/** What the panel shows: one analysis of a file or folder. */
export interface PanelData {
  /** What was analysed, for the panel's title line (a path relative to the workspace). */
  title: string;
  inputs: InputSummary[];
  series: SeriesReport[];
  /** Thresholds used, shown in the verdict card. */
  esThreshold: number;
  bicThreshold: number;
  xAxis: string;
}

/** Settings the webview needs (no secrets, nothing from logs). */
export interface PanelSettings {
  /** Metrics to show first when present. */
  defaultMetrics: string[];
}

/** Name of the global that the panel page's one nonce'd inline script sets before webview.js runs. */
export const PANEL_CONSTANTS_GLOBAL = 'mirageLens';

/** Constants the host passes to the page (as `globalThis.mirageLens`), before any message. */
export interface PanelConstants {
  /** Extension version, for the report footer. */
  version: string;
  /**
   * The file or folder analysed (absolute path). The webview keeps it in its `setState` state
   * (`PanelViewState.scope`) so that the panel comes back after a window reload.
   */
  scope: string;
}

/** What the webview persists with `setState`; the host's serializer reads `scope` back on reload. */
export interface PanelViewState {
  scope?: string;
  /** Selected series key. */
  selected?: string;
  [other: string]: unknown;
}

export type HostToWebview =
  /** Answer to `ready`: everything to draw, and the task to select (if any). */
  | { type: 'init'; settings: PanelSettings; data: PanelData | null; selected?: string }
  /** A re-analysis finished (file changed): redraw, keeping the selection when it still exists. */
  | { type: 'update'; data: PanelData }
  /** Select a task (opened from a hover link or CodeLens). */
  | { type: 'select'; key: string }
  /** An analysis is running or finished. */
  | { type: 'busy'; busy: boolean; message?: string }
  /** The analysis failed as a whole (e.g. nothing readable). */
  | { type: 'error'; message: string };

export type WebviewToHost =
  /** The webview has loaded and listens. */
  | { type: 'ready' }
  /** The user selected a task; the host remembers it for hovers and restores. */
  | { type: 'selected'; key: string }
  /** Reveal the task's first row in its log. */
  | { type: 'reveal'; key: string }
  /** Export the whole report as Markdown (host asks where to save). */
  | { type: 'exportReport' }
  /** Save the chart of the selected task as PNG; `dataUrl` is a `data:image/png;base64,` URL. */
  | { type: 'exportChart'; key: string; dataUrl: string }
  /** Copy the re-scored table (CSV) of a task, or of all tasks when key is omitted. */
  | { type: 'copyTable'; key?: string };

/** Validates a message from the webview; anything else is dropped. */
export function isWebviewToHost(m: unknown): m is WebviewToHost {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
    case 'exportReport':
      return true;
    case 'selected':
    case 'reveal':
      return typeof o.key === 'string' && o.key.length < 10_000;
    case 'exportChart':
      return (
        typeof o.key === 'string' &&
        typeof o.dataUrl === 'string' &&
        o.dataUrl.startsWith('data:image/png;base64,') &&
        o.dataUrl.length < 50_000_000
      );
    case 'copyTable':
      return o.key === undefined || (typeof o.key === 'string' && o.key.length < 10_000);
    default:
      return false;
  }
}
