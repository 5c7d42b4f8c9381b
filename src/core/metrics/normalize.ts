/**
 * The declared answer normalisation behind exact match (science.md, "Metrics to re-score"). It is
 * written as a streaming pass over code points with cached per-code-point tables, not as a chain of
 * regex replaces, so that the scorer can normalise millions of answers into a reused buffer without
 * allocating; `normalizeAnswer` is the string form of the very same pass, so both always agree.
 */
import { IntBuffer } from './intBuffer';

/** Human-readable statement of the normalisation, for reports. */
export const NORMALIZATION =
  'strip, lower-case, punctuation removed, whitespace collapsed ' +
  '(a minus sign, decimal point or fraction slash that belongs to a number is kept)';

const KEEP = 0;
const SPACE = 1;
const DROP = 2;

const PUNCT_OR_SYMBOL = /[\p{P}\p{S}]/u;
const WHITESPACE = /\s/u;

// Per-code-point facts, computed on first sight and cached: bit 0 "computed", bits 1-2 class,
// bit 3 "lower-cases to several code points", bits 4+ the single lower-case code point.
const bmpInfo = new Int32Array(0x10000);
const astralInfo = new Map<number, number>();
const multiLower = new Map<number, number[]>();

function computeInfo(cp: number): number {
  const ch = String.fromCodePoint(cp);
  const cls = WHITESPACE.test(ch) ? SPACE : PUNCT_OR_SYMBOL.test(ch) ? DROP : KEEP;
  let lower = cp;
  let multi = 0;
  if (cls === KEEP) {
    const l = Array.from(ch.toLowerCase(), (c) => c.codePointAt(0)!);
    if (l.length === 1) lower = l[0]!;
    else {
      // Only U+0130 (İ) does this in current Unicode: keep exactly what toLowerCase gives.
      multi = 8;
      multiLower.set(cp, l);
    }
  }
  // Per-code-point lower-casing cannot see word ends, so fold final sigma into sigma: otherwise
  // "ΟΔΟΣ" and "οδος" would differ after normalisation.
  if (lower === 0x3c2) lower = 0x3c3;
  return (lower << 4) | multi | (cls << 1) | 1;
}

function infoOf(cp: number): number {
  if (cp < 0x10000) {
    let v = bmpInfo[cp]!;
    if (v === 0) bmpInfo[cp] = v = computeInfo(cp);
    return v;
  }
  let v = astralInfo.get(cp);
  if (v === undefined) astralInfo.set(cp, (v = computeInfo(cp)));
  return v;
}

// ASCII, the bulk of most answers, by one table look-up per character: the lower-cased code to emit,
// or SPACE_CODE / DROP_CODE, or CONTEXT_CODE for "-", "." and "/" (kept or not by their neighbours).
// Built from infoOf, so it cannot disagree with the general path.
const SPACE_CODE = -1;
const DROP_CODE = -2;
const CONTEXT_CODE = -3;
const ASCII = new Int32Array(128);
for (let c = 0; c < 128; c++) {
  const info = infoOf(c);
  const cls = (info >> 1) & 3;
  ASCII[c] =
    cls === KEEP ? info >>> 4 : cls === SPACE ? SPACE_CODE : c === 0x2d || c === 0x2e || c === 0x2f ? CONTEXT_CODE : DROP_CODE;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** FNV-1a over code points: its offset basis and prime (the tokenizer's token hash). */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Appends the normalised code points of `s` to `out` and returns how many were appended. Tokens in
 * the output are separated by exactly one U+0020 and there is none at either end. With `tokens`,
 * also appends two ints per token: the index in `out.data` just past its last code point, and the
 * FNV-1a hash of its code points; the tokenizer then interns tokens without reading the text again.
 *
 * Why a sign or decimal point survives: BIG-bench arithmetic (the paper's own example) has negative
 * and decimal answers, and plain punctuation removal would make "-34" match "34" and "1.5" match
 * "15". Kept are: "-" or U+2212 that starts a token and is followed by a digit (emitted as "-"), and
 * "." or "/" with a digit on both sides. Everything else in \p{P} or \p{S} is removed (not replaced
 * by a space, as in the SQuAD normalisation: "U.S." becomes "us").
 */
export function normalizeInto(s: string, out: IntBuffer, tokens?: IntBuffer): number {
  const start = out.length;
  // Worst case 2 code points per UTF-16 unit (İ lower-cases to two), so one reserve covers the loop
  // and the writes below need no capacity checks.
  out.reserve(start + 2 * s.length);
  const data = out.data;
  let len = start;
  let pendingSpace = false;
  // The hash of the token being written; cheap enough to keep even when nobody asked for it.
  let h = FNV_OFFSET;
  const n = s.length;
  for (let i = 0; i < n; ) {
    let cp = s.charCodeAt(i);
    let next = i + 1;
    if (cp < 0x80) {
      const a = ASCII[cp]!;
      if (a >= 0) {
        if (pendingSpace) {
          if (tokens !== undefined) tokenEnd(tokens, len, h);
          h = FNV_OFFSET;
          data[len++] = 0x20;
          pendingSpace = false;
        }
        data[len++] = a;
        h = Math.imul(h ^ a, FNV_PRIME);
        i = next;
        continue;
      }
      if (a === SPACE_CODE) {
        pendingSpace = len > start;
        i = next;
        continue;
      }
      if (a === DROP_CODE) {
        i = next;
        continue;
      }
    }
    if (cp >= 0xd800 && cp < 0xdc00 && next < n) {
      const lo = s.charCodeAt(next);
      if (lo >= 0xdc00 && lo < 0xe000) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        next++;
      }
    }
    const info = infoOf(cp);
    const cls = (info >> 1) & 3;
    let emit = -1;
    if (cls === KEEP) {
      emit = info >>> 4;
    } else if (cls === SPACE) {
      pendingSpace = len > start;
    } else if (cp === 0x2d || cp === 0x2212) {
      if ((len === start || pendingSpace) && isDigitAt(s, next)) emit = 0x2d;
    } else if (cp === 0x2e || cp === 0x2f) {
      if (i > 0 && isDigitAt(s, i - 1) && isDigitAt(s, next)) emit = cp;
    }
    if (emit >= 0) {
      if (pendingSpace) {
        if (tokens !== undefined) tokenEnd(tokens, len, h);
        h = FNV_OFFSET;
        data[len++] = 0x20;
        pendingSpace = false;
      }
      if (info & 8) {
        for (const c of multiLower.get(cp)!) {
          data[len++] = c;
          h = Math.imul(h ^ c, FNV_PRIME);
        }
      } else {
        data[len++] = emit;
        h = Math.imul(h ^ emit, FNV_PRIME);
      }
    }
    i = next;
  }
  if (tokens !== undefined && len > start) tokenEnd(tokens, len, h);
  out.length = len;
  return len - start;
}

function tokenEnd(tokens: IntBuffer, end: number, h: number): void {
  tokens.push(end);
  tokens.push(h);
}

let scratch: IntBuffer | undefined;

/**
 * The normalisation exact match is judged under ({@link NORMALIZATION}): trim, lower-case (per code
 * point, final sigma folded), Unicode punctuation and symbols (\p{P}, \p{S}) removed, internal
 * whitespace collapsed to one space. Idempotent.
 */
export function normalizeAnswer(s: string): string {
  const buf = (scratch ??= new IntBuffer(256));
  buf.clear();
  const n = normalizeInto(s, buf);
  let res = '';
  // Chunked so that a huge answer never exceeds the engine's argument-count limit.
  for (let i = 0; i < n; i += 4096) {
    res += String.fromCodePoint(...buf.data.subarray(i, Math.min(n, i + 4096)));
  }
  return res;
}
