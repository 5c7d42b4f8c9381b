/** One row of the task list: task name and headline ES on top, family · setting and verdict below. */
import type { SeriesReport } from '../src/core/report';
import { h, type ElementLike } from './dom';
import { formatNum } from './format';
import { headlineEs, seriesSubtitle } from './model';
import { verdictBadge } from './badge';

export function renderTaskRow(s: SeriesReport, index: number, selected: boolean): ElementLike {
  const es = headlineEs(s);
  return h(
    'div',
    {
      class: `task-row${selected ? ' selected' : ''}`,
      attrs: {
        role: 'option',
        id: `task-row-${index}`,
        'aria-selected': selected ? 'true' : 'false',
        'data-index': index,
        title: `${s.task}\n${seriesSubtitle(s)}`,
      },
    },
    h(
      'div',
      { class: 'task-line' },
      h('span', { class: 'task-name' }, s.task),
      h('span', { class: 'task-es', attrs: { title: `Emergence score of ${s.headlineMetric}` } }, es === null ? '' : `ES ${formatNum(es, 3)}`),
    ),
    h(
      'div',
      { class: 'task-line' },
      h('span', { class: 'task-sub' }, seriesSubtitle(s)),
      verdictBadge(s.verdict),
    ),
  );
}
