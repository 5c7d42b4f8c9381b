/**
 * Generic per-item or aggregate tables in CSV/TSV (plain or gzip), streamed through papaparse. Column
 * roles come from roles.ts. Ragged rows, broken quotes and unmappable rows are skipped and located by
 * the line where the row starts: quoted newlines make a row span lines, so lines are counted from
 * papaparse's cursor over the text it was fed, not from row numbers.
 */
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import type { FormatReader, ReadContext, ReadOutcome } from './reader';
import type { RecordSink } from '../types';
import { inferRoles, requireRoles, rowToRecord, type Roles } from '../analysis/roles';
import { AbortError, markStopped, readHead, sniffGzip } from '../io/lines';
import { taskFromFileName } from './fileName';

const TABLE_EXT = /\.(csv|tsv|tab)(\.gz)?$/i;
const TSV_EXT = /\.(tsv|tab)(\.gz)?$/i;

export const csvReader: FormatReader = {
  id: 'csv',
  detect(path, head) {
    if (TABLE_EXT.test(path)) return true;
    // Content sniff for unnamed files: a header of several delimited names, not JSON.
    const text = head.toString('utf8', 0, Math.min(head.length, 4096)).replace(/^\ufeff/, '');
    const first = text.split('\n', 1)[0] ?? '';
    return !/^\s*[[{]/.test(first) && /^[\w" .-]+([,\t][\w" .@/()-]+){2,}\r?$/.test(first);
  },
  read: readTable,
};

/** Decodes bytes to text (BOM stripped), keeping what papaparse has not consumed for line counting. */
class LineTap extends Transform {
  pending = '';
  private decoder = new StringDecoder('utf8');
  private first = true;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null, d?: string) => void): void {
    let s = this.decoder.write(chunk);
    if (this.first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      this.first = false;
    }
    this.pending += s;
    cb(null, s);
  }
  override _flush(cb: (e?: Error | null, d?: string) => void): void {
    const s = this.decoder.end();
    this.pending += s;
    cb(null, s);
  }
}

/**
 * The delimiter of a table, decided from its header line alone: the candidate (comma, tab, semicolon,
 * pipe) that splits the header, outside quotes, into the most fields; ties go to the earlier one.
 * papaparse's own guess also looks at data rows, where free text (a prediction full of semicolons)
 * can outvote the header and turn a well-formed CSV into one unreadable column.
 */
export function headerDelimiter(text: string, preferTab: boolean): string {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length && (text[i] === '\n' || text[i] === '\r')) i++;
  const candidates = preferTab ? ['\t', ',', ';', '|'] : [',', '\t', ';', '|'];
  const counts = new Map<string, number>(candidates.map((c) => [c, 0]));
  let quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = candidates[0]!;
  for (const c of candidates) if (counts.get(c)! > counts.get(best)!) best = c;
  return best;
}

async function readTable(path: string, sink: RecordSink, ctx: ReadContext): Promise<ReadOutcome> {
  const gz = await sniffGzip(path);
  const delimiter = headerDelimiter((await readHead(path, 64 * 1024)).toString('utf8'), TSV_EXT.test(path));
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const tap = new LineTap();
  (gz ? raw.pipe(createGunzip()) : raw).on('error', (e: Error) => tap.destroy(e)).pipe(tap);
  const defaultTask = taskFromFileName(path);
  const format = TSV_EXT.test(path) ? 'tsv' : 'csv';

  let pendingBase = 0;
  let line = 1;
  /** Line where the row ending at `cursor` started; consumes the row's text from the tap. */
  const rowLine = (cursor: number): number => {
    const start = line;
    const upto = Math.min(cursor - pendingBase, tap.pending.length);
    const text = tap.pending;
    let i = 0;
    // Rows start after the newline that ended the previous row; skip leading blank lines.
    while (i < upto && (text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13)) {
      if (text.charCodeAt(i) === 10) line++;
      i++;
    }
    const rowStart = line;
    for (; i < upto; i++) if (text.charCodeAt(i) === 10) line++;
    tap.pending = text.slice(upto);
    pendingBase += upto;
    return rowStart > start ? rowStart : start;
  };

  let roles: Roles | undefined;
  let header: string[] | undefined;
  return new Promise<ReadOutcome>((resolve, reject) => {
    let failed = false;
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      raw.destroy();
      // An I/O error (a .csv.gz that ends early) is located at the line where the first row not
      // read starts: after the rows consumed so far and any newlines that follow them.
      let at = line;
      const rest = tap.pending;
      for (let i = 0; i < rest.length && (rest.charCodeAt(i) === 10 || rest.charCodeAt(i) === 13); i++) if (rest.charCodeAt(i) === 10) at++;
      reject(markStopped(e, at));
    };
    tap.on('error', fail);
    tap.on('data', () => {
      if (ctx.signal?.aborted) fail(new AbortError());
      ctx.onProgress?.(raw.bytesRead);
    });
    Papa.parse(tap as unknown as File, {
      header: false,
      skipEmptyLines: 'greedy',
      delimiter,
      step: (res: Papa.ParseStepResult<string[]>, parser: Papa.Parser) => {
        if (failed) {
          parser.abort();
          return;
        }
        const at = rowLine(res.meta.cursor);
        const row = res.data;
        for (const err of res.errors) {
          sink.problem({ line: at, message: `${err.message} (${err.code})` });
        }
        if (res.errors.some((e) => e.type === 'Quotes')) return;
        if (!header) {
          header = row.map((c) => c.trim());
          try {
            roles = inferRoles(header, ctx.map);
            requireRoles(roles);
          } catch (e) {
            sink.problem({ line: at, message: (e as Error).message });
            roles = undefined;
            parser.abort();
          }
          return;
        }
        if (!roles) return;
        if (row.length !== header.length) {
          sink.problem({ line: at, message: `expected ${header.length} fields (${header.join(', ')}), found ${row.length}` });
          return;
        }
        // No prototype: a column named "__proto__" is a cell like any other (on a plain object the
        // assignment would be dropped, and reading it would give Object.prototype).
        const obj = Object.create(null) as Record<string, string>;
        for (let i = 0; i < header.length; i++) obj[header[i]!] = row[i]!;
        const r = rowToRecord(obj, roles, at, defaultTask);
        if (r.kind === 'item') sink.item(r.record);
        else if (r.kind === 'aggregate') sink.aggregate(r.record);
        else sink.problem({ line: at, message: r.message });
      },
      complete: () => {
        if (failed) return;
        if (!header) sink.problem({ line: 1, message: 'empty table: no header row' });
        resolve({ format });
      },
      error: (e: Error) => fail(e),
    });
  });
}
