/** The HTML header above a metric's chart: name, kind and direction, ES with interval, ΔBIC, claim. */
import type { MetricReport } from '../../src/core/report';
import { h, type ElementLike } from '../dom';
import { formatNum, formatWithCi } from '../format';
import type { LegendItem } from './config';

export function renderChartHead(m: MetricReport, headline: boolean): ElementLike {
  return h(
    'div',
    { class: 'chart-head' },
    h(
      'div',
      { class: 'chart-title' },
      h('span', { class: 'metric-name' }, m.name),
      headline ? h('span', { class: 'tag' }, 'headline') : null,
      m.claim ? h('span', { class: 'tag tag-claim' }, 'claim') : null,
    ),
    h(
      'div',
      { class: 'chart-stats' },
      h('span', { class: 'dim' }, `${m.kind} ${m.higherIsBetter ? '↑' : '↓'}`),
      h('span', { attrs: { title: 'Emergence score with its 95% bootstrap interval' } }, `ES ${formatWithCi(m.emergenceScore, m.emergenceScoreCi)}`),
      h('span', { attrs: { title: 'BIC(smooth) − BIC(break)' } }, `ΔBIC ${formatNum(m.deltaBic, 3)}`),
    ),
  );
}

/** The chart's legend as HTML: a swatch (styled per kind by CSS from theme variables) and the label. */
export function renderLegend(items: readonly LegendItem[]): ElementLike {
  return h(
    'ul',
    { class: 'chart-legend', attrs: { 'aria-label': 'Legend' } },
    ...items.map((it) =>
      h('li', { attrs: { title: it.label } }, h('span', { class: `swatch swatch-${it.kind}`, attrs: { 'aria-hidden': 'true' } }), h('span', { class: 'legend-label' }, it.label)),
    ),
  );
}
