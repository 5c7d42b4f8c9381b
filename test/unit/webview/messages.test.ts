import assert from 'node:assert/strict';
import { parseHostMessage, parsePanelData, parseSeries } from '../../../webview/messages';
import { panel, series } from './fixtures';

describe('webview messages guard', () => {
  it('accepts each known host message', () => {
    const data = panel([series('a', 'smooth', 1)]);
    const init = parseHostMessage({ type: 'init', settings: { defaultMetrics: ['acc', 3] }, data, selected: 'k' });
    assert.deepEqual(init?.msg, { type: 'init', settings: { defaultMetrics: ['acc'] }, data, selected: 'k' });
    assert.deepEqual(parseHostMessage({ type: 'init', settings: {}, data: null })?.msg, {
      type: 'init',
      settings: { defaultMetrics: [] },
      data: null,
    });
    assert.equal(parseHostMessage({ type: 'update', data })?.msg.type, 'update');
    assert.deepEqual(parseHostMessage({ type: 'select', key: 'k' })?.msg, { type: 'select', key: 'k' });
    assert.deepEqual(parseHostMessage({ type: 'busy', busy: true, message: 'x' })?.msg, { type: 'busy', busy: true, message: 'x' });
    assert.deepEqual(parseHostMessage({ type: 'error', message: 'boom' })?.msg, { type: 'error', message: 'boom' });
  });

  it('rejects unknown types and malformed shapes', () => {
    for (const m of [
      null,
      'init',
      [],
      { type: 'eval', code: 'alert(1)' },
      { type: 'select', key: 3 },
      { type: 'busy', busy: 'yes' },
      { type: 'error' },
      { type: 'update', data: { series: 'x' } },
      { type: 'init', settings: {}, data: 42 },
    ]) {
      assert.equal(parseHostMessage(m), undefined, JSON.stringify(m));
    }
  });

  it('drops malformed and duplicate series, and counts them', () => {
    const good = series('a', 'smooth', 1);
    const parsed = parsePanelData({
      ...panel([]),
      series: [good, { ...good }, { ...good, task: 'b', verdict: 'maybe' }, { task: 'c' }, 7],
    });
    assert.equal(parsed?.data.series.length, 1);
    assert.equal(parsed?.dropped, 4);
  });

  it('rebuilds a series field by field: unknown fields go, bad parts are repaired or dropped', () => {
    const raw = {
      ...series('a', 'emergent', 3),
      extra: '<script>',
      jump: { from: 'x' },
      flips: [{ itemId: 1 }, { itemId: 'i', fromModel: 'a', toModel: 'b', target: 't', fromPrediction: 'p', toPrediction: 'q', fromScore: 0, toScore: 1 }],
      metrics: [
        { name: 'm', kind: 'weird', points: [] },
        {
          ...series('a', 'emergent', 3).metrics[0],
          jumpIndex: 99,
          points: [{ model: 'x', scale: 1e9, value: 0.5, n: 'ten' }, { model: 'y' }],
          curves: [{ label: 'c', scale: [1, 2, 3], value: [1, 'two'] }],
        },
      ],
    };
    const s = parseSeries(raw);
    assert.ok(s);
    assert.equal('extra' in s, false);
    assert.equal(s.jump, null);
    assert.equal(s.flips.length, 1);
    assert.equal(s.metrics.length, 1);
    const m = s.metrics[0]!;
    assert.equal(m.jumpIndex, null);
    assert.deepEqual(m.points, [{ model: 'x', scale: 1e9, value: 0.5, n: null, ciLow: null, ciHigh: null }]);
    assert.deepEqual(m.curves, [{ label: 'c', scale: [1], value: [1] }]);
  });
});
