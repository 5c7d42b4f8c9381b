import assert from 'node:assert/strict';
import {
  accuracyFromPTok,
  fitPL,
  pTokFromAccuracy,
} from '../../../src/core/stats/schaeffer';

function rel(actual: number, expected: number, tol: number): void {
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.abs(expected),
    `expected ${expected} (rel ${tol}), got ${actual}`,
  );
}

describe('fitPL', () => {
  // alpha < 0: the per-token loss (N/c)^alpha falls as N grows.
  const c = 1e9;
  const alpha = -0.3;
  const sizes = [1e7, 1e8, 1e9, 1e10, 1e11, 1e12];
  const pOf = (N: number): number => Math.exp(-Math.pow(N / c, alpha));
  const p = sizes.map(pOf);

  it('recovers c and alpha from exact p^L-model data', () => {
    const fit = fitPL(sizes, p);
    assert.ok(fit);
    rel(fit.c, c, 1e-6);
    rel(fit.alpha, alpha, 1e-6);
    rel(fit.r2, 1, 1e-12);
    assert.equal(fit.m, 6);
    rel(fit.predictPTok(3e9), pOf(3e9), 1e-9);
  });

  it('predicts accuracy as the mean of p^L over item target lengths', () => {
    const fit = fitPL(sizes, p);
    assert.ok(fit);
    const q = fit.predictPTok(5e10);
    rel(fit.predictAccuracy(5e10, [1, 10]), (q + Math.pow(q, 10)) / 2, 1e-14);
    rel(fit.predictAccuracy(5e10, 4), Math.pow(q, 4), 1e-14);
    assert.ok(Number.isNaN(fit.predictAccuracy(5e10, [])));
  });

  it('ignores zero-weight points and keeps clamped ones finite', () => {
    const fit = fitPL([...sizes, 3e9], [...p, 0.999], [1, 1, 1, 1, 1, 1, 0]);
    assert.ok(fit);
    rel(fit.alpha, alpha, 1e-6);
    const clamped = fitPL([1e8, 1e9, 1e10], [0, 0.5, 1]);
    assert.ok(clamped);
    assert.ok(Number.isFinite(clamped.alpha) && Number.isFinite(clamped.r2));
  });

  it('is null with fewer than two usable points or one distinct scale', () => {
    assert.equal(fitPL([1e9], [0.5]), null);
    assert.equal(fitPL([1e9, NaN, -5], [0.5, 0.6, 0.7]), null);
    assert.equal(fitPL([1e9, 1e9], [0.5, 0.6]), null);
  });
});

describe('pTokFromAccuracy', () => {
  it('is A^(1/L) and inverts accuracyFromPTok', () => {
    assert.equal(pTokFromAccuracy(0.25, 2), 0.5);
    rel(pTokFromAccuracy(accuracyFromPTok(0.93, 7), 7), 0.93, 1e-14);
    assert.ok(Number.isNaN(pTokFromAccuracy(0.5, 0)));
    assert.ok(Number.isNaN(pTokFromAccuracy(1.2, 3)));
  });
});
