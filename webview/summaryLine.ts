/** The line at the top: what was analysed and what came out (tasks, claims, survivors, inputs). */
import type { PanelData } from '../src/protocol';
import { clip, h, type ElementLike } from './dom';
import { plural } from './format';
import { summarize } from './model';

export function renderSummary(data: PanelData, dropped: number): ElementLike {
  const s = summarize(data);
  const item = (text: string, cls = ''): ElementLike => h('span', { class: `summary-item ${cls}` }, text);
  return h(
    'div',
    { class: 'summary', attrs: { role: 'status' } },
    data.title ? h('span', { class: 'summary-title', attrs: { title: data.title } }, clip(data.title, 120)) : null,
    item(plural(s.tasks, 'task')),
    item(plural(s.claims, 'claim'), s.claims ? 'strong' : ''),
    item(`${s.survive} ${s.survive === 1 ? 'survives' : 'survive'}`, s.survive ? 'survive' : ''),
    item(
      `${plural(s.inputs, 'input')}${s.skipped ? ` (${s.skipped} skipped)` : ''}`,
    ),
    item(plural(s.problems, 'problem'), s.problems ? 'warn' : ''),
    dropped ? item(`${plural(dropped, 'malformed series', 'malformed series')} ignored`, 'warn') : null,
  );
}
