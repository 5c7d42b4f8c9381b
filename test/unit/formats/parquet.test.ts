import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createParquetReader, parquetReader } from '../../../src/core/formats/parquetReader';
import { defaultParquetRowHandler, detailsFromPath } from '../../../src/core/formats/parquetRows';
import { CollectSink, readWith, tempDir, writeText } from './fixtures';
import { writeParquet } from './parquetWriter';

function itemsTable(): Buffer {
  return writeParquet([
    { name: 'model', type: 'string', values: ['EleutherAI/pythia-1b', 'EleutherAI/pythia-1b', '', 'EleutherAI/pythia-1b'] },
    { name: 'task', type: 'string', values: ['arith', 'arith', 'arith', 'arith'] },
    { name: 'doc_id', type: 'int64', values: [0, 1, 2, 3] },
    { name: 'target', type: 'string', values: ['4', '6', '8', null] },
    { name: 'prediction', type: 'string', values: ['4', '7', '8', '9'] },
    { name: 'acc', type: 'double', values: [1, 0, 1, 0] },
  ]);
}

describe('Parquet reader', () => {
  it('reads rows through the generic column roles, with 1-based row indexes for problems', async () => {
    const path = writeText(join(tempDir(), 'items.parquet'), itemsTable());
    const { sink, outcome } = await readWith(parquetReader, path);
    assert.equal(outcome.format, 'parquet');
    assert.deepEqual(
      sink.items.map((r) => [r.model, r.task, r.itemId, r.target, r.prediction, r.scores?.acc, r.line, r.params]),
      [
        ['EleutherAI/pythia-1b', 'arith', '0', '4', '4', 1, 1, 1e9],
        ['EleutherAI/pythia-1b', 'arith', '1', '6', '7', 0, 2, 1e9],
        ['EleutherAI/pythia-1b', 'arith', '3', undefined, '9', 0, 4, 1e9],
      ],
    );
    assert.deepEqual(sink.problems.map((p) => p.line), [3]);
  });

  it('hands plain row objects (int64 as numbers) to an injected row handler', async () => {
    const path = writeText(join(tempDir(), 'items.parquet'), itemsTable());
    const seen: [Record<string, unknown>, number][] = [];
    let columns: string[] = [];
    const reader = createParquetReader((c) => {
      columns = c.columns;
      return { onRow: (row, index) => void seen.push([row, index]), notes: () => ['custom'] };
    });
    const sink = new CollectSink();
    const outcome = await reader.read(path, sink, { map: {} });
    assert.deepEqual(columns, ['model', 'task', 'doc_id', 'target', 'prediction', 'acc']);
    assert.equal(seen.length, 4);
    assert.deepEqual(seen[1], [{ model: 'EleutherAI/pythia-1b', task: 'arith', doc_id: 1, target: '6', prediction: '7', acc: 0 }, 2]);
    assert.equal(seen[3]![0].target, null);
    assert.deepEqual(outcome.notes, ['custom']);
  });

  it('takes model, task and shots from a leaderboard details path when the table has none', async () => {
    const table = writeParquet([
      { name: 'example', type: 'string', values: ['q0', 'q1'] },
      { name: 'gold', type: 'string', values: ['A', 'B'] },
      { name: 'acc', type: 'double', values: [1, 0] },
    ]);
    const path = writeText(join(tempDir(), 'details_EleutherAI__pythia-1.4b', 'details_harness|arc:challenge|25_2023-08-17T12:34:56.789012.parquet'), table);
    assert.deepEqual(detailsFromPath(path), { task: 'arc:challenge', shots: 25, model: 'EleutherAI/pythia-1.4b' });
    const { sink, outcome } = await readWith(parquetReader, path);
    assert.deepEqual(sink.items.map((r) => [r.model, r.task, r.shots, r.scores?.acc, r.params]), [
      ['EleutherAI/pythia-1.4b', 'arc:challenge', 25, 1, 1.4e9],
      ['EleutherAI/pythia-1.4b', 'arc:challenge', 25, 0, 1.4e9],
    ]);
    assert.ok(outcome.notes?.some((n) => /folder name/.test(n)));
  });

  it('reports a table without a model as one problem naming the fix', async () => {
    const table = writeParquet([{ name: 'acc', type: 'double', values: [1] }]);
    const path = writeText(join(tempDir(), 'plain', 'x.parquet'), table);
    const sink = new CollectSink();
    await parquetReader.read(path, sink, { map: {} });
    assert.equal(sink.items.length, 0);
    assert.equal(sink.problems.length, 1);
    assert.match(sink.problems[0]!.message, /model/);
  });

  it('reports a damaged file instead of throwing', async () => {
    const good = itemsTable();
    const path = writeText(join(tempDir(), 'bad.parquet'), Buffer.concat([good.subarray(0, 40), Buffer.from('PAR1')]));
    const sink = new CollectSink();
    const outcome = await parquetReader.read(path, sink, { map: {} });
    assert.equal(outcome.format, 'parquet');
    assert.equal(sink.problems.length, 1);
    assert.equal(sink.items.length, 0);
  });

  it('maps rows with lm-eval sample columns (leaderboard v2 details) like a samples file', () => {
    const sink = new CollectSink();
    const row = (doc_id: number, filter: string) => ({
      doc_id,
      target: 1,
      arguments: { gen_args_0: { arg_0: 'Q', arg_1: ' no' }, gen_args_1: { arg_0: 'Q', arg_1: ' yes' } },
      filtered_resps: [['-2', 'False'], ['-1', 'True']],
      filter,
      metrics: ['acc_norm'],
      acc_norm: 1,
    });
    const path = '/d/open-llm-leaderboard__pythia-1b-details/EleutherAI__pythia-1b/samples_leaderboard_bbh_2024-06-26T12-00-00.parquet';
    const handler = defaultParquetRowHandler({ path, columns: Object.keys(row(0, 'none')), firstRow: row(0, 'none'), sink, ctx: { map: {} } });
    handler.onRow(row(0, 'none'), 1);
    handler.onRow(row(1, 'none'), 2);
    handler.onRow(row(0, 'other'), 3);
    const notes = handler.notes?.() ?? [];
    assert.deepEqual(sink.items.map((r) => [r.model, r.task, r.itemId, r.gold, r.choiceLogLiks, r.line, r.params]), [
      ['EleutherAI/pythia-1b', 'leaderboard_bbh', '0', 1, [-2, -1], 1, 1e9],
      ['EleutherAI/pythia-1b', 'leaderboard_bbh', '1', 1, [-2, -1], 2, 1e9],
    ]);
    assert.ok(notes.some((n) => /kept "none"/.test(n)));
  });
});
