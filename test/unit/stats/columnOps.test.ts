import assert from 'node:assert/strict';
import { columnOps } from '../../../src/core/stats/columnOps';
import { Rng } from '../../../src/core/stats/rng';

describe('column operations', () => {
  it('run as WebAssembly here (Node 20 has SIMD), so the tests below compare two paths', () => {
    // The plain path is a separate class; the shared one is WebAssembly when it could be compiled.
    assert.notEqual(columnOps().constructor, columnOps(true).constructor);
  });

  it('give the same bits in WebAssembly and in JavaScript, and match the formulas', () => {
    const rng = new Rng(5);
    const len = 258;
    // Column 0 and 1 are the operands, written alike into both scratches; 2 and 3 get the results.
    const values = Float64Array.from({ length: 2 * len }, (_, k) => (k % 7 === 0 ? 0 : (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 12 - 6)));
    const w = -0.3712;
    const paths = [columnOps(), columnOps(true)].map((ops) => {
      const s = ops.scratch(4 * len);
      s.set(values);
      s.copyWithin(2 * len, 0, len);
      s.copyWithin(3 * len, 0, len);
      ops.fma(2 * len, len, w, len);
      ops.finish(3 * len, len, 7, len);
      // Zero-length calls leave everything as it was.
      ops.fma(2 * len, len, w, 0);
      ops.finish(2 * len, len, w, 0);
      return Float64Array.from(ops.scratch(4 * len).subarray(2 * len, 4 * len));
    });
    const [wasm, plain] = paths as [Float64Array, Float64Array];
    for (let t = 0; t < len; t++) {
      const d = values[t] as number;
      const s = values[len + t] as number;
      assert.equal(plain[t], d + s * w, `fma ${t}`);
      assert.equal(plain[len + t], (d + s) / 7, `finish ${t}`);
      assert.equal(wasm[t], plain[t], `fma ${t}: wasm vs plain`);
      assert.equal(wasm[len + t], plain[len + t], `finish ${t}: wasm vs plain`);
    }
  });

  it('grow the scratch on demand (a WebAssembly memory by pages)', () => {
    const ops = columnOps();
    const n = 300_000; // 2.4 MB, beyond the first page
    const s = ops.scratch(n);
    assert.ok(s.length >= n);
    s.fill(2, n - 4, n);
    s.fill(1, n - 8, n - 4);
    ops.fma(n - 4, n - 8, 3, 4);
    assert.deepEqual(Array.from(ops.scratch(n).subarray(n - 4, n)), [5, 5, 5, 5]);
  });
});
