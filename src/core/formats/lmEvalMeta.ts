/**
 * Run facts an lm-evaluation-harness results JSON carries beyond its numbers: which model, which
 * checkpoint, how many shots per task, which harness version wrote it. Shared by the results reader
 * and the samples reader (a samples file has no model name of its own; its sibling results file does).
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isObject, toCount } from './jsonValues';
import { modelDirOf, parseLmEvalFileName, parseModelArgs, timestampKey, unsanitizeModelDir } from './lmEvalNames';
import { parseJson, readText } from './readText';

/** What a results file says about its run. */
export interface LmEvalRunMeta {
  /** "v0.4" when the file has v0.4 keys ("n-shot", "configs", "metric,filter" names), else "v0.3". */
  version: 'v0.3' | 'v0.4';
  /** The model as the run named it, when it did. */
  model?: string;
  /** Where the model name came from ("model_name", "config.model_args", ...), for notes. */
  modelSource?: string;
  /** The checkpoint revision from model_args (e.g. "step143000"). */
  revision?: string;
  /** Few-shot count of a task, when logged. */
  shots(task: string): number | undefined;
}

/** Whether a parsed JSON document looks like an lm-eval results file (v0.3 or v0.4). */
export function isLmEvalResults(doc: unknown): doc is Record<string, unknown> {
  if (!isObject(doc) || !isObject(doc.results)) return false;
  return ['versions', 'config', 'configs', 'n-shot', 'n-samples', 'lm_eval_version'].some((k) => k in doc);
}

/** Reads the run facts of a parsed results document. */
export function lmEvalMeta(doc: Record<string, unknown>): LmEvalRunMeta {
  const results = isObject(doc.results) ? doc.results : {};
  const v04 =
    ['n-shot', 'configs', 'n-samples', 'lm_eval_version', 'model_name'].some((k) => k in doc) ||
    Object.values(results).some((r) => isObject(r) && Object.keys(r).some((k) => k.includes(',')));
  const config = isObject(doc.config) ? doc.config : {};
  const args = parseModelArgs(config.model_args);
  let model: string | undefined;
  let modelSource: string | undefined;
  if (typeof doc.model_name === 'string' && doc.model_name.trim()) {
    model = doc.model_name.trim();
    modelSource = 'model_name';
  } else if (args.model) {
    model = args.model;
    modelSource = 'config.model_args';
  }
  const nShot = isObject(doc['n-shot']) ? doc['n-shot'] : {};
  const configs = isObject(doc.configs) ? doc.configs : {};
  const globalShots = toCount(config.num_fewshot);
  return {
    version: v04 ? 'v0.4' : 'v0.3',
    model,
    modelSource,
    revision: args.revision,
    shots(task) {
      const perTask = toCount(nShot[task]);
      if (perTask !== undefined) return perTask;
      const cfg = configs[task];
      const fromConfig = isObject(cfg) ? toCount(cfg.num_fewshot) : undefined;
      return fromConfig ?? globalShots;
    },
  };
}

/** A model name from the output folder, for files whose run left no name ("org__name" -> "org/name"). */
export function modelFromFolder(path: string): string {
  return unsanitizeModelDir(modelDirOf(path));
}

// Results files are small next to samples files; this bound only guards against a mislabelled file.
const MAX_SIBLING_BYTES = 64 * 1024 * 1024;

/**
 * The results file that belongs with a samples file: the one in the same folder with the same
 * timestamp, else the newest results file there. Undefined when none parses.
 */
export async function siblingResultsMeta(
  samplesPath: string,
): Promise<{ file: string; meta: LmEvalRunMeta } | undefined> {
  const dir = dirname(samplesPath);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  const own = parseLmEvalFileName(samplesPath);
  const candidates = names
    .map((n) => ({ n, p: parseLmEvalFileName(n) }))
    .filter((c) => c.p?.kind === 'results' || /^results\.json(\.gz)?$/i.test(c.n))
    .map((c) => ({ n: c.n, key: c.p ? timestampKey(c.p.timestamp) : '' }))
    .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  const same = own ? candidates.find((c) => c.key === timestampKey(own.timestamp)) : undefined;
  const ordered = same ? [same, ...candidates.filter((c) => c !== same)] : candidates;
  for (const c of ordered) {
    const file = join(dir, c.n);
    try {
      const parsed = parseJson(await readText(file, MAX_SIBLING_BYTES));
      if ('value' in parsed && isLmEvalResults(parsed.value)) return { file: basename(file), meta: lmEvalMeta(parsed.value) };
    } catch {
      // An unreadable sibling only means the model name falls back to the folder name.
    }
  }
  return undefined;
}
