/**
 * lm-evaluation-harness results JSON, v0.3 (`results.{task}.{acc, acc_stderr}`, `config.num_fewshot`)
 * and v0.4 (`results.{task}.{"acc,none", "acc_stderr,none"}`, `n-shot`, `n-samples`, `model_name`):
 * one AggregateRecord per (task, metric), with stderr and, for v0.4, n = n-samples effective.
 *
 * Verified against: the real v0.3 file shared/data/formats/pythia-12b_zero-shot_step143000_lmeval_v0.3_results.json
 * (model only in config.model_args "pretrained=EleutherAI/pythia-v1.1-12b,revision=step143000");
 * v0.4 against the documented layout and published examples (no real v0.4 file in shared/data).
 *
 * When one model folder holds several results files (a task re-run later), a task is read only from
 * the newest file that has it, so a re-run never counts twice; a note names the skipped tasks.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FormatReader, ReadOutcome } from './reader';
import type { AggregateRecord, RecordSink } from '../types';
import { AbortError } from '../io/lines';
import { isObject, toCount, toFiniteNumber } from './jsonValues';
import { findKey, lineLocator } from './lineLocator';
import { isLmEvalResults, lmEvalMeta, modelFromFolder } from './lmEvalMeta';
import { parseLmEvalFileName, timestampKey } from './lmEvalNames';
import { modelFields } from './modelFields';
import { parseJson, readJsonDocument, readText } from './readText';

// Keys inside a task's results that are not metrics.
const NOT_METRIC = new Set(['alias', 'samples', 'sample_len', 'sample_count', 'name']);
// Python's NaN / Infinity, as parseJson passes them on.
const NON_FINITE = /^-?(NaN|Infinity)$/;

/** Reads lm-eval v0.3 and v0.4 results JSON files (format id "lm-eval-results"). */
export const lmEvalResultsReader: FormatReader = {
  id: 'lm-eval-results',
  detect(path, head) {
    try {
      const text = head.toString('utf8').replace(/^\ufeff/, '');
      if (!/^\s*\{/.test(text)) return false;
      if (!/"results"\s*:\s*\{/.test(text)) return false;
      // Both versions put "results" first; v0.4 metric keys carry ",filter"; v0.3 pairs x with x_stderr.
      const firstKeyIsResults = /^\s*\{\s*"results"\s*:\s*\{/.test(text);
      const lmKeys = /"(versions|n-shot|n-samples|configs|lm_eval_version|model_name_sanitized)"\s*:/.test(text);
      const metricKeys = /"[\w-]+_stderr(,[^"]*)?"\s*:/.test(text) || /"[\w-]+,[\w-]+"\s*:/.test(text);
      return (firstKeyIsResults && metricKeys) || (lmKeys && metricKeys);
    } catch {
      return false;
    }
  },
  async read(path, sink, ctx): Promise<ReadOutcome> {
    const read = await readJsonDocument(path, sink);
    if (read === undefined) return { format: 'lm-eval-results' };
    const text = read.text;
    if (!isLmEvalResults(read.value)) {
      sink.problem({ line: 0, message: 'no "results" object with lm-eval metadata' });
      return { format: 'lm-eval-results' };
    }
    const doc = read.value;
    const meta = lmEvalMeta(doc);
    const notes: string[] = [`lm-evaluation-harness ${meta.version} results`];
    let model = meta.model;
    if (model) notes.push(`model "${model}" from ${meta.modelSource}`);
    else {
      model = modelFromFolder(path);
      notes.push(`model "${model}" from the folder name (the file names none)`);
    }
    if (meta.revision) notes.push(`checkpoint revision ${meta.revision}`);
    const newer = await tasksInNewerRuns(path);
    const skipped: string[] = [];
    const results = doc.results as Record<string, unknown>;
    const groups = isObject(doc.groups) ? doc.groups : {};
    const nSamples = isObject(doc['n-samples']) ? doc['n-samples'] : {};
    const at = lineLocator(text);
    let cursor = Math.max(0, findKey(text, 'results'));
    const entries: [string, unknown][] = [
      ...Object.entries(results),
      // Older v0.4 releases keep group aggregates only under "groups".
      ...Object.entries(groups).filter(([g]) => !(g in results)),
    ];
    const fields = modelFields(model);
    for (const [task, metrics] of entries) {
      if (ctx.signal?.aborted) throw new AbortError();
      if (newer.has(task)) {
        skipped.push(task);
        continue;
      }
      const pos = findKey(text, task, cursor);
      if (pos >= 0) cursor = pos;
      const line = pos >= 0 ? at(pos) : 1;
      if (!isObject(metrics)) {
        sink.problem({ line, message: `results.${task} is not an object` });
        continue;
      }
      const effective = isObject(nSamples[task]) ? toCount((nSamples[task] as Record<string, unknown>).effective) : undefined;
      const n = effective ?? toCount(metrics.samples) ?? toCount(metrics.sample_len);
      emitTask(task, metrics, { ...fields, shots: meta.shots(task), n, line }, sink);
    }
    if (skipped.length > 0) {
      notes.push(`skipped ${skipped.length} task(s) re-run in a newer results file of the same folder: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', ...' : ''}`);
    }
    ctx.onProgress?.(Buffer.byteLength(text));
    return { format: 'lm-eval-results', notes };
  },
};

type TaskBase = Omit<AggregateRecord, 'task' | 'metric' | 'value' | 'stderr'>;

function emitTask(task: string, metrics: Record<string, unknown>, base: TaskBase, sink: RecordSink): void {
  for (const [key, raw] of Object.entries(metrics)) {
    const comma = key.indexOf(',');
    const name = comma < 0 ? key : key.slice(0, comma);
    const filter = comma < 0 ? undefined : key.slice(comma + 1);
    if (NOT_METRIC.has(name) || name.endsWith('_stderr')) continue;
    const value = toFiniteNumber(raw);
    if (value === undefined) {
      // "N/A" or null values are how lm-eval says "not computed"; anything else (including NaN and
      // Infinity, which parseJson reads as strings) is reported rather than dropped silently.
      if (raw !== null && (typeof raw !== 'string' || NON_FINITE.test(raw))) {
        const what = typeof raw === 'string' ? `${raw}, not a finite number` : 'not a number';
        sink.problem({ line: base.line, message: `results.${task}.${key}: ${what}` });
      }
      continue;
    }
    const stderrKey = filter === undefined ? `${name}_stderr` : `${name}_stderr,${filter}`;
    const stderr = toFiniteNumber(metrics[stderrKey]);
    const rec: AggregateRecord = {
      ...base,
      task,
      metric: filter === undefined || filter === 'none' ? name : `${name},${filter}`,
      value,
    };
    if (stderr !== undefined) rec.stderr = stderr;
    if (rec.n === undefined) delete rec.n;
    if (rec.shots === undefined) delete rec.shots;
    sink.aggregate(rec);
  }
}

/**
 * Tasks that a newer results file in the same folder also holds. Names without a timestamp are
 * never compared (nothing says which is newer).
 */
async function tasksInNewerRuns(path: string): Promise<Set<string>> {
  const out = new Set<string>();
  const own = parseLmEvalFileName(path);
  if (own?.kind !== 'results') return out;
  const ownKey = timestampKey(own.timestamp);
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return out;
  }
  for (const n of names) {
    const p = parseLmEvalFileName(n);
    if (p?.kind !== 'results' || n === basename(path) || timestampKey(p.timestamp) <= ownKey) continue;
    for (const t of await resultTasks(join(dirname(path), n))) out.add(t);
  }
  return out;
}

/** The task names of a results file (empty when it cannot be read). */
export async function resultTasks(path: string): Promise<string[]> {
  try {
    const parsed = parseJson(await readText(path, 64 * 1024 * 1024));
    if ('value' in parsed && isLmEvalResults(parsed.value)) return Object.keys(parsed.value.results as object);
  } catch {
    // Unreadable: it hides nothing from older files.
  }
  return [];
}
