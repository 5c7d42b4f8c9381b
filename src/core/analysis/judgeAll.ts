/**
 * Judges many series, sharing the work between the calling thread and worker threads (worker.ts)
 * when there is enough of it: the fits and bootstraps are most of a large run's time after the read,
 * and each series is judged on its own (with the run's seed), so a series judged on a worker gives
 * exactly the report the calling thread would have made. The run-wide FDR step (finalizeVerdicts)
 * stays with the caller.
 *
 * Workers get the series without their cells (the item-id maps and kept texts, the bulk of their
 * memory and only needed for the "items that flip" examples); those examples are added here after.
 * Series are built one at a time and their arrays transferred to the worker, so a parallel run holds
 * no more per-item copies than a serial one.
 * Any worker failure falls back to judging its share here; cancelling terminates the workers.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import type { SeriesData } from './series';
import type { ModelCell } from './collector';
import { judgeSeries, type JudgeOptions, type PendingSeries } from './verdict';
import { flipExamples } from './flips';
import { AbortError } from '../io/lines';
import { defaultWorkerPath, defaultWorkers } from '../io/parallel';

/**
 * The judging protocol with worker.ts. The worker is started with a JudgeStart as its workerData,
 * then receives one JudgeInput per series (its typed arrays transferred, not copied) and an 'end';
 * it judges each series as it arrives and posts all the pending reports, in arrival order, at the end.
 */
export interface JudgeStart {
  kind: 'judge';
  opts: JudgeOptions;
}
export type JudgeInput = { type: 'series'; data: SeriesData } | { type: 'end' };

/** What a judging worker posts. */
export type JudgeMessage = { type: 'judged'; pending: PendingSeries[] } | { type: 'error'; message: string };

/** Options of {@link judgeAll}. */
export interface JudgeAllOptions {
  /**
   * Threads in all, the calling one included (with offload: worker threads); default
   * {@link defaultWorkers}. Below 2: everything on the calling thread.
   */
  workers?: number;
  workerPath?: string;
  signal?: AbortSignal;
  /**
   * Least work (per-item scores summed over the series' metrics) worth a thread: below it, starting a
   * worker (loading the bundle, copying the series, a cold JIT) costs more than it saves. Default
   * MIN_PARALLEL_SCORES.
   */
  minScores?: number;
  /**
   * Judge nothing on the calling thread (from minScores on): every series goes to `workers` worker
   * threads. For the extension host, where a long synchronous judge would stall every extension's
   * hovers and commands; the CLI instead keeps a share for itself, which is faster.
   */
  offload?: boolean;
  /** Filled in with how many series workers judged (the rest were judged on the calling thread). */
  stats?: { remote: number };
}

/**
 * On the 2-core bench machine, judging on two threads (this one and a worker) measured slower than on
 * this thread alone at every size the bench makes: after the parallel read, 1.65-1.80 s against
 * 1.43-1.47 s for the 1 GB sweep (~9 M scores), 4.1 s against 3.3 s for the 5 GB one (~45 M); and a
 * 100 MB one (~0.9 M) 20-40% slower. The series are built here for both threads, the worker starts
 * cold, and the two busy vCPUs slow each other (~1.2x). So the CLI judges on its own thread up to
 * well beyond that; the extension host, which must not block, offloads from its own, lower threshold.
 */
export const MIN_PARALLEL_SCORES = 64_000_000;

/**
 * One series to judge. Its data is built on demand (build), one series at a time, so that the
 * per-item copies of every series are never all in memory at once.
 */
export interface SeriesTask {
  /** The cells the series is built from (for the flip examples). */
  cells: ModelCell[];
  /** The series' data; with `own`, all its typed arrays its own (see buildSeries), to be moved. */
  build: (own?: boolean) => SeriesData;
}

/**
 * The buffers of a built series' typed arrays, each once: built with `own`, they are the series'
 * own (its metrics may share one model's item indices), so moving them moves nothing else.
 */
function transferables(data: SeriesData): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView | null | undefined): void => {
    if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  };
  for (const ms of data.metrics) {
    if (ms.perItem) for (const m of ms.perItem) {
      add(m.scores);
      add(m.items);
    }
  }
  for (const t of data.targetTokens) add(t);
  return [...out];
}

/** Per-item scores behind a series' bootstraps and fits, counted on its cells: its share of the work. */
export function seriesCost(cells: readonly ModelCell[]): number {
  let c = 0;
  for (const m of cells) c += 50 + m.itemIds.length * m.metrics.size;
  return c;
}

/** Judges every series, in order; see the module comment. */
export async function judgeAll(tasks: SeriesTask[], opts: JudgeOptions, par: JudgeAllOptions = {}): Promise<PendingSeries[]> {
  const offload = par.offload === true;
  const wanted = par.workers ?? defaultWorkers();
  // Fewer than 2 means no threads at all (MIRAGE_WORKERS=0 or 1). With offload, thread 0 (this one)
  // gets no share and all `wanted` threads are workers.
  const threads = wanted < 2 ? 1 : offload ? Math.min(wanted, tasks.length) + 1 : Math.min(wanted, tasks.length);
  const workerPath = par.workerPath ?? defaultWorkerPath();
  const costs = tasks.map((t) => seriesCost(t.cells));
  const total = costs.reduce((a, b) => a + b, 0);
  if (threads < 2 || total < (par.minScores ?? MIN_PARALLEL_SCORES) || !existsSync(workerPath)) {
    return tasks.map((t) => {
      if (par.signal?.aborted) throw new AbortError();
      return judgeSeries(t.build(), opts);
    });
  }
  // Longest first onto the least loaded thread; thread 0 is this one (none under offload).
  const shares: number[][] = Array.from({ length: threads }, () => []);
  const load = new Float64Array(threads);
  const first = offload ? 1 : 0;
  for (const i of tasks.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]!)) {
    let t = first;
    for (let k = first + 1; k < threads; k++) if (load[k]! < load[t]!) t = k;
    shares[t]!.push(i);
    load[t] = load[t]! + costs[i]!;
  }
  const out: (PendingSeries | undefined)[] = tasks.map(() => undefined);
  const workers: Worker[] = [];
  const onAbort = (): void => {
    for (const w of workers) void w.terminate();
  };
  par.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const remote = shares.slice(1).map((share) => {
      const start: JudgeStart = { kind: 'judge', opts };
      let w: Worker | undefined;
      const done = new Promise<PendingSeries[] | undefined>((resolve) => {
        try {
          w = new Worker(workerPath, { workerData: start });
        } catch {
          resolve(undefined);
          return;
        }
        workers.push(w);
        w.once('message', (m: JudgeMessage) => resolve(m.type === 'judged' && m.pending.length === share.length ? m.pending : undefined));
        w.once('error', () => resolve(undefined));
        w.once('exit', () => resolve(undefined));
      });
      return { share, worker: w, done, failed: false };
    });
    // Interleaved: one series built and sent to each worker, then one judged here, so that neither
    // side waits and at most one unsent series is in memory here. A sent series' arrays move to the
    // worker (transferred): nothing is copied and nothing stays behind.
    const rounds = Math.max(...shares.map((sh) => sh.length));
    for (let k = 0; k < rounds; k++) {
      // Let the event loop run between series: the extension host stays responsive while series are
      // built and sent (and an abort is seen as soon as it comes).
      if (k > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (par.signal?.aborted) throw new AbortError();
      for (const r of remote) {
        const i = r.share[k];
        if (i === undefined || r.worker === undefined || r.failed) continue;
        const data: SeriesData = { ...tasks[i]!.build(true), cells: [] };
        try {
          r.worker.postMessage({ type: 'series', data } satisfies JudgeInput, transferables(data));
        } catch {
          r.failed = true;
        }
      }
      const i = shares[0]![k];
      if (i !== undefined) out[i] = judgeSeries(tasks[i]!.build(), opts);
    }
    for (const r of remote) r.worker?.postMessage({ type: 'end' } satisfies JudgeInput);
    const results = await Promise.all(remote.map((r) => r.done));
    if (par.signal?.aborted) throw new AbortError();
    results.forEach((pending, k) => {
      const share = shares[k + 1]!;
      share.forEach((i, j) => {
        const p = remote[k]!.failed ? undefined : pending?.[j];
        if (p === undefined) {
          // A failed worker's share is judged here, from freshly built series.
          out[i] = judgeSeries(tasks[i]!.build(), opts);
          return;
        }
        if (par.stats) par.stats.remote++;
        if (p.flipsFor) p.report.flips = flipExamples(tasks[i]!.cells, p.flipsFor.metric, p.flipsFor.from, p.flipsFor.to);
        out[i] = p;
      });
    });
    return out as PendingSeries[];
  } finally {
    par.signal?.removeEventListener('abort', onAbort);
    for (const w of workers) void w.terminate();
  }
}
