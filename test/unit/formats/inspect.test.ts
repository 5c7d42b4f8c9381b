import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { inspectJsonReader } from '../../../src/core/formats/inspectJsonReader';
import { createInspectEvalReader, inspectEvalReader } from '../../../src/core/formats/inspectEvalReader';
import { CollectSink, SHARED_FORMATS, readWith, tempDir, writeText } from './fixtures';

const REAL_JSON = join(SHARED_FORMATS, 'inspect_ai_log_read_sample.json');
const REAL_EVAL = join(SHARED_FORMATS, 'inspect_ai_log_read_sample.eval');

const header = {
  version: 2,
  status: 'success',
  eval: { eval_id: 'e1', run_id: 'r1', created: '2025-01-01', task: 'arith', task_id: 't1', model: 'hf/EleutherAI/pythia-1b', task_args: { fewshot: 3 } },
  results: { total_samples: 2, completed_samples: 2, scores: [{ name: 'match', scorer: 'match', metrics: { accuracy: { name: 'accuracy', value: 0.5 }, stderr: { name: 'stderr', value: 0.5 } } }] },
};

function sample(id: number | string, epoch: number, extra: Record<string, unknown>): Record<string, unknown> {
  return { id, epoch, input: 'attachment://in', target: '4', messages: [], output: { model: 'm', choices: [] }, scores: {}, attachments: { in: '2+2?' }, ...extra };
}

function evalZip(members: Record<string, unknown>, raw: Record<string, string> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, v] of Object.entries(members)) files[name] = strToU8(JSON.stringify(v));
  for (const [name, v] of Object.entries(raw)) files[name] = strToU8(v);
  return zipSync(files);
}

describe('Inspect logs', () => {
  it('reads the real .json log: model, task, C grade, target, completion, epoch, located sample', async () => {
    const { sink, outcome } = await readWith(inspectJsonReader, REAL_JSON);
    assert.equal(outcome.format, 'inspect-json');
    assert.deepEqual(sink.problems, []);
    assert.equal(sink.items.length, 1);
    const r = sink.items[0]!;
    assert.equal(r.model, 'ollama/gemma3');
    assert.equal(r.family, undefined);
    assert.equal(r.task, 'popularity');
    assert.equal(r.itemId, '1');
    assert.equal(r.epoch, 1);
    assert.equal(r.target, ' Yes');
    assert.equal(r.prediction, 'Yes\n');
    assert.deepEqual(r.scores, { match: 1 });
    const lines = readFileSync(REAL_JSON, 'utf8').split('\n');
    assert.match(lines[r.line - 1]!, /^\s*"id": 1,$/);
    assert.ok(r.line > 100, 'the sample entry, not the header');
  });

  it('reads the real .eval archive the same way', async () => {
    const { sink, outcome } = await readWith(inspectEvalReader, REAL_EVAL);
    assert.equal(outcome.format, 'inspect-eval');
    assert.deepEqual(sink.problems, []);
    assert.equal(sink.items.length, 1);
    const r = sink.items[0]!;
    assert.deepEqual(
      [r.model, r.task, r.itemId, r.epoch, r.target, r.prediction, r.scores?.match, r.line],
      ['ollama/gemma3', 'popularity', '1', 1, ' Yes', 'Yes\n', 1, 1],
    );
  });

  it('keeps epochs as repeats of one item, maps grades and dict scores, content parts and attachments, and names a bad member', async () => {
    const zip = evalZip(
      {
        'header.json': header,
        'samples/1_epoch_1.json': sample(1, 1, { scores: { match: { value: 'C' } }, output: { completion: '4' } }),
        'samples/1_epoch_2.json': sample(1, 2, { scores: { match: { value: 'P' } }, output: { completion: '' , choices: [{ message: { role: 'assistant', content: [{ type: 'reasoning', reasoning: 'hmm' }, { type: 'text', text: 'attachment://ans' }] } }] }, attachments: { ans: 'four' } }),
        'samples/q2_epoch_1.json': sample('q2', 1, { target: ['5', 'five'], scores: { grader: { value: { accuracy: 'I', f1: 0.25, note: 'x' } } }, output: { completion: '6' } }),
        'samples/3_epoch_1.json': sample(3, 1, { scores: {}, output: { completion: '' }, error: { message: 'timeout\ntrace' } }),
        'summaries.json': [],
      },
      { 'samples/4_epoch_1.json': '{"id": 4,' },
    );
    const path = writeText(join(tempDir(), 'run.eval'), Buffer.from(zip));
    const { sink } = await readWith(inspectEvalReader, path);
    assert.deepEqual(
      sink.items.map((r) => [r.itemId, r.epoch, r.prediction, r.target, r.scores, r.model, r.params, r.shots]),
      [
        ['1', 1, '4', '4', { match: 1 }, 'hf/EleutherAI/pythia-1b', 1e9, 3],
        ['1', 2, 'four', '4', { match: 0.5 }, 'hf/EleutherAI/pythia-1b', 1e9, 3],
        ['q2', 1, '6', '5, five', { 'grader.accuracy': 0, 'grader.f1': 0.25 }, 'hf/EleutherAI/pythia-1b', 1e9, 3],
      ],
    );
    assert.equal(sink.problems.length, 2);
    assert.match(sink.problems[0]!.message, /^samples\/3_epoch_1\.json: .*errored \(timeout\)/);
    assert.match(sink.problems[1]!.message, /^samples\/4_epoch_1\.json: not valid JSON/);
    assert.deepEqual(sink.problems.map((p) => p.line), [4, 5]);
  });

  it('bounds the uncompressed size it accepts and reports what it refused', async () => {
    const big = sample(1, 1, { scores: { match: { value: 1 } }, output: { completion: 'x'.repeat(5000) } });
    const zip = evalZip({ 'header.json': header, 'samples/1_epoch_1.json': big, 'samples/2_epoch_1.json': sample(2, 1, { scores: { match: { value: 0 } } }) });
    const path = writeText(join(tempDir(), 'big.eval'), Buffer.from(zip));
    const reader = createInspectEvalReader({ maxFileBytes: 1e6, maxTotalBytes: 4000, maxMemberBytes: 3000 });
    const sink = new CollectSink();
    await reader.read(path, sink, { map: {} });
    assert.deepEqual(sink.items.map((r) => r.itemId), ['2']);
    assert.equal(sink.problems.length, 1);
    assert.match(sink.problems[0]!.message, /^samples\/1_epoch_1\.json: .*limit/);
  });

  it('falls back to the eval-level results when no samples were logged', async () => {
    const path = writeText(join(tempDir(), 'nosamples.json'), JSON.stringify({ ...header, samples: [] }, null, 2));
    const { sink, outcome } = await readWith(inspectJsonReader, path);
    assert.deepEqual(sink.aggregates.map((a) => [a.task, a.metric, a.value, a.stderr, a.n]), [['arith', 'accuracy', 0.5, 0.5, 2]]);
    assert.ok(outcome.notes?.some((n) => /eval-level results/.test(n)));
  });

  it('reports a corrupt archive as a problem', async () => {
    const path = writeText(join(tempDir(), 'bad.eval'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('header.json garbage')]));
    const sink = new CollectSink();
    const outcome = await inspectEvalReader.read(path, sink, { map: {} });
    assert.equal(outcome.format, 'inspect-eval');
    assert.equal(sink.problems.length, 1);
    assert.equal(sink.problems[0]!.line, 0);
  });
});
