/**
 * What lm-evaluation-harness (v0.4) puts in its output names: `<output>/<model_sanitized>/` holding
 * `results_<timestamp>.json` and `samples_<task>_<timestamp>.jsonl`, with timestamps like
 * 2024-05-01T12-00-00.123456 (an ISO time with ':' replaced by '-'). Pure string functions.
 */
import { basename, dirname } from 'node:path';
import { isObject } from './jsonValues';

const TS = '(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}(?:\\.\\d+)?)';
const SAMPLES = new RegExp(`^samples_(.+)_${TS}\\.jsonl(?:\\.gz)?$`, 'i');
const RESULTS = new RegExp(`^results_${TS}\\.json(?:\\.gz)?$`, 'i');

/** A parsed lm-eval output file name. */
export type LmEvalFileName =
  | { kind: 'samples'; task: string; timestamp: string }
  | { kind: 'results'; timestamp: string };

/** Parses an lm-eval samples or results file name (any folder); undefined for other names. */
export function parseLmEvalFileName(path: string): LmEvalFileName | undefined {
  const name = basename(path);
  const s = SAMPLES.exec(name);
  if (s) return { kind: 'samples', task: s[1]!, timestamp: s[2]! };
  const r = RESULTS.exec(name);
  if (r) return { kind: 'results', timestamp: r[1]! };
  return undefined;
}

/** The task of a samples file: from the lm-eval name, else the name without "samples_" and extension. */
export function taskOfSamplesFile(path: string): string {
  const parsed = parseLmEvalFileName(path);
  if (parsed?.kind === 'samples') return parsed.task;
  return basename(path).replace(/\.jsonl(\.gz)?$/i, '').replace(/^samples_/i, '');
}

/**
 * A sortable form of a timestamp: the fraction padded to 6 digits so "12-00-00.5" sorts after
 * "12-00-00.123456" and a missing fraction sorts first.
 */
export function timestampKey(ts: string): string {
  const dot = ts.indexOf('.');
  const whole = dot < 0 ? ts : ts.slice(0, dot);
  const frac = dot < 0 ? '' : ts.slice(dot + 1);
  return `${whole}.${frac.padEnd(9, '0')}`;
}

/**
 * Undoes lm-eval's folder-name sanitising: it replaces runs of `"<>:/\|?*[]` with "__", so
 * "EleutherAI__pythia-1.4b" was "EleutherAI/pythia-1.4b". A local path loses its leading slash.
 */
export function unsanitizeModelDir(dir: string): string {
  return dir.split('__').filter((p) => p.length > 0).join('/') || dir;
}

/** The model folder name of an lm-eval output file (its parent folder). */
export function modelDirOf(path: string): string {
  return basename(dirname(path));
}

/**
 * The model named in lm-eval `model_args`: a "pretrained=org/name,revision=x" string (v0.3 and v0.4)
 * or an object (v0.4 when given as a dict). Also returns the revision, which names a training checkpoint.
 */
export function parseModelArgs(args: unknown): { model?: string; revision?: string } {
  const pairs = new Map<string, string>();
  if (typeof args === 'string') {
    for (const part of args.split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) pairs.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  } else if (isObject(args)) {
    for (const [k, v] of Object.entries(args)) if (typeof v === 'string') pairs.set(k, v);
  }
  // "pretrained" for hf/vllm, "model" for API backends, "engine" for old OpenAI ones, "path" for gguf.
  const model = ['pretrained', 'model', 'engine', 'path'].map((k) => pairs.get(k)).find((v) => v);
  return { model, revision: pairs.get('revision') || undefined };
}
