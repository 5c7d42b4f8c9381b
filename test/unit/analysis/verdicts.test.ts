/**
 * Each verdict on data built to produce it: the bundled examples (examples/generate.mjs) and
 * constructed cases (an uneven grid, too few sizes, no item counts).
 */
import assert from 'node:assert/strict';
import { analyzePaths } from '../../../src/core/analyze';
import type { Report, SeriesReport } from '../../../src/core/report';
import { tempDir } from './tmp';

const find = (r: Report, task: string): SeriesReport => {
  const s = r.series.find((x) => x.task === task);
  assert.ok(s, `no series ${task}`);
  return s;
};

describe('verdicts on the bundled examples', function () {
  this.timeout(60000);
  let report: Report;
  before(async () => {
    report = await analyzePaths(['examples'], { resamples: 200 });
  });

  const expected: [string, string][] = [
    ['arithmetic_8digit', 'mirage-metric'],
    ['word_unscramble', 'emergent'],
    ['logical_deduction', 'mirage-resolution'],
    ['reading_comprehension', 'smooth'],
    ['modified_arithmetic', 'mirage-metric'],
    ['analogical_reasoning', 'emergent'],
    ['tiny_riddles', 'mirage-resolution'],
    ['common_sense', 'smooth'],
  ];
  for (const [task, verdict] of expected) {
    it(`${task} is ${verdict}`, () => {
      const s = find(report, task);
      assert.equal(s.verdict, verdict, s.reasons.join('\n'));
      assert.ok(s.reasons.length > 0);
    });
  }

  it('quotes the numbers behind a verdict: ES, intervals, n, jump location, items needed', () => {
    const s = find(report, 'logical_deduction');
    assert.deepEqual(s.jump, { from: 'synth-6.9b', to: 'synth-12b' });
    assert.ok(s.itemsNeeded !== null && s.itemsNeeded > 25, `itemsNeeded ${s.itemsNeeded}`);
    const text = s.reasons.join(' ');
    assert.match(text, /ES \d/);
    assert.match(text, /n=25/);
    assert.match(text, /\[0%, /);
    assert.ok(s.pValue !== null && s.qValue !== null && s.qValue >= s.pValue);
  });

  it('reports every metric with points, intervals and fitted curves', () => {
    const s = find(report, 'arithmetic_8digit');
    const names = s.metrics.map((m) => m.name);
    for (const n of ['exact_match', 'token_edit_distance', 'char_edit_similarity', 'partial_credit']) assert.ok(names.includes(n), n);
    const em = s.metrics.find((m) => m.name === 'exact_match')!;
    assert.equal(em.kind, 'discrete');
    assert.equal(em.points.length, 8);
    assert.ok(em.points.every((p) => p.n === 300 && p.ciLow !== null && p.ciLow <= p.value && p.value <= p.ciHigh!));
    assert.ok(em.curves.some((c) => c.label.startsWith('p^L')), 'p^L overlay on exact match');
    const ted = s.metrics.find((m) => m.name === 'token_edit_distance')!;
    assert.equal(ted.higherIsBetter, false);
    assert.ok(ted.deltaBic !== null && ted.deltaBic <= 2, `TED deltaBic ${ted.deltaBic}`);
    assert.ok(s.flips.length > 0 && s.flips.every((f) => f.fromScore !== f.toScore));
  });

  it("counts the items that flip at the jump for McNemar's test, consistent with the counts before and after", () => {
    for (const task of ['arithmetic_8digit', 'word_unscramble', 'logical_deduction']) {
      const s = find(report, task);
      const m = /On the (\d+) items both models saw, (\d+) turn correct and (\d+) turn wrong/.exec(s.reasons.join(' '));
      assert.ok(m, `${task}: no McNemar sentence`);
      const [shared, up, down] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const em = s.metrics.find((x) => x.name === s.headlineMetric)!;
      const at = (model: string) => em.points.find((p) => p.model === model)!;
      const [a, b] = [at(s.jump!.from), at(s.jump!.to)];
      // Every item is shared here: the net flips are the change in the number correct.
      assert.equal(shared, a.n);
      assert.equal(up - down, Math.round(b.value * b.n!) - Math.round(a.value * a.n!), task);
      assert.ok(up + down <= shared && up > 0);
    }
  });
});

/** Writes a per-item CSV for one family with the given true accuracy per size. */
function writeSweep(t: ReturnType<typeof tempDir>, sizes: number[], acc: (N: number) => number, n: number, seed = 7): string {
  let a = seed;
  const rand = (): number => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
  const rows = ['model,family,params,task,item,correct'];
  for (const N of sizes) {
    const p = acc(N);
    for (let i = 0; i < n; i++) rows.push(`fam-${N},fam,${N},task,${i},${rand() < p ? 1 : 0}`);
  }
  return t.write('sweep.csv', rows.join('\n'));
}

describe('verdicts on constructed sweeps', function () {
  this.timeout(60000);

  it('does not call a smooth curve on an uneven grid of model sizes emergent', async () => {
    // Linear in log N, with one wide gap (1e8 -> 1e10) among close sizes.
    const t = tempDir();
    const sizes = [1e7, 1.5e7, 2.2e7, 3.3e7, 5e7, 1e8, 1e10, 1.5e10];
    const p = writeSweep(t, sizes, (N) => 0.1 + 0.12 * Math.log10(N / 1e7), 2000);
    const r = await analyzePaths([p], { resamples: 0 });
    const s = r.series[0]!;
    assert.notEqual(s.verdict, 'emergent', s.reasons.join('\n'));
    assert.equal(s.verdict, 'smooth', s.reasons.join('\n'));
  });

  it('calls three sizes inconclusive, never emergent', async () => {
    const t = tempDir();
    const p = writeSweep(t, [1e8, 1e9, 1e10], (N) => (N >= 1e10 ? 0.9 : 0), 500);
    const r = await analyzePaths([p], { resamples: 0 });
    assert.equal(r.series[0]!.verdict, 'inconclusive');
    assert.match(r.series[0]!.reasons.join(' '), /at least 4/);
  });

  it('calls a jump without item counts or continuous metric inconclusive, saying what is missing', async () => {
    const t = tempDir();
    const rows = ['model,family,params,task,metric,value'];
    const v = [0, 0, 0, 0, 0.02, 0.6, 0.9];
    v.forEach((x, i) => rows.push(`f-${i},f,${10 ** (8 + i / 2)},task,accuracy,${x}`));
    const r = await analyzePaths([t.write('agg.csv', rows.join('\n'))], { resamples: 0 });
    const s = r.series[0]!;
    assert.equal(s.verdict, 'inconclusive', s.reasons.join('\n'));
    assert.match(s.reasons.join(' '), /no item counts/);
  });

  it('splits series by setting and names a confounder when only few-shot runs jump', async () => {
    const t = tempDir();
    const rows = ['model,family,params,task,shots,metric,value,n'];
    const sizes = [1e8, 3e8, 1e9, 3e9, 1e10, 3e10];
    sizes.forEach((N, i) => {
      rows.push(`f-${i},f,${N},task,0,accuracy,${(0.1 + 0.05 * i).toFixed(3)},1000`);
      rows.push(`f-${i},f,${N},task,5,accuracy,${[0, 0, 0, 0, 0.5, 0.8][i]},1000`);
    });
    const r = await analyzePaths([t.write('shots.csv', rows.join('\n'))], { resamples: 0 });
    assert.equal(r.series.length, 2);
    const zero = r.series.find((s) => s.setting === '0-shot')!;
    const five = r.series.find((s) => s.setting === '5-shot')!;
    assert.equal(zero.verdict, 'smooth');
    assert.notEqual(five.verdict, 'smooth');
    assert.match(zero.reasons.join(' '), /only in 5-shot/);
  });
});
