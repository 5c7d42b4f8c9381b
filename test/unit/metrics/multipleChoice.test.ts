import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mcScores, type McScores } from '../../../src/core/metrics/multipleChoice';

const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

describe('mcScores', () => {
  it('scores two choices by hand, normalised or not', () => {
    for (const ll of [[Math.log(0.2), Math.log(0.8)], [-1, -1 + Math.log(4)]]) {
      const right = mcScores(ll, 1);
      close(right.pCorrect, 0.8);
      close(right.brier, 0.08);
      assert.equal(right.grade, 1);
      assert.equal(right.goldLogLik, ll[1]);
      assert.equal(right.choices, 2);
      const wrong = mcScores(ll, 0);
      close(wrong.pCorrect, 0.2);
      close(wrong.brier, 1.28);
      assert.equal(wrong.grade, 0);
    }
  });

  it('stays finite for huge log-likelihoods', () => {
    const s = mcScores([-1e4, -1e4 - Math.log(3), -20000], 0);
    close(s.pCorrect, 0.75);
    close(s.brier, 0.0625 + 0.0625);
    assert.equal(s.grade, 1);
    const far = mcScores([-1e4, -1e4 + 800], 0);
    assert.equal(far.pCorrect, 0);
    assert.equal(far.brier, 2);
  });

  it('breaks ties to the first index, like np.argmax', () => {
    assert.equal(mcScores([-2, -1, -1], 1).grade, 1);
    assert.equal(mcScores([-2, -1, -1], 2).grade, 0);
    const even = mcScores([-3, -3, -3, -3], 3);
    close(even.pCorrect, 0.25);
    close(even.brier, 3 * 0.0625 + 0.5625);
  });

  it('writes into a given object', () => {
    const out: McScores = { grade: 0, brier: 0, pCorrect: 0, goldLogLik: 0, choices: 0 };
    assert.equal(mcScores(new Float64Array([0, 0]), 0, out), out);
    close(out.brier, 0.5);
  });

  it('rejects invalid input with a RangeError', () => {
    assert.throws(() => mcScores([-1], 0), RangeError);
    assert.throws(() => mcScores([], 0), RangeError);
    assert.throws(() => mcScores([-1, -2], 2), /not an index/);
    assert.throws(() => mcScores([-1, -2], -1), RangeError);
    assert.throws(() => mcScores([-1, -2], 0.5), RangeError);
    assert.throws(() => mcScores([-1, NaN], 0), /choice 1/);
    assert.throws(() => mcScores([-1, -Infinity], 0), RangeError);
  });

  it('agrees with the direct formula and stays in range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 0, noNaN: true }), { minLength: 2, maxLength: 10 }),
        fc.nat(),
        (ll, g) => {
          const gold = g % ll.length;
          const s = mcScores(ll, gold);
          const z = ll.reduce((acc, l) => acc + Math.exp(l), 0);
          const p = ll.map((l) => Math.exp(l) / z);
          const brier = p.reduce((acc, pc, c) => acc + (pc - (c === gold ? 1 : 0)) ** 2, 0);
          close(s.brier, brier, 1e-9);
          close(s.pCorrect, p[gold]!, 1e-9);
          assert.ok(s.brier >= 0 && s.brier <= 2);
          assert.equal(s.grade, ll.indexOf(Math.max(...ll)) === gold ? 1 : 0);
        },
      ),
    );
  });
});
