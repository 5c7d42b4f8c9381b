/**
 * HELM run folders (`benchmark_output/runs/<suite>/<run name>/`): per_instance_stats.json (per
 * instance and trial: stats [{name {name, split, perturbation?}, sum, count, mean}]) and
 * scenario_state.json (adapter_spec, request_states [{instance {id, input, references [{output,
 * tags}]}, train_trial_index, reference_index, output_mapping, request, result {completions}}]).
 *
 * UNVERIFIED against a real run folder: written from HELM's dataclasses (PerInstanceStats, Stat,
 * ScenarioState, RequestState, Instance, RequestResult) and its tutorial; shared/data has no example.
 * Tolerant by design: missing pieces leave fields undefined rather than failing the file.
 *
 * When both files are in the folder, per_instance_stats.json reads the pair and scenario_state.json
 * yields nothing (a note says so), so no instance is counted twice.
 */
import { access } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FormatReader, ReadOutcome } from './reader';
import type { ItemRecord, RecordSink } from '../types';
import { AbortError } from '../io/lines';
import { isObject, toCount, toFiniteNumber, toText } from './jsonValues';
import { arraySpans, findKey, findKeyIn, lineLocator } from './lineLocator';
import { modelFields } from './modelFields';
import { parseJson, readJsonDocument, readText } from './readText';

const STATS = 'per_instance_stats.json';
const STATE = 'scenario_state.json';

/** Reads HELM per_instance_stats.json / scenario_state.json (format id "helm"). */
export const helmReader: FormatReader = {
  id: 'helm',
  detect(path, head) {
    try {
      const text = head.toString('utf8').replace(/^\ufeff/, '');
      if (/^\s*\[/.test(text) && /"instance_id"\s*:/.test(text) && /"stats"\s*:/.test(text)) return true;
      return /^\s*\{/.test(text) && /"adapter_spec"\s*:/.test(text) && /"request_states"\s*:/.test(text);
    } catch {
      return false;
    }
  },
  async read(path, sink, ctx): Promise<ReadOutcome> {
    const format = 'helm';
    const dir = dirname(path);
    const read = await readJsonDocument(path, sink);
    if (read === undefined) return { format };
    const text = read.text;
    const doc = read.value;
    const notes = ['HELM run (layout unverified against a real run folder)'];
    const isStats = Array.isArray(doc);
    if (!isStats && basename(path) === STATE && (await exists(join(dir, STATS)))) {
      return { format, notes: [`read together with ${STATS} in the same folder`] };
    }
    let state: Record<string, unknown> | undefined;
    if (isStats) {
      if (await exists(join(dir, STATE))) {
        try {
          const s = parseJson(await readText(join(dir, STATE)));
          if ('value' in s && isObject(s.value)) state = s.value;
        } catch (e) {
          notes.push(`${STATE} not read (${e instanceof Error ? e.message : String(e)}): no texts, model from the folder name`);
        }
      }
    } else if (isObject(doc)) state = doc;
    const run = basename(dir);
    const adapter = isObject(state?.adapter_spec) ? state!.adapter_spec : {};
    let model = toText(adapter.model)?.trim();
    if (!model) {
      model = modelFromRunName(run);
      notes.push(model ? `model "${model}" from the run folder name (first "_" read as "/")` : 'no model in the run');
    }
    if (!model) {
      sink.problem({ line: 0, message: 'no model: neither adapter_spec.model nor model= in the run folder name' });
      return { format };
    }
    const base = { ...modelFields(model), task: taskFromRunName(run) };
    const shots = toCount(adapter.max_train_instances);
    const joined = state ? requestTexts(state) : new Map<string, Texts>();
    if (isStats) readStats(doc, text, base, shots, joined, sink, ctx.signal);
    else {
      // scenario_state alone: texts only. Entries are not located (line 1): finding them would
      // mean re-scanning a document that is often tens of megabytes of prompts.
      for (const [key, t] of joined) {
        if (ctx.signal?.aborted) throw new AbortError();
        const [id, trial] = splitKey(key);
        const rec: ItemRecord = { ...base, itemId: id, epoch: trial, line: 1, ...t.fields };
        if (shots !== undefined) rec.shots = shots;
        if (rec.prediction === undefined && rec.targetTokenLogProbs === undefined) {
          sink.problem({ line: rec.line, message: `instance ${id}: no completion to score` });
          continue;
        }
        sink.item(rec);
      }
    }
    return { format, notes };
  },
};

interface Texts {
  fields: Pick<ItemRecord, 'target' | 'prediction' | 'targetTokenLogProbs'>;
}

function readStats(
  doc: unknown[],
  text: string,
  base: { model: string; family?: string; params?: number; task: string },
  shots: number | undefined,
  joined: Map<string, Texts>,
  sink: RecordSink,
  signal?: AbortSignal,
): void {
  const at = lineLocator(text);
  let cursor = 0;
  const spans = arraySpans(text, text.search(/\S/), doc.length);
  for (const [i, entry] of doc.entries()) {
    if (signal?.aborted) throw new AbortError();
    // Within the entry's own span, so an entry without instance_id keeps its own line.
    const pos = spans ? findKeyIn(text, 'instance_id', spans[i]!) : findKey(text, 'instance_id', cursor);
    if (pos >= 0) cursor = pos + 1;
    const line = pos >= 0 ? at(pos) : 1;
    if (!isObject(entry)) {
      sink.problem({ line, message: `entry ${i} is not an object` });
      continue;
    }
    // Perturbed copies (robustness, fairness) are other inputs, not repeats of the item.
    if (entry.perturbation) continue;
    const id = toText(entry.instance_id);
    if (id === undefined) {
      sink.problem({ line, message: `entry ${i}: no instance_id` });
      continue;
    }
    const trial = toCount(entry.train_trial_index) ?? 0;
    const scores: Record<string, number> = {};
    for (const s of Array.isArray(entry.stats) ? entry.stats : []) {
      if (!isObject(s) || !isObject(s.name) || s.name.perturbation) continue;
      const name = toText(s.name.name);
      const count = toFiniteNumber(s.count);
      const mean = toFiniteNumber(s.mean) ?? (count ? (toFiniteNumber(s.sum) ?? NaN) / count : undefined);
      if (name === undefined || mean === undefined || !Number.isFinite(mean) || count === 0) continue;
      scores[name] = mean;
    }
    const texts = joined.get(`${id}\u0000${trial}`);
    const rec: ItemRecord = { ...base, itemId: id, epoch: trial, line, ...texts?.fields };
    if (shots !== undefined) rec.shots = shots;
    if (Object.keys(scores).length > 0) rec.scores = scores;
    if (!rec.scores && (rec.prediction === undefined || rec.target === undefined)) {
      sink.problem({ line, message: `instance ${id}: no unperturbed stats and no texts` });
      continue;
    }
    sink.item(rec);
  }
}

/** Target and prediction per (instance id, trial) from the unperturbed, whole-instance requests. */
function requestTexts(state: Record<string, unknown>): Map<string, Texts> {
  const out = new Map<string, Texts>();
  const list = Array.isArray(state.request_states) ? state.request_states : [];
  for (const rs of list) {
    if (!isObject(rs) || !isObject(rs.instance)) continue;
    const inst = rs.instance;
    // reference_index is set for per-choice requests (multiple_choice_separate): not one answer.
    if (inst.perturbation || (rs.reference_index !== undefined && rs.reference_index !== null)) continue;
    const id = toText(inst.id);
    if (id === undefined) continue;
    const trial = toCount(rs.train_trial_index) ?? 0;
    const fields: Texts['fields'] = {};
    const refs = Array.isArray(inst.references) ? inst.references : [];
    const correct = refs.find((r) => isObject(r) && Array.isArray(r.tags) && r.tags.includes('correct'));
    const target = isObject(correct) && isObject(correct.output) ? toText(correct.output.text) : undefined;
    if (target !== undefined) fields.target = target;
    const result = isObject(rs.result) ? rs.result : {};
    const first = Array.isArray(result.completions) ? result.completions[0] : undefined;
    const request = isObject(rs.request) ? rs.request : {};
    if (isObject(first)) {
      const raw = toText(first.text);
      const mapping = isObject(rs.output_mapping) ? rs.output_mapping : undefined;
      // Joint multiple choice answers a letter; output_mapping turns it back into the choice text.
      const mapped = raw !== undefined && mapping ? toText(mapping[raw.trim()]) : undefined;
      if (mapped !== undefined || raw !== undefined) fields.prediction = mapped ?? raw;
      // Language-modelling requests echo the input with max_tokens 0: the tokens scored are the text's own.
      if (request.echo_prompt === true && toFiniteNumber(request.max_tokens) === 0 && Array.isArray(first.tokens)) {
        const lps = first.tokens.map((t) => (isObject(t) ? toFiniteNumber(t.logprob) : undefined));
        if (lps.length > 0 && lps.every((x) => x !== undefined)) {
          fields.targetTokenLogProbs = lps as number[];
          delete fields.prediction;
          const input = isObject(inst.input) ? toText(inst.input.text) : undefined;
          if (input !== undefined) fields.target = input;
        }
      }
    }
    if (!out.has(`${id}\u0000${trial}`)) out.set(`${id}\u0000${trial}`, { fields });
  }
  return out;
}

function splitKey(key: string): [string, number] {
  const i = key.lastIndexOf('\u0000');
  return [key.slice(0, i), Number(key.slice(i + 1))];
}

/** "mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2" -> "mmlu:subject=anatomy,method=multiple_choice_joint". */
export function taskFromRunName(run: string): string {
  const colon = run.indexOf(':');
  if (colon < 0) return run;
  const args = run
    .slice(colon + 1)
    .split(',')
    .filter((a) => !/^(model|model_deployment)=/.test(a));
  return args.length > 0 ? `${run.slice(0, colon)}:${args.join(',')}` : run.slice(0, colon);
}

/** The model= argument of a run name; HELM writes "org/name" as "org_name" there. */
function modelFromRunName(run: string): string | undefined {
  const m = /(?:^|[:,])model=([^,]+)/.exec(run);
  if (!m) return undefined;
  return m[1]!.replace('_', '/');
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}
