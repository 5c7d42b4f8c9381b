import { strict as assert } from 'node:assert';
import { smallFloat64Array, smallInt32Array } from '../../../src/core/stats/smallArrays';

describe('small typed arrays from slabs', () => {
  it('hands out zero-filled views that never overlap, across slab boundaries', () => {
    for (const make of [smallFloat64Array, smallInt32Array]) {
      const views: (Float64Array | Int32Array)[] = [];
      // ~3 slabs' worth of arrays of varied sizes (a slab is 512 KiB), each filled with its own mark.
      for (let k = 0; views.reduce((a, v) => a + v.byteLength, 0) < 3 * (1 << 19); k++) {
        const n = 1 + ((k * 37) % 300);
        const v = make(n);
        assert.equal(v.length, n);
        assert.ok(v.every((x) => x === 0), `array ${k} is not zero-filled`);
        v.fill(k + 1);
        views.push(v);
      }
      // Had two views shared memory, the later fill would show in the earlier one.
      views.forEach((v, k) => assert.ok(v.every((x) => x === k + 1), `array ${k} was overwritten`));
      assert.ok(new Set(views.map((v) => v.buffer)).size >= 3, 'expected the arrays to span several slabs');
    }
  });

  it('gives a large array a buffer of its own', () => {
    const big = smallFloat64Array(100_000);
    assert.equal(big.length, 100_000);
    assert.equal(big.byteOffset, 0);
    assert.equal(big.buffer.byteLength, 800_000);
    const bigInt = smallInt32Array(100_000);
    assert.equal(bigInt.buffer.byteLength, 400_000);
  });
});
