/**
 * BIG-bench score files, `bigbench/benchmark_tasks/<task>/results/scores_<family>_<size>.json`:
 * `model` {model_family, model_name, total_params, non_embedding_params, ...} and `scores`
 * [{preferred_score, number_of_shots, subtask_description, score_dict {metric: value}}], sometimes a
 * `task` {task_name} or top-level `task_name`. One AggregateRecord per (subtask, shots, metric).
 *
 * UNVERIFIED against a real file: written from the BIG-bench results API (ResultsFileData /
 * ScoreData / ModelData) and published code that reads these files; shared/data has no example.
 * BIG-bench logs no item counts in these files, so n stays undefined.
 */
import { basename } from 'node:path';
import type { FormatReader, ReadOutcome } from './reader';
import type { AggregateRecord } from '../types';
import { AbortError } from '../io/lines';
import { isObject, toCount, toFiniteNumber, toText } from './jsonValues';
import { arraySpansOfKey, findKey, findKeyIn, lineLocator } from './lineLocator';
import { parseScale } from '../analysis/modelName';
import { readJsonDocument } from './readText';

/** Reads BIG-bench scores_<family>_<size>.json files (format id "bigbench-scores"). */
export const bigbenchScoresReader: FormatReader = {
  id: 'bigbench-scores',
  detect(path, head) {
    try {
      const text = head.toString('utf8').replace(/^\ufeff/, '');
      if (!/^\s*\{/.test(text)) return false;
      const modelKeys = /"model_family"\s*:/.test(text) || /"non_embedding_params"\s*:/.test(text);
      const scoreKeys = /"score_dict"\s*:/.test(text) || /"preferred_score"\s*:/.test(text);
      if (modelKeys && scoreKeys) return true;
      // "scores" may come before "model" and run past the head: the file name is the fallback.
      return scoreKeys && /^scores_.+\.json(\.gz)?$/i.test(basename(path));
    } catch {
      return false;
    }
  },
  async read(path, sink, ctx): Promise<ReadOutcome> {
    const format = 'bigbench-scores';
    const read = await readJsonDocument(path, sink);
    if (read === undefined) return { format };
    const text = read.text;
    const doc = read.value;
    if (!isObject(doc) || !Array.isArray(doc.scores)) {
      sink.problem({ line: 0, message: 'no "scores" list: not a BIG-bench score file' });
      return { format };
    }
    const model = isObject(doc.model) ? doc.model : {};
    const modelName = toText(model.model_name)?.trim() || basename(path).replace(/^scores_|\.json(\.gz)?$/gi, '');
    const family = toText(model.model_family)?.trim();
    const params = parseScale(model.total_params) ?? parseScale(model.non_embedding_params);
    const taskName =
      (isObject(doc.task) ? toText(doc.task.task_name) : undefined) ?? toText(doc.task_name) ?? taskFromPath(path);
    const notes = ['BIG-bench score file (layout unverified against a real file)'];
    if (params === undefined) notes.push('no total_params or non_embedding_params: size left to the model name');
    const at = lineLocator(text);
    let cursor = Math.max(0, findKey(text, 'scores'));
    const spans = arraySpansOfKey(text, 'scores', doc.scores.length);
    for (const [i, entry] of doc.scores.entries()) {
      if (ctx.signal?.aborted) throw new AbortError();
      // Within the entry's own span, so an entry without score_dict keeps its own line.
      const pos = spans ? findKeyIn(text, 'score_dict', spans[i]!) : findKey(text, 'score_dict', cursor);
      if (pos >= 0) cursor = pos + 1;
      const line = pos >= 0 ? at(pos) : 1;
      if (!isObject(entry) || !isObject(entry.score_dict)) {
        sink.problem({ line, message: `scores[${i}] has no score_dict` });
        continue;
      }
      const task = toText(entry.subtask_description)?.trim() || taskName;
      if (!task) {
        sink.problem({ line, message: `scores[${i}]: no subtask_description and no task name` });
        continue;
      }
      const shots = toCount(entry.number_of_shots);
      for (const [metric, raw] of Object.entries(entry.score_dict)) {
        const value = toFiniteNumber(raw);
        if (value === undefined) {
          sink.problem({ line, message: `scores[${i}].score_dict.${metric}: not a number` });
          continue;
        }
        const rec: AggregateRecord = { model: modelName, task, metric, value, line };
        if (family) rec.family = family;
        if (params !== undefined) rec.params = params;
        if (shots !== undefined) rec.shots = shots;
        sink.aggregate(rec);
      }
    }
    ctx.onProgress?.(Buffer.byteLength(text));
    return { format, notes };
  },
};

/** The task folder of benchmark_tasks/<task>/results/scores_*.json, when the file sits there. */
function taskFromPath(path: string): string | undefined {
  const parts = path.split(/[\\/]/);
  const i = parts.lastIndexOf('results');
  return i > 0 ? parts[i - 1] : undefined;
}
