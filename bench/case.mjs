// One benchmark case, run by bench/run.mjs in a fresh process so that its peak RSS is its own:
//   node bench/case.mjs baseline FILE            split into lines + JSON.parse each, nothing else
//   node bench/case.mjs pipeline FILE WORKERS    the full `mirage check FILE --json` (dist/cli.js),
//                                                WORKERS = 0 serial, N = N reader threads
//   node bench/case.mjs bootstrap SERIES MODELS ITEMS RESAMPLES irt|independent|unpaired [THREADS]
//   node bench/case.mjs hover FILE                  hover lookups on the file's lines, from its report
// Prints one JSON line: {wallMs, maxRssBytes, ...}.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bootstrapShare } from './bootstrapShare.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const [mode, ...args] = process.argv.slice(2);

/** The baseline: a plain stream, UTF-8 decoding, split on '\n', JSON.parse per line. */
async function baseline(file) {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let rows = 0;
  let keys = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const text = carry + decoder.write(chunk);
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      if (nl > from) {
        const o = JSON.parse(text.slice(from, nl));
        if (o.model !== undefined) keys++;
        rows++;
      }
      from = nl + 1;
    }
    carry = text.slice(from);
  }
  const rest = carry + decoder.end();
  if (rest.trim()) {
    JSON.parse(rest);
    rows++;
  }
  return { rows, keys };
}

async function pipeline(file, workers) {
  const { code, report } = await runCli(file, workers);
  const verdicts = {};
  for (const s of report.series) verdicts[s.verdict] = (verdicts[s.verdict] ?? 0) + 1;
  return { code, rows: report.inputs.reduce((a, i) => a + i.rows, 0), series: report.series.length, verdicts };
}

async function pipelineReport(file) {
  return (await runCli(file, 0)).report;
}

/** `mirage check FILE --json` in this process, its report captured instead of printed. */
async function runCli(file, workers) {
  process.env.MIRAGE_WORKERS = String(workers);
  const cli = require(join(root, 'dist', 'cli.js'));
  // Capture the JSON report instead of printing megabytes to the terminal.
  const chunks = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (c, ...rest) => {
    chunks.push(typeof c === 'string' ? c : Buffer.from(c).toString());
    const cb = rest.find((x) => typeof x === 'function');
    if (cb) cb();
    return true;
  };
  let code;
  try {
    code = await cli.main(['check', file, '--json']);
  } finally {
    process.stdout.write = write;
  }
  return { code, report: JSON.parse(chunks.join('')) };
}

/**
 * 500 series of binary per-item scores. `irt`: the models share items whose difficulty varies, as
 * in real evals (p = sigmoid(ability - difficulty), 2-parameter-logistic style), so the bootstrap is
 * paired. `independent`: shared items but each model's scores independent of the item (the most
 * distinct score patterns, the paired route's worst case). `unpaired`: no shared item ids.
 */
async function bootstrap(nSeries, nModels, nItems, resamples, kind = 'irt', threads = 1) {
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const ids = Int32Array.from({ length: nItems }, (_, j) => j);
  const inputs = [];
  for (let k = 0; k < nSeries; k++) {
    const u = Float64Array.from({ length: nModels }, (_, i) => 7.8 + (i * 3) / (nModels - 1));
    // Item difficulties (logistic-distributed) for the IRT kind.
    const b = Float64Array.from({ length: nItems }, () => {
      const q = Math.min(Math.max(rand(), 1e-9), 1 - 1e-9);
      return Math.log(q / (1 - q));
    });
    const models = [];
    for (let i = 0; i < nModels; i++) {
      const ability = 2 * (u[i] - 9.5 + (k % 7) * 0.1);
      const scores = new Float64Array(nItems);
      for (let j = 0; j < nItems; j++) {
        const logit = kind === 'irt' ? 1.7 * (ability - b[j]) : ability;
        scores[j] = rand() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
      }
      models.push(kind === 'unpaired' ? { scores } : { scores, items: ids });
    }
    inputs.push({ u, models });
  }
  // With threads > 1, as judgeAll runs a large analysis: the series dealt round-robin (they cost the
  // same), this thread keeps a share, each other share goes to a worker thread. The workers' start
  // (loading the bundle) and the copy of their series are inside the timing.
  const t0 = performance.now();
  const share = (t) => inputs.filter((_, k) => k % threads === t);
  const remote = [];
  for (let t = 1; t < threads; t++) {
    const w = new Worker(join(root, 'bench', 'bootstrapShare.mjs'), { workerData: { job: 'bootstrap', series: share(t), resamples } });
    remote.push(
      new Promise((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      }).finally(() => w.terminate()),
    );
  }
  const widths = [bootstrapShare(share(0), resamples), ...(await Promise.all(remote))];
  const innerMs = performance.now() - t0;
  // Summed in series order, so that any thread count gives the same figure (each series has its seed).
  let width = 0;
  for (let k = 0; k < nSeries; k++) width += widths[k % threads][Math.floor(k / threads)];
  return { innerMs, threads, meanWidth: width / nSeries };
}

/** Hover lookups as the extension answers them from its cached report: find the series, render. */
async function hover(file) {
  const { seriesForLine, hoverMarkdown } = require(join(root, 'bench', 'data', 'build', 'micro.js'));
  const report = await pipelineReport(file);
  // Every 500th line of the log, as a user hovering rows would.
  const lines = [];
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let k = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const parts = (carry + decoder.write(chunk)).split('\n');
    carry = parts.pop();
    for (const l of parts) if (k++ % 500 === 0 && lines.length < 2000) lines.push(l);
  }
  const times = [];
  let found = 0;
  for (const line of lines) {
    const column = line.indexOf('"task":"') + 9;
    const t = performance.now();
    const hit = seriesForLine(report.series, line, column);
    if (hit) found += hoverMarkdown(hit.series, (s) => `command:mirage.openReportForTask?${encodeURIComponent(JSON.stringify([s.task]))}`).length > 0 ? 1 : 0;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {
    series: report.series.length,
    lookups: lines.length,
    found,
    medianMs: times[Math.floor(times.length / 2)],
    p99Ms: times[Math.floor(times.length * 0.99)],
    maxMs: times[times.length - 1],
  };
}

const t0 = performance.now();
let out;
if (mode === 'baseline') out = await baseline(args[0]);
else if (mode === 'pipeline') out = await pipeline(args[0], Number(args[1] ?? 0));
else if (mode === 'bootstrap') out = await bootstrap(...args.slice(0, 4).map(Number), args[4], Number(args[5] ?? 1));
else if (mode === 'hover') out = await hover(args[0]);
else throw new Error(`unknown mode ${mode}`);
const wallMs = performance.now() - t0;
// maxRSS is in KiB.
process.stdout.write(JSON.stringify({ mode, wallMs, maxRssBytes: process.resourceUsage().maxRSS * 1024, ...out }) + '\n');
