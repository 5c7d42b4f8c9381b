/**
 * Myers' bit-parallel edit distance (see EditDistance, whose JavaScript loops it mirrors step for
 * step) as one WebAssembly call over 64-bit words: the pattern's match vectors, each text symbol's
 * row, the loop and the clean-up all run in the module, so a call costs two copies into its memory
 * and no JavaScript per symbol. Character distances of sentence-long answers (40-200 code points)
 * spent most of the re-scoring time in this distance, a third of it building the match vectors and
 * looking up the text's rows in JavaScript before the loop ran.
 *
 * Patterns of one or two 64-bit blocks (up to 128 symbols) keep their state in locals and take both
 * blocks at each text position; longer ones go block by block over the whole text, passing each
 * position's horizontal delta (+1, 0, -1) to the next block through memory.
 *
 * Memory: a direct table of rows for symbols below 2^16 at byte 0 (all zero between calls), the
 * pattern at PATTERN_AT, then what the caller lays out after it (see {@link MyersKernel.distance}).
 * A pattern with a symbol outside the table returns -1 before touching anything; the caller then
 * uses its JavaScript path, which hashes such symbols.
 */
import { encodeModule, i32c, i64c, kernelFactory, mem, op, type Kernel } from '../wasm/wasmModule';

/** Symbols below this find their row in the direct table. */
const DIRECT = 1 << 16;
/** Byte offset of the pattern: after the direct table. */
const PATTERN_AT = DIRECT * 4;

const { get, set, tee } = op;
// Params: 0 m, 1 n, 2 text (byte offset; its symbols are replaced by their rows), 3 rowSym, 4 peq,
// 5 carry. Locals: i32 6 i, 7 j, 8 k, 9 sym, 10 row, 11 nRows, 12 blocks, 13 score, 14 addr; i64 15 sh,
// 16 pv, 17 mv, 18 eq0, 19 hinM, 20 hinP, 21 xv, 22 eq, 23 xh, 24 ph, 25 mh, 26 pvB, 27 mvB, 28 hin.
const [M, N, TEXT, ROW_SYM, PEQ, CARRY] = [0, 1, 2, 3, 4, 5];
const [I, J, K, SYM, ROW, N_ROWS, BLOCKS, SCORE, ADDR] = [6, 7, 8, 9, 10, 11, 12, 13, 14];
const [SH, PV, MV, EQ0, HIN_M, HIN_P, XV, EQ, XH, PH, MH, PV_B, MV_B, HIN] = [15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28];

const not = [...i64c(-1), op.i64Xor];
const inc = (local: number): number[] => [get, local, ...i32c(1), op.i32Add, tee, local];
/** `local` += 1; loop again while it is below `bound`. */
const next = (local: number, bound: number): number[] => [...inc(local), get, bound, op.i32LtU, op.brIf, 0];
/** Address of 32-bit element `index` of the array at byte `base`. */
const at32 = (base: number[], index: number[]): number[] => [...base, ...index, ...i32c(2), op.i32Shl, op.i32Add];
const at64 = (base: number[], index: number[]): number[] => [...base, ...index, ...i32c(3), op.i32Shl, op.i32Add];
const load32 = mem(op.i32Load, 2);
const store32 = mem(op.i32Store, 2);
const load64 = (offset = 0): number[] => mem(op.i64Load, 3, offset);
const store64 = mem(op.i64Store, 3);
/** score += ((ph >>> sh) & 1) - ((mh >>> sh) & 1): the last row's horizontal delta. */
const addLastDelta = [
  get, SCORE,
  get, PH, get, SH, op.i64ShrU, ...i64c(1), op.i64And,
  get, MH, get, SH, op.i64ShrU, ...i64c(1), op.i64And,
  op.i64Sub, op.i32WrapI64, op.i32Add, set, SCORE,
];
/**
 * One block's step at one position, from its match vector `eqOf` (xv's) and `eqIn` (xh's: the
 * match vector with a -1 entering from above acting as a match in the top row), state in pv / mv:
 * leaves ph and mh (before their shift) and xv.
 */
const step = (eqOf: number, eqIn: number, pv: number, mv: number): number[] => [
  get, eqOf, get, mv, op.i64Or, set, XV,
  // xh = (((eq & pv) + pv) ^ pv) | eq
  get, eqIn, get, pv, op.i64And, get, pv, op.i64Add, get, pv, op.i64Xor, get, eqIn, op.i64Or, set, XH,
  // ph = mv | ~(xh | pv); mh = pv & xh
  get, mv, get, XH, get, pv, op.i64Or, ...not, op.i64Or, set, PH,
  get, pv, get, XH, op.i64And, set, MH,
];
/** ph and mh shifted with what enters the top row (two i64 expressions), then the new pv / mv. */
const advance = (phIn: number[], mhIn: number[], pv: number, mv: number): number[] => [
  get, PH, ...i64c(1), op.i64Shl, ...phIn, op.i64Or, set, PH,
  get, MH, ...i64c(1), op.i64Shl, ...mhIn, op.i64Or, set, MH,
  // pv = mh | ~(xv | ph); mv = ph & xv
  get, MH, get, XV, get, PH, op.i64Or, ...not, op.i64Or, set, pv,
  get, PH, get, XV, op.i64And, set, mv,
];
/** The text symbol's row (its match vectors' index), stored in place of the symbol. */
const textRow = at32([get, TEXT], [get, J]);
/** Address of carry[j]. */
const carryAt = at64([get, CARRY], [get, J]);

const BODY = [
  // Any pattern symbol outside the direct table: -1, nothing touched.
  op.loop, op.void,
  get, K, ...at32(i32c(PATTERN_AT), [get, I]), ...load32, ...i32c(16), op.i32ShrU, op.i32Or, set, K,
  ...next(I, M),
  op.end,
  get, K, op.if, op.void, ...i32c(-1), op.return, op.end,
  // blocks = ceil(m / 64); row 0 (every symbol the pattern lacks) is all zeros.
  get, M, ...i32c(63), op.i32Add, ...i32c(6), op.i32ShrU, set, BLOCKS,
  ...i32c(0), set, K,
  op.loop, op.void,
  ...at64([get, PEQ], [get, K]), ...i64c(0), ...store64,
  ...next(K, BLOCKS),
  op.end,
  // Match vectors: bit i of row(sym) for each pattern position i holding sym; rows from 1 in order of
  // first appearance, each zeroed when it is made, and recorded for the clean-up.
  ...i32c(0), set, I,
  op.loop, op.void,
  ...at32(i32c(PATTERN_AT), [get, I]), ...load32, tee, SYM, ...i32c(2), op.i32Shl, ...load32, tee, ROW,
  op.i32Eqz, op.if, op.void,
  ...inc(N_ROWS), set, ROW,
  get, SYM, ...i32c(2), op.i32Shl, get, ROW, ...store32,
  ...at32([get, ROW_SYM], [get, ROW]), get, SYM, ...store32,
  ...i32c(0), set, K,
  op.loop, op.void,
  ...at64([get, PEQ], [get, ROW, get, BLOCKS, op.i32Mul, get, K, op.i32Add]), ...i64c(0), ...store64,
  ...next(K, BLOCKS),
  op.end,
  op.end,
  ...at64([get, PEQ], [get, ROW, get, BLOCKS, op.i32Mul, get, I, ...i32c(6), op.i32ShrU, op.i32Add]), tee, ADDR,
  get, ADDR, ...load64(), ...i64c(1), get, I, op.i64ExtendI32U, op.i64Shl, op.i64Or, ...store64,
  ...next(I, M),
  op.end,
  // Each text symbol's row, in place: the direct table's entry, or row 0 for a symbol outside it
  // (the pattern has none of those).
  op.loop, op.void,
  ...textRow,
  ...textRow, ...load32, tee, SYM, ...i32c(0xffff), op.i32And, ...i32c(2), op.i32Shl, ...load32,
  ...i32c(0), get, SYM, ...i32c(16), op.i32ShrU, op.i32Eqz, op.select,
  ...store32,
  ...next(J, N),
  op.end,
  get, M, set, SCORE,
  // sh: the pattern's last row within its last block.
  get, M, ...i32c(1), op.i32Sub, ...i32c(63), op.i32And, op.i64ExtendI32U, set, SH,
  ...i32c(0), set, J,
  ...i64c(-1), set, PV, ...i64c(-1), set, PV_B,
  get, BLOCKS, ...i32c(1), op.i32Eq, op.if, op.void,
  // One block. Row 0 of the global DP is 0, 1, 2, ...: a +1 horizontal delta enters at the top.
  op.loop, op.void,
  ...at64([get, PEQ], [...textRow, ...load32]), ...load64(), set, EQ0,
  ...step(EQ0, EQ0, PV, MV),
  ...addLastDelta,
  ...advance(i64c(1), i64c(0), PV, MV),
  ...next(J, N),
  op.end,
  op.else,
  get, BLOCKS, ...i32c(2), op.i32Eq, op.if, op.void,
  // Two blocks at each position: the first's top-row delta (as ph / mh bits 63) enters the second.
  op.loop, op.void,
  get, PEQ, ...textRow, ...load32, ...i32c(4), op.i32Shl, op.i32Add, tee, ADDR, ...load64(), set, EQ0,
  ...step(EQ0, EQ0, PV, MV),
  get, PH, ...i64c(63), op.i64ShrU, set, HIN_P,
  get, MH, ...i64c(63), op.i64ShrU, set, HIN_M,
  ...advance(i64c(1), i64c(0), PV, MV),
  get, ADDR, ...load64(8), tee, EQ0, get, HIN_M, op.i64Or, set, EQ,
  ...step(EQ0, EQ, PV_B, MV_B),
  ...addLastDelta,
  ...advance([get, HIN_P], [get, HIN_M], PV_B, MV_B),
  ...next(J, N),
  op.end,
  op.else,
  // Three blocks or more: block by block over the whole text, carry[j] passing the delta down.
  op.loop, op.void,
  ...carryAt, ...i64c(1), ...store64,
  ...next(J, N),
  op.end,
  ...i32c(0), set, K,
  op.loop, op.void,
  // sh = k === blocks - 1 ? (m - 1) & 63 : 63
  get, M, ...i32c(1), op.i32Sub, ...i32c(63), op.i32And, ...i32c(63),
  get, K, get, BLOCKS, ...i32c(1), op.i32Sub, op.i32Eq, op.select, op.i64ExtendI32U, set, SH,
  ...i64c(-1), set, PV, ...i64c(0), set, MV, ...i32c(0), set, J,
  op.loop, op.void,
  ...at64([get, PEQ], [...textRow, ...load32, get, BLOCKS, op.i32Mul, get, K, op.i32Add]), ...load64(), set, EQ0,
  // The delta from above as two bits (+1, -1); never both.
  ...carryAt, ...load64(), tee, HIN, ...i64c(63), op.i64ShrU, set, HIN_M,
  get, HIN, ...i64c(1), op.i64And, get, HIN_M, op.i64Xor, set, HIN_P,
  get, EQ0, get, HIN_M, op.i64Or, set, EQ,
  ...step(EQ0, EQ, PV, MV),
  // carry[j] = ((ph >>> sh) & 1) - ((mh >>> sh) & 1)
  ...carryAt,
  get, PH, get, SH, op.i64ShrU, ...i64c(1), op.i64And,
  get, MH, get, SH, op.i64ShrU, ...i64c(1), op.i64And,
  op.i64Sub, ...store64,
  ...advance([get, HIN_P], [get, HIN_M], PV, MV),
  ...next(J, N),
  op.end,
  ...next(K, BLOCKS),
  op.end,
  // The last row of the DP is m plus the deltas the last block passed down.
  ...i32c(0), set, J,
  op.loop, op.void,
  get, SCORE, ...carryAt, ...load64(), op.i32WrapI64, op.i32Add, set, SCORE,
  ...next(J, N),
  op.end,
  op.end,
  op.end,
  // Clean-up: the direct table back to all zeros (only the pattern's own entries, rows 1..nRows;
  // there is at least one, as m > 0).
  ...i32c(1), set, ROW,
  get, N_ROWS, ...i32c(1), op.i32Add, set, N_ROWS,
  op.loop, op.void,
  ...at32([get, ROW_SYM], [get, ROW]), ...load32, ...i32c(2), op.i32Shl, ...i32c(0), ...store32,
  ...next(ROW, N_ROWS),
  op.end,
  get, SCORE,
];

const makeKernel = kernelFactory(
  encodeModule({
    params: [op.i32, op.i32, op.i32, op.i32, op.i32, op.i32],
    result: op.i32,
    locals: [
      [9, op.i32],
      [14, op.i64],
    ],
    body: BODY,
    pages: PATTERN_AT / 65536 + 1,
  }),
);

let sharedKernel: MyersKernel | null | undefined;

const align8 = (n: number): number => (n + 7) & ~7;

/** The kernel with its memory. */
export class MyersKernel {
  private readonly kernel: Kernel;
  /** The memory as 32-bit words; re-made when the memory grows. */
  private words: Int32Array;

  /**
   * The thread's one instance (null without WebAssembly). Every engine shares it: a call fills and
   * reads its memory without yielding, and each WebAssembly memory reserves gigabytes of address
   * space, too much to make one per scorer.
   */
  static shared(): MyersKernel | null {
    if (sharedKernel === undefined) {
      const k = makeKernel();
      sharedKernel = k === null ? null : new MyersKernel(k);
    }
    return sharedKernel;
  }

  private constructor(kernel: Kernel) {
    this.kernel = kernel;
    this.words = new Int32Array(kernel.memory.buffer);
  }

  /**
   * Edit distance between the pattern p[pOff, pOff + m) and the text t[tOff, tOff + n), 0 < m <= n
   * (the shorter sequence as the pattern needs the fewest blocks); -1 when a pattern symbol is
   * negative or 2^16 or more (the caller's JavaScript path handles those).
   */
  distance(p: Int32Array, pOff: number, m: number, t: Int32Array, tOff: number, n: number): number {
    const blocks = (m + 63) >>> 6;
    const text = align8(PATTERN_AT + 4 * m);
    const rowSym = align8(text + 4 * n);
    const peq = align8(rowSym + 4 * (m + 1));
    const carry = peq + 8 * (m + 1) * blocks;
    const end = carry + 8 * n;
    if (end > this.words.byteLength) this.grow(end);
    const w = this.words;
    w.set(p.subarray(pOff, pOff + m), PATTERN_AT >>> 2);
    w.set(t.subarray(tOff, tOff + n), text >>> 2);
    return this.kernel.run(m, n, text, rowSym, peq, carry);
  }

  private grow(bytes: number): void {
    const have = this.kernel.memory.buffer.byteLength;
    this.kernel.memory.grow(Math.ceil((Math.max(bytes, 2 * have) - have) / 65536));
    this.words = new Int32Array(this.kernel.memory.buffer);
  }
}
