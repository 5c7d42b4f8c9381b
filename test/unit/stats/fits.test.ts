import assert from 'node:assert/strict';
import {
  bic,
  compareSmoothBreak,
  fitHinge,
  fitLinear,
  fitSigmoid,
} from '../../../src/core/stats/fits';

function close(actual: number, expected: number, tol: number, what = ''): void {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what} expected ${expected} +- ${tol}, got ${actual}`,
  );
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('fitLinear', () => {
  it('matches a hand-computed least-squares line on 3 points', () => {
    // u = 0,1,2; y = 1,2,4: b = (3*10 - 3*7)/(3*5 - 9) = 1.5, a = (7 - 4.5)/3 = 5/6;
    // residuals 1/6, -1/3, 1/6 -> RSS = 1/6.
    const f = fitLinear([0, 1, 2], [1, 2, 4]);
    close(f.params.b as number, 1.5, 1e-14);
    close(f.params.a as number, 5 / 6, 1e-14);
    close(f.chi2, 1 / 6, 1e-14);
    assert.equal(f.k, 2);
    assert.equal(f.weighted, false);
    close(f.predict(3), 5 / 6 + 4.5, 1e-14);
  });

  it('matches a hand-computed weighted line on 3 points', () => {
    // sigma = 1, 1, 1/2 -> w = 1, 1, 4: b = (6*34 - 9*19)/(6*17 - 81) = 11/7, a = 17/21;
    // residuals 4/21, -8/21, 1/21 -> chi2 = (16 + 64 + 4)/441 = 4/21.
    const f = fitLinear([0, 1, 2], [1, 2, 4], [1, 1, 0.5]);
    close(f.params.b as number, 11 / 7, 1e-14);
    close(f.params.a as number, 17 / 21, 1e-14);
    close(f.chi2, 4 / 21, 1e-14);
    assert.equal(f.weighted, true);
  });
});

describe('bic', () => {
  it('is chi2 + k ln m weighted and m ln(RSS/m) + k ln m unweighted', () => {
    const w = fitLinear([0, 1, 2], [1, 2, 4], [1, 1, 0.5]);
    close(bic(w), 4 / 21 + 2 * Math.log(3), 1e-13);
    const u = fitLinear([0, 1, 2], [1, 2, 4]);
    close(bic(u), 3 * Math.log(1 / 6 / 3) + 2 * Math.log(3), 1e-13);
  });

  it('floors an exact fit at the data resolution so exact fits tie', () => {
    const f = fitLinear([0, 1, 2, 3], [0, 1, 2, 3]);
    // rssFloor = m (1e-6 * range)^2 = 4 * (3e-6)^2.
    close(bic(f), 4 * Math.log((4 * 9e-12) / 4) + 2 * Math.log(4), 1e-9);
  });
});

describe('compareSmoothBreak', () => {
  it('prefers the line for an exact line (chi2 ~ 0, deltaBic <= 0), weighted or not', () => {
    const u = [8, 8.5, 9, 9.5, 10, 10.5, 11];
    const y = u.map((x) => 0.1 * x - 0.7);
    const plain = compareSmoothBreak(u, y);
    assert.ok(plain.smooth.chi2 < 1e-24);
    assert.ok(plain.deltaBic <= 0);
    // Both fits sit at the RSS floor; only the penalty differs: -2 ln 7.
    close(plain.deltaBic, -2 * Math.log(7), 1e-6);
    const weighted = compareSmoothBreak(u, y, u.map(() => 0.01));
    assert.ok(weighted.smooth.chi2 < 1e-20);
    assert.ok(weighted.deltaBic <= 0);
  });

  it('finds a clear hinge with small sigma and recovers its breakpoint', () => {
    // Flat at 0.05 until u = 3.3 (between grid points), then slope 0.2.
    const u = range(8);
    const y = u.map((x) => 0.05 + 0.2 * Math.max(0, x - 3.3));
    const r = compareSmoothBreak(u, y, u.map(() => 0.01));
    assert.ok(r.deltaBic > 10, `deltaBic ${r.deltaBic}`);
    assert.equal(r.brk.name, 'hinge');
    close(r.brk.params.breakpoint as number, 3.3, 1e-6, 'breakpoint');
    close(r.brk.params.location as number, 3.3, 1e-6, 'location');
    close(r.brk.params.slopeBefore as number, 0, 1e-6);
    close(r.brk.params.slopeAfter as number, 0.2, 1e-6);
    close(r.brk.predict(3.3), 0.05, 1e-6);
    assert.equal(r.brk.k, 4);
  });

  it('does not read an uneven grid as a break: smooth line with noise, deltaBic <= 0', () => {
    // Residual noise of half a sigma: chi2 of the line < 2 ln m, so no 4-parameter model can win.
    const u = [7.8, 8.2, 9.0, 9.15, 10.5, 11.0];
    const noise = [0.5, -0.5, 0.4, -0.3, 0.5, -0.4];
    const sigma = 0.002;
    const y = u.map((x, i) => 0.1 + 0.05 * x + (noise[i] as number) * sigma);
    const r = compareSmoothBreak(u, y, u.map(() => sigma));
    assert.ok(r.deltaBic <= 0, `deltaBic ${r.deltaBic}`);
    assert.equal(r.m, 6);
  });

  it('finds a sigmoid jump and its centre', () => {
    const u = range(11);
    const y = u.map((x) => 0.1 + 0.7 / (1 + Math.exp(-(x - 6.2) / 0.4)));
    const r = compareSmoothBreak(u, y);
    assert.equal(r.brk.name, 'sigmoid');
    assert.ok(r.deltaBic > 10);
    close(r.brk.params.u0 as number, 6.2, 1e-4, 'u0');
    close(r.brk.params.s as number, 0.4, 1e-4, 's');
    close(r.brk.params.lo as number, 0.1, 1e-4, 'lo');
    close(r.brk.params.hi as number, 0.8, 1e-4, 'hi');
  });

  it('gives deltaBic NaN with fewer than 4 points', () => {
    const r = compareSmoothBreak([1, 2, 3], [0.1, 0.2, 0.9]);
    assert.ok(Number.isNaN(r.deltaBic));
    assert.equal(r.m, 3);
  });
});

describe('fitSigmoid and fitHinge on degenerate data', () => {
  it('fits a falling sigmoid with hi < lo', () => {
    const u = range(9);
    const y = u.map((x) => 0.9 - 0.6 / (1 + Math.exp(-(x - 3.5) / 0.7)));
    const f = fitSigmoid(u, y);
    assert.ok(f.chi2 < 1e-12);
    close(f.params.lo as number, 0.9, 1e-5);
    close(f.params.hi as number, 0.3, 1e-5);
  });

  it('never throws, whatever the data', () => {
    const cases: [number[], number[]][] = [
      [[], []],
      [[1], [0.5]],
      [
        [1, 2],
        [0.5, 0.7],
      ],
      [
        [1, 1, 1, 1],
        [0.1, 0.2, 0.3, 0.4],
      ],
      [
        [1, 2, 3, 4, 5],
        [0.3, 0.3, 0.3, 0.3, 0.3],
      ],
      [
        [1, 2, NaN, 4, 5],
        [0.3, Infinity, 0.2, 0.1, 0],
      ],
    ];
    for (const [u, y] of cases) {
      for (const f of [fitLinear(u, y), fitHinge(u, y), fitSigmoid(u, y)]) {
        assert.equal(f.k === 2 || f.k === 4, true);
        assert.ok(!Number.isNaN(f.chi2) || u.length === 0);
      }
      compareSmoothBreak(u, y);
      compareSmoothBreak(u, y, u.map(() => 0));
    }
    const flat = fitSigmoid([1, 2, 3, 4, 5], [0.3, 0.3, 0.3, 0.3, 0.3]);
    close(flat.predict(2.5), 0.3, 1e-12);
    assert.equal(flat.chi2, 0);
  });
});
