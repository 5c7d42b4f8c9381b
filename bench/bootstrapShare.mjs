// The bootstrap case's work, shared by bench/case.mjs and the worker threads it starts: bootstrap
// intervals of the emergence score for a share of the series, as judgeAll gives each thread a share
// of a run's series (src/core/analysis/judgeAll.ts). Run as a worker, it takes its share from
// workerData and posts the interval widths back.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The 95% interval width of each series' emergence score (to check that the threads agree). */
export function bootstrapShare(series, resamples) {
  // Bundled by run.mjs from src/core/stats/bootstrap.ts.
  const { bootstrapEmergenceScore } = require(join(root, 'bench', 'data', 'build', 'micro.js'));
  return series.map(({ u, models }) => {
    const r = bootstrapEmergenceScore(u, models, { resamples, seed: 1, floor: (n) => 1 / n, higherIsBetter: true });
    return r.hi - r.lo;
  });
}

if (!isMainThread && workerData?.job === 'bootstrap') {
  parentPort.postMessage(bootstrapShare(workerData.series, workerData.resamples));
}
