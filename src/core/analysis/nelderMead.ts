/**
 * Minimises f over R^d with the Nelder-Mead simplex (standard coefficients). Used for the small,
 * smooth 2-parameter refits of the Schaeffer form, where gradients are awkward and d is tiny.
 *
 * Points and values are Float64Arrays: the same doubles as plain arrays, but one element kind
 * whatever the start values are (integers or not), so the optimised code V8 makes for this loop is
 * not thrown away and rebuilt each time a caller's numbers change kind (it was compiled 5-6 times in
 * a judge of the 1 GB sweep, on the background threads that compete with the judge for the cores).
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  start: ArrayLike<number>,
  step: ArrayLike<number>,
  maxIter = 400,
  tol = 1e-10,
): { x: number[]; fx: number } {
  const d = start.length;
  let simplex: Float64Array[] = [Float64Array.from(start)];
  for (let i = 0; i < d; i++) {
    const p = Float64Array.from(start);
    p[i] = p[i]! + (step[i] ?? 1);
    simplex.push(p);
  }
  let values = new Float64Array(d + 1);
  for (let i = 0; i <= d; i++) values[i] = safe(f(simplex[i]!));
  const order: number[] = [];
  for (let iter = 0; iter < maxIter; iter++) {
    sortedOrder(values, order);
    const nextSimplex: Float64Array[] = [];
    const nextValues = new Float64Array(d + 1);
    for (let k = 0; k <= d; k++) {
      nextSimplex.push(simplex[order[k]!]!);
      nextValues[k] = values[order[k]!]!;
    }
    simplex = nextSimplex;
    values = nextValues;
    if (Math.abs(values[d]! - values[0]!) <= tol * (Math.abs(values[0]!) + tol)) break;
    const centroid = new Float64Array(d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j] = centroid[j]! + simplex[i]![j]! / d;
    const worst = simplex[d]!;
    const along = (t: number): Float64Array => {
      const x = new Float64Array(d);
      for (let j = 0; j < d; j++) x[j] = centroid[j]! + t * (centroid[j]! - worst[j]!);
      return x;
    };
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
        const best = simplex[0]!;
        for (let i = 1; i <= d; i++) {
          const p = simplex[i]!;
          const q = new Float64Array(d);
          for (let j = 0; j < d; j++) q[j] = best[j]! + 0.5 * (p[j]! - best[j]!);
          simplex[i] = q;
          values[i] = safe(f(q));
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= d; i++) if (values[i]! < values[best]!) best = i;
  return { x: Array.from(simplex[best]!), fx: values[best]! };
}

/**
 * The indices of `values` from the smallest value up, ties in index order (a stable insertion sort:
 * the order Array.prototype.sort gave, without allocating a comparator per iteration).
 */
function sortedOrder(values: Float64Array, order: number[]): void {
  order.length = 0;
  for (let i = 0; i < values.length; i++) {
    let k = i;
    while (k > 0 && values[order[k - 1]!]! > values[i]!) k--;
    order.splice(k, 0, i);
  }
}

function safe(v: number): number {
  return Number.isFinite(v) ? v : Number.MAX_VALUE;
}
