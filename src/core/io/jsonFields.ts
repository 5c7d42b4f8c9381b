/**
 * Reads a few named fields of a flat JSON object straight from the UTF-8 bytes of one line, without
 * building the object or decoding the fields it does not need. Eval logs carry the prompt and often
 * more in every row; JSON.parse turns all of it into strings only for the reader to look at a handful
 * of keys. This scanner checks the whole line against the JSON grammar while it skips, so it never
 * accepts a line that JSON.parse would reject, and it gives up (returns false) on anything outside
 * the common shape: nested objects or arrays, escaped keys, control characters (even the tabs JSON
 * allows between tokens), a malformed line. The caller then falls back to JSON.parse, which gives the
 * same values (and reports the same errors) the scanner would have.
 *
 * Speed comes from never looping over the bytes of a long string in JavaScript: the quotes,
 * backslashes and control bytes of each chunk are indexed once (ByteClassIndex, SIMD), so a line costs
 * a few word reads whatever its length, and the layout of the last line (which key at which position)
 * is taken as the guess for the next one.
 *
 * Values equal what JSON.parse gives on the decoded line: strings decoded as UTF-8 (invalid bytes
 * replaced, as the line decoder does), numbers by the JS number grammar that JSON's is a subset of,
 * true / false / null. A key that appears twice keeps its last value, as with JSON.parse.
 */

import { ByteClassIndex, END, STOP } from './byteClassIndex';

const QUOTE = 0x22;

// Per byte: 1 = JSON whitespace that may appear in a line the scanner accepts (tab and CR make it
// give up: they are control bytes, see scan).
const WS = new Uint8Array(256);
WS[0x20] = 1;
// Per byte: 1 = a valid character after a backslash (u is handled apart).
const ESC = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESC[c.charCodeAt(0)] = 1;
// Per byte: 1 = hex digit.
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
interface WithUtf8Slice {
  utf8Slice(start: number, end: number): string;
}
// Buffer's own decoder, without the argument checks of toString (about a quarter of its cost on
// short strings). Undocumented but present in every Node and Electron; toString is the fallback.
const hasUtf8Slice = typeof (Buffer.prototype as unknown as Partial<WithUtf8Slice>).utf8Slice === 'function';

/** buf[s, e) decoded as UTF-8, invalid bytes replaced (the same as buf.toString('utf8', s, e)). */
function utf8(buf: Buffer, s: number, e: number): string {
  return hasUtf8Slice ? (buf as unknown as WithUtf8Slice).utf8Slice(s, e) : buf.toString('utf8', s, e);
}

/** Short strings are compared with the field's previous value and reused when equal. */
const REUSE_MAX = 48;
/**
 * A field whose value changed on this many lines in a row (an answer, not a model or task name) is
 * compared only on every REUSE_RETRY-th line after that: the compare and the copy of each new value
 * were a third of the scanner's own time on a sweep whose short answers never repeat line to line.
 */
const REUSE_GIVE_UP = 8;
const REUSE_RETRY = 64;
/** Key positions (per line) whose key is remembered, and the longest key remembered. */
const LAYOUT_KEYS = 64;
const LAYOUT_KEY_MAX = 62;

/** Extracts the fields `names` of flat JSON objects into one reused array of values. */
export class FlatJsonFields {
  /** The fields extracted, each once, in the order given. */
  readonly names: readonly string[];
  /**
   * The values of the last line scanned, by index in {@link names}: undefined where the line did not
   * have the field (as reading a missing key of a JSON.parse result gives). One slot more than there
   * are names, always undefined (RowLayout's slot for roles without a column). Overwritten by each
   * scan; kept as an array rather than set on an object by name, which cost ~20 ns a field.
   */
  readonly values: unknown[];
  /**
   * Whether the scanner can be used at all: not for a field named __proto__ (such a column is left
   * to the JSON.parse path and its own-key handling, which the prototype-pollution tests cover) or one
   * holding U+FFFD (it may stand for invalid bytes that only decoding would match).
   */
  readonly usable: boolean;
  private readonly keys: Buffer[];
  /** Candidates per key length (index into names), so most keys are rejected by length alone. */
  private readonly byLength = new Map<number, number[]>();
  private readonly last: { bytes: Buffer; len: number; str: string | undefined; misses: number }[];

  /** Where the quotes, backslashes and control bytes of the buffer being scanned are. */
  private readonly classes = new ByteClassIndex();
  /** Whether the string closingQuote last crossed held an escape. */
  private sawEscape = false;

  // The layout of the last line, per key position: its key's bytes and closing quote, and the key's
  // wanted field (-1: none). The lines of a log almost always repeat one layout, so a key is matched
  // against the one expected there instead of being looked up.
  private readonly layoutKey = Buffer.alloc(LAYOUT_KEYS * (LAYOUT_KEY_MAX + 1));
  private readonly layoutLen = new Int32Array(LAYOUT_KEYS);
  private readonly layoutField = new Int32Array(LAYOUT_KEYS);

  constructor(names: readonly string[]) {
    const unique = [...new Set(names)];
    this.names = unique;
    this.keys = unique.map((n) => Buffer.from(n, 'utf8'));
    this.keys.forEach((k, i) => {
      const list = this.byLength.get(k.length);
      if (list) list.push(i);
      else this.byLength.set(k.length, [i]);
    });
    this.usable = !this.names.some((n) => n === '__proto__' || n.includes('\ufffd'));
    this.values = new Array<unknown>(this.names.length + 1).fill(undefined);
    this.last = unique.map(() => ({ bytes: Buffer.alloc(REUSE_MAX), len: -1, str: undefined, misses: 0 }));
  }

  /**
   * Scans `buf[start, end)`. Returns true and fills {@link values} when the line is one flat JSON object
   * the scanner handles; false otherwise (the values are then unspecified). Positions found in
   * `buf` are cached until another buffer is scanned: do not change a buffer's bytes between calls.
   */
  scan(buf: Buffer, start: number, end: number): boolean {
    if (!this.usable) return false;
    const classes = this.classes;
    // A raw control byte: invalid inside a string, and the tab or CR JSON allows between tokens is
    // rare enough to leave to JSON.parse.
    if (classes.hasControl(buf, start, end)) return false;
    const values = this.values;
    for (let k = 0; k < values.length; k++) values[k] = undefined;
    let i = start;
    while (i < end && WS[buf[i]!] === 1) i++;
    if (i >= end || buf[i] !== 0x7b) return false;
    i++;
    while (i < end && WS[buf[i]!] === 1) i++;
    // {} is valid, but rare enough to leave to JSON.parse.
    if (i >= end || buf[i] === 0x7d) return false;
    for (let pos = 0; ; pos++) {
      // Key: no escapes (an escaped key may spell a wanted one).
      if (i >= end || buf[i] !== QUOTE) return false;
      const ks = i + 1;
      const layout = pos < LAYOUT_KEYS;
      let ke = layout ? this.expectedKeyEnd(pos, buf, ks, end) : -1;
      let field: number;
      if (ke >= 0) {
        field = this.layoutField[pos]!;
      } else {
        ke = classes.next(buf, STOP, ks, end);
        if (ke < 0 || buf[ke] !== QUOTE) return false;
        field = this.field(buf, ks, ke);
        if (layout) this.learnKey(pos, buf, ks, ke, field);
      }
      i = ke + 1;
      while (i < end && WS[buf[i]!] === 1) i++;
      if (i >= end || buf[i] !== 0x3a) return false;
      i++;
      while (i < end && WS[buf[i]!] === 1) i++;
      if (i >= end) return false;
      // Value.
      const c = buf[i]!;
      if (c === QUOTE) {
        const vs = i + 1;
        let q: number;
        if (field < 0) {
          // A string nobody wants (the prompt) ends at its first unescaped quote, which the index
          // finds in one look-up unless an escape on the way is other than \n, \" and \\ (\u, the
          // rarer ones, invalid ones): it then stops at that escape, and the walk checks the string
          // escape by escape.
          q = classes.next(buf, END, vs, end);
          if (q >= 0 && buf[q] !== QUOTE) q = this.closingQuote(buf, vs, end);
        } else {
          q = this.closingQuote(buf, vs, end);
        }
        if (q < 0) return false;
        if (field >= 0) values[field] = this.string(field, buf, vs, q, this.sawEscape);
        i = q + 1;
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
        if (field >= 0) values[field] = simple ? (neg ? -int : int) : Number(buf.toString('latin1', ns, i));
      } else if (c === 0x74) {
        if (i + 3 >= end || buf[i + 1] !== 0x72 || buf[i + 2] !== 0x75 || buf[i + 3] !== 0x65) return false;
        if (field >= 0) values[field] = true;
        i += 4;
      } else if (c === 0x66) {
        if (i + 4 >= end || buf[i + 1] !== 0x61 || buf[i + 2] !== 0x6c || buf[i + 3] !== 0x73 || buf[i + 4] !== 0x65) return false;
        if (field >= 0) values[field] = false;
        i += 5;
      } else if (c === 0x6e) {
        if (i + 3 >= end || buf[i + 1] !== 0x75 || buf[i + 2] !== 0x6c || buf[i + 3] !== 0x6c) return false;
        if (field >= 0) values[field] = null;
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

  /**
   * The closing quote of the string whose content starts at `vs`, or -1 when the line ends first or
   * an escape on the way is invalid; sets {@link sawEscape}. Plain runs are crossed by the index,
   * and each escape on the way is checked.
   */
  private closingQuote(buf: Buffer, vs: number, end: number): number {
    const classes = this.classes;
    this.sawEscape = false;
    let q = vs;
    for (;;) {
      q = classes.next(buf, STOP, q, end);
      if (q < 0 || buf[q] === QUOTE) return q;
      this.sawEscape = true;
      if (q + 1 >= end) return -1;
      const e = buf[q + 1]!;
      if (e === 0x75) {
        if (q + 5 >= end || HEX[buf[q + 2]!] !== 1 || HEX[buf[q + 3]!] !== 1 || HEX[buf[q + 4]!] !== 1 || HEX[buf[q + 5]!] !== 1) return -1;
        q += 6;
      } else {
        if (ESC[e] !== 1) return -1;
        q += 2;
      }
    }
  }

  /**
   * When the key at `ks` is the one the last line had at position `pos` (its bytes, then the closing
   * quote), the position of that quote; else -1. A remembered key holds no quote or backslash, so a
   * match ends the key exactly where scanning for its end would.
   */
  private expectedKeyEnd(pos: number, buf: Buffer, ks: number, end: number): number {
    const len = this.layoutLen[pos]!;
    if (len <= 0 || ks + len > end) return -1;
    const key = this.layoutKey;
    const base = pos * (LAYOUT_KEY_MAX + 1);
    for (let k = 0; k < len; k++) if (key[base + k] !== buf[ks + k]) return -1;
    return ks + len - 1;
  }

  /** Remembers the key buf[ks, ke) (no quote or backslash in it) as the one at position `pos`. */
  private learnKey(pos: number, buf: Buffer, ks: number, ke: number, field: number): void {
    const len = ke - ks + 1;
    if (len > LAYOUT_KEY_MAX + 1) {
      this.layoutLen[pos] = 0;
      return;
    }
    const key = this.layoutKey;
    const base = pos * (LAYOUT_KEY_MAX + 1);
    for (let k = 0; k < len; k++) key[base + k] = buf[ks + k]!;
    this.layoutLen[pos] = len;
    this.layoutField[pos] = field;
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

  private string(field: number, buf: Buffer, s: number, e: number, escaped: boolean): string {
    // With escapes, JSON.parse of the quoted slice decodes them exactly as it would in the whole line.
    if (escaped) return JSON.parse(buf.toString('utf8', s - 1, e + 1)) as string;
    const len = e - s;
    if (len > REUSE_MAX) return utf8(buf, s, e);
    const last = this.last[field]!;
    if (last.misses >= REUSE_GIVE_UP && ++last.misses % REUSE_RETRY !== 0) return utf8(buf, s, e);
    if (last.len === len) {
      const lb = last.bytes;
      let k = 0;
      while (k < len && lb[k] === buf[s + k]) k++;
      if (k === len) {
        last.misses = 0;
        return last.str!;
      }
    }
    if (last.misses < REUSE_GIVE_UP) last.misses++;
    const str = utf8(buf, s, e);
    // At most REUSE_MAX bytes: a loop costs less than Buffer.copy's argument checks and native call.
    const lb = last.bytes;
    for (let k = 0; k < len; k++) lb[k] = buf[s + k]!;
    last.len = len;
    last.str = str;
    return str;
  }
}
