import assert from 'node:assert/strict';
import { columnOps } from '../../../src/core/stats/columnOps';
import { Rng } from '../../../src/core/stats/rng';

describe('column operations', () => {
  it('run as WebAssembly here (Node 20 has SIMD)', () => {
    assert.notEqual(columnOps(), null);
  });

  it('give the bits of the formulas computed in JavaScript', () => {
    const ops = columnOps()!;
    const rng = new Rng(5);
    const len = 258;
    // Column 0 and 1 are the operands; 2 and 3 start as copies of column 0 and get the results.
    const values = Float64Array.from({ length: 2 * len }, (_, k) => (k % 7 === 0 ? 0 : (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 12 - 6)));
    const w = -0.3712;
    const s = ops.scratch(4 * len);
    s.set(values);
    s.copyWithin(2 * len, 0, len);
    s.copyWithin(3 * len, 0, len);
    ops.fma(2 * len, len, w, len);
    ops.finish(3 * len, len, 7, len);
    // Zero-length calls leave everything as it was.
    ops.fma(2 * len, len, w, 0);
    ops.finish(2 * len, len, w, 0);
    const wasm = Float64Array.from(ops.scratch(4 * len).subarray(2 * len, 4 * len));
    for (let t = 0; t < len; t++) {
      const d = values[t] as number;
      const x = values[len + t] as number;
      assert.equal(wasm[t], d + x * w, `fma ${t}`);
      assert.equal(wasm[len + t], (d + x) / 7, `finish ${t}`);
    }
  });

  it('give dot products bit for bit as a loop with even and odd accumulators (any length)', () => {
    const ops = columnOps()!;
    const rng = new Rng(11);
    for (const len of [0, 1, 2, 3, 5, 64, 257, 1000, 2623]) {
      const x = Float64Array.from({ length: len }, () => (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 8 - 4));
      const y = Float64Array.from({ length: len }, () => (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 8 - 4));
      let s0 = 0;
      let s1 = 0;
      let c = 0;
      for (; c + 1 < len; c += 2) {
        s0 += x[c]! * y[c]!;
        s1 += x[c + 1]! * y[c + 1]!;
      }
      if (c < len) s0 += x[c]! * y[c]!;
      const s = ops.scratch(2 * len + 2);
      s.set(x, 0);
      s.set(y, len);
      assert.ok(Object.is(ops.dot(0, len, len, 2 * len), s0 + s1), `len ${len}`);
      // One sum in another order differs in its last bits: the test can tell the orders apart.
      if (len === 2623) {
        let plain = 0;
        for (let t = 0; t < len; t++) plain += x[t]! * y[t]!;
        assert.notEqual(plain, s0 + s1);
      }
    }
  });

  it('grow the scratch on demand (a WebAssembly memory by pages)', () => {
    const ops = columnOps()!;
    const n = 300_000; // 2.4 MB, beyond the first page
    const s = ops.scratch(n);
    assert.ok(s.length >= n);
    s.fill(2, n - 4, n);
    s.fill(1, n - 8, n - 4);
    ops.fma(n - 4, n - 8, 3, 4);
    assert.deepEqual(Array.from(ops.scratch(n).subarray(n - 4, n)), [5, 5, 5, 5]);
  });
});
