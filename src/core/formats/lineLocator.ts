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
