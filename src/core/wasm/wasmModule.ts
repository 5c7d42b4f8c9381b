/**
 * A tiny WebAssembly encoder and loader for the few hot loops that run as WebAssembly (the scanner's
 * byte classes, the multi-block edit distance). Each kernel is written here as readable opcodes, so
 * the module is source in this repository rather than an opaque blob, and the build needs no
 * assembler. Each is a single function over its module's own memory; where WebAssembly (or its SIMD)
 * is missing, the callers keep a plain JavaScript path that gives the same answers.
 */

export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};

/** Signed LEB128 of a small integer (what i32.const and i64.const take). */
export const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};

export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  select: 0x1b,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  i32Store: 0x36,
  i64Store: 0x37,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64And: 0x83,
  i64Or: 0x84,
  i64Xor: 0x85,
  i64Shl: 0x86,
  i64ShrU: 0x88,
  i32WrapI64: 0xa7,
  i64ExtendI32U: 0xad,
  return: 0x0f,
  i32: 0x7f,
  i64: 0x7e,
  f64: 0x7c,
  v128: 0x7b,
  void: 0x40,
} as const;

/**
 * SIMD instructions (prefix 0xfd, then the opcode as LEB128) on two doubles per v128, as the
 * bootstrap's kernels use them; v128 loads and stores take an 8-byte alignment hint.
 */
const simd = (code: number): number[] => [0xfd, ...uleb(code)];
export const f64x2 = {
  load: (offset = 0): number[] => [...simd(0x00), 3, ...uleb(offset)],
  store: [...simd(0x0b), 3, 0],
  /** v128.const of two doubles. */
  pair: (a: number, b = a): number[] => [...simd(0x0c), ...new Uint8Array(Float64Array.of(a, b).buffer)],
  splat: simd(0x14),
  eq: simd(0x47),
  ne: simd(0x48),
  lt: simd(0x49),
  gt: simd(0x4a),
  /** v128.bitselect(a, b, mask): a's bits where mask is set, b's elsewhere. */
  select: simd(0x52),
  sqrt: simd(0xef),
  add: simd(0xf0),
  sub: simd(0xf1),
  mul: simd(0xf2),
  div: simd(0xf3),
  pmin: simd(0xf6),
  pmax: simd(0xf7),
} as const;

/**
 * SIMD instructions on sixteen bytes per v128 (and the bitwise v128 ones), as the byte-class kernel
 * uses them; its loads take no alignment hint.
 */
export const i8x16 = {
  load: (offset = 0): number[] => [...simd(0x00), 0, ...uleb(offset)],
  splat: simd(0x0f),
  eq: simd(0x23),
  ltU: simd(0x26),
  /** v128.andnot(a, b): a & ~b. */
  andnot: simd(0x4f),
  or: simd(0x50),
  /** One bit per byte, from its top bit, into an i32. */
  bitmask: simd(0x64),
} as const;

/** Memory instructions take (alignment log2, offset). */
export const mem = (opcode: number, alignLog2: number, offset = 0): number[] => [opcode, alignLog2, ...uleb(offset)];
export const i32c = (n: number): number[] => [op.i32Const, ...sleb(n)];
export const i64c = (n: number): number[] => [op.i64Const, ...sleb(n)];

const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

/** One function of a module: its signature, its locals (after the parameters) and its body. */
export interface FunctionSpec {
  name: string;
  params: number[];
  result?: number;
  locals: [count: number, type: number][];
  body: number[];
}

/** One exported function `run` and one exported memory of `pages` 64 KiB pages (growable). */
export function encodeModule(spec: Omit<FunctionSpec, 'name'> & { pages: number }): Uint8Array {
  return encodeFunctions([{ ...spec, name: 'run' }], spec.pages);
}

/** Exported functions under their names and one exported memory of `pages` 64 KiB pages (growable). */
export function encodeFunctions(functions: FunctionSpec[], pages: number): Uint8Array {
  const types = functions.flatMap((f) => [0x60, ...uleb(f.params.length), ...f.params, ...(f.result === undefined ? [0] : [1, f.result])]);
  const codes = functions.flatMap((f) => {
    const locals = [...uleb(f.locals.length), ...f.locals.flatMap(([n, t]) => [...uleb(n), t])];
    const code = [...locals, ...f.body, op.end];
    return [...uleb(code.length), ...code];
  });
  const k = functions.length;
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [...uleb(k), ...types]),
    ...section(3, [...uleb(k), ...functions.flatMap((_, i) => uleb(i))]),
    ...section(5, [1, 0, ...uleb(pages)]),
    ...section(7, [...uleb(k + 1), ...name('memory'), 2, 0, ...functions.flatMap((f, i) => [...name(f.name), 0, ...uleb(i)])]),
    ...section(10, [...uleb(k), ...codes]),
  ]);
}

// The few WebAssembly calls used, typed here: the project's lib (ES2022, no DOM) does not declare them.
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmFunction = (...args: number[]) => number;
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { memory: WasmMemory; run: WasmFunction } & Record<string, WasmFunction | WasmMemory> };
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** A kernel's instance: its function `run`, any others by name, and its memory (views must be re-made after grow). */
export interface Kernel {
  run: WasmFunction;
  memory: WasmMemory;
  fn(name: string): WasmFunction;
}

/**
 * Compiles `bytes` once (per thread) and returns a function that makes instances, or null where
 * WebAssembly, or a feature the module uses, is unavailable.
 */
export function kernelFactory(bytes: Uint8Array): () => Kernel | null {
  let compiled: object | null | undefined;
  return () => {
    if (compiled === undefined) {
      try {
        compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
      } catch {
        compiled = null;
      }
    }
    if (compiled === null || wasm === undefined) return null;
    const exports = new wasm.Instance(compiled).exports;
    const { memory, run } = exports;
    return { memory, run, fn: (name) => exports[name] as WasmFunction };
  };
}
