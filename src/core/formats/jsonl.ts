/**
 * Generic per-item or aggregate logs in JSON Lines (plain or gzip): one object per line, roles by key
 * name (roles.ts). Nested `scores` / `metrics` objects are lifted to the top level so
 * `{"model": ..., "scores": {"acc": 1}}` reads like a flat row. A bad line is located and skipped.
 */
import type { FormatReader, ReadContext, ReadOutcome } from './reader';
import type { RecordSink } from '../types';
import { inferRoles, layoutOf, requireRoles, rowToRecord, valuesToRecord, type RowLayout, type RowResult, type Roles } from '../analysis/roles';
import { forEachLineBytes, AbortError } from '../io/lines';
import { FlatJsonFields } from '../io/jsonFields';
import { taskFromFileName } from './fileName';
import { setOwn } from './jsonValues';

const NESTED = ['scores', 'metrics', 'metadata'];

/** Flattens the nested score objects of one row in place (only keys not already present). */
export function liftNested(row: Record<string, unknown>): Record<string, unknown> {
  for (const k of NESTED) {
    const v = row[k];
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [kk, vv] of Object.entries(v as Record<string, unknown>)) {
        // Own keys: `scores: {"constructor": 1}` is not "already present" (`in` said it was), and
        // `scores: {"__proto__": [...]}` must become a column, not the row's prototype (setOwn).
        if (!Object.hasOwn(row, kk) && (typeof vv !== 'object' || vv === null || Array.isArray(vv))) setOwn(row, kk, vv);
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
  return readJsonlRange(path, sink, ctx);
}

/** What a read of a JSONL range found besides records: its line count (for renumbering ranges). */
export interface JsonlOutcome extends ReadOutcome {
  /** Lines in the range (the last one counted even without a final newline). */
  lines: number;
}

/** Where a (parallel) read of part of a JSONL file starts and ends. */
export interface JsonlRange {
  /** Byte range; it must start at the beginning of a line (and end at one). */
  start?: number;
  end?: number;
  /** Line number of the first line of the range (default 1). */
  firstLine?: number;
  /** Roles found by a read of the file's start: a range that does not hold the first row needs them. */
  roles?: Roles;
}

/**
 * Reads a JSONL file, or a byte range of one, into a sink. Lines arrive as bytes: once the roles are
 * known, a flat row has only the fields rowToRecord needs extracted (FlatJsonFields) and the rest of
 * the line (the prompt, metadata...) is validated but never decoded. Any other line (nested objects,
 * escaped keys, malformed JSON, the first row) takes the JSON.parse path, which gives the same values
 * and reports problems with their line.
 */
export async function readJsonlRange(path: string, sink: RecordSink, ctx: ReadContext, range: JsonlRange = {}): Promise<JsonlOutcome> {
  const defaultTask = taskFromFileName(path);
  let roles: Roles | undefined;
  let layout: RowLayout | undefined;
  let fast: FlatJsonFields | undefined;
  let rolesError: string | undefined;
  let count = 0;
  let lines = 0;
  const useRoles = (r: Roles): void => {
    roles = r;
    layout = layoutOf(r);
    // Built on the layout's columns, so that the scanner's value slots are the layout's.
    const f = new FlatJsonFields(layout.columns);
    fast = f.usable ? f : undefined;
  };
  if (range.roles) useRoles(range.roles);
  const take = (r: RowResult, line: number): void => {
    if (r.kind === 'item') sink.item(r.record);
    else if (r.kind === 'aggregate') sink.aggregate(r.record);
    else sink.problem({ line, message: r.message });
  };
  const emit = (obj: Record<string, unknown>, line: number): void => take(rowToRecord(obj, roles!, line, defaultTask), line);
  await forEachLineBytes(
    path,
    (buf, start, end, line) => {
      if ((++count & 1023) === 0 && ctx.signal?.aborted) throw new AbortError();
      lines++;
      if (start === end) return;
      if (fast !== undefined && fast.scan(buf, start, end)) {
        take(valuesToRecord(fast.values, layout!, roles!, line, defaultTask), line);
        return;
      }
      const text = buf.toString('utf8', start, end);
      if (/^\s*$/.test(text)) return;
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
          useRoles(r);
        } catch (e) {
          if (rolesError === undefined) {
            rolesError = (e as Error).message;
            sink.problem({ line, message: rolesError });
          }
          return;
        }
      }
      emit(obj, line);
    },
    { signal: ctx.signal, onProgress: ctx.onProgress, start: range.start, end: range.end, firstLine: range.firstLine },
  );
  return { format: 'jsonl', lines };
}

/**
 * The roles of a JSONL file as a full read would find them (from the first object line that has the
 * roles it needs), looking at lines starting before `limit` bytes; undefined when none does.
 */
export async function findJsonlRoles(path: string, map: ReadContext['map'], limit: number): Promise<{ roles: Roles; line: number } | undefined> {
  let found: { roles: Roles; line: number } | undefined;
  const stop = new AbortController();
  try {
    await forEachLineBytes(
      path,
      (buf, start, end, line) => {
        if (found) return;
        const text = buf.toString('utf8', start, end);
        if (/^\s*$/.test(text)) return;
        let row: unknown;
        try {
          row = JSON.parse(text);
        } catch {
          return;
        }
        if (typeof row !== 'object' || row === null || Array.isArray(row)) return;
        try {
          const r = inferRoles(Object.keys(liftNested(row as Record<string, unknown>)), map);
          requireRoles(r);
          found = { roles: r, line };
          stop.abort();
        } catch {
          // Not this line; the serial read reports it.
        }
      },
      { end: limit, signal: stop.signal },
    );
  } catch (e) {
    if (!(e instanceof AbortError)) throw e;
  }
  return found;
}
