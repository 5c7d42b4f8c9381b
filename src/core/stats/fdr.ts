/**
 * False discovery rate control across the many tasks x metrics x families a run tests at once
 * (science.md: BIG-bench alone has ~10^6 triplets).
 */

/**
 * Benjamini-Hochberg adjusted p-values (q-values): q_(i) = min over j >= i of min(1, p_(j) m / j),
 * the monotone step-up form, with m the number of tests that have a p-value. Flag q <= FDR level.
 * null entries (no test) pass through as null and do not count in m; a NaN p-value is kept as NaN
 * and does not count either. Order of the input is preserved.
 */
export function benjaminiHochberg(p: ReadonlyArray<number | null>): (number | null)[] {
  const out: (number | null)[] = p.map((v) => (v === null ? null : Number.isNaN(v) ? NaN : v));
  const idx: number[] = [];
  p.forEach((v, i) => {
    if (v !== null && !Number.isNaN(v)) idx.push(i);
  });
  const m = idx.length;
  idx.sort((a, b) => (p[a] as number) - (p[b] as number));
  let running = Infinity;
  for (let r = m - 1; r >= 0; r--) {
    const i = idx[r] as number;
    const q = Math.min(1, ((p[i] as number) * m) / (r + 1));
    running = Math.min(running, q);
    out[i] = Math.max(0, running);
  }
  return out;
}
