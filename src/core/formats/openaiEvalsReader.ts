/**
 * OpenAI evals run logs (`oaieval` LocalRecorder JSONL): a `{"spec": {...}}` line, event lines
 * `{run_id, event_id, sample_id, type, data, created_by, created_at}`, and a `{"final_report": ...}`
 * line (written when the run ends, so it may come before the last flushed events). One ItemRecord
 * per sample and match event.
 *
 * UNVERIFIED against a real log: written from evals/record.py (RecorderBase, LocalRecorder,
 * record_match / record_sampling / record_metrics); shared/data has no example. Tolerant: unknown
 * event types are ignored, and a log without a spec line still reads (model "unknown").
 *
 * Task name: RunSpec has base_eval and split, and eval_name is "<base_eval>.<split>.<version>"
 * (e.g. "test-match.s1.simple-v0"). When eval_name has that shape the task is base_eval; when it
 * ends in ".<dev|test|val|train>.v<N>" that suffix is dropped; otherwise eval_name is kept as is.
 */
import type { FormatReader, ReadOutcome } from './reader';
import type { ItemRecord } from '../types';
import { isObject, toScore, toText } from './jsonValues';
import { forEachJsonLine } from './forEachJsonLine';
import { modelFields } from './modelFields';
import { firstLines } from './lineLocator';

interface SampleEvents {
  line: number;
  matches: Record<string, unknown>[];
  sampled?: string;
  metrics: Record<string, number>;
}

/** Reads OpenAI evals JSONL run logs (format id "openai-evals"). */
export const openaiEvalsReader: FormatReader = {
  id: 'openai-evals',
  detect(_path, head) {
    try {
      const text = head.toString('utf8').replace(/^\ufeff/, '');
      // The first few non-blank lines, so a blank or damaged first line does not lose the file.
      return firstLines(text).some((line) => {
        if (/^\s*\{\s*"spec"\s*:\s*\{/.test(line)) return /"(completion_fns|eval_name|base_eval)"\s*:/.test(line);
        return ['run_id', 'event_id', 'sample_id', 'type', 'data'].every((k) => new RegExp(`"${k}"\\s*:`).test(line));
      });
    } catch {
      return false;
    }
  },
  async read(path, sink, ctx): Promise<ReadOutcome> {
    const format = 'openai-evals';
    const notes: string[] = [];
    let spec: Record<string, unknown> | undefined;
    const samples = new Map<string, SampleEvents>();
    await forEachJsonLine(
      path,
      sink,
      (obj, line) => {
        if (!isObject(obj)) {
          sink.problem({ line, message: 'not a JSON object' });
          return;
        }
        if (isObject(obj.spec)) {
          spec ??= obj.spec;
          return;
        }
        if ('final_report' in obj) return;
        const id = toText(obj.sample_id);
        if (id === undefined || typeof obj.type !== 'string') {
          sink.problem({ line, message: 'event without sample_id or type' });
          return;
        }
        let s = samples.get(id);
        if (!s) samples.set(id, (s = { line, matches: [], metrics: {} }));
        const data = isObject(obj.data) ? obj.data : {};
        if (obj.type === 'match') s.matches.push(data);
        else if (obj.type === 'sampling') s.sampled ??= firstText(data.sampled);
        else if (obj.type === 'metrics') {
          for (const [k, v] of Object.entries(data)) {
            const n = toScore(v);
            if (n !== undefined) s.metrics[k] = n;
          }
        }
      },
      { signal: ctx.signal, onProgress: ctx.onProgress },
    );
    const fns = spec && Array.isArray(spec.completion_fns) ? spec.completion_fns.map(toText).filter((x) => x) : [];
    const model = (fns[0] as string | undefined) ?? 'unknown';
    if (!spec) notes.push('no spec line: model unknown');
    if (fns.length > 1) notes.push(`several completion functions (${fns.join(', ')}): records use the first`);
    const { task, note } = taskOf(spec, path);
    if (note) notes.push(note);
    const base = { ...modelFields(model), task };
    for (const [id, s] of samples) {
      const matches = s.matches.length > 0 ? s.matches : [undefined];
      for (const [k, m] of matches.entries()) {
        const rec: ItemRecord = { ...base, itemId: id, line: s.line };
        // Several match events for one sample are repeated attempts at the same item.
        if (s.matches.length > 1) rec.epoch = k;
        const scores: Record<string, number> = { ...s.metrics };
        if (m) {
          const correct = toScore(m.correct);
          if (correct !== undefined) scores.correct = correct;
          const expected = Array.isArray(m.expected) ? m.expected.map(toText).filter((x) => x !== undefined).join(', ') : toText(m.expected);
          if (expected !== undefined) rec.target = expected;
          const picked = toText(m.picked) ?? firstText(m.sampled) ?? s.sampled;
          if (picked !== undefined) rec.prediction = picked;
        } else if (s.sampled !== undefined) rec.prediction = s.sampled;
        if (Object.keys(scores).length > 0) rec.scores = scores;
        if (!rec.scores && (rec.target === undefined || rec.prediction === undefined)) {
          sink.problem({ line: s.line, message: `sample ${id}: no match, metrics or target/prediction events` });
          continue;
        }
        sink.item(rec);
      }
    }
    return { format, notes };
  },
};

function firstText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return Array.isArray(v) ? toText(v[0]) : undefined;
}

const SPLIT_VERSION = /^(.+)\.(dev|test|val|valid|validation|train)\.v\d+$/;

/** The task name from the run spec (see the module comment), else the file name. */
export function taskOf(spec: Record<string, unknown> | undefined, path: string): { task: string; note?: string } {
  const name = spec ? toText(spec.eval_name) : undefined;
  if (!name) {
    const file = path.split(/[\\/]/).pop() ?? path;
    return { task: file.replace(/\.jsonl(\.gz)?$/i, ''), note: 'no eval_name: task from the file name' };
  }
  const base = toText(spec?.base_eval);
  const split = toText(spec?.split);
  if (base && split && (name === `${base}.${split}` || name.startsWith(`${base}.${split}.`))) {
    return { task: base, note: `task "${base}" from eval_name "${name}" (split "${split}" and version dropped)` };
  }
  const m = SPLIT_VERSION.exec(name);
  if (m) return { task: m[1]!, note: `task "${m[1]}" from eval_name "${name}" (split and version dropped)` };
  return { task: name };
}
