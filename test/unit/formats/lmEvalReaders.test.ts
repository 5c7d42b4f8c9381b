import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { lmEvalSamplesReader } from '../../../src/core/formats/lmEvalSamplesReader';
import { lmEvalResultsReader } from '../../../src/core/formats/lmEvalResultsReader';
import { CollectSink, SHARED_FORMATS, readWith, tempDir, writeJsonl, writeText } from './fixtures';

const V03 = join(SHARED_FORMATS, 'pythia-12b_zero-shot_step143000_lmeval_v0.3_results.json');

function mc(docId: number, gold: number, filter = 'none'): Record<string, unknown> {
  return {
    doc_id: docId,
    doc: { q: docId },
    target: gold,
    arguments: [['Q', ' a'], ['Q', ' b']],
    resps: [[['-1', 'False']], [['-2', 'False']]],
    filtered_resps: [['-1', 'True'], ['-2', 'False']],
    filter,
    metrics: ['acc'],
    doc_hash: 'h',
    prompt_hash: 'p',
    target_hash: 't',
    acc: gold === 0 ? 1 : 0,
  };
}

describe('lm-eval samples reader', () => {
  it('streams samples, locates a bad line and keeps the rest, model from the folder when no results file', async () => {
    const dir = join(tempDir(), 'EleutherAI__pythia-70m');
    const path = writeText(
      join(dir, 'samples_piqa_2024-01-02T03-04-05.678901.jsonl'),
      [JSON.stringify(mc(0, 0)), '{"doc_id": 1, "broken', JSON.stringify(mc(2, 1)), ''].join('\n'),
    );
    const { sink, outcome } = await readWith(lmEvalSamplesReader, path);
    assert.equal(outcome.format, 'lm-eval-samples');
    assert.equal(sink.items.length, 2);
    assert.deepEqual(sink.items.map((r) => [r.itemId, r.line, r.gold]), [['0', 1, 0], ['2', 3, 1]]);
    assert.equal(sink.problems.length, 1);
    assert.equal(sink.problems[0]!.line, 2);
    const r = sink.items[0]!;
    assert.equal(r.task, 'piqa');
    assert.equal(r.model, 'EleutherAI/pythia-70m');
    assert.equal(r.family, 'pythia');
    assert.equal(r.params, 70e6);
    assert.ok(outcome.notes?.some((n) => /folder name/.test(n)));
  });

  it('prefers the "none" filter even when it comes after another, and names it in a note', async () => {
    const dir = tempDir();
    const rows = [mc(0, 0, 'maj@5'), mc(1, 1, 'maj@5'), mc(0, 0, 'none'), mc(1, 1, 'none'), mc(0, 0, 'other')];
    const path = writeJsonl(join(dir, 'model-x', 'samples_t_2024-01-01T00-00-00.jsonl'), rows);
    const { sink, outcome } = await readWith(lmEvalSamplesReader, path);
    assert.deepEqual(sink.items.map((r) => r.line), [3, 4]);
    assert.ok(outcome.notes?.some((n) => /kept "none"/.test(n) && /"maj@5"/.test(n)));
  });

  it('keeps the first filter when there is no "none", and reports a doc repeated within it', async () => {
    const dir = tempDir();
    const rows = [mc(0, 0, 'strict-match'), mc(0, 0, 'strict-match'), mc(0, 0, 'flexible-extract')];
    const path = writeJsonl(join(dir, 'm', 'samples_gsm8k_2024-01-01T00-00-00.jsonl'), rows);
    const { sink, outcome } = await readWith(lmEvalSamplesReader, path);
    assert.equal(sink.items.length, 1);
    assert.equal(sink.problems.length, 1);
    assert.equal(sink.problems[0]!.line, 2);
    assert.ok(outcome.notes?.some((n) => /kept "strict-match"/.test(n)));
  });

  it('reads gzip and takes model and shots from the results file of the same run', async () => {
    const dir = join(tempDir(), 'org__whatever');
    writeText(
      join(dir, 'results_2024-01-01T00-00-00.json'),
      JSON.stringify({ results: { piqa: { 'acc,none': 0.5 } }, 'n-shot': { piqa: 3 }, config: { model_args: 'pretrained=acme/widget-7b' }, model_name: 'acme/widget-7b' }),
    );
    const path = writeText(join(dir, 'samples_piqa_2024-01-01T00-00-00.jsonl.gz'), gzipSync(JSON.stringify(mc(5, 0)) + '\n'));
    const { sink } = await readWith(lmEvalSamplesReader, path);
    assert.equal(sink.items.length, 1);
    assert.equal(sink.items[0]!.model, 'acme/widget-7b');
    assert.equal(sink.items[0]!.params, 7e9);
    assert.equal(sink.items[0]!.shots, 3);
  });

  it('claims a samples file whose first line is cut by the 64 KiB head only by its lm-eval name', () => {
    const longDoc = '{"doc_id": 0, "doc": {"text": "' + 'x'.repeat(70000);
    const head = Buffer.from(longDoc.slice(0, 65536));
    assert.equal(lmEvalSamplesReader.detect('/o/m/samples_t_2024-01-01T00-00-00.jsonl', head), true);
    assert.equal(lmEvalSamplesReader.detect('/o/m/data.jsonl', head), false);
    assert.equal(lmEvalSamplesReader.detect('/o/m/data.jsonl', Buffer.from('{"model": "a", "acc": 1}\n')), false);
  });
});

describe('lm-eval results reader', () => {
  it('reads the real v0.3 Pythia-12B results: model and revision from model_args, stderr, no n', async () => {
    const { sink, outcome } = await readWith(lmEvalResultsReader, V03);
    assert.equal(outcome.format, 'lm-eval-results');
    assert.ok(outcome.notes?.some((n) => /v0\.3/.test(n)));
    assert.ok(outcome.notes?.some((n) => /step143000/.test(n)));
    // 87 tasks: 62 with acc+acc_norm, 22 crows_pairs with 2 metrics, 2 with acc, 1 with acc+ppl.
    assert.equal(sink.aggregates.length, 62 * 2 + 22 * 2 + 2 + 2);
    assert.equal(sink.problems.length, 0);
    const sciq = sink.aggregates.find((a) => a.task === 'sciq' && a.metric === 'acc')!;
    assert.equal(sciq.value, 0.902);
    assert.equal(sciq.stderr, 0.009406619184621236);
    assert.equal(sciq.n, undefined);
    assert.equal(sciq.shots, 0);
    assert.equal(sciq.model, 'EleutherAI/pythia-v1.1-12b');
    assert.equal(sciq.family, 'pythia-v1.1');
    assert.equal(sciq.params, 12e9);
    const first = sink.aggregates[0]!;
    assert.equal(first.task, 'hendrycksTest-high_school_government_and_politics');
    assert.equal(first.line, 3);
    assert.ok(sink.aggregates.every((a) => !a.metric.endsWith('_stderr')));
  });

  it('reads v0.4: filter suffix kept unless "none", n from n-samples, N/A stderr left out', async () => {
    const dir = join(tempDir(), 'EleutherAI__pythia-410m');
    const path = writeText(
      join(dir, 'results_2024-05-01T12-00-00.json'),
      JSON.stringify(
        {
          results: {
            gsm8k: { alias: 'gsm8k', 'exact_match,strict-match': 0.02, 'exact_match_stderr,strict-match': 0.004 },
            arc_easy: { alias: 'arc_easy', 'acc,none': 0.5, 'acc_stderr,none': 'N/A' },
          },
          'n-shot': { gsm8k: 5, arc_easy: 0 },
          'n-samples': { gsm8k: { original: 1319, effective: 1319 }, arc_easy: { original: 2376, effective: 100 } },
          configs: {},
          config: { model: 'hf', model_args: { pretrained: 'EleutherAI/pythia-410m' } },
        },
        null,
        2,
      ),
    );
    const { sink, outcome } = await readWith(lmEvalResultsReader, path);
    assert.ok(outcome.notes?.some((n) => /v0\.4/.test(n)));
    assert.deepEqual(
      sink.aggregates.map((a) => [a.task, a.metric, a.value, a.n, a.stderr, a.shots, a.model]),
      [
        ['gsm8k', 'exact_match,strict-match', 0.02, 1319, 0.004, 5, 'EleutherAI/pythia-410m'],
        ['arc_easy', 'acc', 0.5, 100, undefined, 0, 'EleutherAI/pythia-410m'],
      ],
    );
    assert.equal(sink.aggregates[1]!.line, 8);
  });

  it('skips tasks that a newer results file in the same folder holds', async () => {
    const dir = join(tempDir(), 'm');
    const doc = (acc: number) => JSON.stringify({ results: { a: { 'acc,none': acc }, b: { 'acc,none': acc } }, 'n-shot': {}, config: {} });
    const old = writeText(join(dir, 'results_2024-01-01T00-00-00.json'), doc(0.1));
    writeText(join(dir, 'results_2024-02-01T00-00-00.json'), JSON.stringify({ results: { a: { 'acc,none': 0.9 } }, 'n-shot': {}, config: {} }));
    const { sink, outcome } = await readWith(lmEvalResultsReader, old);
    assert.deepEqual(sink.aggregates.map((a) => a.task), ['b']);
    assert.ok(outcome.notes?.some((n) => /newer results file/.test(n)));
  });

  it('reports a truncated file as a problem instead of throwing', async () => {
    const path = writeText(join(tempDir(), 'results_2024-01-01T00-00-00.json'), '{"results": {"a": {"acc": 0.5, "acc_stderr": 0.1}');
    const sink = new CollectSink();
    const outcome = await lmEvalResultsReader.read(path, sink, { map: {} });
    assert.equal(outcome.format, 'lm-eval-results');
    assert.equal(sink.problems.length, 1);
    assert.match(sink.problems[0]!.message, /not valid JSON/);
  });
});
