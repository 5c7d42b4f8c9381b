import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bigbenchScoresReader } from '../../../src/core/formats/bigbenchScoresReader';
import { helmReader, taskFromRunName } from '../../../src/core/formats/helmReader';
import { openaiEvalsReader, taskOf } from '../../../src/core/formats/openaiEvalsReader';
import { CollectSink, bigbenchScores, openaiEvalsLines, readWith, tempDir, writeHelmRun, writeJsonl, writeText } from './fixtures';

describe('BIG-bench score files (documented layout, unverified)', () => {
  it('emits one aggregate per subtask, shots and metric with family and total_params', async () => {
    const path = writeText(
      join(tempDir(), 'arithmetic', 'results', 'scores_BIG-G_T=0_2m.json'),
      JSON.stringify(bigbenchScores('BIG-G T=0', '2m', 2_000_000, 1_600_000), null, 2),
    );
    const { sink, outcome } = await readWith(bigbenchScoresReader, path);
    assert.equal(outcome.format, 'bigbench-scores');
    assert.deepEqual(
      sink.aggregates.map((a) => [a.task, a.shots, a.metric, a.value]),
      [
        ['arithmetic:3_digit_addition', 0, 'exact_str_match', 0.01],
        ['arithmetic:3_digit_addition', 0, 'case_insensitive_str_match', 0.01],
        ['arithmetic:3_digit_addition', 0, 'log_likelihood', -12.5],
        ['arithmetic:3_digit_addition', 1, 'exact_str_match', 0.2],
        ['arithmetic', 0, 'multiple_choice_grade', 0.25],
        ['arithmetic', 0, 'calibration_multiple_choice_brier_score', 0.74],
      ],
    );
    assert.ok(sink.aggregates.every((a) => a.model === '2m' && a.family === 'BIG-G T=0' && a.params === 2e6 && a.n === undefined));
    assert.equal(sink.problems.length, 1);
    assert.match(sink.problems[0]!.message, /log_likelihood: not a number/);
    const lines = readFileSync(path, 'utf8').split('\n');
    assert.match(lines[sink.problems[0]!.line - 1]!, /"score_dict"/);
  });

  it('falls back to non_embedding_params when total_params is missing', async () => {
    const path = writeText(join(tempDir(), 'scores_x.json'), JSON.stringify(bigbenchScores('GPT', 'GPT-3 Small', undefined, 125e6)));
    const { sink } = await readWith(bigbenchScoresReader, path);
    assert.ok(sink.aggregates.every((a) => a.params === 125e6));
  });
});

describe('HELM run folders (documented layout, unverified)', () => {
  it('reads per_instance_stats with scenario_state: unperturbed scores, mapped prediction, correct reference, model, task', async () => {
    const dir = writeHelmRun(tempDir());
    const { sink, outcome } = await readWith(helmReader, join(dir, 'per_instance_stats.json'));
    assert.equal(outcome.format, 'helm');
    assert.deepEqual(
      sink.items.map((r) => [r.itemId, r.epoch, r.scores, r.target, r.prediction]),
      [
        ['id1', 0, { exact_match: 1, quasi_exact_match: 1 }, 'skull', 'skull'],
        ['id2', 0, { exact_match: 0, quasi_exact_match: 0 }, 'heart', 'lung'],
      ],
    );
    const r = sink.items[0]!;
    assert.equal(r.model, 'openai/gpt2');
    assert.equal(r.task, 'mmlu:subject=anatomy,method=multiple_choice_joint');
    assert.equal(r.shots, 5);
    assert.equal(sink.problems.length, 1);
    assert.match(sink.problems[0]!.message, /id3/);
    const lines = readFileSync(join(dir, 'per_instance_stats.json'), 'utf8').split('\n');
    assert.match(lines[sink.items[1]!.line - 1]!, /"instance_id": "id2"/);
  });

  it('yields nothing from scenario_state.json when per_instance_stats.json is beside it', async () => {
    const dir = writeHelmRun(tempDir());
    const { sink, outcome } = await readWith(helmReader, join(dir, 'scenario_state.json'));
    assert.equal(sink.items.length + sink.aggregates.length + sink.problems.length, 0);
    assert.ok(outcome.notes?.some((n) => /per_instance_stats/.test(n)));
  });

  it('reads scenario_state.json alone as texts', async () => {
    const dir = writeHelmRun(tempDir());
    const state = readFileSync(join(dir, 'scenario_state.json'));
    const alone = writeText(join(tempDir(), 'mmlu:subject=anatomy,model=openai_gpt2', 'scenario_state.json'), state);
    const { sink } = await readWith(helmReader, alone);
    assert.deepEqual(sink.items.map((r) => [r.itemId, r.target, r.prediction, r.task]), [
      ['id1', 'skull', 'skull', 'mmlu:subject=anatomy'],
      ['id2', 'heart', 'lung', 'mmlu:subject=anatomy'],
    ]);
  });

  it('derives the task from a run name', () => {
    assert.equal(taskFromRunName('mmlu:subject=anatomy,model=openai_gpt2'), 'mmlu:subject=anatomy');
    assert.equal(taskFromRunName('boolq:model=openai_gpt2,data_augmentation=canonical'), 'boolq:data_augmentation=canonical');
    assert.equal(taskFromRunName('boolq:model=openai_gpt2'), 'boolq');
    assert.equal(taskFromRunName('some-folder'), 'some-folder');
  });
});

describe('OpenAI evals logs (documented layout, unverified)', () => {
  it('makes one record per sample from match, sampling and metrics events', async () => {
    const path = writeJsonl(join(tempDir(), 'run1.jsonl'), openaiEvalsLines());
    const { sink, outcome } = await readWith(openaiEvalsReader, path);
    assert.equal(outcome.format, 'openai-evals');
    assert.deepEqual(
      sink.items.map((r) => [r.itemId, r.line, r.target, r.prediction, r.scores]),
      [
        ['test-match.s1.0', 2, 'Paris', 'Paris', { correct: 1 }],
        ['test-match.s1.1', 4, 'Rome, Roma', 'Lyon', { correct: 0 }],
        ['test-match.s1.2', 7, undefined, undefined, { score: 0.75 }],
      ],
    );
    assert.ok(sink.items.every((r) => r.model === 'gpt-3.5-turbo' && r.task === 'test-match'));
    assert.ok(outcome.notes?.some((n) => /split "s1"/.test(n)));
  });

  it('names the task from eval_name only when the suffix is clearly a split and version', () => {
    assert.equal(taskOf({ eval_name: 'arithmetic.dev.v0' }, 'x').task, 'arithmetic');
    assert.equal(taskOf({ eval_name: 'foo.s1.simple-v0', base_eval: 'foo', split: 's1' }, 'x').task, 'foo');
    assert.equal(taskOf({ eval_name: 'my.eval.name' }, 'x').task, 'my.eval.name');
    assert.equal(taskOf(undefined, '/a/run.jsonl').task, 'run');
  });

  it('locates bad lines and keeps the rest', async () => {
    const lines = openaiEvalsLines().map((l) => JSON.stringify(l));
    lines.splice(2, 0, '{"run_id": "run1", oops');
    const path = writeText(join(tempDir(), 'run.jsonl'), lines.join('\n'));
    const sink = new CollectSink();
    await openaiEvalsReader.read(path, sink, { map: {} });
    assert.equal(sink.items.length, 3);
    assert.deepEqual(sink.problems.map((p) => p.line), [3]);
  });
});

describe('whole-document JSON errors', () => {
  it('are reported at their line and column, not as a character offset', async () => {
    const dir = tempDir();
    // A BIG-bench score file broken on line 4 (a missing comma before "score_dict").
    const text = ['{', '  "model": {"model_name": "x", "total_params": 1000000},', '  "scores": [', '    {"subtask_description": "t" "score_dict": {}}', '  ]', '}'].join('\n');
    const path = writeText(join(dir, 'scores_x.json'), text);
    const sink = new CollectSink();
    await bigbenchScoresReader.read(path, sink, { map: {} });
    assert.equal(sink.problems.length, 1);
    const p = sink.problems[0]!;
    assert.equal(p.line, 4);
    // Column 33 of line 4 is the '"' that should have followed a comma.
    assert.match(p.message, /^not valid JSON: .* at line 4, column 33$/);
    assert.equal(text.split('\n')[3]![32], '"');
  });
});
