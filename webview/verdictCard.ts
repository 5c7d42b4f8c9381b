/**
 * The verdict card of the selected series: the verdict and its reasons, the facts behind it (headline
 * metric, jump, items needed, p/q, thresholds, sources) and a per-metric table (ES with its bootstrap
 * interval, delta-BIC, claim). Pure: builds through dom.ts, every log-derived string as text.
 */
import type { PanelData } from '../src/protocol';
import type { MetricReport, SeriesReport } from '../src/core/report';
import { verdictBadge } from './badge';
import { clip, h, type Child, type ElementLike } from './dom';
import { formatCount, formatNum, formatP, formatWithCi, plural } from './format';
import { seriesSubtitle } from './model';

function fact(label: string, ...value: Child[]): ElementLike[] {
  return [h('dt', null, label), h('dd', null, ...value)];
}

function direction(m: MetricReport): string {
  return `${m.kind} · ${m.higherIsBetter ? 'higher' : 'lower'} is better`;
}

/** ΔBIC with its reading (science.md: > 6 strong, > 10 very strong). */
export function bicReading(dBic: number | null, threshold: number): string {
  if (dBic === null) return '';
  if (dBic > 10) return 'very strong break';
  if (dBic > threshold) return 'strong break';
  if (dBic > 2) return 'weak break';
  return dBic < -2 ? 'favours smooth' : 'no preference';
}

function metricRow(m: MetricReport, s: SeriesReport, data: PanelData): ElementLike {
  const headline = m.name === s.headlineMetric;
  const strong = m.deltaBic !== null && m.deltaBic > data.bicThreshold;
  return h(
    'tr',
    { class: headline ? 'headline' : '' },
    h('td', { class: 'metric-name' }, m.name, headline ? h('span', { class: 'tag' }, 'headline') : null),
    h('td', { class: 'dim' }, direction(m)),
    h('td', { class: 'num' }, formatWithCi(m.emergenceScore, m.emergenceScoreCi)),
    h(
      'td',
      { class: `num${strong ? ' strong' : ''}`, attrs: { title: bicReading(m.deltaBic, data.bicThreshold) } },
      formatNum(m.deltaBic, 3),
    ),
    h('td', { class: 'center' }, m.claim ? h('span', { class: 'tag tag-claim' }, 'claim') : h('span', { class: 'dim' }, 'no')),
  );
}

function itemsNeededText(s: SeriesReport): string {
  if (s.itemsNeeded === null) return 'not applicable';
  const have = s.metrics.flatMap((m) => m.points.map((p) => p.n)).filter((n): n is number => n !== null);
  const now = have.length ? ` (now ${formatCount(Math.min(...have))}${Math.min(...have) === Math.max(...have) ? '' : `–${formatCount(Math.max(...have))}`})` : '';
  return `${formatCount(s.itemsNeeded)} per model${now}`;
}

function sourcesText(s: SeriesReport): Child[] {
  if (!s.sources.length) return [h('span', { class: 'dim' }, 'unknown')];
  return s.sources.slice(0, 3).map((src, i) =>
    h(
      'span',
      { class: 'source', attrs: { title: src.path } },
      i ? ', ' : '',
      `${clip(src.path, 80)}:${src.line}`,
      h('span', { class: 'dim' }, ` (${plural(src.rows, 'row')})`),
    ),
  ).concat(s.sources.length > 3 ? [h('span', { class: 'dim' }, ` and ${s.sources.length - 3} more`)] : []);
}

export function renderVerdictCard(s: SeriesReport, data: PanelData): ElementLike {
  const jump = s.jump ? [h('span', { class: 'model' }, s.jump.from), ' → ', h('span', { class: 'model' }, s.jump.to)] : ['none'];
  const thresholds = `ES ≥ ${formatNum(data.esThreshold)} · ΔBIC > ${formatNum(data.bicThreshold)}`;
  return h(
    'section',
    { class: `card verdict-card verdict-edge-${s.verdict}`, attrs: { 'aria-label': 'Verdict' } },
    h(
      'header',
      { class: 'card-head' },
      h('div', { class: 'card-title' }, h('h2', null, s.task), h('div', { class: 'subtitle' }, seriesSubtitle(s))),
      verdictBadge(s.verdict, true),
    ),
    s.reasons.length
      ? h('ul', { class: 'reasons' }, ...s.reasons.map((r) => h('li', null, r)))
      : h('p', { class: 'dim' }, 'No reasons given.'),
    h(
      'dl',
      { class: 'facts' },
      ...fact('Headline metric', s.headlineMetric || '—'),
      ...fact('Jump', ...jump),
      ...fact('Items needed', itemsNeededText(s)),
      ...fact(
        'Resolution test',
        s.pValue === null && s.qValue === null
          ? h('span', { class: 'dim' }, 'not run')
          : `p = ${formatP(s.pValue)} · q (BH) = ${formatP(s.qValue)}`,
      ),
      ...fact('Thresholds', thresholds),
      ...fact('Rows', ...sourcesText(s)),
    ),
    s.metrics.length
      ? h(
          'table',
          { class: 'grid metric-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, 'Metric'),
              h('th', null, 'Kind'),
              h('th', { class: 'num', attrs: { title: 'Emergence score with its 95% bootstrap interval over items' } }, 'ES [95% CI]'),
              h('th', { class: 'num', attrs: { title: 'BIC(smooth) − BIC(break); > 6 strong, > 10 very strong' } }, 'ΔBIC'),
              h('th', { class: 'center' }, 'Claim'),
            ),
          ),
          h('tbody', null, ...s.metrics.map((m) => metricRow(m, s, data))),
        )
      : null,
  );
}
