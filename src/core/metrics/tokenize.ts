/**
 * Tokenisation for token edit distance and partial credit. Tokens are taken from the *normalised*
 * answer (normalize.ts), not the raw one, so that "Paris." vs "paris" is distance 0 exactly when exact
 * match calls it a match: TED then measures how far from correct an answer is under the same
 * normalisation the discrete metric uses, and the two can be compared item by item.
 */
import { IntBuffer } from './intBuffer';
import { normalizeInto } from './normalize';

/**
 * How answers are cut into tokens (science.md: "whitespace by default, characters for digit
 * strings/arithmetic"). 'whitespace': the words of the normalised answer; 'chars': its code points,
 * spaces excluded, so that a digit string of L digits has L tokens (the L of Schaeffer's p^L model).
 */
export type TokenizerKind = 'whitespace' | 'chars';

function isArithmeticChar(c: number): boolean {
  return (
    (c >= 0x28 && c <= 0x2f) || // ( ) * + , - . /
    c === 0x3d || // =
    c === 0x25 || // %
    c === 0x5e || // ^
    c === 0x3a || // :
    c === 0xd7 || // ×
    c === 0xf7 || // ÷
    c === 0x2212 // minus sign
  );
}

/**
 * 'chars' when the target is a digit string or an arithmetic answer (only digits, whitespace and
 * ( ) * + , - . / = % ^ : × ÷ −, with at least one digit), else 'whitespace'. Judged on the raw
 * target, where operators are still visible.
 */
export function chooseTokenizer(target: string): TokenizerKind {
  let digits = 0;
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0) continue;
    else if (!isArithmeticChar(c)) return 'whitespace';
  }
  return digits > 0 ? 'chars' : 'whitespace';
}

/**
 * Maps tokens to integers for the edit distance, without allocating per token. Whitespace tokens get
 * dense ids by interning; a character token is its own code point. Ids are only comparable between
 * strings tokenised with the same kind since the last {@link TokenInterner.reset}: the scorer resets
 * per item, which keeps the table as small as one item's vocabulary instead of growing with the log.
 *
 * The normalised text of every string since the reset is kept in {@link TokenInterner.text}; interned
 * tokens point into it, so lookups compare code points in place instead of building substrings.
 */
export class TokenInterner {
  /** Normalised code points of all strings tokenised since the last reset, one after another. */
  readonly text = new IntBuffer(1024);
  /** Start (in {@link text}) of the normalised form of the last string tokenised. */
  lastStart = 0;
  /** End (exclusive) of the normalised form of the last string tokenised. */
  lastEnd = 0;

  // Open-addressing table: slot -> id + 1 (0 = empty).
  private slots = new Int32Array(256);
  private mask = 255;
  // Per id, four ints: where its text starts, its length, its hash and its slot (tok.length is 4 per
  // id). Room is reserved once per string for all its tokens, so interning a token is four plain
  // stores rather than four pushes that each check their capacity.
  private readonly tok = new IntBuffer(256);
  // Per word of the string being tokenised: where it ends in `text`, and its hash (normalizeInto).
  private readonly bounds = new IntBuffer(128);

  /** Number of distinct whitespace tokens interned since the last reset. */
  get size(): number {
    return this.tok.length >> 2;
  }

  /** Forgets all ids and text; O(ids since the last reset), never O(table size). */
  reset(): void {
    const tok = this.tok.data;
    for (let i = 3; i < this.tok.length; i += 4) this.slots[tok[i]!] = 0;
    this.tok.clear();
    this.text.clear();
    this.lastStart = this.lastEnd = 0;
  }

  /**
   * Normalises `s`, appends it to {@link text} and writes its token ids to `out` (cleared first), at
   * most `maxTokens` of them. Returns the total number of tokens in `s`, which exceeds `out.length`
   * when the cap cut it short: the caller needs the full count to bound what the cap costs.
   */
  tokenizeInto(s: string, kind: TokenizerKind, out: IntBuffer, maxTokens = Infinity): number {
    const from = (this.lastStart = this.text.length);
    if (kind === 'chars') {
      normalizeInto(s, this.text);
      const end = (this.lastEnd = this.text.length);
      const t = this.text.data;
      out.reserve(Math.min(end - from, maxTokens));
      const od = out.data;
      let total = 0;
      let n = 0;
      for (let i = from; i < end; i++) {
        const c = t[i]!;
        if (c === 0x20) continue;
        if (total < maxTokens) od[n++] = c;
        total++;
      }
      out.length = n;
      return total;
    }
    // The normalising pass also finds each word's end and hash, so the text is not read again here.
    const bounds = this.bounds;
    bounds.clear();
    normalizeInto(s, this.text, bounds);
    this.lastEnd = this.text.length;
    const b = bounds.data;
    const total = bounds.length >> 1;
    const kept = Math.min(total, maxTokens);
    out.reserve(kept);
    this.tok.reserve(this.tok.length + 4 * kept);
    const od = out.data;
    let start = from;
    for (let k = 0; k < kept; k++) {
      const end = b[2 * k]!;
      od[k] = this.internRange(start, end - start, b[2 * k + 1]!);
      start = end + 1;
    }
    out.length = kept;
    return total;
  }

  /**
   * The id of the token at text[start, start + len), whose FNV-1a hash is h, interning it if new.
   * The caller has made room in `tok` for one more id.
   */
  private internRange(start: number, len: number, h: number): number {
    const tok = this.tok.data;
    let slot = h & this.mask;
    for (;;) {
      const v = this.slots[slot]!;
      if (v === 0) break;
      const id = v - 1;
      if (tok[4 * id + 2] === h && this.sameText(id, start, len)) return id;
      slot = (slot + 1) & this.mask;
    }
    const b = this.tok.length;
    const id = b >> 2;
    this.tok.length = b + 4;
    tok[b] = start;
    tok[b + 1] = len;
    tok[b + 2] = h;
    tok[b + 3] = slot;
    this.slots[slot] = id + 1;
    if (2 * (id + 1) > this.slots.length) this.grow();
    return id;
  }

  private sameText(id: number, start: number, len: number): boolean {
    const tok = this.tok.data;
    if (tok[4 * id + 1] !== len) return false;
    const t = this.text.data;
    const s0 = tok[4 * id]!;
    for (let k = 0; k < len; k++) if (t[s0 + k] !== t[start + k]) return false;
    return true;
  }

  // Doubling keeps the load factor under 1/2; it happens only while the largest item is still growing.
  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    const tok = this.tok.data;
    for (let id = 0, n = this.tok.length >> 2; id < n; id++) {
      let slot = tok[4 * id + 2]! & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id + 1;
      tok[4 * id + 3] = slot;
    }
  }
}
