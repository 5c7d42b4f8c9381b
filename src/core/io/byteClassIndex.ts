/**
 * Where the bytes a JSON scanner stops at lie in a buffer: one bit per byte, in two planes, built for
 * a window of up to a megabyte at a time by a few lines of WebAssembly SIMD (16 bytes per compare).
 *
 * Why: a row of an eval log is mostly one long string (the prompt), full of `\n` escapes. Finding its
 * end byte by byte in JavaScript costs about a nanosecond per byte; with Buffer.indexOf it costs a
 * native call per escape, and checking for raw control bytes (which make JSON.parse reject a line)
 * took one memchr over the whole chunk per control byte, 31 of them. Built once per chunk, the planes
 * answer "next quote or backslash" and "next control byte" by reading a few 32-bit words.
 *
 * Where WebAssembly or its SIMD is missing, a plain loop builds the same planes (slower, same answers).
 */

/** Plane of quotes and backslashes: the bytes that end a plain run inside a JSON string. */
export const STOP = 0;
/** Plane of control bytes other than '\n' (which ends a line and never lies inside one). */
export const CONTROL = 1;

/** Bytes indexed per window. */
const WINDOW = 1 << 20;
/** Where the planes start in the module's memory: after the window and its padding to 32 bytes. */
const PLANES_AT = WINDOW + 64;
/** Words of both planes, interleaved: word k of STOP at 2k, of CONTROL at 2k + 1 (32 bytes per word). */
const PLANE_WORDS = (WINDOW / 32) * 2;

// A tiny WebAssembly encoder: enough for one function, so the module is readable source here rather
// than an opaque blob, and the build needs no assembler.
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const i32Const = (n: number): number[] => {
  // Signed LEB128 of a small non-negative value.
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if (n === 0 && (b & 0x40) === 0) return [0x41, ...out, b];
    out.push(b | 0x80);
  }
};
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

const GET = 0x20;
const SET = 0x21;
const TEE = 0x22;
const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00];
const SPLAT = [SIMD, 0x0f];
const EQ = [SIMD, 0x23];
const LT_U = [SIMD, 0x26];
const ANDNOT = [SIMD, 0x4f];
const OR = [SIMD, 0x50];
const BITMASK = [SIMD, 0x64];
const I32_STORE = 0x36;
const I32_ADD = 0x6a;
const I32_OR = 0x72;
const I32_SHL = 0x74;
const I32_LT_U = 0x49;

// index(n, out): for bytes [0, n) of memory, n a positive multiple of 32, writes the two planes'
// words at `out`. Locals: 0 n, 1 out, 2 i, 3 a (output pointer), 4-7 the splatted bytes '"', '\\',
// 0x20 and '\n', 8-9 the two 16-byte halves of the current 32 bytes.
const [N, OUT, I, A, QUOTE_V, BACKSLASH_V, SPACE_V, NEWLINE_V, V0, V1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** One 16-byte half's STOP bits: its bytes equal to '"' or '\\'. */
const stopMask = (v: number): number[] => [GET, v, GET, QUOTE_V, ...EQ, GET, v, GET, BACKSLASH_V, ...EQ, ...OR, ...BITMASK];
/** One half's CONTROL bits: its bytes below 0x20, except '\n'. */
const controlMask = (v: number): number[] => [GET, v, GET, SPACE_V, ...LT_U, GET, v, GET, NEWLINE_V, ...EQ, ...ANDNOT, ...BITMASK];
const splat = (byte: number, local: number): number[] => [...i32Const(byte), ...SPLAT, SET, local];
const body = [
  ...[2, 2, 0x7f, 6, 0x7b], // locals: 2 x i32, 6 x v128
  GET, OUT, SET, A,
  ...splat(0x22, QUOTE_V), ...splat(0x5c, BACKSLASH_V), ...splat(0x20, SPACE_V), ...splat(0x0a, NEWLINE_V),
  0x03, 0x40, // loop
  GET, I, ...V128_LOAD, 0, 0, SET, V0,
  GET, I, ...V128_LOAD, 0, 16, SET, V1,
  // Word of 32 bits per plane: the first half's mask in the low 16 bits (byte k is bit k).
  GET, A, ...stopMask(V0), ...stopMask(V1), ...i32Const(16), I32_SHL, I32_OR, I32_STORE, 2, 0,
  GET, A, ...controlMask(V0), ...controlMask(V1), ...i32Const(16), I32_SHL, I32_OR, I32_STORE, 2, 4,
  GET, A, ...i32Const(8), I32_ADD, SET, A,
  GET, I, ...i32Const(32), I32_ADD, TEE, I, GET, N, I32_LT_U, 0x0d, 0, // br_if loop
  0x0b, // end loop
  0x0b, // end function
];
const PAGES = Math.ceil((PLANES_AT + PLANE_WORDS * 4) / 65536);
const MODULE = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, [1, 0x60, 2, 0x7f, 0x7f, 0]), // type: (i32, i32) -> ()
  ...section(3, [1, 0]), // function 0 has type 0
  ...section(5, [1, 0, ...uleb(PAGES)]), // memory, fixed size
  ...section(7, [2, ...name('memory'), 2, 0, ...name('index'), 0, 0]),
  ...section(10, [1, ...uleb(body.length), ...body]),
]);

interface Kernel {
  memory: Uint8Array;
  index: (n: number, out: number) => void;
}

// The few WebAssembly calls used, typed here: the project's lib (ES2022, no DOM) does not declare them.
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { memory: { buffer: ArrayBuffer }; index: Kernel['index'] } };
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

/** The module, compiled once per thread; null where WebAssembly or its SIMD is unavailable. */
function compile(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm !== undefined && wasm.validate(MODULE) ? new wasm.Module(MODULE) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

function instantiate(): Kernel | null {
  const mod = compile();
  if (mod === null || wasm === undefined) return null;
  const { memory, index } = new wasm.Instance(mod).exports;
  return { memory: new Uint8Array(memory.buffer), index };
}

/** Options of a {@link ByteClassIndex}. */
export interface ByteClassIndexOptions {
  /** Build the planes in JavaScript even where WebAssembly is available (tests compare the two). */
  plainJs?: boolean;
}

/**
 * Answers "first byte of a class in buf[pos, end)" for the buffer being scanned. It indexes a window
 * of the buffer at a time, from the first position asked about, and moves the window on when asked
 * about a position outside it; asking in increasing order (as a scanner does) indexes each byte once.
 * The buffer's bytes must not change while it is the one being indexed.
 */
export class ByteClassIndex {
  private readonly kernel: Kernel | null;
  private readonly planes: Int32Array;
  private buf: Uint8Array | undefined;
  /** The window: buf[base, limit). */
  private base = 0;
  private limit = 0;

  constructor(options: ByteClassIndexOptions = {}) {
    this.kernel = options.plainJs ? null : instantiate();
    this.planes = this.kernel ? new Int32Array(this.kernel.memory.buffer, PLANES_AT, PLANE_WORDS) : new Int32Array(PLANE_WORDS);
  }

  /** Whether the planes are built by WebAssembly (else by the plain loop). */
  get native(): boolean {
    return this.kernel !== null;
  }

  /** Position of the first byte of `plane` (STOP or CONTROL) in buf[pos, end), or -1. */
  next(buf: Uint8Array, plane: number, pos: number, end: number): number {
    const planes = this.planes;
    while (pos < end) {
      if (buf !== this.buf || pos < this.base || pos >= this.limit) this.build(buf, pos);
      const base = this.base;
      const stop = end < this.limit ? end : this.limit;
      const rel = pos - base;
      const relEnd = stop - base;
      let w = rel >>> 5;
      const last = (relEnd - 1) >>> 5;
      // Bits below pos are masked off; bits past relEnd (the next line, or padding) are checked below.
      let bits = planes[2 * w + plane]! & (-1 << (rel & 31));
      for (;;) {
        if (bits !== 0) {
          const at = (w << 5) + 31 - Math.clz32(bits & -bits);
          if (at < relEnd) return base + at;
          break;
        }
        if (w >= last) break;
        w++;
        bits = planes[2 * w + plane]!;
      }
      if (stop === end) return -1;
      pos = stop;
    }
    return -1;
  }

  /** Indexes buf[pos, pos + WINDOW). */
  private build(buf: Uint8Array, pos: number): void {
    const limit = Math.min(buf.length, pos + WINDOW);
    const n = limit - pos;
    this.buf = buf;
    this.base = pos;
    this.limit = limit;
    const padded = (n + 31) & ~31;
    const k = this.kernel;
    if (k !== null) {
      k.memory.set(buf.subarray(pos, limit), 0);
      // Zero padding is CONTROL, but only bits before limit are ever reported.
      k.memory.fill(0, n, padded);
      k.index(padded, PLANES_AT);
      return;
    }
    const planes = this.planes;
    planes.fill(0, 0, padded / 16);
    for (let k2 = 0; k2 < n; k2++) {
      const c = buf[pos + k2]!;
      const bit = 1 << (k2 & 31);
      const w = (k2 >>> 5) * 2;
      if (c === 0x22 || c === 0x5c) planes[w] = planes[w]! | bit;
      else if (c < 0x20 && c !== 0x0a) planes[w + 1] = planes[w + 1]! | bit;
    }
  }
}
