import assert from 'node:assert/strict';
import { Collector } from '../../../src/core/analysis/collector';
import { buildSeries } from '../../../src/core/analysis/series';
import { lengthHistogram } from '../../../src/core/analysis/verdict';
import type { ItemRecord } from '../../../src/core/types';

const row = (model: string, params: number, item: string, scores: Record<string, number>): ItemRecord => ({
  model,
  params,
  task: 'arith',
  line: 1,
  itemId: item,
  scores,
});

/** One series from rows; its metric `name`. */
function metric(rows: ItemRecord[], name: string) {
  const c = new Collector('/in-memory', 'test');
  for (const r of rows) c.item(r);
  const [cell] = [...c.series.values()];
  const data = buildSeries(cell!, 'params', 'wilson');
  const ms = data.metrics.find((m) => m.name === name);
  assert.ok(ms, name);
  return ms;
}

describe('buildSeries per-item columns', () => {
  it('every item once: the sums are the means, on the shared item indices', () => {
    const ms = metric(
      [
        row('m-1b', 1e9, 'a', { s: 0.25 }),
        row('m-1b', 1e9, 'b', { s: 0.5 }),
        row('m-1b', 1e9, 'c', { s: 1 }),
        // The second model lists the items in another order: its indices follow the first's.
        row('m-2b', 2e9, 'c', { s: 0 }),
        row('m-2b', 2e9, 'a', { s: 0.75 }),
        row('m-2b', 2e9, 'b', { s: 0.5 }),
      ],
      's',
    );
    assert.deepEqual(ms.models, ['m-1b', 'm-2b']);
    assert.deepEqual([...ms.perItem![0]!.scores], [0.25, 0.5, 1]);
    assert.deepEqual([...ms.perItem![0]!.items!], [0, 1, 2]);
    assert.deepEqual([...ms.perItem![1]!.scores], [0, 0.75, 0.5]);
    assert.deepEqual([...ms.perItem![1]!.items!], [2, 0, 1]);
    assert.deepEqual(ms.value, [1.75 / 3, 1.25 / 3]);
    assert.deepEqual(ms.n, [3, 3]);
    // Sample SD of (0.25, 0.5, 1) = sqrt(0.1458333) = 0.381881; se = sd / sqrt(3) = 0.220479.
    assert.ok(Math.abs(ms.se[0]! - 0.2204793) < 1e-6);
    assert.equal(ms.binary, false);
  });

  it('repeated measurements of an item are averaged into one item', () => {
    const ms = metric(
      [
        row('m-1b', 1e9, 'a', { s: 1 }),
        row('m-1b', 1e9, 'a', { s: 0 }),
        row('m-1b', 1e9, 'b', { s: 1 }),
        row('m-2b', 2e9, 'a', { s: 1 }),
        row('m-2b', 2e9, 'b', { s: 1 }),
      ],
      's',
    );
    assert.deepEqual([...ms.perItem![0]!.scores], [0.5, 1]);
    assert.deepEqual(ms.n, [2, 2]);
    assert.deepEqual(ms.value, [0.75, 1]);
    // 0.5 is not a 0/1 score: not a proportion.
    assert.equal(ms.binary, false);
  });

  it('an item without a value for a metric is left out of that metric, and the others keep their indices', () => {
    const ms = metric(
      [
        row('m-1b', 1e9, 'a', { s: 1, t: 0.5 }),
        row('m-1b', 1e9, 'b', { t: 0.25 }),
        row('m-1b', 1e9, 'c', { s: 0, t: 1 }),
        row('m-2b', 2e9, 'a', { s: 1, t: 1 }),
        row('m-2b', 2e9, 'b', { s: 1, t: 1 }),
        row('m-2b', 2e9, 'c', { s: 1, t: 1 }),
      ],
      's',
    );
    // m-1b has no s for b: its column is a and c, on shared indices 0 and 2.
    assert.deepEqual([...ms.perItem![0]!.scores], [1, 0]);
    assert.deepEqual([...ms.perItem![0]!.items!], [0, 2]);
    assert.deepEqual([...ms.perItem![1]!.items!], [0, 1, 2]);
    assert.deepEqual(ms.n, [2, 3]);
    assert.equal(ms.binary, true);
    assert.deepEqual(ms.k, [1, 3]);
  });
});

describe('lengthHistogram', () => {
  it('counts small integer lengths in order of first appearance', () => {
    assert.deepEqual(lengthHistogram([3, 1, 3, 7, 1, 3, 0]), { lengths: [3, 1, 7, 0], counts: [3, 2, 1, 1], total: 7 });
    assert.deepEqual(lengthHistogram(new Float64Array([5])), { lengths: [5], counts: [1], total: 1 });
    assert.deepEqual(lengthHistogram([]), { lengths: [], counts: [], total: 0 });
  });

  it('gives the same for lengths that are not small integers (means over repeats, huge values)', () => {
    assert.deepEqual(lengthHistogram([2.5, 4, 2.5, 1e6, 4]), { lengths: [2.5, 4, 1e6], counts: [2, 2, 1], total: 5 });
    assert.deepEqual(lengthHistogram([70000, 1, 70000]), { lengths: [70000, 1], counts: [2, 1], total: 3 });
  });
});
