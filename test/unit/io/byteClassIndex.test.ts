import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteClassIndex, CONTROL, END, STOP } from '../../../src/core/io/byteClassIndex';

/** Whether buf[k] is escaped: an odd number of backslashes right before it (counted one by one). */
function escapedAt(buf: Uint8Array, k: number): boolean {
  let j = k - 1;
  while (j >= 0 && buf[j] === 0x5c) j--;
  return (k - 1 - j) % 2 === 1;
}

/** The answer by definition: first byte of the class in buf[pos, end), or -1. */
function reference(buf: Uint8Array, plane: number, pos: number, end: number): number {
  for (let k = pos; k < end; k++) {
    const c = buf[k]!;
    if (plane === STOP && (c === 0x22 || c === 0x5c)) return k;
    if (plane === CONTROL && c < 0x20 && c !== 0x0a) return k;
    if (plane === END && (escapedAt(buf, k) ? !'n"\\'.includes(String.fromCharCode(c)) : c === 0x22)) return k;
  }
  return -1;
}

// Bytes around every edge of the classes: the class bytes, their neighbours, '\n' (not CONTROL),
// 0x20 (the first non-control), and high bytes (a signed compare would call them control).
// Runs of backslashes and the bytes that may follow one (the escapes JSON allows, \u, invalid ones,
// and neighbours of the nibble tables' entries) for the END plane.
const byteArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x21, max: 0x7e }) },
  { weight: 3, arbitrary: fc.constantFrom(0x22, 0x5c, 0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xa0, 0xdc, 0xff) },
  { weight: 3, arbitrary: fc.constantFrom(0x5c, 0x5c, 0x22, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74, 0x75, 0x61, 0x63, 0x2e, 0x4e, 0x52, 0x54, 0x42, 0xe2, 0xf2, 0x3c) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
);

const WINDOW = 1 << 20;

describe('ByteClassIndex', () => {
  it('builds its planes with WebAssembly SIMD on this Node (the fast path the bench measures)', () => {
    assert.equal(new ByteClassIndex().native, true);
    assert.equal(new ByteClassIndex({ plainJs: true }).native, false);
  });

  it('finds the first quote or backslash, control byte, and unescaped quote or unusual escape, as a byte loop does (SIMD and plain)', () => {
    const native = new ByteClassIndex();
    const plain = new ByteClassIndex({ plainJs: true });
    let found = 0;
    fc.assert(
      fc.property(
        fc.array(byteArb, { maxLength: 300 }),
        fc.nat({ max: 7 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 80 }), fc.constantFrom(STOP, CONTROL, END)), { minLength: 1, maxLength: 12 }),
        (bytes, offset, queries) => {
          // The buffer sits at an odd offset of its memory, as pooled chunks do.
          const backing = new Uint8Array(bytes.length + offset);
          backing.set(bytes, offset);
          const buf = backing.subarray(offset);
          for (const [p, len, plane] of queries) {
            const pos = buf.length === 0 ? 0 : p % buf.length;
            const end = Math.min(buf.length, pos + len);
            const want = reference(buf, plane, pos, end);
            if (want >= 0) found++;
            assert.equal(native.next(buf, plane, pos, end), want, `native plane ${plane} [${pos}, ${end})`);
            assert.equal(plain.next(buf, plane, pos, end), want, `plain plane ${plane} [${pos}, ${end})`);
            const control = reference(buf, CONTROL, pos, end) >= 0;
            assert.equal(native.hasControl(buf, pos, end), control, `native hasControl [${pos}, ${end})`);
            assert.equal(plain.hasControl(buf, pos, end), control, `plain hasControl [${pos}, ${end})`);
          }
        },
      ),
      { numRuns: 2000, seed: 20261123 },
    );
    assert.ok(found > 1000, `only ${found} queries found a byte`);
  });

  it('finds the end of a string across escapes, 32-byte words and windows (SIMD and plain)', () => {
    const text = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
    for (const index of [new ByteClassIndex(), new ByteClassIndex({ plainJs: true })]) {
      // Escaped quotes and backslash runs of every length up to 40, the closing quote after them.
      for (let run = 0; run <= 40; run++) {
        const s = text('"ab' + '\\'.repeat(run) + '"tail"');
        const firstQuote = 3 + run;
        const want = run % 2 === 0 ? firstQuote : firstQuote + 5;
        assert.equal(index.next(s, END, 1, s.length), want, `run ${run}`);
      }
      // \u and an invalid escape stop the look-up where the scanner must check them itself.
      const u = text('"x\\n\\u0041\\"y"');
      assert.equal(index.next(u, END, 1, u.length), 5);
      const bad = text('"x\\q"');
      assert.equal(index.next(bad, END, 1, bad.length), 3);
      // Escapes other than \n, \" and \\ stop it too (the walk accepts the valid ones).
      const tab = text('"\\n\\"\\\\\\t"');
      assert.equal(index.next(tab, END, 1, tab.length), 8);
      // A window that starts right after a backslash: the quote it begins with is escaped.
      const big = new Uint8Array(2 * WINDOW + 64).fill(0x61);
      big[0] = 0x22;
      big[WINDOW] = 0x5c;
      big[WINDOW + 1] = 0x22;
      big[2 * WINDOW + 10] = 0x22;
      assert.equal(index.next(big, END, 1, WINDOW + 1), -1);
      assert.equal(index.next(big, END, WINDOW + 1, big.length), 2 * WINDOW + 10);
      assert.equal(index.next(big, END, 1, big.length), 2 * WINDOW + 10);
      big[WINDOW - 1] = 0x5c;
      const copy = big.slice();
      assert.equal(index.next(copy, END, WINDOW + 1, copy.length), WINDOW + 1);
      assert.equal(index.next(copy, END, 1, copy.length), WINDOW + 1);
    }
  });

  it('crosses and moves its window on a buffer bigger than one window, in either direction', () => {
    const buf = new Uint8Array(2 * WINDOW + 1000).fill(0x61);
    const marks = [WINDOW - 1, WINDOW, WINDOW + 31, 2 * WINDOW - 5, 2 * WINDOW + 999];
    for (const m of marks) buf[m] = 0x22;
    buf[WINDOW + 500] = 0x01;
    for (const index of [new ByteClassIndex(), new ByteClassIndex({ plainJs: true })]) {
      // A search that starts in one window and ends in the next.
      assert.equal(index.next(buf, STOP, 10, buf.length), WINDOW - 1);
      assert.equal(index.next(buf, STOP, WINDOW - 1 + 1, buf.length), WINDOW);
      assert.equal(index.next(buf, STOP, WINDOW + 32, buf.length), 2 * WINDOW - 5);
      assert.equal(index.next(buf, CONTROL, 0, buf.length), WINDOW + 500);
      // Back to the start (the window moves back), then to the very end.
      assert.equal(index.next(buf, STOP, 0, WINDOW - 1), -1);
      assert.equal(index.next(buf, STOP, 2 * WINDOW - 4, buf.length), 2 * WINDOW + 999);
      assert.equal(index.next(buf, CONTROL, WINDOW + 501, buf.length), -1);
      // Another buffer is indexed afresh, even one of the same length.
      const other = new Uint8Array(buf.length).fill(0x61);
      other[7] = 0x5c;
      assert.equal(index.next(other, STOP, 0, other.length), 7);
      assert.equal(index.next(other, STOP, 8, other.length), -1);
    }
  });

  it('answers hasControl from a window without any control byte at once, and still finds one past it', () => {
    // The scanner asks "any control byte in this line?" once per line; a window without one answers
    // -1 for any range inside it, and a range that runs past the window is searched as before.
    const buf = new Uint8Array(WINDOW + 4000).fill(0x61);
    buf[WINDOW + 2000] = 0x09;
    for (const index of [new ByteClassIndex(), new ByteClassIndex({ plainJs: true })]) {
      assert.equal(index.hasControl(buf, 0, 5000), false);
      assert.equal(index.hasControl(buf, 100, WINDOW), false);
      assert.equal(index.hasControl(buf, WINDOW - 100, buf.length), true);
      assert.equal(index.next(buf, CONTROL, WINDOW - 100, buf.length), WINDOW + 2000);
      assert.equal(index.hasControl(buf, WINDOW - 100, WINDOW + 1999), false);
      // A window with a control byte answers by the plane, before and after the byte.
      assert.equal(index.hasControl(buf, WINDOW + 1000, WINDOW + 3000), true);
      assert.equal(index.hasControl(buf, WINDOW + 2001, buf.length), false);
      // Short buffers: their padding to 32 bytes is no control byte, and a real one is found.
      const short = new Uint8Array(37).fill(0x20);
      assert.equal(index.hasControl(short, 0, short.length), false);
      short[36] = 0x1f;
      const copy = short.slice();
      assert.equal(index.hasControl(copy, 0, copy.length), true);
      assert.equal(index.hasControl(copy, 0, 36), false);
    }
  });

  it('keeps its own planes when indexes share the kernel (two reads awaited in turn)', () => {
    const a = new Uint8Array(5000).fill(0x61);
    const b = new Uint8Array(5000).fill(0x62);
    a[4000] = 0x22;
    b[100] = 0x5c;
    const ia = new ByteClassIndex();
    const ib = new ByteClassIndex();
    assert.equal(ia.next(a, STOP, 0, 3000), -1);
    // ib builds its window in the shared scratch memory; ia must still answer from a's planes.
    assert.equal(ib.next(b, STOP, 0, b.length), 100);
    assert.equal(ia.next(a, STOP, 3000, a.length), 4000);
    assert.equal(ib.next(b, STOP, 101, b.length), -1);
  });
});
