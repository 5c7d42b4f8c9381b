import assert from 'node:assert/strict';
import { columnOps } from '../../../src/core/stats/columnOps';
import { SpacedScorer } from '../../../src/core/stats/emergence';
import { NETWORK_MAX, NETWORK_MIN } from '../../../src/core/stats/medianNetworks';
import { Rng } from '../../../src/core/stats/rng';

/** Scores `series` (each of `points` values) by the WebAssembly kernel, as the bootstrap lays them out. */
function kernelScores(points: number, series: Float64Array[], scorer: SpacedScorer, orient: number): Float64Array {
  const ops = columnOps()!;
  const count = series.length;
  const stride = count + (count & 1);
  const fAt = points * stride;
  const outAt = fAt + 2 * (points - 1);
  const c = ops.scratch(outAt + stride);
  series.forEach((y, t) => y.forEach((v, i) => (c[i * stride + t] = v)));
  const f = scorer.factors!;
  for (let k = 0; k < points - 1; k++) c[fAt + 2 * k] = c[fAt + 2 * k + 1] = f[k] as number;
  ops.score(points, 0, stride, stride, fAt, scorer.floorSquared, orient, outAt);
  return Float64Array.from(c.subarray(outAt, outAt + count));
}

describe('emergence score in WebAssembly (scoreKernel)', () => {
  it('is there for every network size, and only those', () => {
    const ops = columnOps()!;
    for (let n = NETWORK_MIN; n <= NETWORK_MAX; n++) assert.ok(ops.scores(n + 1), `${n} steps`);
    assert.ok(!ops.scores(NETWORK_MIN), 'too few points');
    assert.ok(!ops.scores(NETWORK_MAX + 2), 'too many points');
  });

  it('gives the JavaScript scorer\'s bits: random, rising, falling, flat, tied, non-finite and floored series', () => {
    const rng = new Rng(3);
    for (let points = NETWORK_MIN + 1; points <= NETWORK_MAX + 1; points++) {
      // An uneven grid, so the spacing factors are not all 1.
      const u = Array.from({ length: points }, (_, i) => 8 + 0.3 * i + (i % 3 === 0 ? 0.1 : 0) + (i > points / 2 ? 0.5 : 0));
      for (const floor of [0, 1e-3, 0.2, -1]) {
        const scorer = new SpacedScorer(u, floor);
        const series: Float64Array[] = [];
        for (let k = 0; k < 61; k++) {
          const kind = k % 10;
          const y = Float64Array.from({ length: points }, (_, i) => {
            if (kind === 0) return 0.25; // flat
            if (kind === 1) return i / points; // even rise
            if (kind === 2) return 1 - i / points; // fall
            if (kind === 3) return i < points / 2 ? 0.01 : 0.9; // a jump
            if (kind === 4) return Math.round(rng.next() * 3) / 3; // ties in values and steps
            return rng.next();
          });
          if (k === 15) y[points - 1] = Infinity;
          if (k === 25) y[1] = NaN;
          if (k === 35) y[0] = -Infinity;
          series.push(y);
        }
        for (const orient of [1, -1]) {
          const got = kernelScores(points, series, scorer, orient);
          series.forEach((y, t) => {
            const want = orient * scorer.score(y);
            // Object.is: NaN is NaN, and +0 and -0 differ.
            assert.ok(Object.is(got[t], want), `points ${points} floor ${floor} orient ${orient} series ${t} [${Array.from(y).join(', ')}]: ${got[t]} vs ${want}`);
          });
        }
      }
    }
  });

  it('handles the zero-denominator case as the scorer does: +-Infinity', () => {
    // A single step carries the whole change and the median step is 0, with no floor.
    const u = [1, 2, 3, 4, 5];
    const scorer = new SpacedScorer(u, 0);
    const got = kernelScores(5, [Float64Array.of(0, 0, 0, 0, 1), Float64Array.of(1, 0, 0, 0, 0)], scorer, 1);
    assert.equal(got[0], Infinity);
    assert.equal(got[1], -Infinity);
  });
});
