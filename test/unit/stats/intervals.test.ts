import assert from 'node:assert/strict';
import {
  Z95,
  clopperPearson,
  logGamma,
  meanInterval,
  normalQuantile,
  normalSf,
  regIncBeta,
  regIncBetaInv,
  tQuantile,
  wilson,
} from '../../../src/core/stats/intervals';
import { regIncGammaP, regIncGammaQ } from '../../../src/core/stats/gamma';

function close(actual: number, expected: number, tol: number, what = ''): void {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what} expected ${expected} +- ${tol}, got ${actual}`,
  );
}

describe('wilson', () => {
  it('matches the hand-computed interval at k=5, n=10', () => {
    // centre (5 + z^2/2)/(10 + z^2) = 0.5; half = z/(10+z^2) * sqrt(2.5 + z^2/4) = 0.263407.
    const [lo, hi] = wilson(5, 10);
    close(lo, 0.2365931, 1e-7);
    close(hi, 0.7634069, 1e-7);
  });

  it('has the closed forms at k = 0 and k = n', () => {
    const z2 = Z95 * Z95;
    assert.deepEqual(wilson(0, 10), [0, z2 / (10 + z2)]);
    close(wilson(0, 10)[1], 0.2775328, 1e-7);
    assert.deepEqual(wilson(10, 10), [10 / (10 + z2), 1]);
    assert.deepEqual(wilson(0, 1000, 1), [0, 1 / 1001]);
  });

  it('is [0, 1] without data and NaN for impossible counts', () => {
    assert.deepEqual(wilson(0, 0), [0, 1]);
    assert.ok(wilson(11, 10).every(Number.isNaN));
    assert.ok(wilson(-1, 10).every(Number.isNaN));
  });

  it('is symmetric under k -> n - k', () => {
    const [lo, hi] = wilson(3, 17);
    const [lo2, hi2] = wilson(14, 17);
    close(lo, 1 - hi2, 1e-15);
    close(hi, 1 - lo2, 1e-15);
  });
});

describe('clopperPearson', () => {
  it('has the closed forms at k = 0 and k = n', () => {
    close(clopperPearson(0, 10)[1], 1 - Math.pow(0.025, 1 / 10), 1e-14);
    assert.equal(clopperPearson(0, 10)[0], 0);
    close(clopperPearson(10, 10)[0], Math.pow(0.025, 1 / 10), 1e-14);
    assert.equal(clopperPearson(10, 10)[1], 1);
    close(clopperPearson(0, 50, 0.1)[1], 1 - Math.pow(0.05, 1 / 50), 1e-14);
  });

  it('gives about 3.69/n at k = 0 for large n', () => {
    close(clopperPearson(0, 1e6)[1] * 1e6, -Math.log(0.025), 1e-4);
  });

  it('matches the tabled interval at k=5, n=10', () => {
    const [lo, hi] = clopperPearson(5, 10);
    close(lo, 0.187086, 1e-6);
    close(hi, 0.812914, 1e-6);
  });

  it('puts alpha/2 in each binomial tail at its bounds', () => {
    const [lo, hi] = clopperPearson(7, 40);
    // P(X >= 7 | lo) = I_lo(7, 34) and P(X <= 7 | hi) = 1 - I_hi(8, 33).
    close(regIncBeta(7, 34, lo), 0.025, 1e-13);
    close(1 - regIncBeta(8, 33, hi), 0.025, 1e-13);
  });
});

describe('regIncBeta', () => {
  it('matches known values', () => {
    // I_x(2, 3) = P(Binomial(4, x) >= 2) = 1 - (1-x)^4 - 4x(1-x)^3 = 11/16 at x = 1/2.
    close(regIncBeta(2, 3, 0.5), 11 / 16, 1e-14);
    close(regIncBeta(1, 1, 0.3), 0.3, 1e-15);
    close(regIncBeta(2.5, 1, 0.7), Math.pow(0.7, 2.5), 1e-14);
    // The arcsine distribution: I_x(1/2, 1/2) = (2/pi) asin(sqrt(x)).
    close(regIncBeta(0.5, 0.5, 0.2), (2 / Math.PI) * Math.asin(Math.sqrt(0.2)), 1e-14);
    assert.equal(regIncBeta(3, 4, 0), 0);
    assert.equal(regIncBeta(3, 4, 1), 1);
  });

  it('satisfies I_x(a, b) = 1 - I_(1-x)(b, a)', () => {
    for (const [a, b, x] of [
      [0.3, 7, 0.1],
      [40, 2, 0.93],
      [500, 600, 0.45],
    ] as const) {
      close(regIncBeta(a, b, x), 1 - regIncBeta(b, a, 1 - x), 1e-13);
    }
  });

  it('is inverted by regIncBetaInv', () => {
    for (const [a, b, p] of [
      [0.1, 0.1, 0.3],
      [2, 2, 1e-12],
      [50, 0.2, 0.01],
      [1, 1e6, 0.975],
      [3, 998, 0.025],
    ] as const) {
      const x = regIncBetaInv(a, b, p);
      close(regIncBeta(a, b, x), p, 1e-12 * Math.max(p, 1e-3));
    }
    assert.equal(regIncBetaInv(2, 3, 0), 0);
    assert.equal(regIncBetaInv(2, 3, 1), 1);
  });
});

describe('logGamma and the incomplete gamma', () => {
  it('matches factorials and Gamma(1/2) = sqrt(pi)', () => {
    close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    close(logGamma(10), Math.log(362880), 1e-13);
    close(logGamma(1), 0, 1e-14);
    close(logGamma(2), 0, 1e-14);
    let lnFact = 0;
    for (let i = 2; i <= 170; i++) lnFact += Math.log(i);
    close(logGamma(171), lnFact, 1e-10);
    // Reflection: Gamma(-1/2) = -2 sqrt(pi).
    close(logGamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)), 1e-14);
    assert.equal(logGamma(0), Infinity);
  });

  it('has P + Q = 1 and P(1, x) = 1 - e^-x', () => {
    close(regIncGammaP(1, 2), 1 - Math.exp(-2), 1e-15);
    close(regIncGammaQ(1, 30) / Math.exp(-30), 1, 1e-13);
    for (const [a, x] of [
      [0.5, 0.1],
      [3, 2.5],
      [50, 60],
    ]) {
      close(regIncGammaP(a as number, x as number) + regIncGammaQ(a as number, x as number), 1, 1e-14);
    }
  });
});

describe('normal distribution', () => {
  it('has the familiar quantiles and tails', () => {
    close(normalQuantile(0.975), 1.959963984540054, 1e-14);
    assert.equal(normalQuantile(0.5), 0);
    close(normalQuantile(0.025), -1.959963984540054, 1e-14);
    close(normalQuantile(1e-10), -6.361340902404056, 1e-12);
    assert.equal(normalQuantile(0), -Infinity);
    assert.equal(normalQuantile(1), Infinity);
    close(normalSf(1.959963984540054), 0.025, 1e-16);
    assert.equal(normalSf(0), 0.5);
    close(normalSf(-1), 0.8413447460685429, 1e-15);
    // Far tail with full relative precision: Q(10) = 7.6198530241605260e-24.
    close(normalSf(10) / 7.619853024160526e-24, 1, 1e-12);
  });

  it('inverts its own tail', () => {
    for (const p of [1e-300, 1e-20, 0.001, 0.3, 0.77, 0.999999]) {
      const z = normalQuantile(p);
      close(normalSf(-z) / p, 1, 1e-12);
    }
  });
});

describe('tQuantile and meanInterval', () => {
  it('matches Student t tables', () => {
    close(tQuantile(0.975, 1), 12.706204736174707, 1e-10);
    close(tQuantile(0.975, 9), 2.262157162798205, 1e-12);
    close(tQuantile(0.975, 29), 2.045229642132703, 1e-12);
    close(tQuantile(0.025, 9), -2.262157162798205, 1e-12);
    close(tQuantile(0.995, 5), 4.032142983557536, 1e-10);
    close(tQuantile(0.975, 1e6), 1.959966356908, 1e-10);
    // Beyond df = 1e5 the Cornish-Fisher series: z + (z^3 + z)/(4 df) + O(df^-2).
    const z = 1.959963984540054;
    close(tQuantile(0.975, 1e12), z + (z ** 3 + z) / 4e12, 4e-15);
    assert.equal(tQuantile(0.5, 4), 0);
  });

  it('widens small-sample intervals with t and approaches z for large n', () => {
    const [lo, hi] = meanInterval(0.5, 0.1, 10, Z95);
    const half = (2.2621571627982 * 0.1) / Math.sqrt(10);
    close(lo, 0.5 - half, 1e-9);
    close(hi, 0.5 + half, 1e-9);
    const [lo2, hi2] = meanInterval(2, 3, 1e6);
    close(hi2 - 2, (1.96 * 3) / 1000, 1e-8);
    close(2 - lo2, (1.96 * 3) / 1000, 1e-8);
    assert.deepEqual(meanInterval(1, 0.5, 1), [-Infinity, Infinity]);
    assert.deepEqual(meanInterval(1, 0, 5), [1, 1]);
  });

  it('gives the same interval from its remembered t quantiles, also after more than 4096 (p, df) pairs', () => {
    // Each n once, then again in reverse (the memo has been cleared in between), with a second
    // level (z = 2.5758) interleaved: every answer must be the t quantile computed afresh.
    const want = (n: number, z: number): number => -tQuantile(normalSf(z), n - 1) / Math.sqrt(n);
    const ns = Array.from({ length: 5000 }, (_, i) => i + 2);
    for (const n of [...ns, ...ns.reverse()]) {
      for (const z of [Z95, 2.5758]) {
        const [lo, hi] = meanInterval(0, 1, n, z);
        assert.ok(Object.is(hi, want(n, z)) && Object.is(lo, -want(n, z)), `n = ${n}, z = ${z}: ${hi} vs ${want(n, z)}`);
      }
    }
  });
});
