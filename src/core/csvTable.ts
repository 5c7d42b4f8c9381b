/** The re-scored table as CSV: one row per series x metric x model, with intervals. */
import Papa from 'papaparse';
import type { SeriesReport } from './report';
import { csvSafe } from './text/escape';

export function toCsv(series: SeriesReport[]): string {
  const rows: (string | number)[][] = [];
  for (const s of series) {
    for (const m of s.metrics) {
      for (const p of m.points) {
        rows.push([
          csvSafe(s.task), csvSafe(s.family), csvSafe(s.setting), s.verdict, csvSafe(m.name), m.kind,
          m.higherIsBetter ? 'higher' : 'lower', csvSafe(p.model), p.scale, p.value,
          p.n ?? '', p.ciLow ?? '', p.ciHigh ?? '', m.emergenceScore ?? '', m.deltaBic ?? '',
        ]);
      }
    }
  }
  return Papa.unparse({
    fields: ['task', 'family', 'setting', 'verdict', 'metric', 'kind', 'better', 'model', 'scale', 'value', 'n', 'ci_low', 'ci_high', 'emergence_score', 'delta_bic'],
    data: rows,
  }) + '\n';
}
