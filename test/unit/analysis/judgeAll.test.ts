import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { analyzeResults, analyzeResultsParallel, readInput, type FileResult } from '../../../src/core/analyze';
import { AbortError } from '../../../src/core/io/lines';
import { tempDir } from './tmp';

// The worker script, bundled here so that this test does not depend on `npm run build` having run.
const build = tempDir();
const workerPath = join(build.dir, 'worker.js');
buildSync({ entryPoints: ['src/core/io/worker.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: workerPath, logLevel: 'silent' });

const EXAMPLES = ['examples/per-item/generation.jsonl', 'examples/per-item/multiple_choice.csv', 'examples/per-item/small_test_set.csv', 'examples/aggregate/bigbench_style.csv'];

async function exampleResults(): Promise<FileResult[]> {
  return Promise.all(EXAMPLES.map((p) => readInput(p, { workers: 0 })));
}

describe('judging on worker threads', () => {
  it('gives the serial report exactly, flips and FDR q-values included, for 2 and 3 threads', async () => {
    const results = await exampleResults();
    const serial = analyzeResults(results);
    // The examples hold every verdict, and jumps with items that flip.
    assert.ok(serial.series.some((s) => s.flips.length > 0));
    assert.ok(serial.series.some((s) => s.qValue !== null));
    for (const workers of [2, 3]) {
      const stats = { remote: 0 };
      const par = await analyzeResultsParallel(results, { workers }, { workerPath, minScores: 0, stats });
      assert.ok(stats.remote > 0 && stats.remote < serial.series.length, `remote ${stats.remote} of ${serial.series.length}`);
      assert.deepEqual(par, serial);
    }
  });

  it('with offload, judges every series on workers (the extension host keeps none), or all here with one thread', async () => {
    const results = await exampleResults();
    const serial = analyzeResults(results);
    const stats = { remote: 0 };
    assert.deepEqual(await analyzeResultsParallel(results, { workers: 2 }, { workerPath, minScores: 0, offload: true, stats }), serial);
    assert.equal(stats.remote, serial.series.length);
    const none = { remote: 0 };
    assert.deepEqual(await analyzeResultsParallel(results, { workers: 1 }, { workerPath, minScores: 0, offload: true, stats: none }), serial);
    assert.equal(none.remote, 0);
  });

  it('stays on the calling thread for small runs, and with one thread', async () => {
    const results = await exampleResults();
    const serial = analyzeResults(results);
    for (const [workers, minScores] of [[2, Infinity], [1, 0]] as const) {
      const stats = { remote: 0 };
      assert.deepEqual(await analyzeResultsParallel(results, { workers }, { workerPath, minScores, stats }), serial);
      assert.equal(stats.remote, 0);
    }
  });

  it('judges a failed worker\'s share itself', async () => {
    const bad = join(build.dir, 'throws.js');
    writeFileSync(bad, "throw new Error('broken worker');\n");
    const results = await exampleResults();
    const stats = { remote: 0 };
    assert.deepEqual(await analyzeResultsParallel(results, { workers: 2 }, { workerPath: bad, minScores: 0, stats }), analyzeResults(results));
    assert.equal(stats.remote, 0);
  });

  it('stops an offloaded judge cancelled while series are being sent, and terminates its workers', async () => {
    const results = await exampleResults();
    const ac = new AbortController();
    const run = analyzeResultsParallel(results, { workers: 2, signal: ac.signal }, { workerPath, minScores: 0, offload: true });
    // The sending loop yields to the event loop between series: the abort lands mid-run.
    setImmediate(() => ac.abort());
    await assert.rejects(run, AbortError);
    // Nothing left running: a fresh run still gives the serial report.
    assert.deepEqual(await analyzeResultsParallel(results, { workers: 2 }, { workerPath, minScores: 0, offload: true }), analyzeResults(results));
  });

  it('rejects with AbortError when cancelled', async () => {
    const results = await exampleResults();
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(analyzeResultsParallel(results, { workers: 2, signal: ac.signal }, { workerPath, minScores: 0 }), AbortError);
  });
});
