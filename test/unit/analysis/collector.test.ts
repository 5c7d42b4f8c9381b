import assert from 'node:assert/strict';
import { Collector } from '../../../src/core/analysis/collector';
import type { ItemRecord } from '../../../src/core/types';

const row = (model: string, params: number, item: number, correct: number): ItemRecord => ({
  model,
  params,
  task: 'arith',
  line: item + 1,
  itemId: String(item),
  target: '12',
  prediction: correct ? '12' : '13',
  scores: { acc: correct },
});

describe('Collector columns', () => {
  it("start a later model's columns with room for the items the series' models already have", () => {
    const c = new Collector('/in-memory', 'test');
    for (let i = 0; i < 300; i++) c.item(row('m-1b', 1e9, i, i % 2));
    for (let i = 0; i < 300; i++) c.item(row('m-7b', 7e9, i, 1));
    const [series] = [...c.series.values()];
    const [first, second] = [...series!.models.values()];
    // The first model's columns grew by doubling from 16; the second's were made for 300 items and
    // never grew, for the re-scored text metrics and the logged score alike.
    assert.equal(first!.metrics.get('exact_match')!.sum.data.length, 512);
    for (const [name, col] of second!.metrics) {
      assert.equal(col.sum.data.length, 300, name);
      assert.equal(col.count.data.length, 300, name);
    }
    // And the numbers are the same as with grown columns.
    const mean = (m: typeof first, name: string): number => {
      const col = m!.metrics.get(name)!;
      let s = 0;
      for (let i = 0; i < m!.itemIds.length; i++) s += col.sum.data[i]! / col.count.data[i]!;
      return s / m!.itemIds.length;
    };
    assert.equal(mean(first, 'exact_match'), 0.5);
    assert.equal(mean(second, 'exact_match'), 1);
    assert.equal(mean(first, 'acc'), 0.5);
    assert.equal(mean(second, 'acc'), 1);
  });
});
