/**
 * Streams a text file line by line with 1-based line numbers: plain or gzip (by magic bytes), BOM
 * stripped, CRLF tolerated, invalid UTF-8 replaced (U+FFFD) rather than fatal. A gzip that ends early
 * is reported as an error after the lines it did yield, carrying the line where reading stopped
 * ({@link stoppedAtLine}). Only reads.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

export interface LineOptions {
  signal?: AbortSignal;
  /** Called with compressed bytes read so far (at most once per chunk). */
  onProgress?: (bytesRead: number) => void;
  /** Byte range of the (uncompressed) file to read; lines are those *starting* in [start, end). */
  start?: number;
  end?: number;
  /** Line number of the first line in the range (default 1). */
  firstLine?: number;
}

/** Reads the first `max` bytes of a file (decompressed when gzip). */
export async function readHead(path: string, max = 64 * 1024): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await fh.read(buf, 0, max, 0);
    const raw = buf.subarray(0, bytesRead);
    if (isGzip(raw)) return await gunzipHead(path, max);
    return raw;
  } finally {
    await fh.close();
  }
}

export function isGzip(b: Buffer): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

async function gunzipHead(path: string, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const src = createReadStream(path);
  const gz = src.pipe(createGunzip());
  try {
    for await (const c of gz as AsyncIterable<Buffer>) {
      chunks.push(c);
      total += c.length;
      if (total >= max) break;
    }
  } catch (e) {
    // A truncated gzip still yields its head; the full read reports the error. One that yields
    // nothing at all (cut inside its header) is not an empty file: say it is damaged.
    if (total === 0) throw new Error(`damaged gzip: ${(e as Error).message}`);
  } finally {
    src.destroy();
    gz.destroy();
  }
  return Buffer.concat(chunks).subarray(0, max);
}

/** Whether a file starts with the gzip magic bytes. */
export async function sniffGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return isGzip(b.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/** Error thrown when the signal aborts a read. */
export class AbortError extends Error {
  constructor() {
    super('analysis cancelled');
    this.name = 'AbortError';
  }
}

/**
 * The line where a read failed mid-file (the first line not delivered whole), when the error came
 * from {@link forEachLine} or {@link forEachLineBytes}; undefined otherwise.
 */
export function stoppedAtLine(e: unknown): number | undefined {
  const line = (e as { mirageLine?: unknown } | undefined)?.mirageLine;
  return typeof line === 'number' ? line : undefined;
}

/** Marks an I/O error with the line reading stopped at, so the problem can be located (not for aborts). */
export function markStopped(e: unknown, line: number): unknown {
  if (e instanceof Error && !(e instanceof AbortError) && stoppedAtLine(e) === undefined) {
    Object.defineProperty(e, 'mirageLine', { value: line, enumerable: false });
  }
  return e;
}

/**
 * Calls `onLine(text, lineNumber)` for each line. Resolves when done; rejects on I/O errors (a
 * gzip that ends early rejects after delivering every complete line before the damage; the error
 * carries the line where reading stopped, see {@link stoppedAtLine}).
 */
export async function forEachLine(
  path: string,
  onLine: (text: string, line: number) => void,
  opts: LineOptions = {},
): Promise<void> {
  const gz = await sniffGzip(path);
  const raw = createReadStream(path, gz ? {} : { start: opts.start, end: opts.end === undefined ? undefined : opts.end - 1, highWaterMark: 1 << 20 });
  let stream: Readable = raw;
  if (gz) stream = raw.pipe(createGunzip());
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let line = opts.firstLine ?? 1;
  // A BOM can only start the file, not a range that starts later.
  let first = (opts.start ?? 0) === 0 || gz;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw new AbortError();
      let text = carry + decoder.write(chunk);
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let from = 0;
      for (;;) {
        const nl = text.indexOf('\n', from);
        if (nl < 0) break;
        const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        onLine(text.slice(from, end), line++);
        from = nl + 1;
      }
      carry = text.slice(from);
      opts.onProgress?.(raw.bytesRead);
    }
    const rest = carry + decoder.end();
    if (rest.length > 0) onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest, line);
  } catch (e) {
    throw markStopped(e, line);
  } finally {
    raw.destroy();
    if (stream !== raw) stream.destroy();
  }
}

/**
 * Called with the bytes of one line, `buf[start, end)`, without its '\n' or a trailing '\r'. The
 * buffer is only valid during the call (it may be reused or be part of a larger chunk).
 */
export type ByteLineHandler = (buf: Buffer, start: number, end: number, line: number) => void;

/**
 * Like {@link forEachLine} but hands over raw bytes: lines are found by scanning the chunks for '\n'
 * with Buffer.indexOf and nothing is decoded, so a consumer that needs only part of each line (a
 * few fields of a JSON object) never turns the rest into strings. Plain or gzip, BOM stripped, CRLF
 * tolerated; decoding (and replacing invalid UTF-8) is the consumer's business. Same start / end /
 * firstLine / signal / onProgress semantics as forEachLine.
 */
export async function forEachLineBytes(path: string, onLine: ByteLineHandler, opts: LineOptions = {}): Promise<void> {
  const gz = await sniffGzip(path);
  let stream: Readable | undefined;
  let raw: ReturnType<typeof createReadStream> | undefined;
  if (gz) {
    raw = createReadStream(path);
    stream = raw.pipe(createGunzip());
  }
  const plain = gz ? undefined : new ChunkReader(path, opts.start ?? 0, opts.end);
  // A line that spans chunks: its parts (copies: a plain read reuses its buffers), joined once its
  // end is found.
  let parts: Buffer[] = [];
  let line = opts.firstLine ?? 1;
  // A BOM can only start the file, not a range that starts later.
  let first = (opts.start ?? 0) === 0 || gz;
  const emit = (buf: Buffer, start: number, end: number): void => {
    if (end > start && buf[end - 1] === 13) end--;
    onLine(buf, start, end, line++);
  };
  const bytesRead = (): number => (plain ? plain.bytesRead : raw!.bytesRead);
  try {
    for await (const chunk of (plain ?? stream) as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw new AbortError();
      let from = 0;
      if (first) {
        if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) from = 3;
        first = false;
      }
      let nl = chunk.indexOf(10, from);
      if (parts.length > 0) {
        if (nl < 0) {
          parts.push(Buffer.from(chunk));
          opts.onProgress?.(bytesRead());
          continue;
        }
        parts.push(chunk.subarray(0, nl));
        const joined = Buffer.concat(parts);
        parts = [];
        emit(joined, 0, joined.length);
        from = nl + 1;
        nl = chunk.indexOf(10, from);
      }
      while (nl >= 0) {
        emit(chunk, from, nl);
        from = nl + 1;
        nl = chunk.indexOf(10, from);
      }
      if (from < chunk.length) parts.push(Buffer.from(chunk.subarray(from)));
      opts.onProgress?.(bytesRead());
    }
    if (parts.length > 0) {
      const rest = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      emit(rest, 0, rest.length);
    }
  } catch (e) {
    throw markStopped(e, line);
  } finally {
    if (plain) await plain.close();
    raw?.destroy();
    stream?.destroy();
  }
}

/** Bytes per read of a plain file. */
const CHUNK = 1 << 20;

/**
 * The chunks of bytes [start, end) of a plain file, read into two buffers in turn, the next read under
 * way while the caller works on the current chunk. Each chunk is a fresh view (so caches keyed by the
 * buffer object, like the scanner's byte index, see new bytes as a new buffer) of memory that the read
 * after next overwrites: a caller keeps nothing of a chunk past the next one without copying it. A
 * read stream instead allocated a new megabyte for every chunk; a gigabyte of them outside V8's heap
 * set off a full garbage collection every ~50 MB.
 */
class ChunkReader implements AsyncIterable<Buffer> {
  bytesRead = 0;
  private fh: Awaited<ReturnType<typeof open>> | undefined;
  private pending: Promise<number> | undefined;

  constructor(
    private readonly path: string,
    private readonly start: number,
    private readonly end: number | undefined,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    const fh = (this.fh = await open(this.path, 'r'));
    const end = this.end ?? Infinity;
    // Buffers no larger than what there is to read: a watched folder holds many small logs. A file
    // that grows while it is read is still read to its new end, in chunks of that size.
    const size = Math.min(end, (await fh.stat()).size) - this.start;
    const chunk = Math.max(1, Math.min(CHUNK, size));
    const bufs = [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)];
    let pos = this.start;
    let k = 0;
    const readAt = (buf: Buffer, at: number): Promise<number> =>
      at < end ? fh.read(buf, 0, Math.min(chunk, end - at), at).then((r) => r.bytesRead) : Promise.resolve(0);
    this.pending = readAt(bufs[0]!, pos);
    for (;;) {
      const n = await this.pending;
      if (n === 0) return;
      const cur = bufs[k]!;
      pos += n;
      this.bytesRead += n;
      k ^= 1;
      this.pending = readAt(bufs[k]!, pos);
      yield cur.subarray(0, n);
    }
  }

  /** Waits for a read still under way (its error no longer matters) and closes the file. */
  async close(): Promise<void> {
    await this.pending?.catch(() => 0);
    await this.fh?.close();
  }
}
