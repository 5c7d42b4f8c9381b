import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/stats/rng';
import { binomialTable, poissonTable } from '../../../src/core/stats/discreteTable';
import { binomLogPmf, chi2Sf } from '../../../src/core/stats/binomial';
import { normalCdf } from '../../../src/core/stats/normal';

/**
 * Pearson goodness of fit of integer draws against the exact binomial pmf, with adjacent values
 * merged until each bin expects at least 20 draws; returns the p-value. The support is cut 12 sd
 * from the mean, where the pmf is below 1e-30, and no draw may fall outside.
 */
function binomialGofPValue(draws: Int32Array, n: number, p: number): number {
  const sd = Math.sqrt(n * p * (1 - p));
  const lo = Math.max(0, Math.floor(n * p - 12 * sd - 10));
  const hi = Math.min(n, Math.ceil(n * p + 12 * sd + 10));
  const obs = new Float64Array(hi - lo + 1);
  for (const x of draws) {
    assert.ok(x >= lo && x <= hi, `draw ${x} outside [${lo}, ${hi}]`);
    obs[x - lo] = (obs[x - lo] as number) + 1;
  }
  const bins: [number, number][] = [];
  let o = 0;
  let e = 0;
  for (let k = lo; k <= hi; k++) {
    o += obs[k - lo] as number;
    e += draws.length * Math.exp(binomLogPmf(k, n, p));
    if (e >= 20) {
      bins.push([o, e]);
      o = 0;
      e = 0;
    }
  }
  const last = bins[bins.length - 1] as [number, number];
  last[0] += o;
  last[1] += e;
  let chi2 = 0;
  for (const [bo, be] of bins) chi2 += ((bo - be) * (bo - be)) / be;
  return chi2Sf(chi2, Math.max(1, bins.length - 1));
}

function meanVar(xs: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  const mean = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += ((xs[i] as number) - mean) ** 2;
  return { mean, variance: v / (xs.length - 1) };
}

describe('Rng', () => {
  it('is sfc32 seeded by splitmix32, one output at a time across its batches', () => {
    // The generator written out plainly, one step per output, as the reference for the batched one.
    const reference = (seed: number): (() => number) => {
      let x = ((seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x85ebca6b)) | 0;
      const mix = (): number => {
        x = (x + 0x9e3779b9) | 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
        z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
        return (z ^ (z >>> 15)) | 0;
      };
      let a = mix();
      let b = mix();
      let c = mix();
      let d = 1;
      const step = (): number => {
        const t = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + t) | 0;
        return t >>> 0;
      };
      for (let i = 0; i < 15; i++) step();
      return step;
    };
    for (const seed of [0, 1, 12345, 2 ** 40 + 7]) {
      const r = new Rng(seed);
      const ref = reference(seed);
      for (let k = 0; k < 1000; k++) {
        const want = ref();
        // Mixed calls: every variate is made from the same stream of 32-bit outputs.
        const got = k % 3 === 0 ? r.nextUint32() : k % 3 === 1 ? r.next() * 2 ** 32 : r.int(2 ** 32);
        if (got !== want) assert.fail(`seed ${seed}, output ${k}: ${got} vs ${want}`);
      }
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xa = Array.from({ length: 5 }, () => a.next());
    const xb = Array.from({ length: 5 }, () => b.next());
    const xc = Array.from({ length: 5 }, () => c.next());
    assert.deepEqual(xa, xb);
    assert.notDeepEqual(xa, xc);
  });

  it('gives uniforms in [0, 1) with mean 1/2 and integers in range', () => {
    const r = new Rng(1);
    const xs = new Float64Array(100000);
    for (let i = 0; i < xs.length; i++) {
      const x = r.next();
      assert.ok(x >= 0 && x < 1);
      xs[i] = x;
    }
    const { mean, variance } = meanVar(xs);
    assert.ok(Math.abs(mean - 0.5) < 4 * Math.sqrt(1 / 12 / xs.length));
    assert.ok(Math.abs(variance - 1 / 12) < 0.002);
    const hits = new Int32Array(7);
    for (let i = 0; i < 70000; i++) {
      const k = r.int(7);
      assert.ok(Number.isInteger(k) && k >= 0 && k < 7);
      hits[k] = (hits[k] as number) + 1;
    }
    for (const h of hits) assert.ok(Math.abs(h - 10000) < 500);
  });

  it('gives standard normals', () => {
    const r = new Rng(7);
    const xs = new Float64Array(100000);
    for (let i = 0; i < xs.length; i++) xs[i] = r.normal();
    const { mean, variance } = meanVar(xs);
    assert.ok(Math.abs(mean) < 4 / Math.sqrt(xs.length));
    assert.ok(Math.abs(variance - 1) < 0.02);
  });

  it('draws normals with the normal law: Kolmogorov-Smirnov, tails past the ziggurat edge, kurtosis', () => {
    const r = new Rng(11);
    const n = 1000000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = r.normal();
    xs.sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = normalCdf(xs[i] as number);
      d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
    }
    // Critical value of D at the 0.1% level: 1.95 / sqrt(n).
    assert.ok(d < 1.95 / Math.sqrt(n), `KS D = ${d}`);
    const beyond = (t: number): number => xs.reduce((a, x) => a + (Math.abs(x) > t ? 1 : 0), 0);
    // Counts beyond t against 2 Phi(-t) n, within 4 binomial standard deviations. Past R = 3.4426
    // every draw comes from the tail method (expected 576), and beyond 4 (63) checks its shape.
    for (const t of [2, 3.442619855899, 4]) {
      const want = 2 * normalCdf(-t) * n;
      const got = beyond(t);
      assert.ok(Math.abs(got - want) < 4 * Math.sqrt(want), `|x| > ${t}: ${got}, expected ${want.toFixed(1)}`);
    }
    let m4 = 0;
    for (const x of xs) m4 += x ** 4;
    assert.ok(Math.abs(m4 / n - 3) < 0.08, `fourth moment ${m4 / n}`);
  });

  it('handles binomial edge cases', () => {
    const r = new Rng(3);
    assert.equal(r.binomial(0, 0.5), 0);
    assert.equal(r.binomial(10, 0), 0);
    assert.equal(r.binomial(10, 1), 10);
    assert.ok(Number.isNaN(r.binomial(10, 1.5)));
    assert.ok(Number.isNaN(r.binomial(-1, 0.5)));
  });

  // Inversion (n*p < 30), its mirror for p > 1/2, and BTPE (n*p >= 30) up to n = 10^6, where most
  // draws go through BTPE's squeeze and Stirling-series acceptance test.
  const cases: [number, number][] = [
    [10, 0.3],
    [1000, 0.01],
    [50, 0.9],
    [100, 0.45],
    [1000, 0.3],
    [1000000, 0.5],
    [20000, 0.002],
  ];
  for (const [n, p] of cases) {
    it(`draws Binomial(${n}, ${p}) with the exact distribution`, () => {
      const r = new Rng(n + Math.round(p * 1000));
      const draws = new Int32Array(200000);
      for (let i = 0; i < draws.length; i++) draws[i] = r.binomial(n, p);
      const { mean, variance } = meanVar(draws);
      const sd = Math.sqrt(n * p * (1 - p));
      assert.ok(Math.abs(mean - n * p) < (4 * sd) / Math.sqrt(draws.length), `mean ${mean}`);
      assert.ok(Math.abs(variance / (sd * sd) - 1) < 0.02, `variance ${variance}`);
      assert.ok(binomialGofPValue(draws, n, p) > 1e-3);
    });
  }
});

describe('table samplers', () => {
  for (const [n, p] of [
    [1000, 0.3],
    [1000, 0.002],
    [7, 0.5],
  ] as [number, number][]) {
    it(`binomialTable samples Binomial(${n}, ${p}) exactly`, () => {
      const t = binomialTable(n, p);
      const r = new Rng(11);
      const draws = new Int32Array(200000);
      for (let i = 0; i < draws.length; i++) draws[i] = t.sample(r);
      const { mean } = meanVar(draws);
      const sd = Math.sqrt(n * p * (1 - p));
      assert.ok(Math.abs(mean - n * p) < (4 * sd) / Math.sqrt(draws.length));
      assert.ok(binomialGofPValue(draws, n, p) > 1e-3);
    });
  }

  it('poissonTable samples Poisson(lambda): the limit of Binomial(n, lambda/n)', () => {
    for (const lambda of [0.7, 12, 400]) {
      const t = poissonTable(lambda);
      const r = new Rng(Math.round(lambda * 10));
      const draws = new Int32Array(200000);
      for (let i = 0; i < draws.length; i++) draws[i] = t.sample(r);
      const { mean, variance } = meanVar(draws);
      assert.ok(Math.abs(mean - lambda) < 4 * Math.sqrt(lambda / draws.length), `mean ${mean}`);
      assert.ok(Math.abs(variance / lambda - 1) < 0.02, `variance ${variance}`);
      // Binomial(10^7, lambda/10^7) differs from Poisson(lambda) by ~lambda/10^7 in total variation.
      assert.ok(binomialGofPValue(draws, 1e7, lambda / 1e7) > 1e-3);
    }
  });

  it('is constant when there is nothing to draw', () => {
    const r = new Rng(1);
    assert.equal(binomialTable(0, 0.4).sample(r), 0);
    assert.equal(binomialTable(9, 0).sample(r), 0);
    assert.equal(binomialTable(9, 1).sample(r), 9);
    assert.equal(poissonTable(0).sample(r), 0);
  });
});
