import assert from 'node:assert/strict';
import { seriesKey } from '../../../src/protocol';
import {
  DEFAULT_VIEW,
  hasClaim,
  orderedMetrics,
  resolveSelection,
  summarize,
  visibleSeries,
  type ListView,
} from '../../../webview/model';
import { metric, panel, series } from './fixtures';

const all = [
  series('b_task', 'smooth', 1.2),
  series('a_task', 'emergent', 14),
  series('c_task', 'mirage-metric', 9),
  series('d_task', 'inconclusive', null),
  series('task10', 'mirage-resolution', 4.5),
  series('task9', 'smooth', 2, { family: 'gpt-neo', setting: '5-shot' }),
];
const view = (over: Partial<ListView>): ListView => ({ ...DEFAULT_VIEW, ...over });
const tasks = (v: Partial<ListView>): string[] => visibleSeries(all, view(v)).map((s) => s.task);

describe('webview model: list', () => {
  it('sorts by task with numeric collation, and reverses', () => {
    assert.deepEqual(tasks({ sort: 'task' }), ['a_task', 'b_task', 'c_task', 'd_task', 'task9', 'task10']);
    assert.deepEqual(tasks({ sort: 'task', reverse: true }), ['task10', 'task9', 'd_task', 'c_task', 'b_task', 'a_task']);
  });

  it('sorts by verdict, interesting first, ties by task', () => {
    assert.deepEqual(tasks({ sort: 'verdict' }), ['a_task', 'c_task', 'task10', 'd_task', 'b_task', 'task9']);
  });

  it('sorts by headline ES, largest first, null last in both directions', () => {
    assert.deepEqual(tasks({ sort: 'es' }), ['a_task', 'c_task', 'task10', 'task9', 'b_task', 'd_task']);
    assert.deepEqual(tasks({ sort: 'es', reverse: true }), ['b_task', 'task9', 'task10', 'c_task', 'a_task', 'd_task']);
  });

  it('filters by words over task, family and setting, and by verdict', () => {
    assert.deepEqual(tasks({ sort: 'task', filter: 'TASK1' }), ['task10']);
    assert.deepEqual(tasks({ sort: 'task', filter: 'neo 5-shot' }), ['task9']);
    assert.deepEqual(tasks({ sort: 'task', verdict: 'smooth' }), ['b_task', 'task9']);
    assert.deepEqual(tasks({ filter: 'nothing-matches' }), []);
  });

  it('does not mutate its input', () => {
    const before = all.map((s) => s.task);
    visibleSeries(all, view({ sort: 'task' }));
    assert.deepEqual(all.map((s) => s.task), before);
  });
});

describe('webview model: summary and selection', () => {
  it('counts tasks, claims, survivors, inputs and problems', () => {
    const s = summarize(panel(all));
    assert.equal(s.tasks, 6);
    assert.equal(s.claims, 3);
    assert.equal(s.survive, 1);
    assert.equal(s.inputs, 2);
    assert.equal(s.skipped, 1);
    assert.equal(s.problems, 1);
    assert.equal(s.byVerdict.smooth, 2);
  });

  it('counts a claim made by a metric even under another verdict', () => {
    assert.equal(hasClaim(series('x', 'inconclusive', 1, { metrics: [metric({ claim: true })] })), true);
    assert.equal(hasClaim(series('x', 'inconclusive', 1, { metrics: [metric({ claim: false })] })), false);
  });

  it('keeps a requested or previous selection when it exists, else the first visible row', () => {
    const data = panel(all);
    const visible = visibleSeries(all, DEFAULT_VIEW);
    const c = seriesKey(all[2]!);
    assert.equal(resolveSelection(data, visible, 'gone', c), c);
    assert.equal(resolveSelection(data, visible, undefined, 'gone'), seriesKey(visible[0]!));
    assert.equal(resolveSelection(panel([]), []), undefined);
  });

  it('orders metrics: configured defaults, then the headline, then the rest', () => {
    const s = series('t', 'smooth', 1, {
      headlineMetric: 'acc',
      metrics: [metric({ name: 'brier' }), metric({ name: 'acc' }), metric({ name: 'ted' }), metric({ name: 'f1' })],
    });
    assert.deepEqual(orderedMetrics(s, ['ted']).map((m) => m.name), ['ted', 'acc', 'brier', 'f1']);
    assert.deepEqual(orderedMetrics(s, []).map((m) => m.name), ['acc', 'brier', 'ted', 'f1']);
  });
});
