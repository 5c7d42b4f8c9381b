/**
 * Levenshtein distance (unit-cost insert, delete, substitute) over integer symbol sequences.
 *
 * {@link EditDistance} is the bit-parallel algorithm of Myers (1999, "A fast bit-vector algorithm for
 * approximate string matching based on dynamic programming") in Hyyrö's (2001) formulation for the
 * global distance: one 32-bit word holds the vertical deltas of 32 DP rows, so a pattern of m symbols
 * against a text of n costs O(ceil(m/32) * n) word operations; patterns over 32 symbols use Myers'
 * block decomposition, passing the horizontal delta (+1/0/-1) from one block to the next.
 * {@link levenshteinDp} is the textbook O(nm) DP, kept as the reference the tests compare against.
 */
import { IntBuffer } from './intBuffer';
import { MyersKernel } from './myersKernel';

/** Plain dynamic-programming Levenshtein distance; O(|a|·|b|) time, allocates. The reference. */
export function levenshteinDp(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1]! + (ai === b[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n]!;
}
// Symbols below this (interned token ids, and the code points of most scripts) find their peq row
// by direct indexing; only larger or negative ones go through the hash map.
const DIRECT = 1 << 16;

/**
 * Bit-parallel Levenshtein engine with buffers reused across calls: allocation happens only while
 * they grow to the largest input seen. Each call costs O(m + n) setup plus O(ceil(m/32) * n) for the
 * shorter sequence (length m) against the longer (n), whatever the symbol values: the pattern's
 * match-vector rows are found through a direct table for symbols below 2^16 and a small
 * open-addressing map otherwise, and only the pattern's own entries are cleared afterwards, never
 * anything of the size of a vocabulary. Not re-entrant.
 */
export class EditDistance {
  // Row of each pattern symbol: direct[sym] for small symbols, else the hash map. Rows count from 1;
  // row 0 of peq is all zeros and stands for every symbol the pattern lacks, so the hot loops read a
  // match vector without a branch on whether the symbol occurs. On varied text that branch and the
  // one on the last row's delta mispredicted often: without them a step costs ~6.7 ns, not ~10.7.
  private readonly direct = new Int32Array(DIRECT);
  private keys = new Int32Array(64);
  private rows = new Int32Array(64);
  private shift = 26; // 32 - log2(keys.length)
  // Per row (from 1): its symbol and, for hashed symbols, its slot (for cleanup).
  private rowSym = new Int32Array(64);
  private rowSlot = new Int32Array(64);
  private nRows = 0;
  // peq[row * blocks + b]: bit i set where pattern[32 b + i] is the row's symbol; row 0 stays zero.
  private peq = new Int32Array(64);
  // Multi-block scratch: per text position, the delta passed between blocks and the peq row.
  private carry = new Int32Array(64);
  private rowOf = new Int32Array(64);
  // Patterns over 32 symbols go to the WebAssembly kernel over 64-bit blocks where there is one (it
  // builds the match vectors itself; a pattern with a symbol of 2^16 or more stays here). Shorter
  // ones stay in JavaScript: for them the call and the copies into the kernel's memory cost more
  // than the loop (routing every pattern there: 0.90 s against 0.74 s in the distance on the 1 GB
  // sweep, profiled).
  private readonly kernel: MyersKernel | null;

  /** @param options.plainJs keep every pattern in JavaScript (tests compare both paths). */
  constructor(options: { plainJs?: boolean } = {}) {
    this.kernel = options.plainJs ? null : MyersKernel.shared();
  }

  /** Whether patterns over 32 symbols run in WebAssembly. */
  get native(): boolean {
    return this.kernel !== null;
  }

  /** Edit distance between a[0, aLen) and b[0, bLen). */
  distance(a: Int32Array, aLen: number, b: Int32Array, bLen: number): number {
    return this.distanceRange(a, 0, aLen, b, 0, bLen);
  }

  /** Edit distance between a[aOff, aOff + aLen) and b[bOff, bOff + bLen) (ranges may share an array). */
  distanceRange(
    a: Int32Array,
    aOff: number,
    aLen: number,
    b: Int32Array,
    bOff: number,
    bLen: number,
  ): number {
    // A common prefix or suffix never changes the distance; stripping it makes near-identical answers
    // (the common case for good models) cost O(length) instead of a full pass.
    while (aLen > 0 && bLen > 0 && a[aOff] === b[bOff]) {
      aOff++;
      bOff++;
      aLen--;
      bLen--;
    }
    while (aLen > 0 && bLen > 0 && a[aOff + aLen - 1] === b[bOff + bLen - 1]) {
      aLen--;
      bLen--;
    }
    if (aLen === 0) return bLen;
    if (bLen === 0) return aLen;
    // The distance is symmetric; the shorter sequence as pattern needs the fewest 32-row blocks.
    if (aLen > bLen) return this.run(b, bOff, bLen, a, aOff, aLen);
    return this.run(a, aOff, aLen, b, bOff, bLen);
  }

  private run(
    p: Int32Array,
    pOff: number,
    m: number,
    t: Int32Array,
    tOff: number,
    n: number,
  ): number {
    const blocks = (m + 31) >>> 5;
    if (blocks > 1 && this.kernel !== null) {
      const d = this.kernel.distance(p, pOff, m, t, tOff, n);
      if (d >= 0) return d;
    }
    if (this.peq.length < (m + 1) * blocks) this.peq = new Int32Array(2 * (m + 1) * blocks);
    this.buildPeq(p, pOff, m, blocks, this.peq);
    const d = blocks === 1 ? this.oneBlock(m, t, tOff, n) : this.multiBlock(m, blocks, t, tOff, n);
    this.clearRows();
    return d;
  }

  private oneBlock(m: number, t: Int32Array, tOff: number, n: number): number {
    const peq = this.peq;
    const direct = this.direct;
    const top = m - 1;
    let pv = -1;
    let mv = 0;
    let score = m;
    for (let j = 0; j < n; j++) {
      const sym = t[tOff + j]!;
      const eq = peq[sym >>> 16 === 0 ? direct[sym]! : this.hashRow(sym)]!;
      const xv = eq | mv;
      // Sum of two int32s is exact in a double; |0 then reduces it mod 2^32 like a 32-bit add.
      const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      // The last row's horizontal delta, without a branch (it is +1 or -1 about as often as 0).
      score += ((ph >>> top) & 1) - ((mh >>> top) & 1);
      // Row 0 of the global DP is 0, 1, 2, ...: a +1 horizontal delta enters at the top.
      ph = (ph << 1) | 1;
      mh = mh << 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }
    return score;
  }

  /**
   * Patterns over 32 symbols, one block of 32 rows at a time over the whole text: block k at text
   * position j needs only its own state after j - 1 and the horizontal delta block k - 1 passed down
   * at j, so the blocks can go in turn, each keeping its two state words in registers and handing its
   * per-position output deltas (+1, 0, -1) to the next through `carry`. Position-major order (all
   * blocks at j, then j + 1) has to load and store every block's state at every position instead,
   * which measured 10-30% slower here.
   */
  private multiBlock(m: number, blocks: number, t: Int32Array, tOff: number, n: number): number {
    if (this.carry.length < n) {
      this.carry = new Int32Array(2 * n);
      this.rowOf = new Int32Array(2 * n);
    }
    const carry = this.carry;
    const rowOf = this.rowOf;
    this.textRows(t, tOff, n, blocks, rowOf);
    // Row 0 of the global DP is 0, 1, 2, ...: a +1 horizontal delta enters the first block.
    carry.fill(1, 0, n);
    const peq = this.peq;
    const lastShift = (m - 1) & 31;
    for (let k = 0; k < blocks; k++) {
      const sh = k === blocks - 1 ? lastShift : 31;
      let pv = -1;
      let mv = 0;
      for (let j = 0; j < n; j++) {
        const eq0 = peq[rowOf[j]! + k]!;
        const hin = carry[j]!;
        // The delta from above as two bits (+1, -1); never both.
        const hinM = hin >>> 31;
        const hinP = (hin & 1) ^ hinM;
        const xv = eq0 | mv;
        // Myers' advance_block: a -1 entering from the block above acts like a match in its top row.
        const eq = eq0 | hinM;
        const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
        const ph = mv | ~(xh | pv);
        const mh = pv & xh;
        carry[j] = ((ph >>> sh) & 1) - ((mh >>> sh) & 1);
        const ph1 = (ph << 1) | hinP;
        const mh1 = (mh << 1) | hinM;
        pv = mh1 | ~(xv | ph1);
        mv = ph1 & xv;
      }
    }
    // The last row of the DP is m plus the deltas the last block passed down.
    let score = m;
    for (let j = 0; j < n; j++) score += carry[j]!;
    return score;
  }

  /**
   * Each text symbol's peq row times `blocks` (the index of its first block), into out[0, n):
   * looked up once for all blocks.
   */
  private textRows(t: Int32Array, tOff: number, n: number, blocks: number, out: Int32Array): void {
    const direct = this.direct;
    for (let j = 0; j < n; j++) {
      const sym = t[tOff + j]!;
      out[j] = (sym >>> 16 === 0 ? direct[sym]! : this.hashRow(sym)) * blocks;
    }
  }

  /** Fills peq (at least (m + 1) * blocks words: rows 1..m at most, after the zero row 0). */
  private buildPeq(p: Int32Array, pOff: number, m: number, blocks: number, peq: Int32Array): void {
    if (this.rowSym.length <= m) {
      this.rowSym = new Int32Array(2 * m + 1);
      this.rowSlot = new Int32Array(2 * m + 1);
    }
    const direct = this.direct;
    // The zero row spans `blocks` words, which an earlier call with fewer blocks may have used.
    for (let w = 0; w < blocks; w++) peq[w] = 0;
    for (let i = 0; i < m; i++) {
      const sym = p[pOff + i]!;
      const small = sym >>> 16 === 0;
      let row = small ? direct[sym]! : this.hashRow(sym);
      if (row === 0) {
        row = ++this.nRows;
        this.rowSym[row] = sym;
        if (small) direct[sym] = row;
        else this.hashInsert(sym, row);
        for (let w = row * blocks; w < row * blocks + blocks; w++) peq[w] = 0;
      }
      const w = row * blocks + (i >>> 5);
      peq[w] = peq[w]! | (1 << (i & 31));
    }
  }

  /** Row of a symbol outside the direct table, or 0 (the zero row) when the pattern lacks it. */
  private hashRow(sym: number): number {
    const keys = this.keys;
    const rows = this.rows;
    const mask = keys.length - 1;
    let slot = Math.imul(sym, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const r = rows[slot]!;
      if (r === 0 || keys[slot] === sym) return r;
      slot = (slot + 1) & mask;
    }
  }

  private hashInsert(sym: number, row: number): void {
    // Keep the load factor under 1/2. Growing is safe mid-pattern: rebuild from the rows so far.
    if (2 * row > this.keys.length) {
      const size = this.keys.length * 2;
      this.keys = new Int32Array(size);
      this.rows = new Int32Array(size);
      this.shift = 32 - Math.log2(size);
      for (let r = 1; r < row; r++) {
        const s = this.rowSym[r]!;
        if (s >>> 16 !== 0) this.placeInHash(s, r);
      }
    }
    this.placeInHash(sym, row);
  }

  private placeInHash(sym: number, row: number): void {
    const mask = this.keys.length - 1;
    let slot = Math.imul(sym, 0x9e3779b1) >>> this.shift;
    while (this.rows[slot] !== 0) slot = (slot + 1) & mask;
    this.keys[slot] = sym;
    this.rows[slot] = row;
    this.rowSlot[row] = slot;
  }

  private clearRows(): void {
    for (let r = 1; r <= this.nRows; r++) {
      const sym = this.rowSym[r]!;
      if (sym >>> 16 === 0) this.direct[sym] = 0;
      else this.rows[this.rowSlot[r]!] = 0;
    }
    this.nRows = 0;
  }
}

let shared: { engine: EditDistance; a: IntBuffer; b: IntBuffer } | undefined;

function codePointsInto(s: string, buf: IntBuffer): void {
  buf.clear();
  buf.reserve(s.length);
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    buf.data[buf.length++] = cp;
    i += cp > 0xffff ? 2 : 1;
  }
}

/**
 * Levenshtein distance between two strings over Unicode code points (an astral character such as an
 * emoji is one symbol, not two UTF-16 units), through one shared {@link EditDistance} and buffers.
 * No normalisation: callers that want the exact-match normalisation apply normalizeAnswer first.
 */
export function charDistance(a: string, b: string): number {
  const s = (shared ??= { engine: new EditDistance(), a: new IntBuffer(64), b: new IntBuffer(64) });
  codePointsInto(a, s.a);
  codePointsInto(b, s.b);
  return s.engine.distance(s.a.data, s.a.length, s.b.data, s.b.length);
}
