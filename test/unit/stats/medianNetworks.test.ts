import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { medianNetwork, NETWORK_MAX, NETWORK_MIN } from '../../../src/core/stats/medianNetworks';

/** The definition: sort a copy, take the middle (mean of the two middle values for even n). */
function sortedMedian(a: ArrayLike<number>): number {
  const s = Float64Array.from(a).sort();
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : 0.5 * (s[h - 1]! + s[h]!);
}

describe('medianNetwork', () => {
  it('selects the median of every 0-1 input of each length it handles (the 0-1 principle)', () => {
    let inputs = 0;
    for (let n = NETWORK_MIN; n <= NETWORK_MAX; n++) {
      const a = new Float64Array(n);
      for (let mask = 0; mask < 1 << n; mask++) {
        for (let k = 0; k < n; k++) a[k] = (mask >> k) & 1;
        const zeros = n - a.reduce((x, y) => x + y, 0);
        const h = n >> 1;
        // The k-th smallest (0-based) of a 0-1 input is 0 exactly when more than k values are 0.
        const kth = (k: number): number => (zeros > k ? 0 : 1);
        const want = n % 2 === 1 ? kth(h) : 0.5 * (kth(h - 1) + kth(h));
        if (medianNetwork(a, n) !== want) assert.fail(`n = ${n}, input ${Array.from(a).join('')}`);
        inputs++;
      }
    }
    assert.equal(inputs, (1 << (NETWORK_MAX + 1)) - (1 << NETWORK_MIN));
  });

  it('equals the sorted median on real values with ties, zeros and large spreads, and leaves the array as it was', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: NETWORK_MIN, max: NETWORK_MAX }).chain((n) =>
          fc.array(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, 1e-300, 0.25, 0.25, 1)), { minLength: n, maxLength: n }),
        ),
        (values) => {
          const a = Float64Array.from(values);
          const before = Float64Array.from(a);
          assert.equal(medianNetwork(a, a.length), sortedMedian(values));
          assert.deepEqual(a, before);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('gives hand-computed medians and NaN outside its range', () => {
    assert.equal(medianNetwork(Float64Array.of(9, 1, 4), 3), 4);
    assert.equal(medianNetwork(Float64Array.of(9, 1, 4, 2), 4), 3);
    assert.equal(medianNetwork(Float64Array.of(5, 3, 8, 1, 9, 2, 7, 4, 6), 9), 5);
    assert.ok(Number.isNaN(medianNetwork(Float64Array.of(1, 2), 2)));
    assert.ok(Number.isNaN(medianNetwork(new Float64Array(NETWORK_MAX + 1), NETWORK_MAX + 1)));
  });

  it('is the file its generator writes', () => {
    const r = spawnSync(process.execPath, [join(process.cwd(), 'scripts', 'medianNetworks.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
