/**
 * Small, total conversions for values found in framework logs (JSON parsed from untrusted files):
 * every function returns undefined rather than throwing on a shape it does not expect.
 */

/** A plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A finite number from a number or a numeric string ("-1.23", "1e-3"); booleans are not numbers here. */
export function toFiniteNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A log-likelihood: like toFiniteNumber, but "-inf" / -Infinity are kept, because a choice the
 * model rules out entirely is a real value for the Brier score (probability 0), not a bad record.
 */
export function toLogLik(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isNaN(v) || v === Infinity ? undefined : v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (s === '-inf' || s === '-infinity') return -Infinity;
  return toFiniteNumber(s);
}

/** A boolean from true/false or the strings Python prints ("True", "False"). */
export function toBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (s === 'true') return true;
  if (s === 'false') return false;
  return undefined;
}

/**
 * A per-item score: numbers as they are, booleans 0/1, numeric strings, and the grade letters Inspect
 * uses (C correct = 1, I incorrect = 0, P partial = 0.5, N no answer = 0).
 */
export function toScore(v: unknown): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = toFiniteNumber(v);
  if (n !== undefined) return n;
  if (typeof v !== 'string') return undefined;
  switch (v.trim().toUpperCase()) {
    case 'C':
      return 1;
    case 'I':
    case 'N':
      return 0;
    case 'P':
      return 0.5;
    case 'TRUE':
      return 1;
    case 'FALSE':
      return 0;
  }
  return undefined;
}

/** Text from a string or a number; undefined for anything else. */
export function toText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** A non-negative integer (number or numeric string), e.g. a few-shot count. */
export function toCount(v: unknown): number | undefined {
  const n = toFiniteNumber(v);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * A value as quoted in a problem message: JSON, cut to 80 characters. Never throws: a value nested
 * past JSON.stringify's recursion limit (~5,000 levels) used to throw out of rowToRecord and
 * lmEvalSampleToRecord and end the whole file's read; and a multi-megabyte cell is not copied into
 * every message that quotes it.
 */
export function cellPreview(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(typeof v === 'string' && v.length > 100 ? v.slice(0, 100) : v);
  } catch {
    s = Array.isArray(v) ? '[...]' : '{...}';
  }
  if (s === undefined) s = String(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

/**
 * Sets `k` as an own, enumerable property of `o`. A key named "__proto__" (a column, a struct field
 * or a score named so in a log) would, assigned, replace the object's prototype or be dropped
 * (a number cannot be a prototype) instead of becoming a value.
 */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
