import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FRAMEWORK_READERS } from '../../../src/core/formats/frameworkReaders';
import { SHARED_FORMATS, bigbenchScores, openaiEvalsLines, pick, tempDir, writeHelmRun, writeJsonl, writeLmEvalFamily, writeText, TS_NEW } from './fixtures';
import { writeParquet } from './parquetWriter';

describe('framework reader detection', () => {
  it('lists every framework format once, binary formats first', () => {
    assert.deepEqual(
      FRAMEWORK_READERS.map((r) => r.id),
      ['inspect-eval', 'parquet', 'lm-eval-samples', 'openai-evals', 'inspect-json', 'lm-eval-results', 'bigbench-scores', 'helm'],
    );
  });

  it('claims each format with its own reader', async () => {
    const dir = tempDir();
    const { root } = writeLmEvalFamily(join(dir, 'lm'));
    const helm = writeHelmRun(dir);
    const cases: [string, string][] = [
      [join(SHARED_FORMATS, 'inspect_ai_log_read_sample.eval'), 'inspect-eval'],
      [join(SHARED_FORMATS, 'inspect_ai_log_read_sample.json'), 'inspect-json'],
      [join(SHARED_FORMATS, 'pythia-12b_zero-shot_step143000_lmeval_v0.3_results.json'), 'lm-eval-results'],
      [join(root, 'EleutherAI__pythia-1b', `results_${TS_NEW}.json`), 'lm-eval-results'],
      [join(root, 'EleutherAI__pythia-1b', `samples_arc_easy_${TS_NEW}.jsonl`), 'lm-eval-samples'],
      [join(root, 'EleutherAI__pythia-1b', `samples_gsm8k_${TS_NEW}.jsonl`), 'lm-eval-samples'],
      [writeText(join(dir, 'scores_GPT_GPT-3-Small.json'), JSON.stringify(bigbenchScores('GPT', 'GPT-3 Small', 125e6, 85e6), null, 2)), 'bigbench-scores'],
      [join(helm, 'per_instance_stats.json'), 'helm'],
      [join(helm, 'scenario_state.json'), 'helm'],
      [writeJsonl(join(dir, 'oai.jsonl'), openaiEvalsLines()), 'openai-evals'],
      [writeText(join(dir, 't.parquet'), writeParquet([{ name: 'model', type: 'string', values: ['a'] }])), 'parquet'],
    ];
    for (const [path, id] of cases) {
      const reader = await pick(FRAMEWORK_READERS, path);
      assert.equal(reader?.id, id, path);
    }
  });

  it('leaves generic tables and other JSON to the generic readers', async () => {
    const dir = tempDir();
    const generic = [
      writeText(join(dir, 'a.csv'), 'model,task,item,correct\npythia-1b,arith,1,1\n'),
      writeJsonl(join(dir, 'b.jsonl'), [{ model: 'pythia-1b', task: 'arith', item: 1, correct: 1, doc_id: 3 }]),
      writeText(join(dir, 'c.json'), JSON.stringify([{ model: 'pythia-1b', task: 'arith', score: 0.5 }])),
      writeText(join(dir, 'd.json'), JSON.stringify({ results: [1, 2], version: 2 })),
      writeText(join(dir, 'package.json'), readFileSync(join(process.cwd(), 'package.json'))),
      writeText(join(dir, 'e.txt'), ''),
    ];
    for (const path of generic) assert.equal((await pick(FRAMEWORK_READERS, path))?.id, undefined, path);
  });

  it('never throws on odd heads', () => {
    const heads = [
      Buffer.alloc(0),
      Buffer.from([0xff, 0xfe, 0x00, 0x01]),
      Buffer.from('PK'),
      Buffer.from('\ufeff{"doc_id": '),
      Buffer.from('{"results": {"x": '),
      Buffer.from(Array.from({ length: 70000 }, (_, i) => (i * 7919) % 256)),
    ];
    for (const r of FRAMEWORK_READERS) for (const h of heads) assert.doesNotThrow(() => r.detect('/x/y.json', h));
  });
});
