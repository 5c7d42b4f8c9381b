/**
 * Picks one run per (model folder, task) among lm-evaluation-harness outputs found under a folder, so
 * that re-running a task never doubles its items. lm-eval never overwrites: each run adds
 * `samples_<task>_<ts>.jsonl` and `results_<ts>.json` with a new timestamp beside the old ones.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isObject } from './jsonValues';
import { parseLmEvalFileName, timestampKey, unsanitizeModelDir } from './lmEvalNames';

/** Which files to read, and why the others are not. */
export interface RunSelection {
  keep: string[];
  dropped: { path: string; reason: string }[];
}

interface Stamped {
  path: string;
  key: string;
}

/**
 * Among lm-eval samples files with the same model folder and task, keeps only the newest timestamp;
 * among results files of the same model folder, drops an older one when every task it holds is in a
 * newer one (so runs of different tasks into one folder all stay). Everything else passes through
 * unchanged, in the input order.
 *
 * `tasksOf` lists a results file's tasks; by default it reads the file (synchronously: results files
 * are small). When it returns undefined (unreadable), the file is treated as covering nothing and
 * is dropped only if older than another results file in its folder.
 */
export function selectLmEvalRuns(
  paths: string[],
  tasksOf: (path: string) => string[] | undefined = readResultTasks,
): RunSelection {
  const samples = new Map<string, Stamped[]>();
  const results = new Map<string, Stamped[]>();
  for (const path of paths) {
    const p = parseLmEvalFileName(path);
    if (!p) continue;
    const group = p.kind === 'samples' ? samples : results;
    const key = p.kind === 'samples' ? `${dirname(path)}\u0000${p.task}` : dirname(path);
    const list = group.get(key) ?? [];
    list.push({ path, key: timestampKey(p.timestamp) });
    group.set(key, list);
  }
  const reasons = new Map<string, string>();
  for (const list of samples.values()) {
    if (list.length < 2) continue;
    const sorted = newestFirst(list);
    const kept = sorted[0]!;
    const p = parseLmEvalFileName(kept.path);
    const task = p?.kind === 'samples' ? p.task : '?';
    for (const old of sorted.slice(1)) {
      reasons.set(old.path, `older run of ${task} for ${modelOf(old.path)}; kept ${basename(kept.path)}`);
    }
  }
  for (const list of results.values()) {
    if (list.length < 2) continue;
    const sorted = newestFirst(list);
    const covered = new Set<string>();
    for (const [i, r] of sorted.entries()) {
      const tasks = tasksOf(r.path);
      const hidden = i > 0 && (tasks === undefined || tasks.every((t) => covered.has(t)));
      if (hidden) {
        reasons.set(r.path, `older results run for ${modelOf(r.path)}; kept ${basename(sorted[0]!.path)}`);
        continue;
      }
      for (const t of tasks ?? []) covered.add(t);
    }
  }
  const keep: string[] = [];
  const dropped: RunSelection['dropped'] = [];
  for (const path of paths) {
    const reason = reasons.get(path);
    if (reason === undefined) keep.push(path);
    else dropped.push({ path, reason });
  }
  return { keep, dropped };
}

function newestFirst(list: Stamped[]): Stamped[] {
  return [...list].sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
}

function modelOf(path: string): string {
  return unsanitizeModelDir(basename(dirname(path)));
}

function readResultTasks(path: string): string[] | undefined {
  try {
    let buf = readFileSync(path);
    if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
    const doc: unknown = JSON.parse(buf.toString('utf8').replace(/^\ufeff/, ''));
    return isObject(doc) && isObject(doc.results) ? Object.keys(doc.results) : undefined;
  } catch {
    return undefined;
  }
}
