import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FRAMEWORK_READERS } from '../../../src/core/formats/frameworkReaders';
import { selectLmEvalRuns } from '../../../src/core/formats/lmEvalRuns';
import { parseLmEvalFileName, timestampKey, unsanitizeModelDir } from '../../../src/core/formats/lmEvalNames';
import { CollectSink, DOCS, PYTHIA, TS_NEW, TS_OLD, arcGold, arcLogLik, pick, writeLmEvalFamily } from './fixtures';

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

describe('lm-eval names and run selection', () => {
  it('parses samples and results names, timestamps and sanitised folders', () => {
    assert.deepEqual(parseLmEvalFileName('/x/samples_mmlu_high_school_physics_2024-05-01T12-00-00.123456.jsonl'), {
      kind: 'samples',
      task: 'mmlu_high_school_physics',
      timestamp: '2024-05-01T12-00-00.123456',
    });
    assert.deepEqual(parseLmEvalFileName('results_2024-05-01T12-00-00.json.gz'), { kind: 'results', timestamp: '2024-05-01T12-00-00' });
    assert.equal(parseLmEvalFileName('samples.jsonl'), undefined);
    assert.ok(timestampKey('2024-05-01T12-00-00.5') > timestampKey('2024-05-01T12-00-00.123456'));
    assert.ok(timestampKey('2024-05-01T12-00-00.000001') > timestampKey('2024-05-01T12-00-00'));
    assert.equal(unsanitizeModelDir('EleutherAI__pythia-1.4b'), 'EleutherAI/pythia-1.4b');
    assert.equal(unsanitizeModelDir('pythia-1.4b'), 'pythia-1.4b');
  });

  it('keeps the newest samples run per model folder and task, and passes everything else through in order', () => {
    const paths = [
      '/o/EleutherAI__pythia-1b/samples_lambada_openai_2024-05-01T12-00-00.jsonl',
      '/o/EleutherAI__pythia-1b/samples_lambada_openai_2024-05-02T08-30-00.5.jsonl',
      '/o/EleutherAI__pythia-1b/samples_piqa_2024-05-01T12-00-00.jsonl',
      '/o/EleutherAI__pythia-410m/samples_lambada_openai_2024-04-01T12-00-00.jsonl',
      '/o/notes.csv',
      '/o/other/data.jsonl',
    ];
    const sel = selectLmEvalRuns(paths, () => []);
    assert.deepEqual(sel.keep, [paths[1], paths[2], paths[3], paths[4], paths[5]]);
    assert.equal(sel.dropped.length, 1);
    assert.equal(sel.dropped[0]!.path, paths[0]);
    assert.equal(
      sel.dropped[0]!.reason,
      'older run of lambada_openai for EleutherAI/pythia-1b; kept samples_lambada_openai_2024-05-02T08-30-00.5.jsonl',
    );
  });

  it('drops an older results file only when newer ones hold all its tasks', () => {
    const dir = '/o/EleutherAI__pythia-1b';
    const a = `${dir}/results_2024-01-01T00-00-00.json`;
    const b = `${dir}/results_2024-02-01T00-00-00.json`;
    const c = `${dir}/results_2024-03-01T00-00-00.json`;
    const tasks: Record<string, string[]> = { [a]: ['piqa'], [b]: ['arc_easy'], [c]: ['arc_easy', 'sciq'] };
    const sel = selectLmEvalRuns([a, b, c], (p) => tasks[p]);
    assert.deepEqual(sel.keep, [a, c]);
    assert.deepEqual(sel.dropped, [{ path: b, reason: 'older results run for EleutherAI/pythia-1b; kept results_2024-03-01T00-00-00.json' }]);
  });
});

describe('lm-eval v0.4 outputs of one family at four sizes', () => {
  it('reads through the framework readers into one family across sizes, without double counting a re-run', async () => {
    const { root, older } = writeLmEvalFamily();
    const all = walk(root);
    const sel = selectLmEvalRuns(all);
    assert.deepEqual(sel.dropped.map((d) => d.path).sort(), [...older].sort());
    assert.ok(sel.dropped.every((d) => d.reason.includes(`_${TS_NEW}.json`)));

    const sink = new CollectSink();
    const formats = new Map<string, string>();
    for (const path of sel.keep) {
      const reader = await pick(FRAMEWORK_READERS, path);
      assert.ok(reader, `no framework reader claims ${path}`);
      const outcome = await reader.read(path, sink, { map: {} });
      formats.set(basename(path).replace(/_\d{4}.*$/, ''), outcome.format);
    }
    assert.equal(formats.get('results'), 'lm-eval-results');
    assert.equal(formats.get('samples_arc_easy'), 'lm-eval-samples');
    assert.equal(formats.get('samples_gsm8k'), 'lm-eval-samples');
    assert.deepEqual(sink.problems, []);

    // Models: one family, four sizes, named as the runs named them.
    const models = [...new Set(sink.items.map((r) => `${r.model}|${r.family}|${r.params}`))].sort();
    assert.deepEqual(models, PYTHIA.map((p) => `EleutherAI/pythia-${p.size}|pythia|${p.params}`).sort());

    // Multiple choice: one record per doc and model, with the choice log-likelihoods and gold.
    const arc = sink.items.filter((r) => r.task === 'arc_easy');
    assert.equal(arc.length, PYTHIA.length * DOCS);
    for (const [m, p] of PYTHIA.entries()) {
      const mine = arc.filter((r) => r.model === `EleutherAI/pythia-${p.size}`);
      assert.deepEqual(mine.map((r) => r.itemId), ['0', '1', '2', '3', '4']);
      for (const r of mine) {
        const d = Number(r.itemId);
        assert.deepEqual(r.choiceLogLiks, [0, 1, 2, 3].map((c) => arcLogLik(m, d, c)));
        assert.equal(r.gold, arcGold(d));
        assert.equal(r.shots, 0);
      }
    }
    // (The older pythia-1b run logged shifted log-likelihoods: the exact match above shows none got in.)

    // Generation: one filter kept, target and prediction texts, 5 shots from the results file.
    const gsm = sink.items.filter((r) => r.task === 'gsm8k');
    assert.equal(gsm.length, PYTHIA.length * DOCS);
    const big = gsm.filter((r) => r.model === 'EleutherAI/pythia-1.4b');
    assert.deepEqual(big.map((r) => [r.target, r.prediction, r.scores?.exact_match, r.shots]), [
      ['10', '10', 1, 5],
      ['11', '11', 1, 5],
      ['12', '12', 1, 5],
      ['13', '[invalid]', 0, 5],
      ['14', '[invalid]', 0, 5],
    ]);

    // Aggregates: 2 tasks x 2 metrics per model, from the newest results only, with n.
    assert.equal(sink.aggregates.length, PYTHIA.length * 4);
    const acc1b = sink.aggregates.find((a) => a.model === 'EleutherAI/pythia-1b' && a.task === 'arc_easy' && a.metric === 'acc')!;
    assert.notEqual(acc1b.value, 0.2);
    assert.equal(acc1b.n, DOCS);
    assert.ok(sink.aggregates.some((a) => a.metric === 'exact_match,flexible-extract'));
    assert.ok(!sel.keep.some((p) => p.includes(TS_OLD)));
  });
});
