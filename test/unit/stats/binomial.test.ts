import assert from 'node:assert/strict';
import {
  binomLogPmf,
  binomialGofTest,
  chi2Sf,
  itemsForHalfWidth,
  itemsNeededForOneSuccess,
  mcnemar,
} from '../../../src/core/stats/binomial';

function close(actual: number, expected: number, tol: number): void {
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected} +- ${tol}, got ${actual}`);
}

describe('chi2Sf', () => {
  it('gives 0.05 at the 95% critical values', () => {
    close(chi2Sf(3.841458820694124, 1), 0.05, 1e-14);
    close(chi2Sf(5.991464547107979, 2), 0.05, 1e-14);
  });

  it('is exp(-x/2) for 2 df and 1 at x <= 0', () => {
    close(chi2Sf(40, 2), Math.exp(-20), 1e-20);
    assert.equal(chi2Sf(0, 3), 1);
    assert.ok(Number.isNaN(chi2Sf(1, 0)));
  });
});

describe('binomLogPmf', () => {
  it('matches C(n, k) p^k (1-p)^(n-k)', () => {
    close(binomLogPmf(3, 10, 0.5), Math.log(120 / 1024), 1e-13);
    close(binomLogPmf(0, 5, 0.2), 5 * Math.log(0.8), 1e-14);
    assert.equal(binomLogPmf(0, 5, 0), 0);
    assert.equal(binomLogPmf(1, 5, 0), -Infinity);
    assert.equal(binomLogPmf(6, 5, 0.5), -Infinity);
  });
});

describe('binomialGofTest', () => {
  it('finds 0 of 10 consistent with p = 0.001', () => {
    // G = 2 * 10 * ln(1 / 0.999) = 0.02001.
    const r = binomialGofTest([0], [10], [0.001]);
    close(r.deviance, 20 * -Math.log(0.999), 1e-12);
    assert.equal(r.df, 1);
    assert.ok(r.pValue > 0.8);
  });

  it('finds 0 of 1000 inconsistent with p = 0.01', () => {
    // G = 2000 ln(1/0.99) = 20.1; P(chi2_1 > 20.1) = 7e-6.
    const r = binomialGofTest([0], [1000], [0.01]);
    close(r.deviance, 2000 * -Math.log(0.99), 1e-9);
    assert.ok(r.pValue < 1e-3);
  });

  it('sums over points, skips empty ones and rejects impossible counts', () => {
    const r = binomialGofTest([5, 0, 3], [10, 0, 30], [0.5, 0.2, 0.1]);
    assert.equal(r.df, 2);
    close(r.deviance, 0, 1e-12);
    assert.equal(r.pValue, 1);
    assert.equal(binomialGofTest([1], [100], [0]).pValue, 0);
    assert.equal(binomialGofTest([0, 2], [100, 2], [0, 1]).pValue, 1);
    assert.equal(binomialGofTest([], [], []).pValue, 1);
    assert.throws(() => binomialGofTest([1], [2, 3], [0.5]));
  });
});

describe('items needed', () => {
  it('needs 299 items to see a success at p = 0.01 with 95% probability', () => {
    // ln 0.05 / ln 0.99 = 298.07.
    assert.equal(itemsNeededForOneSuccess(0.01), 299);
    assert.equal(itemsNeededForOneSuccess(0.5, 0.75), 2);
    assert.equal(itemsNeededForOneSuccess(0), Infinity);
    assert.equal(itemsNeededForOneSuccess(1), 1);
  });

  it('sizes a half-width as z^2 p(1-p) / h^2', () => {
    // 1.96^2 * 0.25 / 0.05^2 = 384.16.
    assert.equal(itemsForHalfWidth(0.5, 0.05), 385);
    assert.equal(itemsForHalfWidth(0, 0.05), 1);
    assert.equal(itemsForHalfWidth(0.3, 0), Infinity);
  });
});

describe('mcnemar', () => {
  it('is exact for few discordant pairs', () => {
    // b = 1, c = 6: 2 * P(X <= 1), X ~ Bin(7, 1/2) = 2 * (1 + 7)/128 = 0.125.
    const r = mcnemar(1, 6);
    assert.equal(r.exact, true);
    assert.equal(r.statistic, 1);
    close(r.pValue, 0.125, 1e-14);
    close(mcnemar(0, 5).pValue, 2 / 32, 1e-15);
    assert.equal(mcnemar(3, 3).pValue, 1);
    assert.deepEqual(mcnemar(0, 0), { statistic: 0, pValue: 1, exact: true });
  });

  it('uses the continuity-corrected chi-square from 25 discordant pairs', () => {
    // (|10 - 25| - 1)^2 / 35 = 5.6.
    const r = mcnemar(10, 25);
    assert.equal(r.exact, false);
    close(r.statistic, 5.6, 1e-12);
    close(r.pValue, chi2Sf(5.6, 1), 1e-15);
    close(r.pValue, 0.01796, 1e-5);
  });
});
