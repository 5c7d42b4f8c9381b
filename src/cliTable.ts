/** The CLI's human table: one line per series, columns padded to fit. */
import type { Report } from './core/report';
import { fmt } from './core/analysis/metricCheck';

export function renderTable(report: Report): string {
  const head = ['TASK', 'FAMILY', 'SETTING', 'VERDICT', 'HEADLINE', 'JUMP', 'ES PER METRIC'];
  const rows = report.series.map((s) => [
    s.task,
    s.family,
    s.setting || '-',
    s.verdict,
    s.headlineMetric,
    s.jump ? `${s.jump.from} -> ${s.jump.to}` : '-',
    s.metrics.map((m) => `${m.name} ${fmt(m.emergenceScore)}${m.claim ? '*' : ''}`).join(', '),
  ]);
  if (rows.length === 0) return 'No series found.';
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const cell = (v: string, i: number): string => (i === head.length - 1 ? v : (v.length > widths[i]! ? v.slice(0, widths[i]! - 1) + '…' : v.padEnd(widths[i]!)));
  const line = (r: string[]): string => r.map(cell).join('  ').trimEnd();
  return [line(head), ...rows.map(line), '(* = the metric makes an emergence claim)'].join('\n');
}
