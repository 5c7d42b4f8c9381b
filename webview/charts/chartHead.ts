/** The HTML header above a metric's chart: name, kind and direction, ES with interval, ΔBIC, claim. */
import type { MetricReport } from '../../src/core/report';
import { h, type ElementLike } from '../dom';
import { formatNum, formatWithCi } from '../format';

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
