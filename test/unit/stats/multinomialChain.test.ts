import assert from 'node:assert/strict';
import { chi2Sf } from '../../../src/core/stats/binomial';
import { MultinomialChain } from '../../../src/core/stats/multinomialChain';
import { Rng } from '../../../src/core/stats/rng';

/** Multinomial pmf of `counts` with probabilities `p`. */
function multinomialPmf(counts: number[], p: number[]): number {
  let logP = 0;
  let n = 0;
  for (let j = 0; j < counts.length; j++) {
    for (let k = 2; k <= counts[j]!; k++) logP -= Math.log(k);
    logP += counts[j]! * Math.log(p[j]!);
    n += counts[j]!;
  }
  for (let k = 2; k <= n; k++) logP += Math.log(k);
  return Math.exp(logP);
}

interface Draw {
  total: number;
  counts: ArrayLike<number>;
}

/**
 * Checks draws of varying totals against the multinomial's moments: E[N_j] = N w_j,
 * Var N_j = N w_j (1 - w_j), Cov(N_0, N_1) = -N w_0 w_1; and that each draw's counts sum to its total.
 */
function assertMoments(draws: Draw[], w: number[]): void {
  const k = w.length;
  const sum = new Array<number>(k).fill(0);
  const sq = new Array<number>(k).fill(0);
  let cross01 = 0;
  let totalN = 0;
  for (const { total, counts } of draws) {
    let s = 0;
    for (let j = 0; j < k; j++) s += counts[j]!;
    assert.equal(s, total);
    // Centred on each draw's own expectation, so the varying total adds no spread of its own.
    const c = w.map((wj, j) => counts[j]! - total * wj);
    for (let j = 0; j < k; j++) {
      sum[j] = sum[j]! + c[j]!;
      sq[j] = sq[j]! + c[j]! ** 2;
    }
    cross01 += c[0]! * c[1]!;
    totalN += total;
  }
  const n = draws.length;
  const meanN = totalN / n;
  for (let j = 0; j < k; j++) {
    const variance = meanN * w[j]! * (1 - w[j]!);
    // Mean of the centred counts: 0 within 4 standard errors.
    assert.ok(Math.abs(sum[j]! / n) < 4 * Math.sqrt(variance / n), `mean of category ${j}`);
    // Variance within 3% (its relative standard error here is about 0.7%).
    assert.ok(Math.abs(sq[j]! / n / variance - 1) < 0.03, `variance of category ${j}: ${sq[j]! / n} vs ${variance}`);
  }
  const cov = -meanN * w[0]! * w[1]!;
  assert.ok(Math.abs(cross01 / n / cov - 1) < 0.05, `covariance: ${cross01 / n} vs ${cov}`);
}

describe('MultinomialChain', () => {
  it('draws Multinomial(4; 1/4, 1/2, 1/4) with the exact pmf (chi-square over all 15 outcomes)', () => {
    // The pmf is computed by hand from n! / (a! b! c!) p^a q^b r^c: e.g. P(0, 4, 0) = 1/16,
    // P(1, 2, 1) = 12 * (1/4)(1/4)(1/2)^2 = 3/16, P(4, 0, 0) = 1/256.
    const p = [0.25, 0.5, 0.25];
    assert.ok(Math.abs(multinomialPmf([0, 4, 0], p) - 1 / 16) < 1e-15);
    assert.ok(Math.abs(multinomialPmf([1, 2, 1], p) - 3 / 16) < 1e-15);
    assert.ok(Math.abs(multinomialPmf([4, 0, 0], p) - 1 / 256) < 1e-15);
    const chain = new MultinomialChain([1, 2, 1], 10);
    const rng = new Rng(7);
    const out = new Float64Array(3);
    const seen = new Map<string, number>();
    const draws = 64_000;
    for (let r = 0; r < draws; r++) {
      chain.drawInto(rng, 4, out);
      assert.equal(out[0]! + out[1]! + out[2]!, 4);
      const key = `${out[0]},${out[1]},${out[2]}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    let chi2 = 0;
    let cells = 0;
    for (let a = 0; a <= 4; a++) {
      for (let b = 0; a + b <= 4; b++) {
        const expected = draws * multinomialPmf([a, b, 4 - a - b], p);
        const got = seen.get(`${a},${b},${4 - a - b}`) ?? 0;
        chi2 += (got - expected) ** 2 / expected;
        cells++;
      }
    }
    assert.equal(cells, 15);
    assert.equal([...seen.values()].reduce((x, y) => x + y, 0), draws);
    assert.ok(chi2Sf(chi2, cells - 1) > 0.001, `chi2 = ${chi2} on ${cells - 1} df`);
  });

  it('has the multinomial moments for totals that vary, before and after its tables are built', () => {
    // Totals cycle over 40..44: each (step, total) is met a few times by general draws, then by tables.
    const chain = new MultinomialChain([2, 3, 5], 60);
    const rng = new Rng(11);
    const draws: Draw[] = [];
    for (let r = 0; r < 50_000; r++) {
      const total = 40 + (r % 5);
      const out = new Float64Array(3);
      chain.drawInto(rng, total, out);
      draws.push({ total, counts: out });
    }
    assertMoments(draws, [0.2, 0.3, 0.5]);
  });

  it('draws blocks step by step with the same law, one total per draw (zeros included)', () => {
    // Blocks of 512 and one odd-sized block at the end; totals 40..44 and 0 in a mixed order, as
    // the hybrid route's totals come; out's rows are 600 apart (stride beyond count).
    const chain = new MultinomialChain([2, 3, 5], 60);
    const rng = new Rng(12);
    const stride = 600;
    const out = new Float64Array(3 * stride);
    const draws: Draw[] = [];
    for (let done = 0; done < 50_000; ) {
      const count = Math.min(512, 50_000 - done);
      const rest = Int32Array.from({ length: count }, (_, t) => ((done + t) * 7) % 6 === 5 ? 0 : 40 + (((done + t) * 7) % 6));
      const totals = Array.from(rest);
      chain.drawBlock(rng, rest, count, out, stride);
      for (let t = 0; t < count; t++) {
        const counts = [out[t]!, out[stride + t]!, out[2 * stride + t]!];
        if (totals[t] === 0) assert.deepEqual(counts, [0, 0, 0], `draw ${done + t}: total 0`);
        else draws.push({ total: totals[t]!, counts });
      }
      done += count;
    }
    assert.ok(draws.length > 40_000);
    assertMoments(draws, [0.2, 0.3, 0.5]);
    assert.throws(() => chain.drawBlock(rng, Int32Array.of(40, 61), 2, out, stride), RangeError);
  });

  it('keeps the multinomial law past its table limits (many categories, large totals)', () => {
    // 40 equal categories: steps past the 32nd draw without tables. Totals up to 5000: no tables at
    // all. Either way E[N_j] = N / 40 and Var N_j = N (1/40)(39/40).
    for (const [maxTotal, total] of [
      [300, 200],
      [5000, 4000],
    ] as const) {
      const chain = new MultinomialChain(new Array<number>(40).fill(1), maxTotal);
      const rng = new Rng(5);
      const out = new Float64Array(40);
      const draws = 20_000;
      const sum = new Float64Array(40);
      const sq = new Float64Array(40);
      for (let r = 0; r < draws; r++) {
        chain.drawInto(rng, total, out);
        let s = 0;
        for (let j = 0; j < 40; j++) {
          s += out[j]!;
          sum[j] = sum[j]! + out[j]!;
          sq[j] = sq[j]! + out[j]! ** 2;
        }
        assert.equal(s, total);
      }
      const mean = total / 40;
      const variance = total * (1 / 40) * (39 / 40);
      for (const j of [0, 31, 32, 39]) {
        const m = sum[j]! / draws;
        const v = sq[j]! / draws - m * m;
        assert.ok(Math.abs(m - mean) < 4 * Math.sqrt(variance / draws), `total ${total}, category ${j}: mean ${m} vs ${mean}`);
        assert.ok(Math.abs(v / variance - 1) < 0.05, `total ${total}, category ${j}: variance ${v} vs ${variance}`);
      }
    }
  });

  it('puts nothing in zero-weight categories, everything in a lone category, and all zeros for a total of 0', () => {
    const rng = new Rng(3);
    const out = new Float64Array(4).fill(9);
    const chain = new MultinomialChain([0, 1, 0, 3], 20);
    for (let r = 0; r < 200; r++) {
      chain.drawInto(rng, 20, out);
      assert.equal(out[0], 0);
      assert.equal(out[2], 0);
      assert.equal(out[1]! + out[3]!, 20);
    }
    chain.drawInto(rng, 0, out);
    assert.deepEqual([...out], [0, 0, 0, 0]);
    const lone = new MultinomialChain([5], 8);
    const one = new Float64Array(1);
    lone.drawInto(rng, 8, one);
    assert.equal(one[0], 8);
  });

  it('refuses bad weights and totals beyond the one it was sized for', () => {
    assert.throws(() => new MultinomialChain([0, 0], 5), RangeError);
    assert.throws(() => new MultinomialChain([1, -1], 5), RangeError);
    assert.throws(() => new MultinomialChain([1, NaN], 5), RangeError);
    assert.throws(() => new MultinomialChain([1, 1], 2.5), RangeError);
    const chain = new MultinomialChain([1, 1], 5);
    const out = new Float64Array(2);
    assert.throws(() => chain.drawInto(new Rng(1), 6, out), RangeError);
    assert.throws(() => chain.drawInto(new Rng(1), 1.5, out), RangeError);
  });
});
