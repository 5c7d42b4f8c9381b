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
import { f64x2, op, type FunctionSpec } from '../wasm/wasmModule';
import { NETWORK_COMPARATORS, NETWORK_MAX, NETWORK_MIN } from './medianNetworks';

const { load, store, pair, splat, eq, ne, lt, gt, select, sqrt, add, sub, mul, div, pmin, pmax } = f64x2;

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
      get, A, get, STRIDE, op.i32Add, tee, A, ...load(0), set, V,
      // d = (v - prev) * f, its square into x_(i-1).
      get, V, get, PREV, ...sub, get, F, ...load(16 * (i - 1)), ...mul, tee, T, get, T, ...mul, set, x(i - 1),
      get, V, set, PREV,
      // v * 0 is 0 for finite v, NaN otherwise.
      get, CHK, get, V, ...pair(0), ...mul, ...add, set, CHK,
      // A new maximum (or minimum) and where: the first index wins ties, as in the JavaScript loop.
      get, V, get, MX, ...gt, set, MASK,
      get, V, get, MX, get, MASK, ...select, set, MX,
      ...pair(i), get, HI, get, MASK, ...select, set, HI,
      get, V, get, MN, ...lt, set, MASK,
      get, V, get, MN, get, MASK, ...select, set, MN,
      ...pair(i), get, LO, get, MASK, ...select, set, LO,
    );
  }
  const network: number[] = [];
  for (let c = 0; c < net.length; c += 3) {
    const i = x(net[c] as number);
    const j = x(net[c + 1] as number);
    const which = net[c + 2] as number;
    if (which === 3) network.push(get, i, get, j, ...pmin, get, i, get, j, ...pmax, set, j, set, i);
    else if (which === 1) network.push(get, i, get, j, ...pmin, set, i);
    else network.push(get, i, get, j, ...pmax, set, j);
  }
  const h = n >> 1;
  const median = n % 2 === 1 ? [get, x(h)] : [...pair(0.5), get, x(h - 1), get, x(h), ...add, ...mul];
  return {
    name: `score${n}`,
    params: [op.i32, op.i32, op.i32, op.i32, op.f64, op.f64, op.i32],
    locals: [
      [2, op.i32],
      [X0 - FL2V + n, op.v128],
    ],
    body: [
      get, FL2, ...splat, set, FL2V,
      get, ORIENT, ...splat, set, ORV,
      op.loop, op.void,
      get, Y, get, P, op.i32Add, tee, A, ...load(0), tee, PREV, tee, MX, set, MN,
      ...pair(0), set, HI,
      ...pair(0), set, LO,
      get, PREV, ...pair(0), ...mul, set, CHK,
      ...steps,
      ...network,
      // denominator sqrt(max(median, floor^2)), then sign * range over it.
      ...median, get, FL2V, ...pmax, ...sqrt, set, T,
      ...pair(1), ...pair(-1), get, HI, get, LO, ...gt, ...select,
      get, MX, get, MN, ...sub, tee, RANGE, ...mul, get, T, ...div, set, Q,
      // A flat series scores +0; a non-finite mean NaN; then the orientation.
      ...pair(0), get, Q, get, RANGE, ...pair(0), ...eq, ...select, set, Q,
      ...pair(NaN), get, Q, get, CHK, ...pair(0), ...ne, ...select,
      get, ORV, ...mul, set, Q,
      get, OUT, get, P, op.i32Add, get, Q, ...store,
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
