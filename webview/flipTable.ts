/**
 * Items whose score changes between two adjacent models, with target and both predictions shown as
 * text (model outputs can contain markup and scripts: they are never parsed). Pure: builds through
 * dom.ts.
 */
import type { FlipExample } from '../src/core/report';
import { clip, h, type ElementLike } from './dom';
import { formatNum } from './format';

/** Longest text shown in a cell; the rest goes to the tooltip (itself capped). */
export const CELL_CHARS = 280;
const TOOLTIP_CHARS = 4000;
/** Rows rendered; the count says how many there are. */
export const MAX_FLIPS = 50;

function textCell(text: string, cls: string): ElementLike {
  if (text === '') return h('td', { class: `${cls} empty` }, 'empty');
  const long = text.length > CELL_CHARS;
  return h('td', { class: cls, attrs: { title: long ? clip(text, TOOLTIP_CHARS) : undefined } }, clip(text, CELL_CHARS));
}

function row(f: FlipExample): ElementLike {
  const better = f.toScore > f.fromScore;
  return h(
    'tr',
    null,
    h('td', { class: 'mono item', attrs: { title: f.itemId } }, clip(f.itemId, 40)),
    h('td', { class: 'models' }, h('span', { class: 'model' }, f.fromModel), h('span', { class: 'arrow' }, ' → '), h('span', { class: 'model' }, f.toModel)),
    textCell(f.target, 'mono text'),
    textCell(f.fromPrediction, 'mono text'),
    textCell(f.toPrediction, 'mono text'),
    h(
      'td',
      { class: `num score ${better ? 'up' : 'down'}` },
      `${formatNum(f.fromScore, 2)} → ${formatNum(f.toScore, 2)}`,
    ),
  );
}

export function renderFlipTable(flips: readonly FlipExample[], metric: string): ElementLike {
  const shown = flips.slice(0, MAX_FLIPS);
  return h(
    'section',
    { class: 'card flips', attrs: { 'aria-label': 'Items that flip' } },
    h(
      'header',
      { class: 'section-head' },
      h('h3', null, 'Items that flip between adjacent models'),
      h(
        'span',
        { class: 'dim' },
        flips.length > shown.length ? `${shown.length} of ${flips.length} · ${metric}` : `${flips.length} · ${metric}`,
      ),
    ),
    flips.length
      ? h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'grid flip-table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', null, 'Item'),
                h('th', null, 'Models'),
                h('th', null, 'Target'),
                h('th', null, 'Before'),
                h('th', null, 'After'),
                h('th', { class: 'num' }, 'Score'),
              ),
            ),
            h('tbody', null, ...shown.map(row)),
          ),
        )
      : h('p', { class: 'dim' }, 'No per-item outputs in the log, or no item changes between adjacent models.'),
  );
}
