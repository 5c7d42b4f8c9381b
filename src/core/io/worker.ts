/**
 * Worker thread, bundled as dist/worker.js, for two jobs. A judging job (analysis/judgeAll.ts) judges
 * its share of the series and posts the pending reports back. A read job (parallel.ts) reads one byte range of
 * a plain JSONL file with the same reader a serial read uses (readJsonlRange) into its own Collector,
 * and posts the compact result back, the score columns' ArrayBuffers transferred rather than copied.
 * Line numbers are relative to the range (its first line is 1); the main thread renumbers them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Collector } from '../analysis/collector';
import { readJsonlRange } from '../formats/jsonl';
import type { WorkerJob, WorkerMessage } from './parallel';
import { judgeSeries, type PendingSeries } from '../analysis/verdict';
import type { JudgeInput, JudgeMessage, JudgeStart } from '../analysis/judgeAll';

async function run(job: WorkerJob): Promise<void> {
  const port = parentPort!;
  const collector = new Collector(job.path, 'jsonl');
  const outcome = await readJsonlRange(
    job.path,
    collector,
    { map: job.map, onProgress: (bytes) => port.postMessage({ type: 'progress', bytes } satisfies WorkerMessage) },
    { start: job.start, end: job.end, firstLine: 1, roles: job.roles },
  );
  collector.summary.format = outcome.format;
  const series = [...collector.series.values()];
  // Each series' ids go once; the cells' own lists are dropped from what is sent (this thread ends).
  const ids = series.map((s) => collector.packIds(s));
  const transfer = new Set<ArrayBuffer>();
  series.forEach((s, i) => {
    let j = 0;
    for (const m of s.models.values()) {
      const slots = ids[i]!.slots[j++];
      if (slots) {
        m.itemIds = [];
        transfer.add(slots.buffer as ArrayBuffer);
      }
      for (const col of m.metrics.values()) {
        transfer.add(col.sum.data.buffer as ArrayBuffer);
        transfer.add(col.count.data.buffer as ArrayBuffer);
      }
    }
  });
  const msg: WorkerMessage = { type: 'done', summary: collector.summary, tally: collector.tally(), series, ids, lines: outcome.lines };
  port.postMessage(msg, [...transfer]);
}

/** Judges each series as it arrives (its arrays dropped once judged) and posts all at the end. */
function judge(start: JudgeStart): void {
  const port = parentPort!;
  const pending: PendingSeries[] = [];
  port.on('message', (m: JudgeInput) => {
    try {
      if (m.type === 'series') {
        pending.push(judgeSeries(m.data, start.opts));
      } else {
        port.postMessage({ type: 'judged', pending } satisfies JudgeMessage);
        port.close();
      }
    } catch (e) {
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies JudgeMessage);
      port.close();
    }
  });
}

if (parentPort && workerData && (workerData as JudgeStart).kind === 'judge') {
  judge(workerData as JudgeStart);
} else if (parentPort && workerData) {
  run(workerData as WorkerJob).catch((e: unknown) => {
    parentPort!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerMessage);
  });
}
