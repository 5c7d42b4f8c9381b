// One benchmark case, run by bench/run.mjs in a fresh process so that its peak RSS is its own:
//   node bench/case.mjs baseline FILE            split into lines + JSON.parse each, nothing else
//   node bench/case.mjs pipeline FILE WORKERS    the full `mirage check FILE --json` (dist/cli.js),
//                                                WORKERS = 0 serial, N = N reader threads
//   node bench/case.mjs bootstrap SERIES MODELS ITEMS RESAMPLES
// Prints one JSON line: {wallMs, maxRssBytes, ...}.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  const report = JSON.parse(chunks.join(''));
  const verdicts = {};
  for (const s of report.series) verdicts[s.verdict] = (verdicts[s.verdict] ?? 0) + 1;
  return { code, rows: report.inputs.reduce((a, i) => a + i.rows, 0), series: report.series.length, verdicts };
}

async function bootstrap(nSeries, nModels, nItems, resamples) {
  // Bundled by run.mjs from src/core/stats/bootstrap.ts.
  const { bootstrapEmergenceScore } = require(join(root, 'bench', 'data', 'build', 'bootstrap.js'));
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const inputs = [];
  for (let k = 0; k < nSeries; k++) {
    const u = Float64Array.from({ length: nModels }, (_, i) => 7.8 + (i * 3) / (nModels - 1));
    const models = [];
    for (let i = 0; i < nModels; i++) {
      const p = 1 / (1 + Math.exp(-2 * (u[i] - 9.5 + (k % 7) * 0.1)));
      const scores = new Float64Array(nItems);
      for (let j = 0; j < nItems; j++) scores[j] = rand() < p ? 1 : 0;
      models.push({ scores, items: Int32Array.from({ length: nItems }, (_, j) => j) });
    }
    inputs.push({ u, models });
  }
  const t0 = performance.now();
  let width = 0;
  for (const { u, models } of inputs) {
    const r = bootstrapEmergenceScore(u, models, { resamples, seed: 1, floor: (n) => 1 / n, higherIsBetter: true });
    width += r.hi - r.lo;
  }
  return { innerMs: performance.now() - t0, meanWidth: width / nSeries };
}

const t0 = performance.now();
let out;
if (mode === 'baseline') out = await baseline(args[0]);
else if (mode === 'pipeline') out = await pipeline(args[0], Number(args[1] ?? 0));
else if (mode === 'bootstrap') out = await bootstrap(...args.map(Number));
else throw new Error(`unknown mode ${mode}`);
const wallMs = performance.now() - t0;
// maxRSS is in KiB.
process.stdout.write(JSON.stringify({ mode, wallMs, maxRssBytes: process.resourceUsage().maxRSS * 1024, ...out }) + '\n');
