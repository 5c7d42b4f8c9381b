import assert from 'node:assert/strict';
import { Collector, unpackIds } from '../../../src/core/analysis/collector';
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

describe('Collector item slots', () => {
  it('gives each model its items in its own order of first appearance, clusters repeats, and keeps other series apart', () => {
    const c = new Collector('/in-memory', 'test');
    const rec = (model: string, task: string, item: string, correct: number, epoch?: number): ItemRecord => ({
      model, params: model === 'a-1b' ? 1e9 : 2e9, task, line: 1, itemId: item, scores: { acc: correct }, ...(epoch === undefined ? {} : { epoch }),
    });
    c.item(rec('a-1b', 't1', 'x', 1));
    c.item(rec('a-1b', 't1', 'y', 0));
    c.item(rec('a-2b', 't1', 'z', 1)); // an id the first model never had
    c.item(rec('a-2b', 't1', 'y', 1)); // the models' orders differ
    c.item(rec('a-2b', 't1', 'y', 0)); // a repeat: clustered into its item, counted as a repeat
    c.item(rec('a-2b', 't1', 'x', 1, 2)); // another epoch: clustered, not a repeat
    c.item(rec('a-2b', 't1', 'x', 0, 3));
    c.item(rec('a-1b', 't2', 'y', 1)); // another series: its own slots
    c.item(rec('a-1b', 't1', 'z', 1)); // back to the first cell
    const t1 = [...c.series.values()].find((s) => s.task === 't1')!;
    const a = t1.models.get('a-1b')!;
    const b = t1.models.get('a-2b')!;
    assert.deepEqual(a.itemIds, ['x', 'y', 'z']);
    assert.deepEqual(b.itemIds, ['z', 'y', 'x']);
    const acc = b.metrics.get('acc')!;
    assert.deepEqual([...acc.count.data.subarray(0, 3)], [1, 2, 2]);
    assert.deepEqual([...acc.sum.data.subarray(0, 3)], [1, 1, 1]);
    assert.equal(c.tally().repeats, 1);
    const t2 = [...c.series.values()].find((s) => s.task === 't2')!;
    assert.deepEqual(t2.models.get('a-1b')!.itemIds, ['y']);

    // What a worker thread sends instead of the lists: the series' ids once, each cell's slots as
    // indices among them; unpacked, each cell's list comes back as it was.
    const packed = c.packIds(t1);
    assert.deepEqual(packed.order, ['x', 'y', 'z']);
    assert.deepEqual(packed.slots.map((s) => (s ? [...s] : s)), [
      [0, 1, 2],
      [2, 1, 0],
    ]);
    assert.deepEqual(unpackIds(packed.slots[0]!, packed.order), a.itemIds);
    assert.deepEqual(unpackIds(packed.slots[1]!, packed.order), b.itemIds);
    assert.deepEqual(c.packIds(t2).slots.map((s) => (s ? [...s] : s)), [[0]]);
  });
});
