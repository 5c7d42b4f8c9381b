/**
 * Inspect AI logs in the JSON format (`inspect eval --log-format json`): one document with `version`,
 * `eval` (task, model), `results`, and `samples` (one entry per sample and epoch).
 *
 * Verified against the real log shared/data/formats/inspect_ai_log_read_sample.json (see
 * inspectSample.ts for what that file does and does not exercise).
 */
import type { FormatReader, ReadOutcome } from './reader';
import { AbortError } from '../io/lines';
import { isObject, toText } from './jsonValues';
import { arraySpansOfKey, findKey, lineLocator } from './lineLocator';
import { emitInspectResults, inspectBase, inspectSampleToRecord } from './inspectSample';
import { readJsonDocument } from './readText';

/** Reads Inspect AI .json logs (format id "inspect-json"). */
export const inspectJsonReader: FormatReader = {
  id: 'inspect-json',
  detect(path, head) {
    try {
      const text = head.toString('utf8').replace(/^\ufeff/, '');
      if (!/^\s*\{/.test(text)) return false;
      // Inspect writes "version" then "status" then "eval" {eval_id, run_id, created, task, ...}.
      const evalObj = /"eval"\s*:\s*\{/.test(text);
      const ids = /"(eval_id|run_id|task_id)"\s*:/.test(text);
      const version = /^\s*\{\s*"version"\s*:\s*\d/.test(text) || /"version"\s*:\s*\d/.test(text);
      return evalObj && ids && version && /"model"\s*:/.test(text);
    } catch {
      return false;
    }
  },
  async read(path, sink, ctx): Promise<ReadOutcome> {
    const read = await readJsonDocument(path, sink);
    if (read === undefined) return { format: 'inspect-json' };
    const text = read.text;
    const doc = read.value;
    const base = isObject(doc) ? inspectBase(doc.eval) : undefined;
    if (!isObject(doc) || !base) {
      sink.problem({ line: 0, message: 'no eval.model and eval.task: not an Inspect log' });
      return { format: 'inspect-json' };
    }
    const notes: string[] = [];
    if (doc.status !== undefined && doc.status !== 'success') notes.push(`log status "${toText(doc.status) ?? '?'}"`);
    const at = lineLocator(text);
    const samples = Array.isArray(doc.samples) ? doc.samples : [];
    if (samples.length === 0) {
      const n = emitInspectResults(doc.results, base, Math.max(1, at(findKey(text, 'results'))), sink);
      notes.push(n > 0 ? 'no samples logged: read the eval-level results only' : 'no samples and no results in the log');
      return { format: 'inspect-json', notes };
    }
    let cursor = Math.max(0, findKey(text, 'samples'));
    const spans = arraySpansOfKey(text, 'samples', samples.length);
    for (const [i, sample] of samples.entries()) {
      if (ctx.signal?.aborted) throw new AbortError();
      // Within the sample's own span: a sample without an id (or not an object) is located at its
      // start rather than at line 1.
      const span = spans?.[i];
      let pos: number;
      if (span) {
        const sub = isObject(sample) ? findId(text.slice(span[0], span[1]), sample.id, 0) : -1;
        pos = sub >= 0 ? span[0] + sub : span[0];
      } else pos = isObject(sample) ? findId(text, sample.id, cursor) : -1;
      if (pos >= 0) cursor = pos + 1;
      const line = pos >= 0 ? at(pos) : 1;
      const res = inspectSampleToRecord(sample, line, base);
      if ('message' in res) sink.problem({ line, message: res.message });
      else sink.item(res.record);
    }
    ctx.onProgress?.(Buffer.byteLength(text));
    return { format: 'inspect-json', notes };
  },
};

/** Offset of the sample's `"id": <id>` at or after `from`: the line a sample's entry starts on. */
function findId(text: string, id: unknown, from: number): number {
  if (typeof id !== 'string' && typeof id !== 'number') return -1;
  const want = JSON.stringify(id);
  for (let i = findKey(text, 'id', from); i >= 0; i = findKey(text, 'id', i + 1)) {
    let j = text.indexOf(':', i + 4) + 1;
    while (text[j] === ' ' || text[j] === '\n' || text[j] === '\r' || text[j] === '\t') j++;
    if (text.startsWith(want, j) && !/[\w.]/.test(text[j + want.length] ?? '')) return i;
  }
  return -1;
}
