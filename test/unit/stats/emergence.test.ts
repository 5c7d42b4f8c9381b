import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  SpacedScorer,
  emergenceScore,
  emergenceScoreSpaced,
  largestStep,
  spacedSteps,
} from '../../../src/core/stats/emergence';

function close(actual: number, expected: number, tol: number): void {
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected} +- ${tol}, got ${actual}`);
}

describe('emergenceScore', () => {
  it('is 0 for a flat series, with or without a floor', () => {
    assert.equal(emergenceScore([0.3, 0.3, 0.3, 0.3]), 0);
    assert.equal(emergenceScore([0, 0, 0, 0, 0], 0.01), 0);
  });

  it('scores one jump at range / floor: [0,0,0,0,0.6] with floor 1/100 is 60', () => {
    // d = [0, 0, 0, 0.6]; median d^2 = 0 -> floor^2 = 1e-4; 0.6 / 0.01 = 60.
    close(emergenceScore([0, 0, 0, 0, 0.6], 1 / 100), 60, 1e-12);
    assert.equal(emergenceScore([0, 0, 0, 0, 0.6]), Infinity);
  });

  it('reads the floor-effect case 0, 0, 0, 0.002 (n = 1000) as 2, not Infinity', () => {
    close(emergenceScore([0, 0, 0, 0.002], 1 / 1000), 2, 1e-12);
  });

  it('scores a steady rise at (points - 1): 0.1..0.6 over 6 points is 5', () => {
    close(emergenceScore([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), 5, 1e-12);
  });

  it('is negative for a falling series', () => {
    close(emergenceScore([0.6, 0.5, 0.4, 0.3, 0.2, 0.1]), -5, 1e-12);
    assert.equal(emergenceScore([0.6, 0, 0, 0]), -Infinity);
  });

  it('takes the median of an even number of squared steps as the mean of the middle two', () => {
    // d = [1, 2, 3] -> median d^2 = 4; range 6 -> 3.
    close(emergenceScore([0, 1, 3, 6]), 3, 1e-12);
    // d = [1, 2, 3, 4] -> d^2 = [1, 4, 9, 16], median 6.5; range 10 -> 10 / sqrt(6.5).
    close(emergenceScore([0, 1, 3, 6, 10]), 10 / Math.sqrt(6.5), 1e-12);
  });

  it('equals the definition with a fully sorted median, whatever the order, ties and length', () => {
    // The median is found by a comparator network (3 to 16 steps), an insertion sort (other counts up
    // to 32) or a typed-array sort; the reference sorts every squared step in plain JavaScript. Few
    // distinct values make ties and repeated steps common; 2 to 40 points reach all three.
    const reference = (y: number[], floor: number): number => {
      const d2 = y.slice(1).map((v, i) => (v - y[i]!) ** 2).sort((a, b) => a - b);
      const h = d2.length >> 1;
      const med = d2.length % 2 === 1 ? d2[h]! : 0.5 * (d2[h - 1]! + d2[h]!);
      const max = Math.max(...y);
      const min = Math.min(...y);
      if (max === min) return 0;
      const sign = y.indexOf(max) > y.indexOf(min) ? 1 : -1;
      const denom = Math.sqrt(Math.max(med, floor * floor));
      return denom === 0 ? sign * Infinity : (sign * (max - min)) / denom;
    };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 40 }),
        fc.constantFrom(0, 0.05, 1),
        (ints, floor) => {
          const y = ints.map((k) => k / 6);
          assert.equal(emergenceScore(y, floor), reference(y, floor));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is NaN for fewer than 2 points or a non-finite value', () => {
    assert.ok(Number.isNaN(emergenceScore([])));
    assert.ok(Number.isNaN(emergenceScore([0.4])));
    assert.ok(Number.isNaN(emergenceScore([0.1, NaN, 0.3])));
  });
});

describe('emergenceScoreSpaced', () => {
  const even = [8, 9, 10, 11, 12, 13];
  const uneven = [7.8, 8.2, 9.0, 9.15, 10.5, 11.0];

  it('equals emergenceScore on an even grid', () => {
    for (const y of [
      [0.01, 0.02, 0.01, 0.05, 0.4, 0.7],
      [0.9, 0.85, 0.7, 0.72, 0.3, 0.2],
      [0, 0, 0, 0, 0.002, 0.002],
    ]) {
      close(emergenceScoreSpaced(even, y, 0.001), emergenceScore(y, 0.001), 1e-12);
    }
  });

  it('shrinks steps across wide gaps of an uneven grid, and never amplifies narrow ones', () => {
    // Gaps 0.4, 0.8, 0.15, 1.35, 0.5 (mean 0.64): factors 1, 0.8, 1, 0.474, 1. A line 0.2 u has
    // steps 0.08, 0.16, 0.03, 0.27, 0.1 -> spaced 0.08, 0.128, 0.03, 0.128, 0.1; median 0.1, range
    // 0.64 -> 6.4, and no step stands out as a jump at the widest gap.
    const line = (u: number): number => 0.1 + 0.2 * u;
    close(emergenceScoreSpaced(even, even.map(line)), 5, 1e-9);
    close(emergenceScoreSpaced(uneven, uneven.map(line)), 6.4, 1e-9);
    const d = spacedSteps(uneven, uneven.map(line)) as Float64Array;
    close(d[3] as number, 0.128, 1e-9);
    close(d[2] as number, 0.03, 1e-9);
  });

  it('is NaN when the scales are not strictly increasing', () => {
    assert.ok(Number.isNaN(emergenceScoreSpaced([1, 2, 2, 3], [0, 0.1, 0.2, 0.3])));
    assert.ok(Number.isNaN(emergenceScoreSpaced([1, 3, 2], [0, 0.1, 0.2])));
    assert.ok(Number.isNaN(emergenceScoreSpaced([1, 2], [0, 0.1, 0.2])));
  });

  it('is reproduced by a reused SpacedScorer', () => {
    const s = new SpacedScorer(uneven, 0.01);
    const y1 = [0, 0.01, 0, 0.02, 0.5, 0.6];
    const y2 = [0.6, 0.5, 0.5, 0.2, 0.1, 0];
    assert.equal(s.score(y1), emergenceScoreSpaced(uneven, y1, 0.01));
    assert.equal(s.score(y2), emergenceScoreSpaced(uneven, y2, 0.01));
    assert.equal(s.score(y1), emergenceScoreSpaced(uneven, y1, 0.01));
  });
});

describe('largestStep and spacedSteps', () => {
  const u = [0, 1, 2, 3, 4, 7];

  it('puts steps across wide gaps on the mean spacing', () => {
    // mean gap 7/5 = 1.4: d' = d * min(1, 1.4 / gap); only the last gap (3) is wider.
    const d = spacedSteps(u, [0, 0.1, 0.2, 0.6, 0.7, 1.0]) as Float64Array;
    const expected = [0.1, 0.1, 0.4, 0.1, 0.14];
    expected.forEach((v, i) => close(d[i] as number, v, 1e-12));
  });

  it('finds the jump, not the widest gap', () => {
    // Raw steps: the widest gap (index 4) carries 0.3; spaced, the jump at index 2 is largest.
    assert.equal(largestStep(u, [0, 0.1, 0.2, 0.6, 0.7, 1.0]), 2);
  });

  it('follows the direction of the overall change', () => {
    // A falling series: the largest fall (index 3), not the small rise at index 1.
    assert.equal(largestStep([1, 2, 3, 4, 5], [0.9, 0.85, 0.95, 0.9, 0.2]), 3);
  });

  it('is -1 with fewer than 2 points or unusable scales', () => {
    assert.equal(largestStep([1], [0.5]), -1);
    assert.equal(largestStep([2, 1], [0.5, 0.6]), -1);
    assert.equal(spacedSteps([1, 1], [0, 1]), null);
  });
});
