/** The coloured verdict badge, shared by the task list and the verdict card. */
import type { Verdict } from '../src/core/report';
import { h, type ElementLike } from './dom';
import { VERDICT_META } from './model';

export function verdictBadge(verdict: Verdict, large = false): ElementLike {
  const meta = VERDICT_META[verdict];
  return h(
    'span',
    { class: `badge verdict-${verdict}${large ? ' badge-large' : ''}`, attrs: { title: meta.title } },
    meta.label,
  );
}
