/**
 * Typed view of `contributes.configuration` (package.json). Pure: takes anything with a `get` (a
 * `WorkspaceConfiguration` in the host, a plain object in unit tests) and never imports `vscode`,
 * so unit tests run in plain Node. Invalid values fall back to the defaults rather than throwing:
 * settings are user input.
 */
import type { ColumnMap, Role, XAxis } from './core/types';

/** The `mirage` settings section. */
export const SECTION = 'mirage';

/** Settings the extension reads, one field per `mirage.*` setting. */
export interface MirageConfig {
  /** Globs of eval logs to recognise when opened and to watch for changes (`mirage.watchGlobs`). */
  watchGlobs: string[];
  /** Explicit role -> column overrides for generic CSV/JSONL logs (`mirage.columnMap`). */
  columnMap: ColumnMap;
  /** The scale axis (`mirage.xAxis`). */
  xAxis: XAxis;
  /** Emergence score above which a jump is a claim; undefined = the analysis' default. */
  emergenceThreshold: number | undefined;
  /** Delta-BIC above which a break is strong evidence; undefined = the analysis' default. */
  bicThreshold: number | undefined;
  /** Interval method for proportions (`mirage.interval`). */
  interval: 'wilson' | 'clopper-pearson';
  /** Metrics the panel shows first when a task has them (`mirage.defaultMetrics`). */
  defaultMetrics: string[];
}

export const DEFAULT_WATCH_GLOBS: readonly string[] = [
  '**/*.csv',
  '**/*.tsv',
  '**/*.jsonl',
  '**/*.jsonl.gz',
  '**/*.eval',
  '**/results*.json',
  '**/*.parquet',
];

/** The roles `mirage.columnMap` accepts (keep in step with `Role` in core/types.ts). */
export const ROLES: readonly Role[] = [
  'model', 'family', 'scale', 'flops', 'loss', 'task', 'item', 'target', 'prediction', 'correct',
  'metric', 'value', 'n', 'stderr', 'shots', 'instruct', 'choices', 'gold', 'logprobs', 'epoch',
];

const X_AXES: readonly XAxis[] = ['params', 'flops', 'loss'];

/** Anything that can look a setting up by its key within the section. */
export interface SettingSource {
  get(key: string): unknown;
}

function stringList(v: unknown, fallback: readonly string[]): string[] {
  if (!Array.isArray(v)) return [...fallback];
  return v.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim());
}

function finiteOrUndefined(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function columnMap(v: unknown): ColumnMap {
  const out: ColumnMap = {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const [role, column] of Object.entries(v as Record<string, unknown>)) {
    if ((ROLES as readonly string[]).includes(role) && typeof column === 'string' && column !== '') {
      out[role as Role] = column;
    }
  }
  return out;
}

/** Reads and validates the settings. */
export function readConfig(source: SettingSource): MirageConfig {
  const x = source.get('xAxis');
  const interval = source.get('interval');
  const globs = stringList(source.get('watchGlobs'), DEFAULT_WATCH_GLOBS);
  return {
    watchGlobs: globs.length ? globs : [...DEFAULT_WATCH_GLOBS],
    columnMap: columnMap(source.get('columnMap')),
    xAxis: (X_AXES as readonly unknown[]).includes(x) ? (x as XAxis) : 'params',
    emergenceThreshold: finiteOrUndefined(source.get('emergenceThreshold')),
    bicThreshold: finiteOrUndefined(source.get('bicThreshold')),
    interval: interval === 'clopper-pearson' ? 'clopper-pearson' : 'wilson',
    defaultMetrics: stringList(source.get('defaultMetrics'), []),
  };
}

/** A plain-object setting source (unit tests, the CLI-like defaults). */
export function objectSource(o: Record<string, unknown>): SettingSource {
  return { get: (k) => o[k] };
}

/**
 * Whether a path is covered by the watch globs. A small glob matcher (`**`, `*`, `?`, `{a,b}`) so
 * the decision is pure and testable; VS Code's own matcher is used for the watcher itself.
 */
export function matchesGlobs(path: string, globs: readonly string[]): boolean {
  const p = path.replace(/\\/g, '/');
  return globs.some((g) => globToRegExp(g).test(p));
}

/** Converts a glob to a RegExp matched against the end of a path. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (c === ',' && depth > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  const anchored = glob.startsWith('**/') || glob.startsWith('/') ? '' : '(?:^|/)';
  return new RegExp(`${anchored}${re}$`, 'i');
}
