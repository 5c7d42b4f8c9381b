import assert from 'node:assert/strict';
import { targetLogProbScores } from '../../../src/core/metrics/tokenLogProbs';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-12, `${a} != ${b}`);

describe('targetLogProbScores', () => {
  it('sums, averages and exponentiates by hand', () => {
    const s = targetLogProbScores([Math.log(0.5), Math.log(0.5), Math.log(0.125)]);
    close(s.targetLogProb, Math.log(1 / 32));
    close(s.perTokenCe, Math.log(32) / 3);
    // Geometric mean of 0.5, 0.5, 0.125 is (1/32)^(1/3).
    close(s.pTok, Math.cbrt(1 / 32));
  });

  it('gives certainty for all-zero log-probs and tolerates rounding above 0', () => {
    const s = targetLogProbScores(new Float32Array([0, 0]));
    assert.equal(s.targetLogProb, 0);
    assert.ok(Object.is(s.perTokenCe, 0));
    assert.equal(s.pTok, 1);
    assert.equal(targetLogProbScores([1e-9, -1]).targetLogProb, -1);
  });

  it('maps a zero-probability token to infinite cross-entropy', () => {
    const s = targetLogProbScores([-1, -Infinity]);
    assert.equal(s.perTokenCe, Infinity);
    assert.equal(s.pTok, 0);
  });

  it('writes into a given object', () => {
    const out = { targetLogProb: 0, perTokenCe: 0, pTok: 0 };
    assert.equal(targetLogProbScores([-2], out), out);
    assert.equal(out.perTokenCe, 2);
  });

  it('gives NaN, not an exception, for what is not a log-probability', () => {
    for (const bad of [[], [-1, NaN], [0.5], [-1, Infinity]]) {
      const s = targetLogProbScores(bad);
      assert.ok(Number.isNaN(s.targetLogProb), String(bad));
      assert.ok(Number.isNaN(s.perTokenCe));
      assert.ok(Number.isNaN(s.pTok));
    }
  });
});
