/** Counts of claims and verdicts, and the words the CodeLens and the status bar show. Pure. */
import type { SeriesReport } from '../core/report';

/** How a set of series adds up. */
export interface ClaimCounts {
  /** Distinct task names. */
  tasks: number;
  series: number;
  /** Series where some metric makes an emergence claim (or a jump was found). */
  claims: number;
  /** Claims judged mirages (metric or resolution). */
  mirages: number;
  /** Claims that survive (verdict `emergent`). */
  survives: number;
}

/** Whether a series makes an emergence claim at all. */
export function isClaim(s: SeriesReport): boolean {
  return (
    s.verdict === 'emergent' ||
    s.verdict === 'mirage-metric' ||
    s.verdict === 'mirage-resolution' ||
    s.jump !== null ||
    s.metrics.some((m) => m.claim)
  );
}

export function countClaims(series: readonly SeriesReport[]): ClaimCounts {
  const claims = series.filter(isClaim);
  return {
    tasks: new Set(series.map((s) => s.task)).size,
    series: series.length,
    claims: claims.length,
    mirages: series.filter((s) => s.verdict === 'mirage-metric' || s.verdict === 'mirage-resolution')
      .length,
    survives: series.filter((s) => s.verdict === 'emergent').length,
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "12 tasks · 3 emergent claims · 2 mirages" */
export function codeLensSummary(c: ClaimCounts): string {
  return [
    plural(c.tasks, 'task'),
    plural(c.claims, 'emergent claim'),
    plural(c.mirages, 'mirage'),
  ].join(' · ');
}

/** "Mirage: 3 claims, 1 survives" */
export function statusText(c: ClaimCounts): string {
  if (c.series === 0) return 'Mirage: no series';
  return `Mirage: ${plural(c.claims, 'claim')}, ${c.survives} ${c.survives === 1 ? 'survives' : 'survive'}`;
}
