/**
 * The typed seam to VS Code: `acquireVsCodeApi()` may be called once per page, so this module calls
 * it once and exposes typed postMessage and view state.
 */
import { PANEL_CONSTANTS_GLOBAL, type PanelViewState, type WebviewToHost } from '../src/protocol';
import { DEFAULT_VIEW, type ListView, type SortKey, type VerdictFilter, isVerdict } from './model';

/**
 * What the panel restores after a reload. `scope` and `selected` are the host's part
 * (PanelViewState: its serializer reads `scope` to re-open the panel on the same file or folder).
 */
export interface ViewState extends PanelViewState {
  selected?: string;
  view: ListView;
  /** Metric shown on its own, or 'all' for the grid of every metric. */
  metric: string;
}

const vscode = acquireVsCodeApi<ViewState>();

export function postMessage(msg: WebviewToHost): void {
  vscode.postMessage(msg);
}

const SORTS: readonly SortKey[] = ['task', 'verdict', 'es'];

/** The scope the host put in the page's constants (globalThis.mirageLens), if any. */
function pageScope(): string | undefined {
  const c = (globalThis as Record<string, unknown>)[PANEL_CONSTANTS_GLOBAL];
  const scope = typeof c === 'object' && c !== null ? (c as Record<string, unknown>).scope : undefined;
  return typeof scope === 'string' && scope ? scope : undefined;
}

/** The saved state, checked field by field (an older version may have saved another shape). */
export function getState(): ViewState {
  const s: unknown = vscode.getState();
  const o = typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : {};
  const v = typeof o.view === 'object' && o.view !== null ? (o.view as Record<string, unknown>) : {};
  const verdict: VerdictFilter = v.verdict === 'all' || isVerdict(v.verdict) ? v.verdict : DEFAULT_VIEW.verdict;
  const saved: ViewState = {
    view: {
      sort: SORTS.includes(v.sort as SortKey) ? (v.sort as SortKey) : DEFAULT_VIEW.sort,
      reverse: v.reverse === true,
      filter: typeof v.filter === 'string' ? v.filter : '',
      verdict,
    },
    metric: typeof o.metric === 'string' ? o.metric : 'all',
  };
  const scope = pageScope() ?? (typeof o.scope === 'string' ? o.scope : undefined);
  if (scope !== undefined) saved.scope = scope;
  // A selection saved for another scope would point into a different analysis.
  if (typeof o.selected === 'string' && (o.scope === undefined || o.scope === scope)) saved.selected = o.selected;
  return saved;
}

export function setState(state: ViewState): void {
  vscode.setState(state);
}
