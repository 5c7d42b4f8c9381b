/**
 * Reads a whole single-document file (JSON logs) as text: plain or gzip (by magic bytes), BOM
 * stripped, bounded in size so a huge file is reported instead of exhausting memory. Only reads.
 */
import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { isGzip } from '../io/lines';

/**
 * The largest document read whole. V8 strings stop near 512 MiB, and JSON.parse needs several times
 * the text's size in memory, so anything larger must be streamed (a JSONL or .eval log) instead.
 */
export const MAX_DOCUMENT_BYTES = 400 * 1024 * 1024;

/** Thrown when a document is too large to read whole; the message says so in words. */
export class DocumentTooLargeError extends Error {}

/**
 * Reads and parses a whole JSON document (see readText, parseJson). A document that does not parse is
 * reported to `sink` at the line and column where parsing stopped, and gives undefined. Size and I/O
 * errors are thrown, as readText throws them.
 */
export async function readJsonDocument(
  path: string,
  sink: { problem(p: { line: number; message: string }): void },
): Promise<{ text: string; value: unknown } | undefined> {
  const text = await readText(path);
  const parsed = parseJson(text);
  if ('error' in parsed) {
    sink.problem({ line: parsed.line, message: `not valid JSON: ${parsed.error}` });
    return undefined;
  }
  return { text, value: parsed.value };
}

/** Reads `path` as UTF-8 text (gunzipped when gzip), refusing documents over `maxBytes`. */
export async function readText(path: string, maxBytes = MAX_DOCUMENT_BYTES): Promise<string> {
  const { size } = await stat(path);
  if (size > maxBytes) throw tooLarge(path, size, maxBytes);
  let buf: Buffer = await readFile(path);
  if (isGzip(buf)) {
    try {
      buf = gunzipSync(buf, { maxOutputLength: maxBytes });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(path, undefined, maxBytes);
      throw e;
    }
  }
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function tooLarge(path: string, size: number | undefined, max: number): DocumentTooLargeError {
  const mb = (x: number): string => `${Math.round(x / (1024 * 1024))} MiB`;
  return new DocumentTooLargeError(
    `${path} is ${size === undefined ? 'over' : mb(size) + ', over'} the ${mb(max)} limit for one JSON document`,
  );
}

/**
 * Parses JSON text; returns the error message instead of throwing. Python's json module (which
 * writes lm-eval, BIG-bench and HELM files) emits bare NaN, Infinity and -Infinity by default; such a
 * document is read with those tokens as the strings "NaN", "Infinity" and "-Infinity", so the one
 * value is reported where it sits instead of the whole file failing to parse.
 */
export function parseJson(text: string): { value: unknown } | { error: string; line: number } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    const error = located(text, e instanceof Error ? e.message : String(e));
    if (!/NaN|Infinity/.test(text)) return error;
    try {
      return { value: JSON.parse(quoteNonFinite(text)) as unknown };
    } catch {
      return error;
    }
  }
}

/**
 * A JSON.parse error of a whole document, located: V8 says "at position N" (a UTF-16 offset), which
 * means nothing to someone reading the file in an editor, so it becomes a line and column. Line 0
 * (the file as a whole) when the message gives no position.
 */
function located(text: string, message: string): { error: string; line: number } {
  const m = /\s+in JSON at position (\d+)/.exec(message);
  if (!m) return { error: message, line: 0 };
  const pos = Math.min(Number(m[1]), text.length);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { error: `${message.slice(0, m.index)} at line ${line}, column ${pos - lineStart + 1}`, line };
}

/** Quotes bare NaN / Infinity / -Infinity tokens; strings (with their escapes) are left as they are. */
export function quoteNonFinite(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|(-?)\b(NaN|Infinity)\b/g, (m, sign: string | undefined, word: string | undefined) =>
    word === undefined ? m : `"${sign ?? ''}${word}"`,
  );
}
