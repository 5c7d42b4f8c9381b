/**
 * Parquet tables (leaderboard "details" files and any per-item or aggregate table), read with
 * hyparquet (pure JS) one row group at a time, so memory follows the largest row group rather than
 * the file. Rows become plain objects (int64 as numbers, dates as ISO text) and go to an injectable
 * row handler: the default (parquetRows.ts) maps lm-eval-style rows like samples files and any other
 * table through the generic column roles.
 *
 * Codecs: UNCOMPRESSED and SNAPPY (built into hyparquet), GZIP and BROTLI (node:zlib), ZSTD only
 * where this Node has zlib zstd (22.15+). Others are reported, not thrown.
 */
import { open, stat } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type Compressors } from 'hyparquet';
import type { FormatReader, ReadContext, ReadOutcome } from './reader';
import type { RecordSink } from '../types';
import { AbortError } from '../io/lines';
import { defaultParquetRowHandler } from './parquetRows';
import { setOwn } from './jsonValues';

/** What a row handler is set up with, once per file, before its first row. */
export interface ParquetRowContext {
  path: string;
  /** Column names (top-level schema fields, plus flattened `metrics` keys; see normalizeRow). */
  columns: string[];
  /** The first row, for handlers that decide by content. */
  firstRow: Record<string, unknown>;
  sink: RecordSink;
  ctx: ReadContext;
}

/** Receives each row with its 1-based index in the file. */
export interface ParquetRowHandler {
  onRow(row: Record<string, unknown>, index: number): void;
  /** Notes for the outcome, read after the last row. */
  notes?(): string[];
}

/** Makes the handler for one file. */
export type ParquetRowHandlerFactory = (c: ParquetRowContext) => ParquetRowHandler;

const MAGIC = 'PAR1';

/** Builds a Parquet reader that hands rows to handlers made by `factory`. */
export function createParquetReader(factory: ParquetRowHandlerFactory = defaultParquetRowHandler): FormatReader {
  return {
    id: 'parquet',
    detect(_path, head) {
      try {
        // The magic opens (and closes) every Parquet file; no text log starts with it.
        return head.length >= 4 && head.toString('latin1', 0, 4) === MAGIC;
      } catch {
        return false;
      }
    },
    read: (path, sink, ctx) => readParquet(path, sink, ctx, factory),
  };
}

/** The Parquet reader with the default row handler. */
export const parquetReader: FormatReader = createParquetReader();

async function readParquet(
  path: string,
  sink: RecordSink,
  ctx: ReadContext,
  factory: ParquetRowHandlerFactory,
): Promise<ReadOutcome> {
  const format = 'parquet';
  const { file, close } = await fileBuffer(path);
  try {
    let metadata;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (e) {
      sink.problem({ line: 0, message: `not a readable Parquet file: ${message(e)}` });
      return { format };
    }
    const schemaColumns = parquetSchema(metadata).children.map((c) => c.element.name);
    let handler: ParquetRowHandler | undefined;
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      if (ctx.signal?.aborted) throw new AbortError();
      const count = Number(group.num_rows);
      let rows: Record<string, unknown>[];
      try {
        rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd: rowStart + count, compressors: COMPRESSORS });
      } catch (e) {
        sink.problem({ line: rowStart + 1, message: `rows ${rowStart + 1}-${rowStart + count} not read: ${message(e)}` });
        rowStart += count;
        continue;
      }
      for (const [i, raw] of rows.entries()) {
        const row = normalizeRow(raw);
        if (!handler) {
          const lifted = 'metrics' in raw && !('metrics' in row);
          const columns = [...new Set([...schemaColumns.filter((c) => !(lifted && c === 'metrics')), ...Object.keys(row)])];
          handler = factory({ path, columns, firstRow: row, sink, ctx });
        }
        handler.onRow(row, rowStart + i + 1);
      }
      rowStart += count;
      ctx.onProgress?.(Number(group.total_byte_size ?? 0));
    }
    if (rowStart === 0) sink.problem({ line: 0, message: 'the Parquet file has no rows' });
    return { format, notes: handler?.notes?.() ?? [] };
  } finally {
    await close();
  }
}

/**
 * Plain values for the row handlers: bigint (INT64) becomes a number when exact (else its decimal
 * text), Date becomes ISO text, byte arrays stay, and a `metrics` struct/map of numbers (lighteval
 * and leaderboard details keep per-item scores there) is lifted to top-level columns it does not
 * collide with.
 */
export function normalizeRow(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) setOwn(out, k, plain(v));
  const m = out.metrics;
  if (typeof m === 'object' && m !== null && !Array.isArray(m)) {
    const entries = Object.entries(m as Record<string, unknown>);
    if (entries.length > 0 && entries.every(([k, v]) => !(k in out) && (typeof v === 'number' || typeof v === 'boolean'))) {
      for (const [k, v] of entries) setOwn(out, k, v);
      delete out.metrics;
    }
  }
  return out;
}

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'object' && v !== null) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(o, k, plain(x));
    return o;
  }
  return v;
}

type ZstdZlib = { zstdDecompressSync?: (b: Uint8Array) => Buffer };

const COMPRESSORS: Compressors = {
  GZIP: (input) => {
    try {
      return zlib.gunzipSync(input);
    } catch {
      return zlib.inflateSync(input);
    }
  },
  BROTLI: (input) => zlib.brotliDecompressSync(input),
  ...((zlib as unknown as ZstdZlib).zstdDecompressSync
    ? { ZSTD: (input: Uint8Array) => (zlib as unknown as Required<ZstdZlib>).zstdDecompressSync(input) }
    : {}),
};

/** An AsyncBuffer over a file handle: hyparquet reads the footer and the column chunks it needs. */
async function fileBuffer(path: string): Promise<{ file: AsyncBuffer; close: () => Promise<void> }> {
  const { size } = await stat(path);
  const fh = await open(path, 'r');
  const file: AsyncBuffer = {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? size, size);
      const buf = Buffer.alloc(Math.max(0, stop - start));
      let off = 0;
      while (off < buf.length) {
        const { bytesRead } = await fh.read(buf, off, buf.length - off, start + off);
        if (bytesRead === 0) break;
        off += bytesRead;
      }
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + off) as ArrayBuffer;
    },
  };
  return { file, close: () => fh.close() };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
