/**
 * The report as Markdown (`mirage check --markdown FILE`, the panel's "Export report"). Every piece of
 * text from a log is escaped: a task called `<script>` stays text.
 */
import type { Report, SeriesReport } from './report';
import { escapeMarkdown as e } from './text/escape';
import { fmt } from './analysis/metricCheck';
import { formatScale } from './analysis/modelName';

const verdictWords: Record<SeriesReport['verdict'], string> = {
  smooth: 'smooth',
  emergent: '**emergent**',
  'mirage-metric': 'mirage (metric)',
  'mirage-resolution': 'mirage (resolution)',
  inconclusive: 'inconclusive',
};

export function toMarkdown(report: Report): string {
  const out: string[] = [];
  const claims = report.series.filter((s) => s.verdict !== 'smooth' && s.verdict !== 'inconclusive').length;
  const survive = report.series.filter((s) => s.verdict === 'emergent').length;
  out.push('# Mirage Lens report', '');
  out.push(
    `${report.series.length} series · ${claims} emergence claims · ${survive} survive · x axis: ${report.options.x} · ` +
      `ES threshold ${report.options.esThreshold} · ΔBIC threshold ${report.options.bicThreshold} · intervals: ${report.options.interval}`,
    '',
  );
  out.push('| Task | Family | Setting | Verdict | Headline | Jump | Items needed |', '|---|---|---|---|---|---|---|');
  for (const s of report.series) {
    const jump = s.jump ? `${e(s.jump.from)} → ${e(s.jump.to)}` : '';
    out.push(`| ${e(s.task)} | ${e(s.family)} | ${e(s.setting)} | ${verdictWords[s.verdict]} | ${e(s.headlineMetric)} | ${jump} | ${s.itemsNeeded ?? ''} |`);
  }
  for (const s of report.series) {
    out.push('', `## ${e(s.task)} · ${e(s.family)}${s.setting ? ' · ' + e(s.setting) : ''}: ${verdictWords[s.verdict]}`, '');
    for (const r of s.reasons) out.push(`- ${e(r)}`);
    out.push('', '| Metric | Kind | ES [95% CI] | ΔBIC | ' + s.metrics[0]?.points.map((p) => `${e(p.model)} (${formatScale(p.scale)})`).join(' | ') + ' |');
    out.push('|---|---|---|---|' + (s.metrics[0]?.points.map(() => '---|').join('') ?? ''));
    for (const m of s.metrics) {
      const ci = m.emergenceScoreCi ? ` [${fmt(m.emergenceScoreCi[0])}, ${fmt(m.emergenceScoreCi[1])}]` : '';
      const pts = m.points.map((p) => {
        const iv = p.ciLow !== null && p.ciHigh !== null ? ` [${fmt(p.ciLow)}, ${fmt(p.ciHigh)}]` : '';
        return `${fmt(p.value)}${iv}${p.n !== null ? ` n=${p.n}` : ''}`;
      });
      out.push(`| ${e(m.name)}${m.claim ? ' (claim)' : ''} | ${m.kind}, ${m.higherIsBetter ? 'higher' : 'lower'} is better | ${fmt(m.emergenceScore)}${ci} | ${fmt(m.deltaBic)} | ${pts.join(' | ')} |`);
    }
  }
  const problems = report.inputs.reduce((n, i) => n + i.problems.length, 0);
  out.push('', '## Inputs', '');
  for (const i of report.inputs) {
    out.push(`- ${e(i.path)}: ${i.format}, ${i.rows} rows${i.problems.length ? `, ${i.problems.length} problems` : ''}${i.skipped ? ` (skipped: ${e(i.skipped)})` : ''}`);
  }
  if (problems > 0) {
    out.push('', '## Problems', '');
    for (const i of report.inputs) for (const p of i.problems.slice(0, 50)) out.push(`- ${e(i.path)}:${p.line}: ${e(p.message)}`);
  }
  return out.join('\n') + '\n';
}
