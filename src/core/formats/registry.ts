/**
 * All readers in detection order: the framework formats first (they recognise their own layouts by
 * content), then the generic JSONL and CSV/TSV tables.
 */
import type { FormatReader } from './reader';
import { FRAMEWORK_READERS } from './frameworkReaders';
import { jsonlReader } from './jsonl';
import { csvReader } from './csv';

export const READERS: readonly FormatReader[] = [...FRAMEWORK_READERS, jsonlReader, csvReader];

/** File names worth opening when walking a folder. */
export const CANDIDATE = /\.(csv|tsv|tab|jsonl|ndjson|json|eval|parquet)(\.gz)?$/i;

/** Picks the reader that claims a file, or explains why none does. */
export function detectReader(path: string, head: Buffer): FormatReader | string {
  if (head.length === 0) return 'empty file';
  for (const r of READERS) {
    try {
      if (r.detect(path, head)) return r;
    } catch {
      // detect must not throw; a reader that does simply does not claim the file.
    }
  }
  if (/\.json$/i.test(path)) return 'JSON without a known eval-log layout (lm-eval, Inspect, BIG-bench, HELM)';
  return 'not a recognised eval log (no table header, JSON lines or known layout)';
}
