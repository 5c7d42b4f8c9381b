import type { SeriesReport } from '../report';

/**
 * Survival check (c): where one task and family were run in several settings (shots, instruction
 * tuning), says whether the jump appears only in some of them (Lu et al. 2023: in-context learning
 * and instruction tuning confound emergence). Adds a reason to each series of such a group.
 */
export function noteConfounders(series: SeriesReport[]): void {
  const groups = new Map<string, SeriesReport[]>();
  for (const s of series) {
    const k = `${s.task}\u241f${s.family}`;
    const g = groups.get(k);
    if (g) g.push(s);
    else groups.set(k, [s]);
  }
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const withJump = g.filter((s) => s.jump !== null);
    const without = g.filter((s) => s.verdict === 'smooth');
    if (withJump.length === 0 || without.length === 0) continue;
    const name = (s: SeriesReport): string => s.setting || 'default setting';
    const words =
      `Setting confounder: the jump appears only in ${withJump.map(name).join(', ')}; ` +
      `${without.map(name).join(', ')} ${without.length === 1 ? 'is' : 'are'} smooth. ` +
      'Jumps seen only with few-shot prompting or instruction tuning may reflect in-context learning rather than scale (Lu et al. 2023).';
    for (const s of g) s.reasons.push(words);
  }
}
