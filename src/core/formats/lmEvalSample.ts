/**
 * One lm-evaluation-harness v0.4 sample (a line of samples_<task>_<ts>.jsonl, or a row of a
 * leaderboard "details" table with the same columns) mapped onto an ItemRecord.
 *
 * Layout, checked against lm-eval's EvaluationTracker output and published examples (no real samples
 * file is in shared/data): doc_id, doc, target, arguments, resps, filtered_resps, filter, metrics,
 * doc_hash, prompt_hash, target_hash, then one key per metric. Log-likelihood requests keep
 * `[loglik, is_greedy]` per request, stringified ("-1.23", "False"); generation keeps the text.
 * Argument lists changed shape across v0.4 releases ([[ctx, cont]] then {gen_args_i: {arg_j}}) and
 * v0.7 flattens a single-request list; all are accepted.
 */
import type { ItemRecord } from '../types';
import { cellPreview, isObject, toBoolean, toFiniteNumber, toLogLik, toScore, toText } from './jsonValues';

/** Facts the sample itself does not carry: from the file name and the sibling results file. */
export interface SampleBase {
  task: string;
  model: string;
  family?: string;
  params?: number;
  shots?: number;
}

/** A mapped sample, or why it was skipped. `filter` is the lm-eval filter the sample belongs to. */
export type SampleResult =
  | { kind: 'item'; filter: string; record: ItemRecord; warning?: string }
  | { kind: 'skip'; filter: string; message: string };

// Keys every sample has; anything else numeric is a per-item metric when "metrics" is absent.
const STRUCTURAL = new Set([
  'doc_id', 'doc', 'target', 'arguments', 'resps', 'filtered_resps', 'filter', 'metrics',
  'doc_hash', 'prompt_hash', 'target_hash', 'task_name',
]);
// Metrics of loglikelihood_rolling tasks (perplexity); their filtered_resps hold a loglik, not text.
const ROLLING = /^(word_perplexity|byte_perplexity|bits_per_byte)$/;

/** Whether a parsed object has the keys of an lm-eval sample. */
export function isLmEvalSample(obj: unknown): obj is Record<string, unknown> {
  return isObject(obj) && 'doc_id' in obj && ('filtered_resps' in obj || 'resps' in obj);
}

/** Maps one parsed sample onto an ItemRecord. Never throws. */
export function lmEvalSampleToRecord(obj: Record<string, unknown>, line: number, base: SampleBase): SampleResult {
  const filter = typeof obj.filter === 'string' && obj.filter !== '' ? obj.filter : 'none';
  const docId = toText(obj.doc_id);
  if (docId === undefined) return { kind: 'skip', filter, message: 'no doc_id' };
  const rec: ItemRecord = {
    model: base.model,
    task: base.task,
    itemId: docId,
    line,
  };
  if (base.family !== undefined) rec.family = base.family;
  if (base.params !== undefined) rec.params = base.params;
  if (base.shots !== undefined) rec.shots = base.shots;

  const metricNames = Array.isArray(obj.metrics)
    ? obj.metrics.filter((m): m is string => typeof m === 'string')
    : Object.keys(obj).filter((k) => !STRUCTURAL.has(k));
  const scores: Record<string, number> = {};
  for (const name of metricNames) {
    // Corpus-level metrics (bleu, f1 on some tasks) log [gold, pred] pairs per item: not a score.
    const v = toScore(obj[name]);
    if (v === undefined) continue;
    // lm-eval stores the per-sample *log-likelihood* under "perplexity" (its aggregation takes
    // exp(-mean)); as a per-item number it is higher-is-better, so it must not be read as a perplexity.
    if (name === 'perplexity') scores.target_loglik ??= v;
    else scores[name] = v;
  }

  const resps = responsesOf(obj);
  let warning: string | undefined;
  const pairs = loglikPairs(resps);
  if (pairs && pairs.length >= 2) {
    const options = continuations(obj.arguments) ?? docChoices(obj.doc);
    const gold = goldIndex(obj.target, options, pairs.length);
    if (gold === undefined) {
      warning = `gold choice not found for target ${cellPreview(obj.target)} among ${pairs.length} choices; per-choice log-likelihoods dropped`;
    } else {
      rec.choiceLogLiks = pairs;
      rec.gold = gold;
      const text = options?.[gold] ?? toText(obj.target);
      if (text !== undefined) rec.target = text.trim();
    }
  } else if (pairs && pairs.length === 1) {
    // A single loglikelihood request (LAMBADA-style): the log-probability of the target continuation.
    scores.target_loglik = pairs[0]!;
    const t = targetText(obj.target);
    if (t !== undefined) rec.target = t;
  } else if (metricNames.some((m) => ROLLING.test(m))) {
    const ll = toLogLik(Array.isArray(resps) ? (Array.isArray(resps[0]) ? resps[0][0] : resps[0]) : resps);
    if (ll !== undefined && Number.isFinite(ll)) scores.target_loglik = ll;
  } else {
    const t = targetText(obj.target);
    if (t !== undefined) rec.target = t;
    const p = firstText(resps);
    if (p !== undefined) rec.prediction = p;
  }
  if (Object.keys(scores).length > 0) rec.scores = scores;
  const scorable = rec.scores || rec.choiceLogLiks || (rec.target !== undefined && rec.prediction !== undefined);
  if (!scorable) {
    return { kind: 'skip', filter, message: `doc_id ${docId}: nothing to score (no metric values, no choice log-likelihoods, no target/prediction)` + (warning ? `; ${warning}` : '') };
  }
  return { kind: 'item', filter, record: rec, warning: warning ? `doc_id ${docId}: ${warning}` : undefined };
}

/** filtered_resps, or resps with its per-request repeat level removed when only resps was logged. */
function responsesOf(obj: Record<string, unknown>): unknown {
  if ('filtered_resps' in obj) return obj.filtered_resps;
  const r = obj.resps;
  return Array.isArray(r) ? r.map((x) => (Array.isArray(x) && x.length > 0 && Array.isArray(x[0]) ? x[0] : x)) : r;
}

function pairLogLik(x: unknown): number | undefined {
  if (!Array.isArray(x) || x.length !== 2 || toBoolean(x[1]) === undefined) return undefined;
  return toLogLik(x[0]);
}

/** Per-request log-likelihoods when every response is a [loglik, is_greedy] pair. */
function loglikPairs(resps: unknown): number[] | undefined {
  if (!Array.isArray(resps) || resps.length === 0) return undefined;
  // v0.7 writes a lone pair without its outer list.
  const lone = pairLogLik(resps);
  if (lone !== undefined) return [lone];
  const out: number[] = [];
  for (const x of resps) {
    const ll = pairLogLik(x);
    if (ll === undefined) return undefined;
    out.push(ll);
  }
  return out;
}

/** The continuation of each log-likelihood request: the text of each choice. */
function continuations(args: unknown): string[] | undefined {
  let reqs: unknown[] | undefined;
  if (Array.isArray(args)) reqs = args.map((a) => (Array.isArray(a) ? a[1] : undefined));
  else if (isObject(args)) {
    const keys = Object.keys(args).sort((a, b) => suffix(a) - suffix(b));
    reqs = keys.map((k) => (isObject(args[k]) ? (args[k] as Record<string, unknown>).arg_1 : undefined));
  }
  if (!reqs || reqs.length === 0 || !reqs.every((r) => typeof r === 'string')) return undefined;
  return reqs as string[];
}

function suffix(key: string): number {
  const m = /(\d+)$/.exec(key);
  return m ? Number(m[1]) : 0;
}

function docChoices(doc: unknown): string[] | undefined {
  if (!isObject(doc)) return undefined;
  const c = isObject(doc.choices) ? doc.choices.text : doc.choices;
  return Array.isArray(c) && c.every((x) => typeof x === 'string') ? (c as string[]) : undefined;
}

/** The gold index: a number or numeric string in range, else the choice whose text is the target. */
function goldIndex(target: unknown, options: string[] | undefined, k: number): number | undefined {
  const n = toFiniteNumber(target);
  if (n !== undefined) return Number.isInteger(n) && n >= 0 && n < k ? n : undefined;
  if (typeof target !== 'string' || !options || options.length !== k) return undefined;
  const t = target.trim();
  const i = options.findIndex((o) => o.trim() === t);
  return i >= 0 ? i : undefined;
}

function targetText(t: unknown): string | undefined {
  const s = toText(t);
  if (s !== undefined) return s;
  // Several acceptable answers (TriviaQA aliases): the first is the canonical one.
  if (Array.isArray(t)) return t.map(toText).find((x) => x !== undefined);
  return undefined;
}

function firstText(resps: unknown): string | undefined {
  if (typeof resps === 'string') return resps;
  if (!Array.isArray(resps) || resps.length === 0) return undefined;
  const x = resps[0];
  if (typeof x === 'string') return x;
  if (Array.isArray(x) && typeof x[0] === 'string') return x[0];
  return undefined;
}
