/**
 * Where the bytes a JSON scanner stops at lie in a buffer: one bit per byte, in three planes, built
 * for a window of up to a megabyte at a time by a few lines of WebAssembly SIMD (16 bytes per
 * compare).
 *
 * Why: a row of an eval log is mostly one long string (the prompt), full of `\n` escapes. Finding its
 * end byte by byte in JavaScript costs about a nanosecond per byte; with Buffer.indexOf it costs a
 * native call per escape, and checking for raw control bytes (which make JSON.parse reject a line)
 * took one memchr over the whole chunk per control byte, 31 of them. Built once per chunk, the planes
 * answer "next quote or backslash", "next control byte" and "end of this string" by reading a few
 * 32-bit words, and the window knows whether it holds a control byte at all.
 *
 * Where WebAssembly or its SIMD is missing, a plain loop builds the same planes (slower, same answers).
 */

import { encodeModule, i8x16, i32c, kernelFactory, mem, op, type Kernel } from '../wasm/wasmModule';

/** Plane of quotes and backslashes: the bytes that end a plain run inside a JSON string. */
export const STOP = 0;
/** Plane of control bytes other than '\n' (which ends a line and never lies inside one). */
export const CONTROL = 1;
/**
 * Plane of the quotes no backslash escapes, and of the escaped bytes other than n, " and \ (the
 * escapes of prompts; \u needs its hex digits checked, the rest of JSON's escapes are rare, and the
 * others are invalid). Inside a string, its first byte on or after the opening quote's successor is
 * the closing quote when every escape on the way is one of those three, and is not a quote otherwise
 * (the scanner then walks the string escape by escape): a long string full of `\n` is crossed in one
 * look-up instead of one per escape.
 */
export const END = 2;

/** Bytes indexed per window. */
const WINDOW = 1 << 20;
/** Where the planes start in the module's memory: after the window and its padding to 32 bytes. */
const PLANES_AT = WINDOW + 64;
/** Planes, interleaved per 32 bytes: word k of plane p at 3k + p. */
const PLANES = 3;
const PLANE_WORDS = (WINDOW / 32) * PLANES;

const { eq: EQ, ltU: LT_U, andnot: ANDNOT, or: OR, bitmask: BITMASK } = i8x16;

/** Per byte: 1 for the escaped bytes END leaves out (n, the quote and the backslash), for the plain path. */
const COMMON_ESCAPE = new Uint8Array(256);
for (const c of 'n"\\') COMMON_ESCAPE[c.charCodeAt(0)] = 1;

// run(n, out, escaped): for bytes [0, n) of memory, n a positive multiple of 32, writes the planes'
// words at `out` and returns the OR of the CONTROL words (0: no control byte at all); `escaped` (0
// or 1) says whether byte 0 is escaped (an odd run of backslashes ends just before the window).
// Escapes are found as simdjson does (Langdale & Lemire 2019, "Parsing gigabytes of JSON per
// second"): the escaped bytes are those after an odd-length run of backslashes, found for 32 bytes
// at once with one addition, whose carry passes on to the next 32. Without a branch: words with and
// without escapes alternate in a prompt, and a branch on them with a loop over the escaped bytes made
// the planes of 100 MB take 30-33 ms against 27-28 ms. For the same reason END holds every escaped
// byte other than n, " and \ (the escapes of prompts), a few compares: checking all of JSON's
// escapes by a SIMD nibble table cost as much as the branch, the other plain escapes (/bfnrt) are
// rare, and the scanner's escape-by-escape walk accepts them.
const [N, OUT, ESCAPED, I, A, ANY_CONTROL, WORD, QUOTES, BACKSLASHES, COMMON, ESC, FOLLOWS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const [QUOTE_V, BACKSLASH_V, SPACE_V, NEWLINE_V, N_V, V0, V1, Q0, Q1, B0, B1] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
const { get, set, tee } = op;
/** A 32-bit word from the two halves' 16-bit masks (byte k is bit k). */
const word = (half: (v: number) => number[]): number[] => [...half(0), ...half(1), ...i32c(16), op.i32Shl, op.i32Or];
const bitmask = (v: number): number[] => [get, v, ...BITMASK];
/** One half's CONTROL bits: its bytes below 0x20, except '\n'. */
const controlMask = (h: number): number[] => {
  const v = h === 0 ? V0 : V1;
  return [get, v, get, SPACE_V, ...LT_U, get, v, get, NEWLINE_V, ...EQ, ...ANDNOT, ...BITMASK];
};
/** One half's bytes that are n, " or \ (its quote and backslash compares are in Q0 / B0, Q1 / B1). */
const commonMask = (h: number): number[] => [
  get, h === 0 ? V0 : V1, get, N_V, ...EQ, get, h === 0 ? Q0 : Q1, ...OR, get, h === 0 ? B0 : B1, ...OR, ...BITMASK,
];
const splat = (byte: number, local: number): number[] => [...i32c(byte), ...i8x16.splat, set, local];
const not = [...i32c(-1), op.i32Xor];
const EVEN = 0x55555555;
const ODD = ~EVEN;
const makeKernel = kernelFactory(
  encodeModule({
    params: [op.i32, op.i32, op.i32],
    result: op.i32,
    locals: [
      [9, op.i32],
      [11, op.v128],
    ],
    pages: Math.ceil((PLANES_AT + PLANE_WORDS * 4) / 65536),
    body: [
      get, OUT, set, A,
      ...splat(0x22, QUOTE_V), ...splat(0x5c, BACKSLASH_V), ...splat(0x20, SPACE_V), ...splat(0x0a, NEWLINE_V), ...splat(0x6e, N_V),
      op.loop, op.void,
      get, I, ...i8x16.load(0), tee, V0, get, QUOTE_V, ...EQ, set, Q0,
      get, V0, get, BACKSLASH_V, ...EQ, set, B0,
      get, I, ...i8x16.load(16), tee, V1, get, QUOTE_V, ...EQ, set, Q1,
      get, V1, get, BACKSLASH_V, ...EQ, set, B1,
      ...word((h) => bitmask(h === 0 ? Q0 : Q1)), set, QUOTES,
      ...word((h) => bitmask(h === 0 ? B0 : B1)), set, BACKSLASHES,
      get, A, get, QUOTES, get, BACKSLASHES, op.i32Or, ...mem(op.i32Store, 2, 0),
      get, A, ...word(controlMask), tee, WORD, ...mem(op.i32Store, 2, 4),
      get, WORD, get, ANY_CONTROL, op.i32Or, set, ANY_CONTROL,
      ...word(commonMask), set, COMMON,
      // Escaped bytes (simdjson's find_escaped_branchless on 32 bits): a backslash that is itself
      // escaped starts nothing; sequences of backslashes that start on an odd bit are made to start
      // on an even one by the addition, so that "every other bit after the start" is one mask.
      get, BACKSLASHES, get, ESCAPED, ...not, op.i32And, set, BACKSLASHES,
      get, BACKSLASHES, ...i32c(1), op.i32Shl, get, ESCAPED, op.i32Or, set, FOLLOWS,
      get, BACKSLASHES, ...i32c(ODD), op.i32And, get, FOLLOWS, ...not, op.i32And, tee, WORD,
      get, BACKSLASHES, op.i32Add, tee, ESC, get, WORD, op.i32LtU, set, ESCAPED,
      ...i32c(EVEN), get, ESC, ...i32c(1), op.i32Shl, op.i32Xor, get, FOLLOWS, op.i32And, set, ESC,
      // END: unescaped quotes, and escaped bytes other than n, " and \\.
      get, A,
      get, QUOTES, get, ESC, ...not, op.i32And,
      get, ESC, get, COMMON, ...not, op.i32And,
      op.i32Or, ...mem(op.i32Store, 2, 8),
      get, A, ...i32c(4 * PLANES), op.i32Add, set, A,
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

  /** Position of the first byte of `plane` (STOP, CONTROL or END) in buf[pos, end), or -1. */
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
      let bits = planes[PLANES * w + plane]! & (-1 << (rel & 31));
      for (;;) {
        if (bits !== 0) {
          const at = (w << 5) + 31 - Math.clz32(bits & -bits);
          if (at < relEnd) return base + at;
          break;
        }
        if (w >= last) break;
        w++;
        bits = planes[PLANES * w + plane]!;
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
    // Whether buf[pos] is escaped: the run of backslashes just before it has odd length. Counted
    // here, so that a window may start anywhere (a long string continued past the last window).
    let k = pos - 1;
    while (k >= 0 && buf[k] === 0x5c) k--;
    const escaped = (pos - 1 - k) & 1;
    const kernel = this.kernel;
    if (kernel !== null) {
      kernel.bytes.set(buf.subarray(pos, limit), 0);
      // Space padding is in no plane (so the kernel's "any control byte" is the window's own).
      kernel.bytes.fill(0x20, n, padded);
      this.controlFree = kernel.run(padded, PLANES_AT, escaped) === 0;
      this.planes.set(kernel.planes.subarray(0, (padded / 32) * PLANES));
      return;
    }
    const planes = this.planes;
    planes.fill(0, 0, (padded / 32) * PLANES);
    let anyControl = false;
    let isEscaped = escaped === 1;
    for (let k = 0; k < n; k++) {
      const c = buf[pos + k]!;
      const bit = 1 << (k & 31);
      const w = (k >>> 5) * PLANES;
      if (c === 0x22 || c === 0x5c) planes[w + STOP] = planes[w + STOP]! | bit;
      else if (c < 0x20 && c !== 0x0a) {
        planes[w + CONTROL] = planes[w + CONTROL]! | bit;
        anyControl = true;
      }
      if (isEscaped ? COMMON_ESCAPE[c] !== 1 : c === 0x22) planes[w + END] = planes[w + END]! | bit;
      isEscaped = c === 0x5c && !isEscaped;
    }
    this.controlFree = !anyControl;
  }
}
