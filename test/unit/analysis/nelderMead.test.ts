import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nelderMead } from '../../../src/core/analysis/nelderMead';

/**
 * The simplex as it was written over plain arrays (before Float64Arrays kept V8 from recompiling
 * it). The typed-array version must take the very same steps: the Schaeffer refits in reports
 * depend on them, so its results are compared bit for bit, not within a tolerance.
 */
function reference(f: (x: number[]) => number, start: number[], step: number[], maxIter = 400, tol = 1e-10): { x: number[]; fx: number } {
  const safe = (v: number): number => (Number.isFinite(v) ? v : Number.MAX_VALUE);
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

describe('nelderMead', () => {
  it('finds the minimum of a quadratic bowl: (a - 3)^2 + 2 (b + 1)^2 from (0, 0)', () => {
    const { x, fx } = nelderMead((p) => (p[0]! - 3) ** 2 + 2 * (p[1]! + 1) ** 2, [0, 0], [0.5, 0.2]);
    assert.ok(Math.abs(x[0]! - 3) < 1e-4 && Math.abs(x[1]! + 1) < 1e-4, `x = ${x}`);
    assert.ok(fx < 1e-8);
    assert.ok(Array.isArray(x));
  });

  it('walks out of a region where the cost is not finite', () => {
    // NaN and Infinity count as the worst value, so the simplex moves away from them.
    const f = (p: Float64Array): number => (p[0]! < 0 ? NaN : (p[0]! - 1) ** 2 + (p[1]! - 2) ** 2);
    const { x, fx } = nelderMead(f, [0, 0], [-0.5, 0.5]);
    assert.ok(Number.isFinite(fx) && fx < 1e-6, `fx = ${fx}, x = ${x}`);
  });

  it('takes the same steps as the plain-array version, bit for bit (Rosenbrock, bowls, a plateau; integral and fractional starts)', () => {
    fc.assert(
      fc.property(
        // 'plateau' is flat where the start is, so equal values decide the order of the points.
        fc.constantFrom('rosenbrock', 'bowl', 'ridge', 'plateau'),
        fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 })),
        fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })),
        fc.boolean(),
        fc.tuple(fc.double({ min: 0.05, max: 2, noNaN: true }), fc.double({ min: 0.05, max: 2, noNaN: true })),
        (kind, intStart, fracStart, integral, step) => {
          const start = integral ? [...intStart] : [...fracStart];
          const cost = (a: number, b: number): number =>
            kind === 'rosenbrock'
              ? (1 - a) ** 2 + 100 * (b - a * a) ** 2
              : kind === 'bowl'
                ? (a - 0.3) ** 2 + 4 * (b + 1.7) ** 2
                : kind === 'ridge'
                  ? Math.abs(a - b) + 0.01 * (a + b) ** 2
                  : Math.max(0, a - 8) ** 2 + Math.max(0, b - 8) ** 2;
          const got = nelderMead((p) => cost(p[0]!, p[1]!), start, [...step]);
          const want = reference((p) => cost(p[0]!, p[1]!), start, [...step]);
          assert.ok(Object.is(got.fx, want.fx), `fx ${got.fx} vs ${want.fx}`);
          assert.ok(Object.is(got.x[0], want.x[0]) && Object.is(got.x[1], want.x[1]), `x ${got.x} vs ${want.x}`);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
