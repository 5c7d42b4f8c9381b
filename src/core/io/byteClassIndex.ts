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

import { encodeModule, i32c, kernelFactory, mem, op, type Kernel } from '../wasm/wasmModule';

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

const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00];
const SPLAT = [SIMD, 0x0f];
const EQ = [SIMD, 0x23];
const LT_U = [SIMD, 0x26];
const ANDNOT = [SIMD, 0x4f];
const OR = [SIMD, 0x50];
const BITMASK = [SIMD, 0x64];

// run(n, out): for bytes [0, n) of memory, n a positive multiple of 32, writes the two planes'
// words at `out` and returns the OR of the CONTROL words (0: no control byte at all). Locals: 0 n,
// 1 out, 2 i, 3 a (output pointer), 4 the OR, 5 the current CONTROL word, 6-9 the splatted bytes
// '"', '\\', 0x20 and '\n', 10-11 the two 16-byte halves of the current 32 bytes.
const [N, OUT, I, A, ANY_CONTROL, CONTROL_WORD, QUOTE_V, BACKSLASH_V, SPACE_V, NEWLINE_V, V0, V1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const { get, set, tee } = op;
/** One 16-byte half's STOP bits: its bytes equal to '"' or '\\'. */
const stopMask = (v: number): number[] => [get, v, get, QUOTE_V, ...EQ, get, v, get, BACKSLASH_V, ...EQ, ...OR, ...BITMASK];
/** One half's CONTROL bits: its bytes below 0x20, except '\n'. */
const controlMask = (v: number): number[] => [get, v, get, SPACE_V, ...LT_U, get, v, get, NEWLINE_V, ...EQ, ...ANDNOT, ...BITMASK];
const splat = (byte: number, local: number): number[] => [...i32c(byte), ...SPLAT, set, local];
const makeKernel = kernelFactory(
  encodeModule({
    params: [op.i32, op.i32],
    result: op.i32,
    locals: [
      [4, op.i32],
      [6, op.v128],
    ],
    pages: Math.ceil((PLANES_AT + PLANE_WORDS * 4) / 65536),
    body: [
      get, OUT, set, A,
      ...splat(0x22, QUOTE_V), ...splat(0x5c, BACKSLASH_V), ...splat(0x20, SPACE_V), ...splat(0x0a, NEWLINE_V),
      op.loop, op.void,
      get, I, ...V128_LOAD, 0, 0, set, V0,
      get, I, ...V128_LOAD, 0, 16, set, V1,
      // A word of 32 bits per plane: the first half's mask in the low 16 bits (byte k is bit k).
      get, A, ...stopMask(V0), ...stopMask(V1), ...i32c(16), op.i32Shl, op.i32Or, ...mem(op.i32Store, 2, 0),
      get, A, ...controlMask(V0), ...controlMask(V1), ...i32c(16), op.i32Shl, op.i32Or, tee, CONTROL_WORD, ...mem(op.i32Store, 2, 4),
      get, CONTROL_WORD, get, ANY_CONTROL, op.i32Or, set, ANY_CONTROL,
      get, A, ...i32c(8), op.i32Add, set, A,
      get, I, ...i32c(32), op.i32Add, tee, I, get, N, op.i32LtU, op.brIf, 0,
      op.end,
      get, ANY_CONTROL,
    ],
  }),
);

interface SharedKernel {
  run: Kernel['run'];
  /** The kernel's memory as bytes (the window at 0) and as the planes' words; it never grows. */
  bytes: Uint8Array;
  planes: Int32Array;
}

let shared: SharedKernel | null | undefined;

/**
 * One instance per thread, whatever the number of scanners: each WebAssembly memory reserves gigabytes
 * of address space, so one per file read could exhaust it on a folder of thousands of logs before the
 * collector frees them. Indexes copy the planes out, so interleaved reads (two files awaited in turn)
 * never see each other's.
 */
function sharedKernel(): SharedKernel | null {
  if (shared === undefined) {
    const k = makeKernel();
    shared = k && { run: k.run, bytes: new Uint8Array(k.memory.buffer), planes: new Int32Array(k.memory.buffer, PLANES_AT, PLANE_WORDS) };
  }
  return shared;
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
  private readonly kernel: SharedKernel | null;
  /** This index's own planes: the kernel's memory is scratch, shared by every index of the thread. */
  private readonly planes = new Int32Array(PLANE_WORDS);
  private buf: Uint8Array | undefined;
  /** The window: buf[base, limit). */
  private base = 0;
  private limit = 0;
  /**
   * No control byte anywhere in the window: then hasControl is false within it without reading the
   * plane. A scanner asks that once per line, over the whole line (a few dozen words of the plane);
   * logs almost never hold a raw control byte, so for most windows the answer is known.
   */
  private controlFree = false;

  constructor(options: ByteClassIndexOptions = {}) {
    this.kernel = options.plainJs ? null : sharedKernel();
  }

  /** Whether the planes are built by WebAssembly (else by the plain loop). */
  get native(): boolean {
    return this.kernel !== null;
  }

  /** Whether buf[pos, end) holds a control byte: next(buf, CONTROL, pos, end) >= 0, sooner. */
  hasControl(buf: Uint8Array, pos: number, end: number): boolean {
    if (this.controlFree && buf === this.buf && pos >= this.base && end <= this.limit) return false;
    return this.next(buf, CONTROL, pos, end) >= 0;
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
    const kernel = this.kernel;
    if (kernel !== null) {
      kernel.bytes.set(buf.subarray(pos, limit), 0);
      // Space padding is in neither plane (so the kernel's "any control byte" is the window's own).
      kernel.bytes.fill(0x20, n, padded);
      this.controlFree = kernel.run(padded, PLANES_AT) === 0;
      this.planes.set(kernel.planes.subarray(0, padded / 16));
      return;
    }
    const planes = this.planes;
    planes.fill(0, 0, padded / 16);
    let anyControl = false;
    for (let k = 0; k < n; k++) {
      const c = buf[pos + k]!;
      const bit = 1 << (k & 31);
      const w = (k >>> 5) * 2;
      if (c === 0x22 || c === 0x5c) planes[w] = planes[w]! | bit;
      else if (c < 0x20 && c !== 0x0a) {
        planes[w + 1] = planes[w + 1]! | bit;
        anyControl = true;
      }
    }
    this.controlFree = !anyControl;
  }
}
