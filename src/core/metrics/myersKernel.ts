/**
 * Myers' multi-block edit distance loop (see EditDistance.multiBlock, which it mirrors step for step)
 * as WebAssembly over 64-bit words: half the blocks of the 32-bit JavaScript loop, and no JavaScript
 * overhead per step. Character distances of sentence-long answers (40-200 code points) spend most of
 * the re-scoring time here.
 *
 * Memory, laid out by the caller: the match vectors (peq) at byte 0, one 64-bit word per block per
 * row, written as pairs of 32-bit words (little-endian, so bit i of a block is bit i & 31 of word
 * i >> 5); per text position its peq row times the block count (i32); per position the delta passed
 * between blocks (i64 scratch).
 */
import { encodeModule, i32c, i64c, kernelFactory, mem, op, type Kernel } from '../wasm/wasmModule';

const { get, set, tee } = op;
// Params: 0 m, 1 blocks (64-bit), 2 n, 3 rowOf (byte offset), 4 carry (byte offset). Locals: 5 j,
// 6 k, 7 score (i32); 8 sh, 9 pv, 10 mv, 11 eq0, 12 hin, 13 hinM, 14 hinP, 15 xv, 16 eq, 17 xh,
// 18 ph, 19 mh (i64).
const M = 0;
const BLOCKS = 1;
const N = 2;
const ROW_OF = 3;
const CARRY = 4;
const J = 5;
const K = 6;
const SCORE = 7;
const SH = 8;
const PV = 9;
const MV = 10;
const EQ0 = 11;
const HIN = 12;
const HIN_M = 13;
const HIN_P = 14;
const XV = 15;
const EQ = 16;
const XH = 17;
const PH = 18;
const MH = 19;
/** Address of carry[j]. */
const carryAt = [get, CARRY, get, J, ...i32c(3), op.i32Shl, op.i32Add];
const not = [...i64c(-1), op.i64Xor];

const BODY = [
  // carry[j] = +1 for every j: row 0 of the global DP is 0, 1, 2, ...
  op.loop, op.void,
  ...carryAt, ...i64c(1), ...mem(op.i64Store, 3),
  get, J, ...i32c(1), op.i32Add, tee, J, get, N, op.i32LtU, op.brIf, 0,
  op.end,
  op.loop, op.void,
  // sh = k === blocks - 1 ? (m - 1) & 63 : 63
  get, M, ...i32c(1), op.i32Sub, ...i32c(63), op.i32And, ...i32c(63),
  get, K, get, BLOCKS, ...i32c(1), op.i32Sub, op.i32Eq, op.select, op.i64ExtendI32U, set, SH,
  ...i64c(-1), set, PV, ...i64c(0), set, MV, ...i32c(0), set, J,
  op.loop, op.void,
  // eq0 = peq[rowOf[j] + k]
  get, ROW_OF, get, J, ...i32c(2), op.i32Shl, op.i32Add, ...mem(op.i32Load, 2), get, K, op.i32Add, ...i32c(3), op.i32Shl,
  ...mem(op.i64Load, 3), set, EQ0,
  ...carryAt, ...mem(op.i64Load, 3), tee, HIN, ...i64c(63), op.i64ShrU, set, HIN_M,
  get, HIN, ...i64c(1), op.i64And, get, HIN_M, op.i64Xor, set, HIN_P,
  get, EQ0, get, MV, op.i64Or, set, XV,
  get, EQ0, get, HIN_M, op.i64Or, set, EQ,
  // xh = (((eq & pv) + pv) ^ pv) | eq
  get, EQ, get, PV, op.i64And, get, PV, op.i64Add, get, PV, op.i64Xor, get, EQ, op.i64Or, set, XH,
  // ph = mv | ~(xh | pv); mh = pv & xh
  get, MV, get, XH, get, PV, op.i64Or, ...not, op.i64Or, set, PH,
  get, PV, get, XH, op.i64And, set, MH,
  // carry[j] = ((ph >>> sh) & 1) - ((mh >>> sh) & 1)
  ...carryAt,
  get, PH, get, SH, op.i64ShrU, ...i64c(1), op.i64And,
  get, MH, get, SH, op.i64ShrU, ...i64c(1), op.i64And,
  op.i64Sub, ...mem(op.i64Store, 3),
  // ph = (ph << 1) | hinP; mh = (mh << 1) | hinM
  get, PH, ...i64c(1), op.i64Shl, get, HIN_P, op.i64Or, set, PH,
  get, MH, ...i64c(1), op.i64Shl, get, HIN_M, op.i64Or, set, MH,
  // pv = mh | ~(xv | ph); mv = ph & xv
  get, MH, get, XV, get, PH, op.i64Or, ...not, op.i64Or, set, PV,
  get, PH, get, XV, op.i64And, set, MV,
  get, J, ...i32c(1), op.i32Add, tee, J, get, N, op.i32LtU, op.brIf, 0,
  op.end,
  get, K, ...i32c(1), op.i32Add, tee, K, get, BLOCKS, op.i32LtU, op.brIf, 0,
  op.end,
  // The last row of the DP is m plus the deltas the last block passed down.
  get, M, set, SCORE, ...i32c(0), set, J,
  op.loop, op.void,
  get, SCORE, ...carryAt, ...mem(op.i64Load, 3), op.i32WrapI64, op.i32Add, set, SCORE,
  get, J, ...i32c(1), op.i32Add, tee, J, get, N, op.i32LtU, op.brIf, 0,
  op.end,
  get, SCORE,
];

const makeKernel = kernelFactory(
  encodeModule({
    params: [op.i32, op.i32, op.i32, op.i32, op.i32],
    result: op.i32,
    locals: [
      [3, op.i32],
      [12, op.i64],
    ],
    body: BODY,
    pages: 1,
  }),
);

let sharedKernel: MyersKernel | null | undefined;

/** The kernel with its memory. */
export class MyersKernel {
  private readonly kernel: Kernel;
  /** The memory as 32-bit words; re-made when the memory grows. */
  words: Int32Array;

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

  /** Makes the memory at least `bytes` long (then `words` is a new view). */
  reserve(bytes: number): void {
    const have = this.kernel.memory.buffer.byteLength;
    if (bytes <= have) return;
    this.kernel.memory.grow(Math.ceil((Math.max(bytes, 2 * have) - have) / 65536));
    this.words = new Int32Array(this.kernel.memory.buffer);
  }

  /**
   * Distance of a pattern of m symbols (m > 0, peq at byte 0, `blocks` 64-bit words per row) against
   * n > 0 text positions whose rows are at byte `rowOf`, with 8n bytes of scratch at `carry`.
   */
  run(m: number, blocks: number, n: number, rowOf: number, carry: number): number {
    return this.kernel.run(m, blocks, n, rowOf, carry);
  }
}
