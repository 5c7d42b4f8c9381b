import assert from 'node:assert/strict';
import { opaque, parseColor, withAlpha } from '../../../webview/charts/color';
import { buildMetricChart, curveKind, thinTicks, type ChartTheme } from '../../../webview/charts/config';
import { formatParams } from '../../../webview/format';
import { metric } from './fixtures';

const theme: ChartTheme = {
  foreground: '#cccccc',
  lines: 'rgba(204, 204, 204, 0.5)',
  background: '#1f1f1f',
  blue: '#3794ff',
  red: '#f14c4c',
  green: '#89d185',
  yellow: '#cca700',
  orange: '#d18616',
  purple: '#b180d7',
  fontFamily: 'sans-serif',
  fontSize: 13,
  highContrast: false,
};

describe('webview chart config', () => {
  it('builds band, observed points, fitted curves, chance and floor, with a legend', () => {
    const { config, roles, legend } = buildMetricChart(metric(), { theme, xAxis: 'params' });
    assert.deepEqual(roles, ['bandLow', 'bandHigh', 'observed', 'curve', 'curve', 'curve', 'chance', 'floor']);
    const ds = config.data.datasets;
    assert.deepEqual(ds[1]?.fill, { target: 0 });
    assert.equal(ds[2]?.data.length, 6);
    assert.deepEqual(ds[6]?.data.map((p) => p.y), [0.25, 0.25]);
    assert.deepEqual(
      legend.map((l) => l.kind),
      ['observed', 'band', 'smooth', 'break', 'power', 'chance', 'floor', 'jump'],
    );
    assert.equal(legend.at(-1)?.label, 'jump: m-3 → m-4');
  });

  it('uses a log x axis for parameters and a linear one for loss', () => {
    const x = (axis: string): unknown => buildMetricChart(metric(), { theme, xAxis: axis }).config.options?.scales?.x?.type;
    assert.equal(x('params'), 'logarithmic');
    assert.equal(x('flops'), 'logarithmic');
    assert.equal(x('loss'), 'linear');
  });

  it('marks the jump between the two models of jumpIndex', () => {
    const jump = buildMetricChart(metric(), { theme, xAxis: 'params' }).config.options?.plugins?.mirageJump;
    assert.ok(jump);
    assert.equal(jump.from, 1e9);
    assert.equal(jump.to, 1.4e9);
    assert.equal(jump.label, 'jump');
    const none = buildMetricChart(metric({ jumpIndex: null }), { theme, xAxis: 'params' }).config.options?.plugins?.mirageJump;
    assert.equal(none, false);
  });

  it('omits the band without intervals and the chance line at 0', () => {
    const m = metric({ chance: 0, floor: null });
    m.points = m.points.map((p) => ({ ...p, ciLow: null, ciHigh: null }));
    assert.deepEqual(buildMetricChart(m, { theme, xAxis: 'params' }).roles, ['observed', 'curve', 'curve', 'curve']);
  });

  it('draws high contrast without transparency and with thicker lines', () => {
    const normal = buildMetricChart(metric(), { theme, xAxis: 'params' }).config.data.datasets;
    const hc = buildMetricChart(metric(), { theme: { ...theme, highContrast: true }, xAxis: 'params' }).config.data.datasets;
    assert.equal(hc[1]?.fill, false);
    assert.ok(Number(hc[2]?.borderWidth) > Number(normal[2]?.borderWidth));
    for (const d of hc) assert.ok(!/rgba\([^)]*, 0\.\d+\)/.test(String(d.borderColor)), String(d.borderColor));
  });

  it('classifies curves by label before position', () => {
    const c = (label: string) => ({ label, scale: [], value: [] });
    assert.equal(curveKind(c('smooth: power law through the resolved points'), 2), 'smooth');
    assert.equal(curveKind(c('break: segmented linear at 1.3B'), 0), 'break');
    assert.equal(curveKind(c('p^L from token_edit_distance'), 0), 'power');
    assert.equal(curveKind(c('whatever'), 1), 'break');
  });

  it('thins x tick labels so they do not overlap, keeping the jump models', () => {
    const xs = [70e6, 160e6, 410e6, 1e9, 1.4e9, 2.8e9, 6.9e9, 12e9];
    const width = (v: number): number => formatParams(v).length * 7 + 2;
    const wide = thinTicks(xs, 60e6, 14e9, 2000, width, true);
    assert.deepEqual(wide, xs);
    const plain = thinTicks(xs, 60e6, 14e9, 300, width, true);
    assert.ok(plain.length < xs.length && plain.includes(12e9), plain.map(formatParams).join());
    const narrow = thinTicks(xs, 60e6, 14e9, 300, width, true, [1.4e9, 2.8e9]);
    assert.ok(narrow.includes(1.4e9) && narrow.includes(2.8e9), narrow.map(formatParams).join());
    const px = (v: number): number => (Math.log(v / 60e6) / Math.log(14e9 / 60e6)) * 300;
    for (let i = 1; i < narrow.length; i++) {
      const a = narrow[i - 1]!;
      const b = narrow[i]!;
      assert.ok(px(b) - width(b) / 2 >= px(a) + width(a) / 2, `${formatParams(a)} overlaps ${formatParams(b)}`);
    }
  });

  it('adds alpha to theme colours in the syntaxes VS Code uses', () => {
    assert.equal(withAlpha('#3794ff', 0.2), 'rgba(55, 148, 255, 0.2)');
    assert.equal(withAlpha('#fff', 0.5), 'rgba(255, 255, 255, 0.5)');
    assert.equal(withAlpha('#3794ff80', 0.5), 'rgba(55, 148, 255, 0.251)');
    assert.equal(withAlpha('rgba(204, 204, 204, 0.5)', 0.5), 'rgba(204, 204, 204, 0.25)');
    assert.equal(withAlpha('rgb(1 2 3 / 50%)', 1), 'rgba(1, 2, 3, 0.5)');
    assert.equal(withAlpha('canvastext', 0.5), 'canvastext');
    assert.equal(opaque('rgba(204, 204, 204, 0.5)'), 'rgb(204, 204, 204)');
    assert.equal(parseColor('#12'), undefined);
  });
});
