import assert from 'node:assert/strict';
import { lmEvalSampleToRecord, type SampleBase } from '../../../src/core/formats/lmEvalSample';

const base: SampleBase = { task: 'arc_easy', model: 'EleutherAI/pythia-1b', family: 'pythia', params: 1e9, shots: 0 };

describe('lmEvalSampleToRecord', () => {
  it('reads stringified [loglik, is_greedy] pairs and a numeric gold index', () => {
    const res = lmEvalSampleToRecord(
      {
        doc_id: 7,
        target: 2,
        arguments: { gen_args_0: { arg_0: 'Q', arg_1: ' a' }, gen_args_1: { arg_0: 'Q', arg_1: ' b' }, gen_args_2: { arg_0: 'Q', arg_1: ' c' } },
        filtered_resps: [['-3.5', 'False'], ['-1.25', 'True'], ['-2', 'False']],
        filter: 'none',
        metrics: ['acc', 'acc_norm'],
        acc: 0.0,
        acc_norm: 1.0,
      },
      12,
      base,
    );
    assert.equal(res.kind, 'item');
    if (res.kind !== 'item') return;
    assert.deepEqual(res.record.choiceLogLiks, [-3.5, -1.25, -2]);
    assert.equal(res.record.gold, 2);
    assert.equal(res.record.target, 'c');
    assert.equal(res.record.itemId, '7');
    assert.equal(res.record.line, 12);
    assert.equal(res.record.shots, 0);
    assert.deepEqual(res.record.scores, { acc: 0, acc_norm: 1 });
  });

  it('finds a text target among the choices, with v0.4.0 list arguments and only resps logged', () => {
    const res = lmEvalSampleToRecord(
      {
        doc_id: '3',
        target: 'blue',
        arguments: [['Q', ' red'], ['Q', ' blue']],
        resps: [[['-4', 'False']], [['-1', 'True']]],
        acc: true,
      },
      1,
      base,
    );
    assert.equal(res.kind, 'item');
    if (res.kind !== 'item') return;
    assert.equal(res.record.gold, 1);
    assert.deepEqual(res.record.choiceLogLiks, [-4, -1]);
    assert.deepEqual(res.record.scores, { acc: 1 });
  });

  it('keeps -inf log-likelihoods and numeric-string targets', () => {
    const res = lmEvalSampleToRecord(
      { doc_id: 0, target: '0', filtered_resps: [['-inf', 'False'], [-0.5, true]], metrics: ['acc'], acc: 0 },
      1,
      base,
    );
    assert.equal(res.kind, 'item');
    if (res.kind !== 'item') return;
    assert.deepEqual(res.record.choiceLogLiks, [-Infinity, -0.5]);
    assert.equal(res.record.gold, 0);
  });

  it('drops the log-likelihoods with a warning when the gold choice cannot be found', () => {
    const res = lmEvalSampleToRecord(
      { doc_id: 1, target: 'purple', filtered_resps: [['-1', 'True'], ['-2', 'False']], metrics: ['acc'], acc: 1 },
      4,
      base,
    );
    assert.equal(res.kind, 'item');
    if (res.kind !== 'item') return;
    assert.equal(res.record.choiceLogLiks, undefined);
    assert.match(res.warning ?? '', /gold choice not found/);
    assert.deepEqual(res.record.scores, { acc: 1 });
  });

  it('maps generation samples to target and prediction text, skipping [gold, pred] metric values', () => {
    const res = lmEvalSampleToRecord(
      {
        doc_id: 4,
        target: '42',
        resps: [['The answer is 42.']],
        filtered_resps: ['42'],
        filter: 'strict-match',
        metrics: ['exact_match', 'bleu'],
        exact_match: 1.0,
        bleu: [['42'], ['42']],
      },
      9,
      base,
    );
    assert.equal(res.kind, 'item');
    if (res.kind !== 'item') return;
    assert.equal(res.filter, 'strict-match');
    assert.equal(res.record.target, '42');
    assert.equal(res.record.prediction, '42');
    assert.deepEqual(res.record.scores, { exact_match: 1 });
    assert.equal(res.record.choiceLogLiks, undefined);
  });

  it('reads the nested [[text]] and flattened v0.7 shapes, and lists of targets', () => {
    const nested = lmEvalSampleToRecord({ doc_id: 0, target: ['Paris', 'paris'], filtered_resps: [['Paris']], exact_match: 1 }, 1, base);
    assert.equal(nested.kind === 'item' && nested.record.prediction, 'Paris');
    assert.equal(nested.kind === 'item' && nested.record.target, 'Paris');
    const flat = lmEvalSampleToRecord({ doc_id: 0, target: 'x', filtered_resps: ['y'], exact_match: 0 }, 1, base);
    assert.equal(flat.kind === 'item' && flat.record.prediction, 'y');
  });

  it('keeps a single loglikelihood request (LAMBADA) as the target log-probability, also when v0.7 flattens it', () => {
    for (const fr of [[['-2.5', 'True']], ['-2.5', 'True']]) {
      const res = lmEvalSampleToRecord({ doc_id: 0, target: ' dog', filtered_resps: fr, metrics: ['perplexity', 'acc'], perplexity: -2.5, acc: 1 }, 1, base);
      assert.equal(res.kind, 'item');
      if (res.kind !== 'item') return;
      assert.equal(res.record.choiceLogLiks, undefined);
      assert.deepEqual(res.record.scores, { acc: 1, target_loglik: -2.5 });
      assert.equal(res.record.target, ' dog');
    }
  });

  it('skips a sample with nothing to score, and one without doc_id', () => {
    const empty = lmEvalSampleToRecord({ doc_id: 0, filtered_resps: [] }, 1, base);
    assert.equal(empty.kind, 'skip');
    const noId = lmEvalSampleToRecord({ filtered_resps: ['a'], target: 'a' }, 1, base);
    assert.equal(noId.kind, 'skip');
  });
});
