/**
 * Generic per-item or aggregate logs in JSON Lines (plain or gzip): one object per line, roles by key
 * name (roles.ts). Nested `scores` / `metrics` objects are lifted to the top level so
 * `{"model": ..., "scores": {"acc": 1}}` reads like a flat row. A bad line is located and skipped.
 */
import type { FormatReader, ReadContext, ReadOutcome } from './reader';
import type { RecordSink } from '../types';
import { inferRoles, requireRoles, rowToRecord, type Roles } from '../analysis/roles';
import { forEachLine, AbortError } from '../io/lines';
import { taskFromFileName } from './fileName';

const NESTED = ['scores', 'metrics', 'metadata'];

/** Flattens the nested score objects of one row in place (only keys not already present). */
export function liftNested(row: Record<string, unknown>): Record<string, unknown> {
  for (const k of NESTED) {
    const v = row[k];
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [kk, vv] of Object.entries(v as Record<string, unknown>)) {
        if (!(kk in row) && (typeof vv !== 'object' || vv === null || Array.isArray(vv))) row[kk] = vv;
      }
    }
  }
  return row;
}

export const jsonlReader: FormatReader = {
  id: 'jsonl',
  detect(path, head) {
    if (/\.(jsonl|ndjson)(\.gz)?$/i.test(path)) return true;
    const text = head.toString('utf8', 0, Math.min(head.length, 8192)).replace(/^\ufeff/, '');
    const first = text.split('\n', 1)[0]?.trim() ?? '';
    return first.startsWith('{') && first.endsWith('}') && text.indexOf('\n') > 0;
  },
  read: readJsonl,
};

async function readJsonl(path: string, sink: RecordSink, ctx: ReadContext): Promise<ReadOutcome> {
  const defaultTask = taskFromFileName(path);
  let roles: Roles | undefined;
  let rolesError: string | undefined;
  let count = 0;
  await forEachLine(
    path,
    (text, line) => {
      if ((++count & 1023) === 0 && ctx.signal?.aborted) throw new AbortError();
      if (text.length === 0 || /^\s*$/.test(text)) return;
      let row: unknown;
      try {
        row = JSON.parse(text);
      } catch (e) {
        sink.problem({ line, message: `not valid JSON: ${(e as Error).message.slice(0, 120)}` });
        return;
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        sink.problem({ line, message: 'expected a JSON object per line' });
        return;
      }
      const obj = liftNested(row as Record<string, unknown>);
      if (!roles) {
        // Roles come from the first object; a later line with other keys that lacks a role is
        // skipped with its own message by rowToRecord.
        const keys = Object.keys(obj);
        try {
          const r = inferRoles(keys, ctx.map);
          requireRoles(r);
          roles = r;
        } catch (e) {
          if (rolesError === undefined) {
            rolesError = (e as Error).message;
            sink.problem({ line, message: rolesError });
          }
          return;
        }
      }
      const r = rowToRecord(obj, roles, line, defaultTask);
      if (r.kind === 'item') sink.item(r.record);
      else if (r.kind === 'aggregate') sink.aggregate(r.record);
      else sink.problem({ line, message: r.message });
    },
    { signal: ctx.signal, onProgress: ctx.onProgress },
  );
  return { format: 'jsonl' };
}
