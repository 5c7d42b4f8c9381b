import assert from 'node:assert/strict';
import { bootstrapEmergenceScore, percentile, selectPercentile, selectPercentiles } from '../../../src/core/stats/bootstrap';
import { emergenceScoreSpaced } from '../../../src/core/stats/emergence';
import { columnOps } from '../../../src/core/stats/columnOps';
import { cholesky, makeMeanSampler, PatternMeans, PatternTable, type BootstrapModel } from '../../../src/core/stats/meanSampler';
import { Rng } from '../../../src/core/stats/rng';

/** Binary scores with exactly k ones out of n, in a seeded random order. */
function binaryScores(n: number, k: number, rng: Rng): Float64Array {
  const s = new Float64Array(n);
  for (let i = 0; i < k; i++) s[i] = 1;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = s[i] as number;
    s[i] = s[j] as number;
    s[j] = t;
  }
  return s;
}

/**
 * Correlated binary scores on shared items: item difficulty d_j, model i solves it when its ability
 * exceeds d_j, and each score flips with probability `flip` (0 gives nested, few patterns).
 */
function sharedBinary(m: number, n: number, flip: number, rng: Rng): BootstrapModel[] {
  const diff = Array.from({ length: n }, () => rng.normal());
  const items = Int32Array.from({ length: n }, (_, j) => 1000 + j);
  return Array.from({ length: m }, (_, i) => {
    const ability = -1.5 + (3 * i) / (m - 1);
    const scores = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const s = ability > (diff[j] as number) ? 1 : 0;
      scores[j] = rng.next() < flip ? 1 - s : s;
    }
    return { scores, items };
  });
}

/** The textbook paired bootstrap of the per-model means: draw n item indices, average each model. */
function naivePairedMeans(models: BootstrapModel[], rng: Rng, out: Float64Array): void {
  const n = (models[0] as BootstrapModel).scores.length;
  out.fill(0);
  for (let j = 0; j < n; j++) {
    const c = rng.int(n);
    models.forEach((m, i) => (out[i] = (out[i] as number) + (m.scores[c] as number)));
  }
  for (let i = 0; i < models.length; i++) out[i] = (out[i] as number) / n;
}

/** Means, variances and covariances of many draws of a mean vector. */
function moments(draw: (out: Float64Array) => void, m: number, reps: number): { mean: number[]; cov: number[][] } {
  const out = new Float64Array(m);
  const s = new Float64Array(m);
  const ss = Array.from({ length: m }, () => new Float64Array(m));
  for (let r = 0; r < reps; r++) {
    draw(out);
    for (let i = 0; i < m; i++) {
      s[i] = (s[i] as number) + (out[i] as number);
      for (let k = 0; k < m; k++) {
        const row = ss[i] as Float64Array;
        row[k] = (row[k] as number) + (out[i] as number) * (out[k] as number);
      }
    }
  }
  const mean = Array.from(s, (v) => v / reps);
  const cov = ss.map((row, i) => Array.from(row, (v, k) => v / reps - (mean[i] as number) * (mean[k] as number)));
  return { mean, cov };
}

/**
 * Asserts that two sets of moments agree: means within 5 standard errors and covariances within
 * 15% of the larger variance involved (sampling error of a covariance with 20,000 draws is ~1-2%).
 */
function assertSameMoments(
  a: { mean: number[]; cov: number[][] },
  b: { mean: number[]; cov: number[][] },
  reps: number,
): void {
  const m = a.mean.length;
  for (let i = 0; i < m; i++) {
    const vi = Math.max((a.cov[i] as number[])[i] as number, 1e-12);
    const se = Math.sqrt((2 * vi) / reps);
    assert.ok(Math.abs((a.mean[i] as number) - (b.mean[i] as number)) < 5 * se + 1e-12, `mean ${i}`);
    for (let k = 0; k < m; k++) {
      const vk = Math.max((a.cov[k] as number[])[k] as number, 1e-12);
      const ca = (a.cov[i] as number[])[k] as number;
      const cb = (b.cov[i] as number[])[k] as number;
      assert.ok(Math.abs(ca - cb) < 0.15 * Math.sqrt(vi * vk), `cov ${i},${k}: ${ca} vs ${cb}`);
    }
  }
}

/** Asserts that a sampler's draws have the moments of the textbook paired bootstrap of `models`. */
function assertMatchesNaive(s: { draw(rng: Rng, out: Float64Array): void }, models: BootstrapModel[], reps = 10000): void {
  const r1 = new Rng(1);
  const r2 = new Rng(2);
  const m = models.length;
  assertSameMoments(
    moments((out) => s.draw(r1, out), m, reps),
    moments((out) => naivePairedMeans(models, r2, out), m, reps),
    reps,
  );
}

/** Asserts that an approximate route's ES interval is within 10% of the exact one's width of it. */
function assertCloseInterval(approx: { lo: number; hi: number }, exact: { lo: number; hi: number }, label: string): void {
  const width = exact.hi - exact.lo;
  assert.ok(width > 0);
  assert.ok(
    Math.abs(approx.lo - exact.lo) < 0.1 * width && Math.abs(approx.hi - exact.hi) < 0.1 * width,
    `${label} [${approx.lo}, ${approx.hi}] vs exact [${exact.lo}, ${exact.hi}]`,
  );
}

const u6 = [8, 8.5, 9, 9.5, 10, 10.5];

describe('bootstrapEmergenceScore', () => {
  it('gives a degenerate interval at 0 for a flat-zero series', () => {
    const models = u6.map(() => ({ scores: new Float64Array(500) }));
    const r = bootstrapEmergenceScore(u6, models, {
      resamples: 1000,
      seed: 1,
      floor: (n) => 1 / n,
      higherIsBetter: true,
    });
    assert.equal(r.lo, 0);
    assert.equal(r.hi, 0);
    assert.ok(r.samples.every((v) => v === 0));
    assert.equal(r.method, 'binomial');
  });

  it('keeps a strong jump (n = 1000) well away from small values', () => {
    // Accuracies 0.010, 0.012, 0.010, 0.011, 0.35, 0.70: point ES = 0.69 / 0.002 = 345.
    const rng = new Rng(5);
    const ks = [10, 12, 10, 11, 350, 700];
    const models = ks.map((k) => ({ scores: binaryScores(1000, k, rng) }));
    const opts = { resamples: 4000, seed: 2, floor: (n: number) => 1 / n, higherIsBetter: true };
    const r = bootstrapEmergenceScore(u6, models, opts);
    const point = emergenceScoreSpaced(u6, ks.map((k) => k / 1000), 1 / 1000);
    assert.ok(r.lo > 30, `lo ${r.lo}`);
    assert.ok(r.lo < point && point < r.hi * 2);
  });

  it('is deterministic for a seed, and negated when lower is better', () => {
    const rng = new Rng(9);
    const models = [20, 25, 60, 200, 420, 480].map((k) => ({ scores: binaryScores(500, k, rng) }));
    const opts = { resamples: 500, seed: 77, floor: 1 / 500, higherIsBetter: true };
    const a = bootstrapEmergenceScore(u6, models, opts);
    const b = bootstrapEmergenceScore(u6, models, opts);
    assert.deepEqual(a.samples, b.samples);
    assert.equal(a.lo, b.lo);
    const c = bootstrapEmergenceScore(u6, models, { ...opts, seed: 78 });
    assert.notDeepEqual(a.samples, c.samples);
    const d = bootstrapEmergenceScore(u6, models, { ...opts, higherIsBetter: false });
    assert.deepEqual(Array.from(d.samples), Array.from(a.samples, (v) => -v));
  });

  it('agrees in distribution with a naive paired bootstrap (pattern route)', () => {
    const models = sharedBinary(6, 300, 0.03, new Rng(21));
    // The exact route (the hybrid one is compared with it below).
    const opts = { resamples: 6000, seed: 4, floor: 1 / 300, higherIsBetter: true, binaryNormalMinCount: Infinity };
    const r = bootstrapEmergenceScore(u6, models, opts);
    assert.equal(r.method, 'patterns');
    const rng = new Rng(99);
    const means = new Float64Array(6);
    const naive = new Float64Array(opts.resamples);
    for (let i = 0; i < naive.length; i++) {
      naivePairedMeans(models, rng, means);
      naive[i] = emergenceScoreSpaced(u6, means, opts.floor);
    }
    const a = Float64Array.from(r.samples).sort();
    const b = naive.sort();
    const spread = percentile(b, 0.9) - percentile(b, 0.1);
    for (const q of [0.05, 0.25, 0.5, 0.75, 0.95]) {
      const qa = percentile(a, q);
      const qb = percentile(b, q);
      assert.ok(Math.abs(qa - qb) < 0.08 * spread, `q${q}: ${qa} vs ${qb}`);
    }
  });

  it('handles continuous scores, paired and not, and negative orientation', () => {
    const rng = new Rng(3);
    const items = Int32Array.from({ length: 200 }, (_, j) => j);
    const base = Array.from({ length: 200 }, () => rng.next());
    const models = u6.map((_, i) => ({
      scores: Float64Array.from(base, (b) => Math.min(1, b * 0.2 + 0.1 * i + 0.05 * rng.next())),
      items,
    }));
    const opts = { resamples: 300, seed: 1, floor: 0.001, higherIsBetter: true };
    const paired = bootstrapEmergenceScore(u6, models, { ...opts, normalMinItems: Infinity });
    assert.equal(paired.method, 'paired');
    assert.ok(paired.lo > 0 && paired.lo <= paired.hi);
    const unpaired = bootstrapEmergenceScore(u6, models.map((m) => ({ scores: m.scores })), { ...opts, normalMinItems: Infinity });
    assert.equal(unpaired.method, 'direct');
    // From 200 items per model continuous scores take the normal limit, paired or not.
    assert.equal(bootstrapEmergenceScore(u6, models, opts).method, 'normal');
    assert.equal(bootstrapEmergenceScore(u6, models.map((m) => ({ scores: m.scores })), opts).method, 'normal');
    assert.ok(Number.isFinite(unpaired.lo) && Number.isFinite(unpaired.hi));
  });

  it('is NaN-bounded when a model has no scores, and checks lengths', () => {
    const models = [{ scores: new Float64Array([1, 0]) }, { scores: new Float64Array(0) }];
    const r = bootstrapEmergenceScore([1, 2], models, { resamples: 10, seed: 1, floor: 0, higherIsBetter: true });
    assert.ok(Number.isNaN(r.lo) && Number.isNaN(r.hi));
    assert.throws(() =>
      bootstrapEmergenceScore([1], models, { resamples: 10, seed: 1, floor: 0, higherIsBetter: true }),
    );
  });
});

describe('percentiles', () => {
  it('selects the same type-7 percentiles as sorting, with ties and infinities', () => {
    const rng = new Rng(12);
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const a = Float64Array.from({ length: n }, () => Math.round(rng.next() * 20) / 4);
      if (n > 3) {
        a[0] = Infinity;
        a[1] = -Infinity;
      }
      const sorted = Float64Array.from(a).sort();
      const qs = [0, 0.025, 0.3, 0.5, 0.975, 1];
      for (const q of qs) {
        assert.equal(selectPercentile(Float64Array.from(a), q), percentile(sorted, q), `n=${n} q=${q}`);
      }
      // Both from one array: the second selection works on what the first left above its statistic.
      for (const qLo of qs) {
        for (const qHi of qs.filter((q) => q >= qLo)) {
          const { lo, hi } = selectPercentiles(Float64Array.from(a), qLo, qHi);
          assert.equal(lo, percentile(sorted, qLo), `n=${n} lo q=${qLo}`);
          assert.equal(hi, percentile(sorted, qHi), `n=${n} hi q=${qHi} after ${qLo}`);
        }
      }
    }
    assert.ok(Number.isNaN(selectPercentile(new Float64Array([1, NaN, 2]), 0.5)));
    assert.ok(Number.isNaN(selectPercentile(new Float64Array(0), 0.5)));
    const none = selectPercentiles(new Float64Array([3, 1, NaN]), 0.025, 0.975);
    assert.ok(Number.isNaN(none.lo) && Number.isNaN(none.hi));
  });
});

describe('makeMeanSampler', () => {
  const reps = 10000;

  it('draws unpaired binary means as Binomial(n, p)/n', () => {
    const rng = new Rng(8);
    const models = [3, 50, 120].map((k) => ({ scores: binaryScores(400, k, rng) }));
    const s = makeMeanSampler(models);
    assert.equal(s.method, 'binomial');
    const r = new Rng(1);
    const got = moments((out) => s.draw(r, out), 3, reps);
    [3, 50, 120].forEach((k, i) => {
      const p = k / 400;
      assert.ok(Math.abs((got.mean[i] as number) - p) < 5 * Math.sqrt(p * (1 - p) / 400 / reps));
      const v = (got.cov[i] as number[])[i] as number;
      assert.ok(Math.abs(v / ((p * (1 - p)) / 400) - 1) < 0.05, `var ${i}`);
      assert.ok(Math.abs((got.cov[i] as number[])[(i + 1) % 3] as number) < 0.05 * v);
    });
  });

  for (const [label, flip, n] of [
    ['few patterns (nested items)', 0, 400],
    ['some noise', 0.01, 400],
    ['many patterns', 0.25, 200],
  ] as [string, number, number][]) {
    it(`matches the naive paired bootstrap with ${label}, by patterns (Poissonization) and by items`, () => {
      const models = sharedBinary(8, n, flip, new Rng(n + Math.round(flip * 100)));
      const s = makeMeanSampler(models, undefined, undefined, Infinity);
      assert.equal(s.method, 'patterns');
      const table = new PatternTable(models, models.map(() => Int32Array.from({ length: n }, (_, j) => j)));
      const r2 = new Rng(2);
      const want = moments((out) => naivePairedMeans(models, r2, out), 8, reps);
      for (const sampler of [s, new PatternMeans(table, 'poisson'), new PatternMeans(table, 'items')]) {
        const r1 = new Rng(1);
        assertSameMoments(moments((out) => sampler.draw(r1, out), 8, reps), want, reps);
      }
    });
  }

  it('draws items instead of patterns when that is cheaper: many patterns among few items', () => {
    // 262 noisy items over 10 models: some 200 patterns, so a resample costs ~260 table draws by
    // Poissonization against 262 cheap item draws.
    const models = sharedBinary(10, 262, 0.3, new Rng(7));
    const table = new PatternTable(models, models.map(() => Int32Array.from({ length: 262 }, (_, j) => j)));
    assert.ok(table.d > 150, `${table.d} patterns`);
    const auto = new PatternMeans(table);
    // The item route keeps a per-item copy of the packed scores; the Poisson route does not.
    assert.ok((auto as unknown as { itemPacked?: Float64Array }).itemPacked !== undefined);
    assert.equal((new PatternMeans(table, 'poisson') as unknown as { itemPacked?: Float64Array }).itemPacked, undefined);
    // Few patterns among many items: Poissonization.
    const nested = sharedBinary(10, 2000, 0, new Rng(7));
    const few = new PatternTable(nested, nested.map(() => Int32Array.from({ length: 2000 }, (_, j) => j)));
    assert.equal((new PatternMeans(few) as unknown as { itemPacked?: Float64Array }).itemPacked, undefined);
  });

  it('keeps per-model counts exact through the packed accumulation (5000 items, 8 models)', () => {
    // Pattern A (2000 items) solved by models 0-2, pattern B (3000) by 3-5; models 6 and 7 solve
    // every item and none. Counts need 13 bits, so the 8 models span two packed words.
    const n = 5000;
    const items = Int32Array.from({ length: n }, (_, j) => j);
    const scoreOf = (i: number, j: number): number => (i === 6 ? 1 : i === 7 ? 0 : (j < 2000) === i < 3 ? 1 : 0);
    const models = Array.from({ length: 8 }, (_, i) => ({
      scores: Float64Array.from({ length: n }, (_, j) => scoreOf(i, j)),
      items,
    }));
    // The hybrid route would draw models 0-5 from their normal limit: force the exact one, by
    // patterns and by items.
    const s = makeMeanSampler(models, undefined, undefined, Infinity);
    assert.equal(s.method, 'patterns');
    const byItems = new PatternMeans(new PatternTable(models, models.map(() => items)), 'items');
    const out = new Float64Array(8);
    const r = new Rng(5);
    for (let k = 0; k < 400; k++) {
      (k % 2 === 0 ? s : byItems).draw(r, out);
      assert.equal(out[6], 1);
      assert.equal(out[7], 0);
      for (const i of [1, 2]) assert.equal(out[i], out[0]);
      for (const i of [4, 5]) assert.equal(out[i], out[3]);
      assert.equal(Math.round((out[0] as number) * n) + Math.round((out[3] as number) * n), n);
    }
  });

  it('draws paired continuous means with the covariance computed by hand (normal route, 5 items)', () => {
    // a = 0..4, b = 1,1,3,3,7 on the same items, given in different orders: means 2 and 3, deviations
    // (-2,-1,0,1,2) and (-2,-2,0,0,4); the mean of n resampled items has covariance sum(da db) / n^2:
    // Var a = 10/25 = 0.4, Var b = 24/25 = 0.96, Cov = 14/25 = 0.56.
    const models = [
      { scores: Float64Array.from([0, 1, 2, 3, 4]), items: Int32Array.from([0, 1, 2, 3, 4]) },
      { scores: Float64Array.from([7, 3, 3, 1, 1]), items: Int32Array.from([4, 3, 2, 1, 0]) },
    ];
    const s = makeMeanSampler(models, false, 5);
    assert.equal(s.method, 'normal');
    const rng = new Rng(9);
    const { mean, cov } = moments((out) => s.draw(rng, out), 2, 100_000);
    const [ma, mb] = mean as [number, number];
    const [[va, cab], [, vb]] = cov as [[number, number], [number, number]];
    assert.ok(Math.abs(ma - 2) < 0.01 && Math.abs(mb - 3) < 0.02, `means ${ma}, ${mb}`);
    assert.ok(Math.abs(va - 0.4) < 0.4 * 0.03, `Var a ${va}`);
    assert.ok(Math.abs(vb - 0.96) < 0.96 * 0.03, `Var b ${vb}`);
    assert.ok(Math.abs(cab - 0.56) < 0.56 * 0.03, `Cov ${cab}`);
  });

  it('pairs continuous scores, matching the naive paired bootstrap', () => {
    const rng = new Rng(4);
    const items = Int32Array.from({ length: 150 }, (_, j) => j);
    const base = Array.from({ length: 150 }, () => rng.next());
    const models = [0, 1, 2, 3].map((i) => ({
      scores: Float64Array.from(base, (b) => b + 0.3 * i * rng.next()),
      items,
    }));
    const s = makeMeanSampler(models);
    assert.equal(s.method, 'paired');
    assertMatchesNaive(s, models, reps);
  });

  it('aligns shared items given in different orders, and unpairs differing item sets', () => {
    const scores = new Float64Array([1, 0, 1, 1]);
    const a = { scores, items: new Int32Array([7, 8, 9, 10]) };
    const b = { scores: new Float64Array([1, 1, 0, 1]), items: new Int32Array([10, 9, 8, 7]) };
    assert.equal(makeMeanSampler([a, b]).method, 'patterns');
    const c = { scores, items: new Int32Array([7, 8, 9, 11]) };
    assert.equal(makeMeanSampler([a, c]).method, 'binomial');
    assert.equal(makeMeanSampler([a, { scores }]).method, 'binomial');
    assert.equal(makeMeanSampler([a, b], false).method, 'paired');
    // Same scores under the item alignment: b's item 7 scores 1 like a's, item 8 scores 0.
    const s = makeMeanSampler([a, b]);
    const out = new Float64Array(2);
    const r = new Rng(3);
    for (let i = 0; i < 50; i++) {
      s.draw(r, out);
      assert.equal(out[0], out[1]);
    }
  });
});

describe('normal route for continuous scores', () => {
  it('factors a covariance by hand: [[4,2],[2,5]] -> [[2,0],[1,2]]; a constant model gets a zero column', () => {
    assert.deepEqual([...cholesky(new Float64Array([4, 2, 2, 5]), 2)], [2, 0, 1, 2]);
    // Model 2 constant (zero variance): its row and column stay zero, model 3 is factored around it.
    const l = cholesky(new Float64Array([9, 0, 3, 0, 0, 0, 3, 0, 2]), 3);
    assert.deepEqual([...l].map((v) => Math.round(v * 1e12) / 1e12), [3, 0, 0, 0, 0, 0, 1, 0, 1]);
  });

  it('matches the moments of the naive paired bootstrap, and its emergence-score interval', () => {
    const rng = new Rng(11);
    const n = 400;
    const items = Int32Array.from({ length: n }, (_, j) => j);
    // Skewed, item-correlated scores like token edit distances: an item difficulty shared by models.
    const hard = Array.from({ length: n }, () => -Math.log(1 - rng.next()));
    const models = u6.map((_, i) => ({
      scores: Float64Array.from(hard, (h) => Math.max(0, h * (6 - i) + 0.5 * rng.next() - 0.2 * i)),
      items,
    }));
    const normal = makeMeanSampler(models);
    assert.equal(normal.method, 'normal');
    const reps = 8000;
    assertMatchesNaive(normal, models, reps);
    const opts = { resamples: 4000, seed: 5, floor: 0.01, higherIsBetter: false };
    const a = bootstrapEmergenceScore(u6, models, opts);
    const b = bootstrapEmergenceScore(u6, models, { ...opts, normalMinItems: Infinity });
    assert.equal(a.method, 'normal');
    assert.equal(b.method, 'paired');
    assertCloseInterval(a, b, 'normal');
  });

  it('keeps unpaired models independent, each with its own variance', () => {
    const rng = new Rng(12);
    const models = [300, 500].map((n, i) => ({ scores: Float64Array.from({ length: n }, () => rng.next() * (i + 1)) }));
    const s = makeMeanSampler(models);
    assert.equal(s.method, 'normal');
    const r = new Rng(3);
    const mm = moments((out) => s.draw(r, out), 2, 20000);
    const v = models.map((x) => {
      const mu = x.scores.reduce((p, q) => p + q, 0) / x.scores.length;
      return x.scores.reduce((p, q) => p + (q - mu) ** 2, 0) / x.scores.length / x.scores.length;
    });
    for (const i of [0, 1]) assert.ok(Math.abs((mm.cov[i] as number[])[i]! / v[i]! - 1) < 0.05, `var ${i}`);
    assert.ok(Math.abs((mm.cov[0] as number[])[1]!) < 0.05 * Math.sqrt(v[0]! * v[1]!));
  });
});

/**
 * Item-response data like a real sweep: item difficulty b_j ~ N(0, 1.5), model i has ability a_i and
 * solves item j with probability sigmoid(a_i - b_j). The smallest models solve a handful of items
 * (rare), the middle ones hundreds.
 */
function irtBinary(abilities: number[], n: number, rng: Rng): BootstrapModel[] {
  const diff = Array.from({ length: n }, () => 1.5 * rng.normal());
  const items = Int32Array.from({ length: n }, (_, j) => j);
  return abilities.map((a) => ({
    scores: Float64Array.from(diff, (b) => (rng.next() < 1 / (1 + Math.exp(b - a)) ? 1 : 0)),
    items,
  }));
}

describe('hybrid route for paired binary scores', () => {
  it('has the bootstrap moments computed by hand: 400 items, a rare model inside a resolved one', () => {
    // Model A solves items 0-9, model B items 0-199. A paired resample of n = 400 items gives
    // Var(count A) = 400 (1/40)(39/40) = 9.75, Var(count B) = 400 (1/2)(1/2) = 100 and
    // Cov(A, B) = 400 (P(both) - pA pB) = 400 (10/400 - 10/400 x 200/400) = 5.
    const n = 400;
    const items = Int32Array.from({ length: n }, (_, j) => j);
    const a = { scores: Float64Array.from({ length: n }, (_, j) => (j < 10 ? 1 : 0)), items };
    const b = { scores: Float64Array.from({ length: n }, (_, j) => (j < 200 ? 1 : 0)), items };
    const s = makeMeanSampler([a, b]);
    assert.equal(s.method, 'hybrid');
    const reps = 40000;
    const r = new Rng(21);
    const out = new Float64Array(2);
    let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    for (let k = 0; k < reps; k++) {
      s.draw(r, out);
      const ca = (out[0] as number) * n;
      const cb = (out[1] as number) * n;
      // The rare model's count stays an integer (up to the rounding of count / n * n).
      assert.ok(Math.abs(ca - Math.round(ca)) < 1e-9, `count A ${ca}`);
      sa += ca; sb += cb; saa += ca * ca; sbb += cb * cb; sab += ca * cb;
    }
    const ma = sa / reps, mb = sb / reps;
    assert.ok(Math.abs(ma - 10) < 0.05, `mean A ${ma}`);
    assert.ok(Math.abs(mb - 200) < 0.25, `mean B ${mb}`);
    assert.ok(Math.abs(saa / reps - ma * ma - 9.75) < 0.4, `var A ${saa / reps - ma * ma}`);
    assert.ok(Math.abs(sbb / reps - mb * mb - 100) < 4, `var B ${sbb / reps - mb * mb}`);
    assert.ok(Math.abs(sab / reps - ma * mb - 5) < 0.5, `cov ${sab / reps - ma * mb}`);
  });

  it('matches the naive paired bootstrap in moments and in the emergence-score interval (10 models x 1000 items)', () => {
    const abilities = [-4.5, -3.5, -2.8, -2, -1, 0, 1, 2, 3, 4];
    const u = abilities.map((_, i) => 8 + 0.3 * i);
    const models = irtBinary(abilities, 1000, new Rng(31));
    const hybrid = makeMeanSampler(models);
    assert.equal(hybrid.method, 'hybrid');
    assert.equal(makeMeanSampler(models, undefined, undefined, Infinity).method, 'patterns');
    const reps = 10000;
    assertMatchesNaive(hybrid, models, reps);
    const opts = { resamples: 4000, seed: 5, floor: (k: number) => 1 / k, higherIsBetter: true };
    const h = bootstrapEmergenceScore(u, models, opts);
    const e = bootstrapEmergenceScore(u, models, { ...opts, binaryNormalMinCount: Infinity });
    assert.equal(h.method, 'hybrid');
    assert.equal(e.method, 'patterns');
    assertCloseInterval(h, e, 'hybrid');
  });

  it('keeps the exact pattern route when no model has 100 items on each side', () => {
    // 150 items: no model can have 100 ones and 100 zeros.
    assert.equal(makeMeanSampler(irtBinary([-1, 0, 1], 150, new Rng(3))).method, 'patterns');
    assert.equal(makeMeanSampler(irtBinary([-3, 0, 3], 1000, new Rng(3))).method, 'hybrid');
    assert.equal(makeMeanSampler(irtBinary([-3, 0, 3], 1000, new Rng(3)), undefined, undefined, Infinity).method, 'patterns');
  });
});

describe('hybrid route, many resamples at once', () => {
  it('gives the same means as one resample at a time, bit for bit, for any block length', () => {
    const n = 600;
    const items = Int32Array.from({ length: n }, (_, j) => j);
    const cases: [string, BootstrapModel[]][] = [
      ['10 models of varying difficulty', irtBinary([-4.5, -3.5, -2.8, -2, -1, 0, 1, 2, 3, 4], 1000, new Rng(31))],
      ['every model resolved (no exact part)', irtBinary([-0.5, 0, 0.5, 1], 800, new Rng(41))],
      [
        'a ceiling model, a constant one, a half one',
        [
          { scores: Float64Array.from({ length: n }, (_, j) => (j < 20 ? 0 : 1)), items },
          { scores: new Float64Array(n).fill(1), items },
          { scores: Float64Array.from({ length: n }, (_, j) => (j % 2 === 0 ? 1 : 0)), items },
        ],
      ],
    ];
    for (const [label, models] of cases) {
      const one = makeMeanSampler(models);
      const many = makeMeanSampler(models);
      assert.equal(many.method, 'hybrid', label);
      assert.ok(many.drawColumns, label);
      const ops = columnOps()!;
      const m = models.length;
      const r1 = new Rng(77);
      const r2 = new Rng(77);
      const out = new Float64Array(m);
      // Odd and even lengths (the columns are padded to pairs), and enough draws for the chain's tables.
      for (const count of [1, 7, 512, 3, 1000, 64]) {
        const at = many.drawColumns!(r2, count, ops);
        const stride = count + (count & 1);
        const block = ops.scratch(at + m * stride);
        for (let t = 0; t < count; t++) {
          one.draw(r1, out);
          for (let i = 0; i < m; i++) assert.equal(block[at + i * stride + t], out[i], `${label}: count ${count}, resample ${t}, model ${i}`);
        }
      }
      // Both consumed the stream alike.
      assert.equal(r1.nextUint32(), r2.nextUint32(), label);
    }
  });
});

describe('hybrid route, resamples drawn in blocks', () => {
  it('draws each resample afresh: no correlation between neighbours or between blocks', () => {
    // Resamples are drawn 512 at a time, step by step across the block; a resample that reused a
    // neighbour's or an earlier block's draws would keep each draw's law but not their independence
    // (and so shrink the bootstrap's effective number of resamples).
    const models = irtBinary([-4.5, -3.5, -2.8, -2, -1, 0, 1, 2, 3, 4], 1000, new Rng(31));
    const s = makeMeanSampler(models);
    assert.equal(s.method, 'hybrid');
    const m = models.length;
    const draws = 30 * 512;
    const means = Array.from({ length: m }, () => new Float64Array(draws));
    const out = new Float64Array(m);
    const r = new Rng(5);
    for (let t = 0; t < draws; t++) {
      s.draw(r, out);
      for (let i = 0; i < m; i++) means[i]![t] = out[i]!;
    }
    const corr = (x: Float64Array, lag: number): number => {
      const n = x.length - lag;
      let ma = 0;
      let mb = 0;
      for (let t = 0; t < n; t++) {
        ma += x[t]!;
        mb += x[t + lag]!;
      }
      ma /= n;
      mb /= n;
      let sab = 0;
      let saa = 0;
      let sbb = 0;
      for (let t = 0; t < n; t++) {
        const a = x[t]! - ma;
        const b = x[t + lag]! - mb;
        sab += a * b;
        saa += a * a;
        sbb += b * b;
      }
      return sab / Math.sqrt(saa * sbb);
    };
    // The rarest model (exact, from the chain), the ceiling one, and a resolved one (normal part).
    for (const i of [0, 1, 5, 9]) {
      for (const lag of [1, 2, 511, 512, 513]) {
        const c = corr(means[i]!, lag);
        // About 0 within 5 standard errors (1 / sqrt(n) each).
        assert.ok(Math.abs(c) < 5 / Math.sqrt(draws - lag), `model ${i}, lag ${lag}: correlation ${c}`);
      }
    }
  });
});

describe('bootstrap scored in WebAssembly', () => {
  it('gives the same samples as scoring in JavaScript, on every route', () => {
    const rng = new Rng(8);
    const u = Array.from({ length: 10 }, (_, i) => 7.8 + 0.33 * i + (i === 6 ? 0.4 : 0));
    const cases: [string, BootstrapModel[]][] = [
      ['hybrid', irtBinary([-4.5, -3.5, -2.8, -2, -1, 0, 1, 2, 3, 4], 1000, new Rng(31))],
      ['patterns', sharedBinary(10, 150, 0.05, new Rng(4))],
      ['binomial', Array.from({ length: 10 }, (_, i) => ({ scores: binaryScores(300, 10 + 25 * i, rng) }))],
      ['normal', Array.from({ length: 10 }, (_, i) => ({ scores: Float64Array.from({ length: 250 }, () => rng.next() * (1 + i)) }))],
      ['direct', Array.from({ length: 10 }, (_, i) => ({ scores: Float64Array.from({ length: 40 }, () => rng.next() * (1 + i)) }))],
    ];
    for (const [method, models] of cases) {
      // 1,001 resamples: a last block of odd length (a padded column).
      for (const higherIsBetter of [true, false]) {
        const opts = { resamples: 1001, seed: 9, floor: (n: number) => 1 / n, higherIsBetter };
        const wasm = bootstrapEmergenceScore(u, models, opts);
        const plain = bootstrapEmergenceScore(u, models, { ...opts, plainJs: true });
        assert.equal(wasm.method, method);
        assert.deepEqual(wasm.samples, plain.samples, `${method}, higherIsBetter ${higherIsBetter}`);
        assert.equal(wasm.lo, plain.lo);
        assert.equal(wasm.hi, plain.hi);
      }
    }
  });

  it('falls back to JavaScript where no kernel fits (2 or 19 models) with the same answers as before', () => {
    const rng = new Rng(10);
    for (const m of [2, 3, 19]) {
      const u = Array.from({ length: m }, (_, i) => 8 + 0.25 * i);
      const models = Array.from({ length: m }, (_, i) => ({ scores: binaryScores(200, 5 + 9 * i, rng) }));
      const opts = { resamples: 300, seed: 2, floor: 0.01, higherIsBetter: true };
      const a = bootstrapEmergenceScore(u, models, opts);
      const b = bootstrapEmergenceScore(u, models, { ...opts, plainJs: true });
      assert.deepEqual(a.samples, b.samples, `${m} models`);
    }
  });
});

describe('hybrid route edge cases', () => {
  it('with every model well resolved, is the normal limit of the paired bootstrap (no exact part)', () => {
    const models = irtBinary([-0.5, 0, 0.5, 1], 800, new Rng(41));
    const s = makeMeanSampler(models);
    assert.equal(s.method, 'hybrid');
    const reps = 10000;
    assertMatchesNaive(s, models, reps);
  });

  it('keeps models near the ceiling exact too, and a constant model constant', () => {
    // Model 0 solves all but 20 items (rare at the ceiling), model 1 solves everything, model 2 half.
    const n = 600;
    const items = Int32Array.from({ length: n }, (_, j) => j);
    const models = [
      { scores: Float64Array.from({ length: n }, (_, j) => (j < 20 ? 0 : 1)), items },
      { scores: new Float64Array(n).fill(1), items },
      { scores: Float64Array.from({ length: n }, (_, j) => (j % 2 === 0 ? 1 : 0)), items },
    ];
    const s = makeMeanSampler(models);
    assert.equal(s.method, 'hybrid');
    const out = new Float64Array(3);
    const r = new Rng(6);
    let sum0 = 0;
    let sq0 = 0;
    const reps = 20000;
    for (let k = 0; k < reps; k++) {
      s.draw(r, out);
      assert.equal(out[1], 1);
      const c0 = (out[0] as number) * n;
      assert.ok(Math.abs(c0 - Math.round(c0)) < 1e-9);
      sum0 += n - c0;
      sq0 += (n - c0) ** 2;
    }
    // Failures of model 0 ~ Binomial(600, 20/600): mean 20, variance 20 x 580/600 = 19.33.
    const mean = sum0 / reps;
    assert.ok(Math.abs(mean - 20) < 0.15, `mean failures ${mean}`);
    assert.ok(Math.abs(sq0 / reps - mean * mean - 19.33) < 0.8, `variance ${sq0 / reps - mean * mean}`);
  });
});
