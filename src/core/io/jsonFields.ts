/**
 * Reads a few named fields of a flat JSON object straight from the UTF-8 bytes of one line, without
 * building the object or decoding the fields it does not need. Eval logs carry the prompt and often
 * more in every row; JSON.parse turns all of it into strings only for the reader to look at a handful
 * of keys. This scanner validates the whole line as JSON while it skips, so it never accepts a line
 * that JSON.parse would reject, and it gives up (returns false) on anything outside the common shape:
 * nested objects or arrays, escaped keys, a malformed line. The caller then falls back to JSON.parse,
 * which gives the same values (and the same error messages) the scanner would have.
 *
 * Values equal what JSON.parse gives: strings decoded as UTF-8 (invalid bytes replaced, as the line
 * decoder does), numbers by the JS number grammar JSON is a subset of, true / false / null. A key that
 * appears twice keeps its last value, as with JSON.parse.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

// Per byte: 1 = JSON whitespace.
const WS = new Uint8Array(256);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;
// Per byte: 1 = a valid character after a backslash (u is handled apart).
const ESC = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESC[c.charCodeAt(0)] = 1;
// Per byte: 1 = hex digit.
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/** Short strings are compared with the field's previous value and reused when equal. */
const REUSE_MAX = 48;

/** Extracts the fields `names` of flat JSON objects into one reused row object. */
export class FlatJsonFields {
  /**
   * The fields of the last line scanned: every name is an own property, undefined when the line did
   * not have it (as reading a missing key of a JSON.parse result gives). Overwritten by each scan.
   */
  readonly row: Record<string, unknown>;
  private readonly names: string[];
  private readonly keys: Buffer[];
  /** Candidates per key length (index into names), so most keys are rejected by length alone. */
  private readonly byLength = new Map<number, number[]>();
  private readonly last: { bytes: Buffer; len: number; str: string | undefined }[];
  /** Whether the scanner can be used at all (a field named __proto__ cannot be set as a plain key). */
  readonly usable: boolean;

  constructor(names: readonly string[]) {
    this.names = [...new Set(names)];
    this.keys = this.names.map((n) => Buffer.from(n, 'utf8'));
    this.keys.forEach((k, i) => {
      const list = this.byLength.get(k.length);
      if (list) list.push(i);
      else this.byLength.set(k.length, [i]);
    });
    this.usable = !this.names.includes('__proto__');
    this.row = {};
    if (this.usable) for (const n of this.names) this.row[n] = undefined;
    this.last = this.names.map(() => ({ bytes: Buffer.alloc(REUSE_MAX), len: -1, str: undefined }));
  }

  /**
   * Scans `buf[start, end)`. Returns true and fills {@link row} when the line is one flat JSON object
   * the scanner handles; false otherwise (row contents are then unspecified).
   */
  scan(buf: Buffer, start: number, end: number): boolean {
    if (!this.usable) return false;
    const row = this.row;
    const names = this.names;
    for (let k = 0; k < names.length; k++) row[names[k]!] = undefined;
    let i = start;
    while (i < end && WS[buf[i]!] === 1) i++;
    if (i >= end || buf[i] !== 0x7b) return false;
    i++;
    while (i < end && WS[buf[i]!] === 1) i++;
    if (i < end && buf[i] === 0x7d) {
      // {} : valid, but let JSON.parse's path handle the odd case.
      return false;
    }
    for (;;) {
      // Key.
      if (i >= end || buf[i] !== QUOTE) return false;
      const ks = i + 1;
      let j = ks;
      for (;;) {
        if (j >= end) return false;
        const c = buf[j]!;
        if (c === QUOTE) break;
        // Escaped or non-ASCII keys: JSON.parse's path compares them as decoded strings.
        if (c === BACKSLASH || c < 0x20 || c >= 0x80) return false;
        j++;
      }
      const field = this.field(buf, ks, j);
      i = j + 1;
      while (i < end && WS[buf[i]!] === 1) i++;
      if (i >= end || buf[i] !== 0x3a) return false;
      i++;
      while (i < end && WS[buf[i]!] === 1) i++;
      if (i >= end) return false;
      // Value.
      const c = buf[i]!;
      if (c === QUOTE) {
        const vs = i + 1;
        let escaped = false;
        let ascii = true;
        j = vs;
        for (;;) {
          if (j >= end) return false;
          const b = buf[j]!;
          if (b === QUOTE) break;
          if (b === BACKSLASH) {
            if (j + 1 >= end) return false;
            const e = buf[j + 1]!;
            if (e === 0x75) {
              if (j + 5 >= end || HEX[buf[j + 2]!] !== 1 || HEX[buf[j + 3]!] !== 1 || HEX[buf[j + 4]!] !== 1 || HEX[buf[j + 5]!] !== 1) return false;
              j += 6;
            } else {
              if (ESC[e] !== 1) return false;
              j += 2;
            }
            escaped = true;
            continue;
          }
          if (b < 0x20) return false;
          if (b >= 0x80) ascii = false;
          j++;
        }
        if (field >= 0) row[names[field]!] = this.string(field, buf, vs, j, escaped, ascii);
        i = j + 1;
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        const ns = i;
        // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
        let neg = false;
        if (c === 0x2d) {
          neg = true;
          i++;
          if (i >= end) return false;
        }
        let d = buf[i]!;
        if (d < 0x30 || d > 0x39) return false;
        let int = 0;
        const ds = i;
        if (d === 0x30) {
          i++;
        } else {
          while (i < end && (d = buf[i]!) >= 0x30 && d <= 0x39) {
            int = int * 10 + (d - 0x30);
            i++;
          }
        }
        let simple = i - ds <= 15;
        if (i < end && buf[i] === 0x2e) {
          simple = false;
          i++;
          const fs = i;
          while (i < end && (d = buf[i]!) >= 0x30 && d <= 0x39) i++;
          if (i === fs) return false;
        }
        if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
          simple = false;
          i++;
          if (i < end && (buf[i] === 0x2b || buf[i] === 0x2d)) i++;
          const es = i;
          while (i < end && (d = buf[i]!) >= 0x30 && d <= 0x39) i++;
          if (i === es) return false;
        }
        if (field >= 0) row[names[field]!] = simple ? (neg ? -int : int) : Number(buf.toString('latin1', ns, i));
      } else if (c === 0x74) {
        if (i + 3 >= end || buf[i + 1] !== 0x72 || buf[i + 2] !== 0x75 || buf[i + 3] !== 0x65) return false;
        if (field >= 0) row[names[field]!] = true;
        i += 4;
      } else if (c === 0x66) {
        if (i + 4 >= end || buf[i + 1] !== 0x61 || buf[i + 2] !== 0x6c || buf[i + 3] !== 0x73 || buf[i + 4] !== 0x65) return false;
        if (field >= 0) row[names[field]!] = false;
        i += 5;
      } else if (c === 0x6e) {
        if (i + 3 >= end || buf[i + 1] !== 0x75 || buf[i + 2] !== 0x6c || buf[i + 3] !== 0x6c) return false;
        if (field >= 0) row[names[field]!] = null;
        i += 4;
      } else {
        // Objects, arrays, or not JSON.
        return false;
      }
      while (i < end && WS[buf[i]!] === 1) i++;
      if (i >= end) return false;
      const sep = buf[i]!;
      i++;
      if (sep === 0x2c) {
        while (i < end && WS[buf[i]!] === 1) i++;
        continue;
      }
      if (sep !== 0x7d) return false;
      break;
    }
    while (i < end && WS[buf[i]!] === 1) i++;
    return i === end;
  }

  /** Index of the wanted field whose UTF-8 name is buf[s, e), or -1. */
  private field(buf: Buffer, s: number, e: number): number {
    const list = this.byLength.get(e - s);
    if (list === undefined) return -1;
    outer: for (let n = 0; n < list.length; n++) {
      const idx = list[n]!;
      const key = this.keys[idx]!;
      for (let k = 0; k < key.length; k++) if (key[k] !== buf[s + k]) continue outer;
      return idx;
    }
    return -1;
  }

  private string(field: number, buf: Buffer, s: number, e: number, escaped: boolean, ascii: boolean): string {
    // With escapes, JSON.parse of the quoted slice decodes them exactly as it would in the whole line.
    if (escaped) return JSON.parse(buf.toString('utf8', s - 1, e + 1)) as string;
    const len = e - s;
    if (len > REUSE_MAX) return buf.toString(ascii ? 'latin1' : 'utf8', s, e);
    const last = this.last[field]!;
    if (last.len === len) {
      const lb = last.bytes;
      let k = 0;
      while (k < len && lb[k] === buf[s + k]) k++;
      if (k === len) return last.str!;
    }
    const str = buf.toString(ascii ? 'latin1' : 'utf8', s, e);
    buf.copy(last.bytes, 0, s, e);
    last.len = len;
    last.str = str;
    return str;
  }
}
