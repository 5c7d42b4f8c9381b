/**
 * Inspect AI logs in the binary `.eval` format: a ZIP holding header.json (eval spec and results),
 * samples/<id>_epoch_<n>.json (one EvalSample each), summaries.json, reductions.json and, while a
 * run is in progress, _journal/start.json instead of header.json.
 *
 * Verified against the real log shared/data/formats/inspect_ai_log_read_sample.eval (deflated
 * members, one sample). Sizes are bounded from the ZIP directory before inflating, so a huge or
 * hostile archive is reported as a problem instead of exhausting memory.
 */
import { stat, readFile } from 'node:fs/promises';
import { unzipSync, type Unzipped } from 'fflate';
import type { FormatReader, ReadOutcome } from './reader';
import type { RecordSink } from '../types';
import { AbortError } from '../io/lines';
import { isObject } from './jsonValues';
import { emitInspectResults, inspectBase, inspectSampleToRecord } from './inspectSample';

/** Limits on what one .eval archive may make us hold in memory. */
export interface EvalLimits {
  /** Compressed file size. */
  maxFileBytes: number;
  /** Sum of the uncompressed sizes of the members read. */
  maxTotalBytes: number;
  /** One member (it becomes one string, and V8 strings stop near 512 MiB). */
  maxMemberBytes: number;
}

/** 1 GiB compressed, 2 GiB uncompressed in total, 400 MiB per member. */
export const DEFAULT_EVAL_LIMITS: EvalLimits = {
  maxFileBytes: 1024 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxMemberBytes: 400 * 1024 * 1024,
};

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const SAMPLE_MEMBER = /^samples\/.+\.json$/;
const HEADERS = ['header.json', '_journal/start.json'];

/** Builds the .eval reader with the given size limits (tests use small ones). */
export function createInspectEvalReader(limits: EvalLimits = DEFAULT_EVAL_LIMITS): FormatReader {
  return {
    id: 'inspect-eval',
    detect(path, head) {
      try {
        if (head.length < 4 || !ZIP_MAGIC.every((b, i) => head[i] === b)) return false;
        // Member names sit in plain text in the local headers near the start of the archive.
        const text = head.toString('latin1');
        return /\.eval$/i.test(path) || text.includes('header.json') || text.includes('_journal/start.json');
      } catch {
        return false;
      }
    },
    read: (path, sink, ctx) => readEval(path, sink, limits, ctx.signal),
  };
}

/** The .eval reader with default limits (2 GiB uncompressed in total). */
export const inspectEvalReader: FormatReader = createInspectEvalReader();

async function readEval(path: string, sink: RecordSink, limits: EvalLimits, signal?: AbortSignal): Promise<ReadOutcome> {
  const format = 'inspect-eval';
  const { size } = await stat(path);
  if (size > limits.maxFileBytes) {
    sink.problem({ line: 0, message: `archive is ${mib(size)}, over the ${mib(limits.maxFileBytes)} limit for .eval logs` });
    return { format };
  }
  const data = new Uint8Array(await readFile(path));
  let total = 0;
  const refused: string[] = [];
  const order: string[] = [];
  let files: Unzipped;
  try {
    files = unzipSync(data, {
      filter(f) {
        if (!HEADERS.includes(f.name) && !SAMPLE_MEMBER.test(f.name)) return false;
        // fflate inflates only stored (0) and deflated (8) members; others would throw mid-archive.
        if (f.compression !== 0 && f.compression !== 8) {
          refused.push(`${f.name}: compression method ${f.compression} not supported`);
          return false;
        }
        if (f.originalSize > limits.maxMemberBytes || total + f.originalSize > limits.maxTotalBytes) {
          refused.push(`${f.name}: ${mib(f.originalSize)} uncompressed would pass the ${mib(limits.maxTotalBytes)} total / ${mib(limits.maxMemberBytes)} per-member limit`);
          return false;
        }
        total += f.originalSize;
        order.push(f.name);
        return true;
      },
    });
  } catch (e) {
    sink.problem({ line: 0, message: `not a readable ZIP archive: ${e instanceof Error ? e.message : String(e)}` });
    return { format };
  }
  const decoder = new TextDecoder();
  const parseMember = (name: string): unknown => {
    const bytes = files[name];
    delete files[name]; // let each member's bytes go once parsed
    if (!bytes) return undefined;
    return JSON.parse(decoder.decode(bytes)) as unknown;
  };
  const headerName = HEADERS.find((h) => h in files);
  let header: unknown;
  try {
    header = headerName ? parseMember(headerName) : undefined;
  } catch (e) {
    sink.problem({ line: 0, message: `${headerName}: not valid JSON: ${e instanceof Error ? e.message : String(e)}` });
  }
  const base = isObject(header) ? inspectBase(header.eval) : undefined;
  if (!base) {
    sink.problem({ line: 0, message: 'no header.json (or _journal/start.json) with eval.model and eval.task' });
    return { format };
  }
  const notes: string[] = [];
  if (headerName !== 'header.json') notes.push('no header.json: the run had not finished; read what it logged');
  for (const r of refused) sink.problem({ line: 0, message: r });
  const samples = order.filter((n) => SAMPLE_MEMBER.test(n));
  let index = 0;
  for (const name of samples) {
    if (signal?.aborted) throw new AbortError();
    index++;
    let sample: unknown;
    try {
      sample = parseMember(name);
    } catch (e) {
      sink.problem({ line: index, message: `${name}: not valid JSON: ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    // Records of a binary format are located by their 1-based member index among the samples.
    const res = inspectSampleToRecord(sample, index, base);
    if ('message' in res) sink.problem({ line: index, message: `${name}: ${res.message}` });
    else sink.item(res.record);
  }
  if (samples.length === 0 && isObject(header)) {
    const n = emitInspectResults(header.results, base, 1, sink);
    notes.push(n > 0 ? 'no samples in the archive: read the eval-level results only' : 'no samples and no results in the archive');
  }
  return { format, notes };
}

function mib(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}
