/**
 * The spaced emergence score of a block of resamples as WebAssembly SIMD, two resamples per
 * instruction: one function per number of steps n (NETWORK_MIN..NETWORK_MAX), generated here from the
 * same median networks as the JavaScript scorer (medianNetworks.ts) with f64x2.pmin / pmax as the
 * comparators.
 *
 * Why: with the draws made cheap, the score was most of a resample's cost, and in V8 a Math.min or
 * Math.max of doubles compiles to compares and jumps (for NaN and -0), so the "branchless" network
 * mispredicted on the bootstrap's random data (~50 ns for nine steps). pmin / pmax are single
 * instructions, and the rest of the score (steps, extremes and where they are, the checks) becomes
 * lane masks and selects.
 *
 * Same bits as scoreSeries in emergence.ts, case by case: a non-finite mean gives NaN; a flat series
 * +0; otherwise sign * range / sqrt(max(median, floor^2)), which is +-Infinity when that root is 0
 * (the range is then positive). The medians agree because every network selects the same order
 * statistics, and the squared steps are never NaN or -0 (where pmin / pmax and Math.min / max differ).
 * Tested against the JavaScript scorer.
 */
import { uleb, op, type FunctionSpec } from '../wasm/wasmModule';
import { NETWORK_COMPARATORS, NETWORK_MAX, NETWORK_MIN } from './medianNetworks';

const SIMD = 0xfd;
const simd = (code: number): number[] => [SIMD, ...uleb(code)];
const LOAD = (offset: number): number[] => [SIMD, 0x00, 3, ...uleb(offset)];
const STORE = [SIMD, 0x0b, 3, 0];
const SPLAT = simd(0x14);
const EQ = simd(0x47);
const NE = simd(0x48);
const LT = simd(0x49);
const GT = simd(0x4a);
const SELECT = simd(0x52);
const SQRT = simd(0xef);
const ADD = simd(0xf0);
const SUB = simd(0xf1);
const MUL = simd(0xf2);
const DIV = simd(0xf3);
const PMIN = simd(0xf6);
const PMAX = simd(0xf7);
const F64 = 0x7c;

/** v128.const of two doubles. */
function pair(a: number, b = a): number[] {
  return [SIMD, 0x0c, ...new Uint8Array(Float64Array.of(a, b).buffer)];
}

// Parameters: the first mean column's address, the bytes between two models' columns, the column
// length in bytes (a positive multiple of 16), the step factors' address (each twice, 16 bytes a
// step), floor^2, the orientation (+1 or -1) and where the scores go. Then the locals.
const [Y, STRIDE, BYTES, F, FL2, ORIENT, OUT] = [0, 1, 2, 3, 4, 5, 6];
const [P, A] = [7, 8];
const [FL2V, ORV, PREV, V, MX, MN, HI, LO, CHK, T, MASK, RANGE, Q, X0] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
const { get, set, tee } = op;

/** score{n}(...): the scores of (bytes / 8) resamples of n + 1 means each. */
function scoreFunction(n: number): FunctionSpec {
  const net = NETWORK_COMPARATORS[n - NETWORK_MIN] as readonly number[];
  const x = (k: number): number => X0 + k;
  const steps: number[] = [];
  for (let i = 1; i <= n; i++) {
    steps.push(
      get, A, get, STRIDE, op.i32Add, tee, A, ...LOAD(0), set, V,
      // d = (v - prev) * f, its square into x_(i-1).
      get, V, get, PREV, ...SUB, get, F, ...LOAD(16 * (i - 1)), ...MUL, tee, T, get, T, ...MUL, set, x(i - 1),
      get, V, set, PREV,
      // v * 0 is 0 for finite v, NaN otherwise.
      get, CHK, get, V, ...pair(0), ...MUL, ...ADD, set, CHK,
      // A new maximum (or minimum) and where: the first index wins ties, as in the JavaScript loop.
      get, V, get, MX, ...GT, set, MASK,
      get, V, get, MX, get, MASK, ...SELECT, set, MX,
      ...pair(i), get, HI, get, MASK, ...SELECT, set, HI,
      get, V, get, MN, ...LT, set, MASK,
      get, V, get, MN, get, MASK, ...SELECT, set, MN,
      ...pair(i), get, LO, get, MASK, ...SELECT, set, LO,
    );
  }
  const network: number[] = [];
  for (let c = 0; c < net.length; c += 3) {
    const i = x(net[c] as number);
    const j = x(net[c + 1] as number);
    const which = net[c + 2] as number;
    if (which === 3) network.push(get, i, get, j, ...PMIN, get, i, get, j, ...PMAX, set, j, set, i);
    else if (which === 1) network.push(get, i, get, j, ...PMIN, set, i);
    else network.push(get, i, get, j, ...PMAX, set, j);
  }
  const h = n >> 1;
  const median = n % 2 === 1 ? [get, x(h)] : [...pair(0.5), get, x(h - 1), get, x(h), ...ADD, ...MUL];
  return {
    name: `score${n}`,
    params: [op.i32, op.i32, op.i32, op.i32, F64, F64, op.i32],
    locals: [
      [2, op.i32],
      [X0 - FL2V + n, op.v128],
    ],
    body: [
      get, FL2, ...SPLAT, set, FL2V,
      get, ORIENT, ...SPLAT, set, ORV,
      op.loop, op.void,
      get, Y, get, P, op.i32Add, tee, A, ...LOAD(0), tee, PREV, tee, MX, set, MN,
      ...pair(0), set, HI,
      ...pair(0), set, LO,
      get, PREV, ...pair(0), ...MUL, set, CHK,
      ...steps,
      ...network,
      // denominator sqrt(max(median, floor^2)), then sign * range over it.
      ...median, get, FL2V, ...PMAX, ...SQRT, set, T,
      ...pair(1), ...pair(-1), get, HI, get, LO, ...GT, ...SELECT,
      get, MX, get, MN, ...SUB, tee, RANGE, ...MUL, get, T, ...DIV, set, Q,
      // A flat series scores +0; a non-finite mean NaN; then the orientation.
      ...pair(0), get, Q, get, RANGE, ...pair(0), ...EQ, ...SELECT, set, Q,
      ...pair(NaN), get, Q, get, CHK, ...pair(0), ...NE, ...SELECT,
      get, ORV, ...MUL, set, Q,
      get, OUT, get, P, op.i32Add, get, Q, ...STORE,
      get, P, op.i32Const, 16, op.i32Add, tee, P, get, BYTES, op.i32LtU, op.brIf, 0,
      op.end,
    ],
  };
}

/** The score functions for every network size, named score3 .. score16. */
export function scoreFunctions(): FunctionSpec[] {
  const out: FunctionSpec[] = [];
  for (let n = NETWORK_MIN; n <= NETWORK_MAX; n++) out.push(scoreFunction(n));
  return out;
}
