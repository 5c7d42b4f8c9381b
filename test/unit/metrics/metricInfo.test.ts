import assert from 'node:assert/strict';
import { classifyLoggedMetric, METRICS, metricInfo } from '../../../src/core/metrics/metricInfo';

describe('METRICS', () => {
  it('lists every re-scored metric once, with kind and direction', () => {
    const names = METRICS.map((m) => m.name);
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual(names, [
      'exact_match',
      'token_edit_distance',
      'token_edit_distance_norm',
      'char_edit_similarity',
      'partial_credit',
      'grade',
      'brier',
      'p_correct',
      'gold_loglik',
      'target_logprob',
      'per_token_ce',
    ]);
    assert.deepEqual(
      METRICS.filter((m) => m.kind === 'discrete').map((m) => m.name),
      ['exact_match', 'grade'],
    );
    assert.deepEqual(
      METRICS.filter((m) => !m.higherIsBetter).map((m) => m.name),
      ['token_edit_distance', 'token_edit_distance_norm', 'brier', 'per_token_ce'],
    );
    for (const m of METRICS) assert.ok(m.description.length > 10);
    assert.equal(metricInfo('brier')?.higherIsBetter, false);
    assert.equal(metricInfo('nope'), undefined);
  });
});

describe('classifyLoggedMetric', () => {
  const cases: [string, 'discrete' | 'continuous', boolean][] = [
    ['acc,none', 'discrete', true],
    ['acc_norm,none', 'discrete', true],
    ['accuracy', 'discrete', true],
    ['exact_match,strict-match', 'discrete', true],
    ['exact_match,flexible-extract', 'discrete', true],
    ['em', 'discrete', true],
    ['exact_str_match', 'discrete', true],
    ['multiple_choice_grade', 'discrete', true],
    ['correct', 'discrete', true],
    ['pass@1', 'discrete', true],
    ['pass_at_10', 'discrete', true],
    ['word_perplexity,none', 'continuous', false],
    ['byte_perplexity', 'continuous', false],
    ['bits_per_byte,none', 'continuous', false],
    ['perplexity', 'continuous', false],
    ['ppl', 'continuous', false],
    ['brier_score,none', 'continuous', false],
    ['calibration_multiple_choice_brier_score', 'continuous', false],
    ['expected_calibration_error', 'continuous', false],
    ['loss', 'continuous', false],
    ['per_token_ce', 'continuous', false],
    ['cross_entropy', 'continuous', false],
    ['nll', 'continuous', false],
    ['ter', 'continuous', false],
    ['wer', 'continuous', false],
    ['cer', 'continuous', false],
    ['token_edit_distance_norm', 'continuous', false],
    ['char_edit_similarity', 'continuous', true],
    ['f1,none', 'continuous', true],
    ['bleu', 'continuous', true],
    ['sequence_f1', 'continuous', true],
    ['letter_count', 'continuous', true],
    ['log_likelihood', 'continuous', true],
    ['p_correct', 'continuous', true],
  ];
  for (const [name, kind, higherIsBetter] of cases) {
    it(`${name}: ${kind}, ${higherIsBetter ? 'higher' : 'lower'} is better`, () => {
      const c = classifyLoggedMetric(name);
      assert.equal(c.kind, kind);
      assert.equal(c.higherIsBetter, higherIsBetter);
      assert.equal(c.stderr, false);
    });
  }

  it('strips filter suffixes and recognises stderr columns', () => {
    assert.deepEqual(classifyLoggedMetric('acc_stderr,none'), {
      kind: 'discrete',
      higherIsBetter: true,
      base: 'acc',
      stderr: true,
    });
    const ppl = classifyLoggedMetric(' Word_Perplexity_stderr , none');
    assert.equal(ppl.base, 'word_perplexity');
    assert.equal(ppl.stderr, true);
    assert.equal(ppl.higherIsBetter, false);
    assert.equal(classifyLoggedMetric('stderr').stderr, true);
  });

  it('calls any metric with 0/1 per-item values discrete (e.g. C/I grades)', () => {
    assert.equal(classifyLoggedMetric('score', [1, 0, 0, 1]).kind, 'discrete');
    const withNaN = new Float64Array([1, 1, NaN]);
    assert.equal(classifyLoggedMetric('match_score', withNaN).kind, 'discrete');
    assert.equal(classifyLoggedMetric('score', [1, 0.5]).kind, 'continuous');
    assert.equal(classifyLoggedMetric('score', []).kind, 'continuous');
    assert.equal(classifyLoggedMetric('score').kind, 'continuous');
  });
});
