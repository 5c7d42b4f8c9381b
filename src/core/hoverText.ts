/**
 * Hover Markdown for one or more series of a log: verdict, emergence score per metric, n per model,
 * the interval at the smallest scales, items needed, and a link that opens the panel on the task.
 *
 * Pure (no `vscode`): `src/hover/` wraps the string in a MarkdownString whose `isTrusted` allows only
 * our own command ids. Everything that comes from a log (task, model, metric names, reasons) goes
 * through `escapeMarkdown`, so Markdown, HTML and `command:` links inside logs are inert text.
 */
import type { MetricReport, SeriesReport, Verdict } from './report';
import { INVISIBLE_BUT_BREAKS } from './text/escape';

/** Words for each verdict, as a person reads them in a hover. */
export const VERDICT_LABEL: Record<Verdict, string> = {
  smooth: 'smooth: no emergence claim',
  emergent: 'emergent: the jump survives',
  'mirage-metric': 'mirage (metric): the jump is an artefact of a discrete metric',
  'mirage-resolution': 'mirage (resolution): too few items to see the small models',
  inconclusive: 'inconclusive',
};

/**
 * Escapes text for CommonMark/GFM: every ASCII punctuation character is backslash-escaped (CommonMark
 * allows that for all of them), line breaks become spaces (no new blocks), and control characters
 * are dropped. The result renders as the same characters, never as markup, HTML, or a link.
 * Dropped: C0 and C1 controls (C1 was missed before: U+009B is an 8-bit CSI) and every bidi
 * control (marks too, not only embeddings/overrides/isolates); NEL, U+2028 and U+2029 are line breaks.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INVISIBLE_BUT_BREAKS, '')
    .replace(/[\r\n\t\u0085\u2028\u2029]+/g, ' ')
    .replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * A `command:` URI for a Markdown link. The arguments are JSON, then percent-encoded, including the
 * characters encodeURIComponent leaves alone that would end a Markdown link (`(`, `)`) or a title.
 */
export function commandUri(command: string, args: readonly unknown[]): string {
  const enc = encodeURIComponent(JSON.stringify(args)).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `command:${command}?${enc}`;
}

/** A number for people: 3 significant digits, plain zero, dash for missing. */
export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

/** The series' display name: task, with family and setting when they tell series apart. */
export function seriesTitle(s: Pick<SeriesReport, 'task' | 'family' | 'setting'>): string {
  const extra = [s.family, s.setting].filter((x) => x !== '').join(', ');
  return extra ? `${s.task} (${extra})` : s.task;
}

function headline(s: SeriesReport): MetricReport | undefined {
  return s.metrics.find((m) => m.name === s.headlineMetric) ?? s.metrics[0];
}

function metricTable(s: SeriesReport): string[] {
  if (s.metrics.length === 0) return [];
  const rows = ['| metric | kind | ES | ΔBIC | claim |', '| --- | --- | ---: | ---: | :---: |'];
  for (const m of s.metrics) {
    const es = m.emergenceScoreCi
      ? `${fmt(m.emergenceScore)} \\[${fmt(m.emergenceScoreCi[0])}, ${fmt(m.emergenceScoreCi[1])}\\]`
      : fmt(m.emergenceScore);
    rows.push(
      `| ${escapeMarkdown(m.name)} | ${m.kind} | ${es} | ${fmt(m.deltaBic)} | ${m.claim ? 'yes' : '—'} |`,
    );
  }
  return rows;
}

function nPerModel(m: MetricReport | undefined): string | undefined {
  if (!m || m.points.length === 0) return undefined;
  const parts = m.points.map((p) => `${escapeMarkdown(p.model)} ${p.n ?? '?'}`);
  return `n per model: ${parts.join(' · ')}`;
}

function smallestIntervals(m: MetricReport | undefined): string | undefined {
  if (!m || m.points.length === 0) return undefined;
  const pts = [...m.points].sort((a, b) => a.scale - b.scale).slice(0, 2);
  const parts = pts.map((p) => {
    const ci = p.ciLow !== null && p.ciHigh !== null ? ` \\[${fmt(p.ciLow)}, ${fmt(p.ciHigh)}\\]` : '';
    return `${escapeMarkdown(p.model)}: ${fmt(p.value)}${ci}`;
  });
  return `${escapeMarkdown(m.name)} at the smallest scales: ${parts.join(' · ')}`;
}

/** What the hover shows for one series, with an optional trusted link to open it in the panel. */
export function seriesHoverMarkdown(s: SeriesReport, openUri?: string): string {
  const out: string[] = [];
  out.push(`**${escapeMarkdown(seriesTitle(s))}**: ${VERDICT_LABEL[s.verdict]}`, '');
  if (s.jump) out.push(`Jump: ${escapeMarkdown(s.jump.from)} → ${escapeMarkdown(s.jump.to)}`, '');
  const reasons = s.reasons.slice(0, 3).map((r) => `- ${escapeMarkdown(r)}`);
  if (reasons.length) out.push(...reasons, '');
  const table = metricTable(s);
  if (table.length) out.push(...table, '');
  const m = headline(s);
  const n = nPerModel(m);
  if (n) out.push(n, '');
  const ci = smallestIntervals(m);
  if (ci) out.push(ci, '');
  out.push(`Items needed per model: ${s.itemsNeeded === null ? '—' : String(s.itemsNeeded)}`, '');
  if (openUri) out.push(`[Open in Mirage report](${openUri})`);
  return out.join('\n').trimEnd();
}

/** Hover for several series (a task can have several families or settings), capped at `max`. */
export function hoverMarkdown(
  series: readonly SeriesReport[],
  link?: (s: SeriesReport) => string,
  max = 3,
): string {
  const shown = series.slice(0, max).map((s) => seriesHoverMarkdown(s, link?.(s)));
  const more = series.length > max ? [`… and ${series.length - max} more series of this task`] : [];
  return [...shown, ...more].join('\n\n---\n\n');
}
