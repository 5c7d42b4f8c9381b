/** The CLI's human table: one line per series, columns padded to fit. */
import type { Report } from './core/report';
import { fmt } from './core/analysis/metricCheck';
import { terminalSafe as t } from './core/text/escape';

export function renderTable(report: Report): string {
  const head = ['TASK', 'FAMILY', 'SETTING', 'VERDICT', 'HEADLINE', 'JUMP', 'ES PER METRIC'];
  // Names come from logs: a newline, CR or terminal escape in one would break the table or the
  // terminal, so each is shown as a visible escape (terminalSafe).
  const rows = report.series.map((s) => [
    t(s.task),
    t(s.family),
    t(s.setting) || '-',
    s.verdict,
    t(s.headlineMetric),
    s.jump ? `${t(s.jump.from)} -> ${t(s.jump.to)}` : '-',
    s.metrics.map((m) => `${t(m.name)} ${fmt(m.emergenceScore)}${m.claim ? '*' : ''}`).join(', '),
  ]);
  if (rows.length === 0) return 'No series found.';
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const cell = (v: string, i: number): string => (i === head.length - 1 ? v : (v.length > widths[i]! ? v.slice(0, widths[i]! - 1) + '…' : v.padEnd(widths[i]!)));
  const line = (r: string[]): string => r.map(cell).join('  ').trimEnd();
  return [line(head), ...rows.map(line), '(* = the metric makes an emergence claim)'].join('\n');
}
