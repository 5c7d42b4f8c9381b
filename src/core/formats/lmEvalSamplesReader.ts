/**
 * lm-evaluation-harness v0.4 per-sample logs: `samples_<task>_<timestamp>.jsonl[.gz]`, usually in a
 * `<model_name_sanitized>/` folder next to `results_<timestamp>.json`. Streamed line by line.
 *
 * Verified against: the documented v0.4 layout and published snippets of real lines (see
 * lmEvalSample.ts); shared/data has no real samples file, so the fixture generator in
 * test/unit/formats/fixtures.ts follows that layout.
 *
 * The model comes from the sibling results file (model_name, else model_args pretrained=), else from
 * the folder name; the few-shot count from that results file's n-shot. One filter is kept per file
 * (lmEvalFilters.ts).
 */
import { forEachJsonLine } from './forEachJsonLine';
import { basename } from 'node:path';
import type { FormatReader, ReadOutcome } from './reader';
import { firstLines } from './lineLocator';
import { modelFields } from './modelFields';
import { parseLmEvalFileName, taskOfSamplesFile } from './lmEvalNames';
import { modelFromFolder, siblingResultsMeta } from './lmEvalMeta';
import { isLmEvalSample, lmEvalSampleToRecord, type SampleBase } from './lmEvalSample';
import { OneFilter } from './lmEvalFilters';

/** Reads lm-eval v0.4 samples_<task>_<ts>.jsonl files (format id "lm-eval-samples"). */
export const lmEvalSamplesReader: FormatReader = {
  id: 'lm-eval-samples',
  detect(path, head) {
    try {
      const text = head.toString('utf8').replace(/^\ufeff/, '');
      // The first few non-blank lines: a blank or damaged first line must not hand the whole file
      // to the generic JSONL reader (which would lose every sample).
      return firstLines(text).some((line) => looksLikeSample(line, path));
    } catch {
      return false;
    }
  },
  async read(path, sink, ctx): Promise<ReadOutcome> {
    const notes: string[] = [];
    const task = taskOfSamplesFile(path);
    const sibling = await siblingResultsMeta(path);
    let modelName = sibling?.meta.model;
    if (sibling && modelName) {
      notes.push(`model "${modelName}" from ${sibling.file} (${sibling.meta.modelSource})`);
      if (sibling.meta.revision) notes.push(`checkpoint revision ${sibling.meta.revision}`);
    } else {
      modelName = modelFromFolder(path);
      notes.push(`model "${modelName}" from the folder name (no results file naming a model beside it)`);
    }
    const base: SampleBase = { task, ...modelFields(modelName) };
    const shots = sibling?.meta.shots(task);
    if (shots !== undefined) base.shots = shots;
    const filters = new OneFilter(sink);
    await forEachJsonLine(
      path,
      sink,
      (obj, line) => {
        if (!isLmEvalSample(obj)) {
          sink.problem({ line, message: 'not an lm-eval sample (needs doc_id and filtered_resps or resps)' });
          return;
        }
        const res = lmEvalSampleToRecord(obj, line, base);
        if (res.kind === 'skip') filters.skip(res.filter, { line, message: res.message });
        else filters.item(res.filter, res.record, res.warning);
      },
      { signal: ctx.signal, onProgress: ctx.onProgress },
    );
    notes.push(...filters.finish(basename(path)));
    return { format: 'lm-eval-samples', notes };
  },
};

function looksLikeSample(line: string, path: string): boolean {
  // The line may be cut at 64 KiB (long docs), so keys are matched as text rather than parsed.
  if (!/^\s*\{/.test(line) || !/"doc_id"\s*:/.test(line)) return false;
  const responses = /"(filtered_resps|resps)"\s*:/.test(line);
  // lm-eval writes doc_id first; rows re-saved by other tools may not, so they need more keys.
  if (/^\s*\{\s*"doc_id"\s*:/.test(line)) {
    // A doc longer than the head hides the response keys: the lm-eval file name decides.
    return responses || parseLmEvalFileName(path)?.kind === 'samples';
  }
  return responses && /"(doc_hash|arguments)"\s*:/.test(line);
}
