import { basename } from 'node:path';

/** A task name for a table with no task column: the file's name without extensions. */
export function taskFromFileName(path: string): string {
  return basename(path).replace(/(\.(csv|tsv|tab|jsonl|ndjson|json|gz|parquet))+$/i, '') || 'task';
}
