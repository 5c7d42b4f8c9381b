/**
 * Shared mapping of Inspect AI logs (the .json log and the .eval ZIP hold the same objects): an
 * EvalSample onto an ItemRecord, and the eval's results onto AggregateRecords when no samples were
 * logged.
 *
 * Verified against the real logs shared/data/formats/inspect_ai_log_read_sample.json and .eval
 * (Inspect 0.3.95, log version 2, one `match` scorer graded "C"); score values that are numbers,
 * booleans or dicts, array targets and content-part lists follow Inspect's documented EvalSample
 * schema and are not in those files.
 */
import type { AggregateRecord, ItemRecord, RecordSink } from '../types';
import { isObject, toCount, toFiniteNumber, toScore, toText } from './jsonValues';
import { modelFields } from './modelFields';

/** Eval-level facts every sample shares. */
export interface InspectBase {
  task: string;
  model: string;
  family?: string;
  params?: number;
  shots?: number;
}

/** The eval-level facts from a log's `eval` object (EvalSpec); undefined when it has no model/task. */
export function inspectBase(evalSpec: unknown): InspectBase | undefined {
  if (!isObject(evalSpec)) return undefined;
  const model = toText(evalSpec.model)?.trim();
  const task = toText(evalSpec.task)?.trim() || toText(evalSpec.task_registry_name)?.trim();
  if (!model || !task) return undefined;
  const base: InspectBase = { task, ...modelFields(model) };
  // Inspect has no standard few-shot field; tasks that take one expose it as a task argument.
  const args = isObject(evalSpec.task_args) ? evalSpec.task_args : {};
  const shots = ['fewshot', 'num_fewshot', 'n_shot', 'shots', 'k_shot'].map((k) => toCount(args[k])).find((v) => v !== undefined);
  if (shots !== undefined) base.shots = shots;
  return base;
}

/** Maps one EvalSample; returns the reason instead when it cannot be used. Never throws. */
export function inspectSampleToRecord(
  sample: unknown,
  line: number,
  base: InspectBase,
): { record: ItemRecord } | { message: string } {
  if (!isObject(sample)) return { message: 'sample is not an object' };
  const id = toText(sample.id);
  if (id === undefined) return { message: 'sample has no id' };
  const rec: ItemRecord = { ...base, itemId: id, line };
  const epoch = toFiniteNumber(sample.epoch);
  if (epoch !== undefined) rec.epoch = epoch;
  const attachments = isObject(sample.attachments) ? sample.attachments : {};
  const target = targetText(sample.target, attachments);
  if (target !== undefined) rec.target = target;
  const prediction = predictionText(sample.output, attachments);
  if (prediction !== undefined) rec.prediction = prediction;
  const scores = scoresOf(sample);
  if (Object.keys(scores).length > 0) rec.scores = scores;
  if (!rec.scores && (rec.target === undefined || rec.prediction === undefined)) {
    const err = isObject(sample.error) ? toText(sample.error.message) : toText(sample.error);
    return { message: `sample ${id}${epoch !== undefined ? ` epoch ${epoch}` : ''}: ${err ? `errored (${err.split('\n', 1)[0]})` : 'no scores and no target/output to score'}` };
  }
  return { record: rec };
}

function resolve(text: string, attachments: Record<string, unknown>): string {
  // Inspect stores long texts once under `attachments` and refers to them as attachment://<hash>.
  if (!text.startsWith('attachment://')) return text;
  const hit = attachments[text.slice('attachment://'.length)];
  return typeof hit === 'string' ? hit : text;
}

function targetText(t: unknown, attachments: Record<string, unknown>): string | undefined {
  if (typeof t === 'string') return resolve(t, attachments);
  if (Array.isArray(t)) {
    const parts = t.map(toText).filter((x): x is string => x !== undefined).map((x) => resolve(x, attachments));
    return parts.length > 0 ? parts.join(', ') : undefined;
  }
  return toText(t);
}

function contentText(content: unknown, attachments: Record<string, unknown>): string | undefined {
  if (typeof content === 'string') return resolve(content, attachments);
  if (!Array.isArray(content)) return undefined;
  // Content parts: keep the text ones (reasoning, images and tool calls are not the answer).
  const texts = content
    .filter((p) => isObject(p) && (p.type === 'text' || p.type === undefined) && typeof p.text === 'string')
    .map((p) => resolve((p as { text: string }).text, attachments));
  return texts.length > 0 ? texts.join('') : undefined;
}

function predictionText(output: unknown, attachments: Record<string, unknown>): string | undefined {
  if (!isObject(output)) return undefined;
  if (typeof output.completion === 'string' && output.completion !== '') return resolve(output.completion, attachments);
  const first = Array.isArray(output.choices) ? output.choices[0] : undefined;
  if (!isObject(first) || !isObject(first.message)) return undefined;
  return contentText(first.message.content, attachments);
}

function scoresOf(sample: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  // Log version 1 had a single `score`; version 2 has `scores` by scorer name.
  const all = isObject(sample.scores) ? sample.scores : isObject(sample.score) ? { score: sample.score } : {};
  for (const [scorer, score] of Object.entries(all)) {
    const value = isObject(score) ? score.value : undefined;
    const v = toScore(value);
    if (v !== undefined) out[scorer] = v;
    else if (isObject(value)) {
      // A dict-valued scorer grades several things at once: one score per key.
      for (const [k, x] of Object.entries(value)) {
        const s = toScore(x);
        if (s !== undefined) out[`${scorer}.${k}`] = s;
      }
    }
  }
  return out;
}

/**
 * The eval's aggregate metrics (results.scores[].metrics) as AggregateRecords, for logs written
 * without samples. `stderr` becomes the stderr of the scorer's other metrics rather than a metric.
 */
export function emitInspectResults(results: unknown, base: InspectBase, line: number, sink: RecordSink): number {
  if (!isObject(results) || !Array.isArray(results.scores)) return 0;
  const n = toCount(results.completed_samples) ?? toCount(results.total_samples);
  const many = results.scores.length > 1;
  let count = 0;
  for (const s of results.scores) {
    if (!isObject(s) || !isObject(s.metrics)) continue;
    const scorer = toText(s.name) ?? toText(s.scorer) ?? 'score';
    const metricValue = (k: string): number | undefined => {
      const m = (s.metrics as Record<string, unknown>)[k];
      return isObject(m) ? toFiniteNumber(m.value) : undefined;
    };
    const stderr = metricValue('stderr');
    for (const key of Object.keys(s.metrics)) {
      if (key === 'stderr') continue;
      const value = metricValue(key);
      if (value === undefined) continue;
      const rec: AggregateRecord = { ...base, task: base.task, metric: many ? `${scorer}/${key}` : key, value, line };
      if (n !== undefined && n > 0) rec.n = n;
      if (stderr !== undefined) rec.stderr = stderr;
      sink.aggregate(rec);
      count++;
    }
  }
  return count;
}
