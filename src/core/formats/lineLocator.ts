/**
 * Finds the 1-based line of a character offset in a whole-document text, so that records read from a
 * single JSON document can still point at the line where their entry starts.
 */

/** Returns a function mapping a character offset to its 1-based line (binary search over newlines). */
export function lineLocator(text: string): (offset: number) => number {
  let newlines: number[] | undefined;
  return (offset: number): number => {
    if (offset < 0) return 1;
    if (!newlines) {
      // Built on first use: documents whose entries need no location pay nothing.
      newlines = [];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines.push(i);
    }
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/**
 * Offset of `"key":` (any spacing) at or after `from`, or -1. A cheap textual search: callers use it
 * only to point at a line, never to decide what a record contains.
 */
export function findKey(text: string, key: string, from = 0): number {
  const quoted = JSON.stringify(key);
  for (let i = text.indexOf(quoted, from); i >= 0; i = text.indexOf(quoted, i + 1)) {
    let j = i + quoted.length;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
    if (text[j] === ':') return i;
  }
  return -1;
}

/**
 * The spans [start, next start) of the elements of the JSON array whose value starts at or after
 * `from` (the offset of its key from findKey, or of the array itself). Strings are skipped with their
 * escapes, so brackets inside texts do not count. Undefined when no array opens there, it is not
 * closed, or it has other than `count` elements (duplicate keys): callers then fall back to a
 * plain forward search.
 *
 * Readers locate an entry by a key inside it; bounding that search to the entry's own span keeps an
 * entry that lacks the key (a bad one) from taking the line of the next entry, and the entries after
 * it from all shifting by one.
 */
export function arraySpans(text: string, from: number, count: number): [number, number][] | undefined {
  if (from < 0) return undefined;
  let i = from;
  if (text.charCodeAt(i) === 34) {
    // At a key: step over it and its colon.
    i = text.indexOf(':', stringEnd(text, i) + 1) + 1;
    if (i <= 0) return undefined;
  }
  while (isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 91) return undefined;
  const starts: number[] = [];
  let depth = 0;
  let expect = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (expect && c !== 93) {
      starts.push(i);
      expect = false;
    }
    if (c === 34) {
      i = stringEnd(text, i);
      if (i < 0) return undefined;
    } else if (c === 91 || c === 123) {
      depth++;
      if (depth === 1) expect = true;
    } else if (c === 93 || c === 125) {
      depth--;
      if (depth === 0) {
        if (starts.length !== count) return undefined;
        return starts.map((s, k) => [s, starts[k + 1] ?? i]);
      }
    } else if (c === 44 && depth === 1) expect = true;
  }
  return undefined;
}

/**
 * arraySpans of the first `"key":` whose value is an array of `count` elements (a key of the same
 * name may come earlier with another value, like Inspect's eval.dataset.samples).
 */
export function arraySpansOfKey(text: string, key: string, count: number): [number, number][] | undefined {
  for (let k = findKey(text, key); k >= 0; k = findKey(text, key, k + 1)) {
    const spans = arraySpans(text, k, count);
    if (spans) return spans;
  }
  return undefined;
}

/** `findKey` within one span; the span's start when the key is not in it. */
export function findKeyIn(text: string, key: string, span: [number, number]): number {
  const at = findKey(text.slice(span[0], span[1]), key);
  return at >= 0 ? span[0] + at : span[0];
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Offset of the quote closing the string that opens at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  for (let j = text.indexOf('"', open + 1); j >= 0; j = text.indexOf('"', j + 1)) {
    let k = j - 1;
    while (text.charCodeAt(k) === 92) k--;
    if ((j - 1 - k) % 2 === 0) return j;
  }
  return -1;
}

/** Up to `n` non-blank lines from the start of a file's head (for detection by content). */
export function firstLines(text: string, n = 5): string[] {
  return text.split('\n', 64).filter((l) => l.trim() !== '').slice(0, n);
}
