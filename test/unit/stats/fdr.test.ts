import assert from 'node:assert/strict';
import { benjaminiHochberg } from '../../../src/core/stats/fdr';

function closeAll(actual: (number | null)[], expected: (number | null)[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    const e = expected[i];
    if (e === null || e === undefined) assert.equal(a, e ?? null);
    else assert.ok(a !== null && Math.abs(a - e) < 1e-15, `[${i}] expected ${e}, got ${a}`);
  });
}

describe('benjaminiHochberg', () => {
  it('matches a hand-computed example, nulls passing through', () => {
    // m = 4. Sorted: 0.005*4/1 = 0.02, 0.01*4/2 = 0.02, 0.03*4/3 = 0.04, 0.045*4/4 = 0.045.
    closeAll(benjaminiHochberg([0.01, 0.045, 0.03, 0.005, null]), [0.02, 0.045, 0.04, 0.02, null]);
  });

  it('is monotone step-up: a smaller p never gets a larger q', () => {
    // Raw: 0.03*2/1 = 0.06 > 0.04*2/2 = 0.04, so the smaller p takes 0.04.
    closeAll(benjaminiHochberg([0.04, 0.03]), [0.04, 0.04]);
  });

  it('caps at 1 and handles empty input', () => {
    closeAll(benjaminiHochberg([0.9, 0.8, 0.7]), [0.9, 0.9, 0.9]);
    closeAll(benjaminiHochberg([0.6, null, 0.9]), [0.9, null, 0.9]);
    assert.deepEqual(benjaminiHochberg([]), []);
    assert.deepEqual(benjaminiHochberg([null, null]), [null, null]);
    const q = benjaminiHochberg([NaN, 0.01]);
    assert.ok(Number.isNaN(q[0] as number));
    assert.equal(q[1], 0.01);
  });
});
