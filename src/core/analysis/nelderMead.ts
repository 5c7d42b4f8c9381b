/**
 * Minimises f over R^d with the Nelder-Mead simplex (standard coefficients). Used for the small,
 * smooth 2-parameter refits of the Schaeffer form, where gradients are awkward and d is tiny.
 */
export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  step: number[],
  maxIter = 400,
  tol = 1e-10,
): { x: number[]; fx: number } {
  const d = start.length;
  let simplex = [start.slice()];
  for (let i = 0; i < d; i++) {
    const p = start.slice();
    p[i] = p[i]! + (step[i] ?? 1);
    simplex.push(p);
  }
  let values = simplex.map((p) => safe(f(p)));
  for (let iter = 0; iter < maxIter; iter++) {
    const order = values.map((v, i) => i).sort((a, b) => values[a]! - values[b]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (Math.abs(values[d]! - values[0]!) <= tol * (Math.abs(values[0]!) + tol)) break;
    const centroid = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j]! += simplex[i]![j]! / d;
    const worst = simplex[d]!;
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (c - worst[j]!));
    const xr = along(1);
    const fr = safe(f(xr));
    if (fr < values[0]!) {
      const xe = along(2);
      const fe = safe(f(xe));
      if (fe < fr) {
        simplex[d] = xe;
        values[d] = fe;
      } else {
        simplex[d] = xr;
        values[d] = fr;
      }
    } else if (fr < values[d - 1]!) {
      simplex[d] = xr;
      values[d] = fr;
    } else {
      const xc = fr < values[d]! ? along(0.5) : along(-0.5);
      const fc = safe(f(xc));
      if (fc < Math.min(fr, values[d]!)) {
        simplex[d] = xc;
        values[d] = fc;
      } else {
        for (let i = 1; i <= d; i++) {
          simplex[i] = simplex[i]!.map((v, j) => simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!));
          values[i] = safe(f(simplex[i]!));
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= d; i++) if (values[i]! < values[best]!) best = i;
  return { x: simplex[best]!, fx: values[best]! };
}

function safe(v: number): number {
  return Number.isFinite(v) ? v : Number.MAX_VALUE;
}
