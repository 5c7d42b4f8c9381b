import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { readInput, type FileResult } from '../../../src/core/analyze';
import { readJsonlParallel } from '../../../src/core/io/parallel';
import { AbortError } from '../../../src/core/io/lines';
import { Column, type SeriesCell } from '../../../src/core/analysis/collector';
import { tempDir } from './tmp';

// The worker script, bundled here so that this test does not depend on `npm run build` having run.
const build = tempDir();
const workerPath = join(build.dir, 'worker.js');
buildSync({ entryPoints: ['src/core/io/worker.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: workerPath, logLevel: 'silent' });

/** A sweep log: 3 models x 2 tasks x `items` items, with text to re-score, a logged flag and choices. */
function sweep(items: number, extra: (line: number) => string | undefined = () => undefined): string {
  const out: string[] = [];
  for (const size of ['70m', '1b', '12b']) {
    for (const task of ['arith', 'words']) {
      for (let i = 0; i < items; i++) {
        const line = out.length + 1;
        const bad = extra(line);
        if (bad !== undefined) {
          out.push(bad);
          continue;
        }
        const target = `${(i * 7919) % 1000} ${task}`;
        const prediction = (i + size.length) % 3 === 0 ? target : `${i % 10} ${task}`;
        const choice_logliks = [-1.5, -0.5 - (i % 3), -2.25];
        out.push(JSON.stringify({ model: `fam-${size}`, task, doc_id: i, prompt: 'Q: '.repeat(i % 5), target, prediction, correct: target === prediction ? 1 : 0, choice_logliks, gold_index: i % 3 }));
      }
    }
  }
  return out.join('\n') + '\n';
}

/** A cell's content in a comparable form: ids in order, and each metric's per-item values to 1e-9. */
function flat(series: SeriesCell[]): unknown {
  return series
    .map((s) => ({
      key: `${s.task}/${s.family}/${s.setting}`,
      sources: [...s.sources.entries()].map(([p, v]) => [p, v.line, v.rows]),
      models: [...s.models.values()].map((m) => ({
        model: m.model,
        params: m.params,
        ids: m.itemIds,
        texts: [...m.texts.keys()].length,
        metrics: [...m.metrics.entries()]
          .map(([name, c]) => [name, Array.from(c.sum.data.subarray(0, m.itemIds.length), (v, k) => Math.round((v / c.count.data[k]!) * 1e9) / 1e9)])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      })),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * What `flat` leaves out: each cell's fields (in order: cells that came from a worker are remade
 * in this thread's shapes), its other facts, and whether its columns are Column instances.
 */
function shape(series: SeriesCell[]): unknown {
  return series
    .map((s) => ({
      key: `${s.task}/${s.family}/${s.setting}`,
      models: [...s.models.values()].map((m) => {
        const cols = [...m.metrics.values()];
        return {
          fields: Object.keys(m),
          facts: [m.flops, m.loss, m.choiceSum, m.choiceN, [...m.aggregates]],
          columns: cols.every((c) => c.sum instanceof Column && c.count instanceof Column),
        };
      }),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function same(par: FileResult, ser: FileResult): void {
  assert.equal(par.summary.rows, ser.summary.rows);
  assert.deepEqual(par.summary.problems, ser.summary.problems);
  assert.deepEqual(par.summary.notes, ser.summary.notes);
  assert.deepEqual(flat(par.series), flat(ser.series));
  assert.deepEqual(shape(par.series), shape(ser.series));
}

describe('parallel JSONL read (worker threads)', function () {
  this.timeout(30_000);

  it('gives what a serial read gives: cells, item order, problems at their file lines', async () => {
    const t = tempDir();
    // Bad records spread over the whole file, so that every range has some; the line numbers must
    // come out as file lines, not range-relative ones.
    const p = t.write('log.jsonl', sweep(400, (line) => (line % 997 === 0 ? '{"model": "fam-1b", "task"' : line % 1201 === 0 ? '{"model":"fam-1b","task":"arith","doc_id":1,"correct":"maybe"}' : undefined)));
    const ser = await readInput(p, { workers: 0 });
    for (const workers of [2, 3, 4]) {
      const par = await readJsonlParallel(p, { workers, workerPath, minBytes: 0 });
      assert.ok(par, `${workers} workers declined`);
      same({ summary: par.summary, series: par.series }, ser);
    }
    assert.deepEqual(ser.summary.problems.map((q) => q.line), [997, 1201, 1994]);
    assert.ok(ser.summary.problems.every((q) => q.line % 997 === 0 || q.line % 1201 === 0));
  });

  it('counts an item repeated across ranges once, as a serial read does', async () => {
    const t = tempDir();
    const once = sweep(50);
    // The same file twice over: every item of the second half repeats one of the first.
    const p = t.write('twice.jsonl', once + once);
    const ser = await readInput(p, { workers: 0 });
    const par = await readJsonlParallel(p, { workers: 2, workerPath, minBytes: 0 });
    assert.ok(par);
    same(par, ser);
    assert.match((ser.summary.notes ?? []).join(' '), /300 rows repeat an item/);
  });

  it('declines what it could not read exactly: gzip, items without ids, small files, one thread', async () => {
    const t = tempDir();
    const gz = t.write('log.jsonl.gz', gzipSync(sweep(50)));
    assert.equal(await readJsonlParallel(gz, { workers: 2, workerPath, minBytes: 0 }), undefined);
    const noIds = t.write('noids.jsonl', sweep(50).replaceAll(/"doc_id":\d+,/g, ''));
    assert.equal(await readJsonlParallel(noIds, { workers: 2, workerPath, minBytes: 0 }), undefined);
    const small = t.write('small.jsonl', sweep(50));
    assert.equal(await readJsonlParallel(small, { workers: 2, workerPath }), undefined);
    assert.equal(await readJsonlParallel(small, { workers: 1, workerPath, minBytes: 0 }), undefined);
    assert.equal(await readJsonlParallel(small, { workers: 2, workerPath: join(build.dir, 'missing.js'), minBytes: 0 }), undefined);
    // readInput falls back to the serial read when the parallel one declines.
    const r = await readInput(noIds, { workers: 2 });
    assert.equal(r.summary.rows, 300);
  });

  it('stops mid-file when cancelled, and reports progress on the way', async () => {
    const t = tempDir();
    const p = t.write('big.jsonl', sweep(3000));
    const ac = new AbortController();
    let last = 0;
    const run = readJsonlParallel(p, {
      workers: 2,
      workerPath,
      minBytes: 0,
      signal: ac.signal,
      onProgress: (b) => {
        last = b;
        ac.abort();
      },
    });
    await assert.rejects(run, AbortError);
    assert.ok(last > 0);
  });
});
