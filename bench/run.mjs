// `npm run bench`: the performance figures of the README, measured on this machine.
//
//   node bench/run.mjs [--sizes 100,1000] [--5gb] [--reps N] [--no-panel] [--keep]
//
// --no-panel skips both browser-driven cases, the panel's first paint and the activation in
// code-server (they need the same Chromium set-up).
// For each size (MB) a seeded per-item JSONL sweep is generated into bench/data/ (once; reused while
// its seed and size match), then each case runs in a fresh Node process so that its peak RSS is its
// own (bench/case.mjs):
//   baseline     split the file into lines and JSON.parse each one, nothing else
//   1 thread     the full `mirage check FILE --json` (read, re-score exact match and token edit
//                distance, aggregate, fits, bootstrap, verdicts) on the calling thread
//   2 workers    the same with the file read by two worker threads (judged on the calling thread up
//                to 64 M scores, see MIN_PARALLEL_SCORES in src/core/analysis/judgeAll.ts)
// The cases take turns, round by round (3 rounds up to 1 GB, 1 beyond), and each one's ratio to the
// baseline is the median of its ratios within a round. The page cache is warmed before each size so
// every case reads from memory. Before those, the bootstrap (10,000 resamples for 500 series, on one
// thread and on two), the hover lookup on the cached report, the panel's first paint with 500 tasks
// (headless Chromium, test/webview-harness), the extension's activation in a real VS Code
// (code-server) and how two threads scale on this machine are timed. With two
// sizes or more, each case's time is also split into a cost per byte and a fixed cost (a line
// through the two smallest sizes). Results are printed as a table, with the targets met or
// missed, and written to out/bench-results.json and out/bench-results.md.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { generate } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, 'bench', 'data');
const buildDir = join(dataDir, 'build');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const sizes = opt('--sizes', '100,1000').split(',').map(Number).filter((n) => n > 0);
if (args.includes('--5gb')) sizes.push(5000);
const reps = Number(opt('--reps', '3'));
const SEED = 1;
const MB = 1e6;

mkdirSync(buildDir, { recursive: true });
mkdirSync(join(root, 'out'), { recursive: true });

// ---- build: the CLI bundle and worker, and the pieces the micro cases load --------------------
console.log('building…');
if (spawnSync('node', ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
await esbuild.build({
  stdin: {
    contents: [
      "export { bootstrapEmergenceScore } from './src/core/stats/bootstrap';",
      "export { seriesForLine } from './src/hover/seriesForLine';",
      "export { hoverMarkdown } from './src/core/hoverText';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(buildDir, 'micro.js'),
  logLevel: 'error',
});

/** Runs one case in a fresh process; returns its JSON line. */
function runCase(...caseArgs) {
  const r = spawnSync('node', ['--max-old-space-size=8192', join(root, 'bench', 'case.mjs'), ...caseArgs.map(String)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`bench case ${caseArgs.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop();
  return JSON.parse(last);
}

/** Reads a file once so that the cases after it read from the page cache. */
async function warm(file) {
  for await (const _ of createReadStream(file, { highWaterMark: 1 << 22 })) void _;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

/** The generated log for `mb`, made when missing or made with other settings. */
function logFor(mb) {
  const file = join(dataDir, `sweep-${mb}.jsonl`);
  const meta = `${file}.meta.json`;
  const want = { seed: SEED, mb, generator: statSync(join(root, 'bench', 'generate.mjs')).size };
  if (existsSync(file) && existsSync(meta) && JSON.stringify(JSON.parse(readFileSync(meta, 'utf8'))) === JSON.stringify(want)) return file;
  process.stdout.write(`generating ${mb} MB sweep… `);
  const t0 = Date.now();
  const g = generate(file, mb, { seed: SEED });
  writeFileSync(meta, JSON.stringify(want));
  console.log(`${(g.bytes / MB).toFixed(0)} MB, ${g.rows.toLocaleString('en')} rows in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return file;
}

const results = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  date: new Date().toISOString(),
  pipeline: [],
  bootstrap: undefined,
  hover: undefined,
  panel: undefined,
};

// The small cases first, on a quiet machine: right after minutes of both cores at full load the same
// panel paint measured ~1.5-2x slower (the host's CPU boost and caches), which is not what a user
// opening the panel sees.
// ---- bootstrap -------------------------------------------------------------------------------
{
  // The median of `reps` runs, as for the pipeline: one run on this shared machine can be 1.5x off.
  // On one thread, and on two as judgeAll shares a large analysis's series (this thread and a worker).
  // Every series has its own seed, so both give the same intervals: checked here.
  const ms = (kind, threads) => {
    const runs = Array.from({ length: reps }, () => runCase('bootstrap', 500, 10, 1000, 10000, kind, threads));
    return { ms: median(runs.map((r) => r.innerMs)), width: runs[0].meanWidth };
  };
  const kinds = { unpaired: 'unpaired', paired: 'irt', pairedWorst: 'independent' };
  results.bootstrap = { series: 500, models: 10, items: 1000, resamples: 10000 };
  for (const [name, kind] of Object.entries(kinds)) {
    const one = ms(kind, 1);
    const two = ms(kind, 2);
    if (one.width !== two.width) throw new Error(`bootstrap ${kind}: one thread and two gave different intervals (${one.width} vs ${two.width})`);
    results.bootstrap[`${name}Ms`] = one.ms;
    results.bootstrap[`${name}Ms2`] = two.ms;
  }
}

// ---- hover on the cached report ---------------------------------------------------------------
if (sizes.length) {
  const file = logFor(sizes[0]);
  const h = runCase('hover', file);
  results.hover = h;
}

// ---- panel first paint with 500 tasks ----------------------------------------------------------
if (!args.includes('--no-panel')) {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].some((p) => existsSync(p));
  if (!chromium) {
    console.log('panel first paint: skipped (no Chromium; `apt-get install -y chromium`, or run `npm test` once)');
  } else {
    const r = spawnSync('node', [join(root, 'test', 'webview-harness', 'harness.mjs'), '--only', 'perf'], { cwd: root, encoding: 'utf8' });
    const report = join(root, 'out', 'harness-report.json');
    if (existsSync(report)) {
      const perf = JSON.parse(readFileSync(report, 'utf8')).perf;
      if (perf) results.panel = perf;
    }
    if (!results.panel) console.log(`panel first paint: harness failed\n${r.stdout}\n${r.stderr}`);
  }
}

// ---- activation in the real VS Code (code-server), production bundle -----------------------------
// The integration suite's activation test logs the extension's own time: evaluating its bundle plus
// activate(). Five runs, each in a fresh code-server.
if (!args.includes('--no-panel')) {
  const runs = [];
  let failure = '';
  // Up to 7 attempts for 5 runs: a code-server start can fail on a busy machine.
  for (let k = 0; k < 7 && runs.length < 5; k++) {
    const r = spawnSync('node', [join(root, 'scripts', 'integration.mjs'), '--no-e2e', '--grep', 'activates'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, MIRAGE_PRODUCTION_BUILD: '1' },
    });
    const m = /activation: ([\d.]+) ms \(loading the code ([\d.]+) ms\)/.exec(r.stdout);
    if (!m) {
      failure = `${r.stdout.slice(-500)}\n${r.stderr.slice(-500)}`;
      continue;
    }
    runs.push({ totalMs: Number(m[1]), loadMs: Number(m[2]) });
  }
  if (runs.length) results.activation = { runs: runs.length, medianMs: median(runs.map((x) => x.totalMs)), maxMs: Math.max(...runs.map((x) => x.totalMs)), loadMedianMs: median(runs.map((x) => x.loadMs)), allMs: runs.map((x) => x.totalMs) };
  else console.log(`activation: skipped (the integration harness did not run)\n${failure}`);
}

// ---- how far two threads scale on this machine ------------------------------------------------------
// Two baseline processes at once against one alone: on the 2 vCPUs of the bench machine, memory-bound
// work in two threads runs each ~1.5x slower than alone, which caps what two workers can gain.
{
  const file = logFor(sizes[0] ?? 100);
  const solo = runCase('baseline', file).wallMs;
  const both = await Promise.all([0, 1].map(() => new Promise((resolve, reject) => {
    const child = spawn('node', [join(root, 'bench', 'case.mjs'), 'baseline', file], { cwd: root });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()).wallMs) : reject(new Error(`baseline exited ${code}`))));
  })));
  results.contention = { soloMs: solo, pairMs: Math.max(...both), slowdown: Math.max(...both) / solo };
}

// ---- read + analyse ------------------------------------------------------------------------
for (const mb of sizes) {
  const file = logFor(mb);
  const bytes = statSync(file).size;
  await warm(file);
  // Big inputs take long: one repetition beyond 1 GB. The cases take turns, round by round, and each
  // ratio to the baseline is taken within a round, then the median over the rounds: the host's speed
  // drifts by 10-15% over a minute here, which blocks of one case after another turned into
  // differences between the cases.
  const n = mb > 1100 ? 1 : reps;
  const cases = [
    ['baseline (lines + JSON.parse)', () => runCase('baseline', file)],
    ['mirage check, 1 thread', () => runCase('pipeline', file, 0)],
    ['mirage check, 2 workers', () => runCase('pipeline', file, 2)],
  ];
  const runs = cases.map(() => []);
  for (let k = 0; k < n; k++) cases.forEach(([, fn], i) => runs[i].push(fn()));
  const row = { mb: bytes / MB, rows: 0, cases: [] };
  cases.forEach(([label], i) => {
    const rs = runs[i];
    const wall = median(rs.map((r) => r.wallMs));
    const rss = Math.max(...rs.map((r) => r.maxRssBytes));
    const ratio = median(rs.map((r, k) => r.wallMs / runs[0][k].wallMs));
    const c = { label, wallMs: wall, ratio, mbPerS: bytes / MB / (wall / 1000), peakRssMB: rss / MB, runs: rs.length, allMs: rs.map((r) => r.wallMs) };
    if (rs[0].rows !== undefined) row.rows = rs[0].rows;
    if (rs[0].series !== undefined) Object.assign(c, { series: rs[0].series, verdicts: rs[0].verdicts, exit: rs[0].code });
    row.cases.push(c);
    console.log(`  ${(bytes / MB).toFixed(0)} MB  ${label.padEnd(30)} ${(wall / 1000).toFixed(2).padStart(7)} s  ${c.mbPerS.toFixed(0).padStart(5)} MB/s  RSS ${c.peakRssMB.toFixed(0).padStart(5)} MB  ${ratio.toFixed(2)}x (runs: ${rs.map((r) => (r.wallMs / 1000).toFixed(2)).join(', ')})`);
  });
  results.pipeline.push(row);
}

// ---- per-byte and fixed cost ----------------------------------------------------------------------
// The analysis after the read (fits and bootstraps per series and metric) costs about the same at
// every size the bench makes (the same 48 tasks x 10 sizes, more items per task), and so does starting
// the process; the baseline has neither. A line through the two smallest sizes splits each case's
// time into a per-byte cost (its slope) and a fixed one (its intercept): the slope is what grows with
// the input, and what "within 1.5x of the baseline" can hold for at any size.
if (results.pipeline.length >= 2) {
  const [small, large] = results.pipeline;
  results.cost = small.cases.map((c, i) => {
    const perMb = (large.cases[i].wallMs - c.wallMs) / (large.mb - small.mb);
    return { label: c.label, msPerGB: 1000 * perMb, fixedMs: c.wallMs - perMb * small.mb };
  });
  for (const c of results.cost) c.vsBaseline = c.msPerGB / results.cost[0].msPerGB;
}

// ---- table ---------------------------------------------------------------------------------------
const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
const lines = [];
lines.push(`Mirage Lens benchmark: ${results.machine.cpus} cores (${results.machine.cpu}), ${results.machine.memGiB} GiB, Node ${results.machine.node}`);
lines.push('');
lines.push('Wall: the median of the rounds; vs baseline: the median of each round\'s ratio (the cases take turns).');
lines.push('');
lines.push('| input | case | rounds | wall | throughput | peak RSS | vs baseline |');
lines.push('|---|---|---:|---:|---:|---:|---:|');
for (const row of results.pipeline) {
  for (const c of row.cases) {
    lines.push(`| ${row.mb.toFixed(0)} MB, ${row.rows ? row.rows.toLocaleString('en') + ' rows' : ''} | ${c.label} | ${c.runs} | ${fmtS(c.wallMs)} | ${c.mbPerS.toFixed(0)} MB/s | ${c.peakRssMB.toFixed(0)} MB | ${c.ratio.toFixed(2)}x |`);
  }
}
const b = results.bootstrap;
lines.push('');
lines.push(
  `Bootstrap of the emergence score, ${b.resamples.toLocaleString('en')} resamples x ${b.series} series (${b.models} models x ${b.items} binary items), 1 thread / 2 threads: ` +
    `unpaired ${fmtS(b.unpairedMs)} / ${fmtS(b.unpairedMs2)}; paired, items of varying difficulty ${fmtS(b.pairedMs)} / ${fmtS(b.pairedMs2)}; ` +
    `paired, every score independent (worst case) ${fmtS(b.pairedWorstMs)} / ${fmtS(b.pairedWorstMs2)}`,
);
if (results.hover) {
  lines.push(`Hover from the cached analysis (${results.hover.series} series, ${results.hover.lookups} lookups on log lines): median ${results.hover.medianMs.toFixed(3)} ms, p99 ${results.hover.p99Ms.toFixed(3)} ms, max ${results.hover.maxMs.toFixed(3)} ms`);
}
if (results.cost) {
  const [base, ...rest] = results.cost;
  const [small, large] = results.pipeline;
  lines.push(
    `Per-byte and fixed cost (a line through the ${small.mb.toFixed(0)} MB and ${large.mb.toFixed(0)} MB runs): ${base.label} ${fmtS(base.msPerGB)} per GB + ${fmtS(base.fixedMs)}; ` +
      rest.map((c) => `${c.label} ${fmtS(c.msPerGB)} per GB (${c.vsBaseline.toFixed(2)}x the baseline's) + ${fmtS(c.fixedMs)}`).join('; '),
  );
}
if (results.contention) {
  const k = results.contention;
  lines.push(`Two threads on this machine: the baseline alone ${fmtS(k.soloMs)}, two copies at once ${fmtS(k.pairMs)} each (${k.slowdown.toFixed(2)}x slower)`);
}
if (results.activation) {
  const a = results.activation;
  lines.push(`Activation in VS Code (code-server, production bundle, ${a.runs} runs): median ${a.medianMs.toFixed(1)} ms (of which loading the code ${a.loadMedianMs.toFixed(1)} ms), max ${a.maxMs.toFixed(1)} ms (runs: ${a.allMs.map((x) => x.toFixed(1)).join(", ")})`);
}
if (results.panel) {
  lines.push(`Panel first paint with ${results.panel.series} tasks (init message to painted, headless Chromium, ${results.panel.runs} runs): median ${results.panel.initToPaintMs.median} ms, max ${results.panel.initToPaintMs.max} ms`);
}

// ---- targets (issue 5) ------------------------------------------------------------------------------
const checks = [];
for (const row of results.pipeline) {
  const [, one, two] = row.cases;
  const size = `${row.mb.toFixed(0)} MB`;
  checks.push([`${size}: 1 thread within 1.5x of the baseline`, one.ratio <= 1.5, `${one.ratio.toFixed(2)}x`]);
  checks.push([`${size}: 2 workers faster than the baseline`, two.ratio < 1, `${two.ratio.toFixed(2)}x`]);
  if (row.mb >= 4000) checks.push([`${size}: completes`, one.exit === 0 && two.exit === 0, `1 thread ${fmtS(one.wallMs)}, RSS ${one.peakRssMB.toFixed(0)} MB; 2 workers ${fmtS(two.wallMs)}, RSS ${two.peakRssMB.toFixed(0)} MB`]);
  else if (row.mb >= 900) checks.push([`${size}: peak RSS under 1 GB`, Math.max(one.peakRssMB, two.peakRssMB) < 1000, `${Math.max(one.peakRssMB, two.peakRssMB).toFixed(0)} MB`]);
}
if (results.cost) {
  const [, one, two] = results.cost;
  checks.push([`per-byte cost: 1 thread within 1.5x of the baseline's`, one.vsBaseline <= 1.5, `${one.vsBaseline.toFixed(2)}x; fixed cost ${fmtS(one.fixedMs)}`]);
  checks.push([`per-byte cost: 2 workers below the baseline's`, two.vsBaseline < 1, `${two.vsBaseline.toFixed(2)}x; fixed cost ${fmtS(two.fixedMs)}`]);
}
for (const [name, label] of [['unpaired', 'unpaired'], ['paired', 'paired (items of varying difficulty)'], ['pairedWorst', 'paired worst case']]) {
  checks.push([`bootstrap 10k x 500 series under 2 s, ${label}, 1 thread`, b[`${name}Ms`] < 2000, fmtS(b[`${name}Ms`])]);
  checks.push([`bootstrap 10k x 500 series under 2 s, ${label}, 2 threads`, b[`${name}Ms2`] < 2000, fmtS(b[`${name}Ms2`])]);
}
if (results.hover) checks.push(['hover under 10 ms', results.hover.maxMs < 10, `max ${results.hover.maxMs.toFixed(2)} ms`]);
if (results.activation) checks.push(['activation under 50 ms (own time)', results.activation.medianMs < 50, `median ${results.activation.medianMs.toFixed(1)} ms, max ${results.activation.maxMs.toFixed(1)} ms`]);
if (results.panel) checks.push(['panel first paint (500 tasks) under 300 ms', results.panel.initToPaintMs.median < 300, `median ${results.panel.initToPaintMs.median} ms`]);
lines.push('');
lines.push('Targets:');
for (const [what, ok, detail] of checks) lines.push(`  ${ok ? 'met   ' : 'MISSED'} ${what} (${detail})`);
results.targets = checks.map(([what, ok, detail]) => ({ what, ok, detail }));

console.log('\n' + lines.join('\n'));
writeFileSync(join(root, 'out', 'bench-results.json'), JSON.stringify(results, null, 2));
writeFileSync(join(root, 'out', 'bench-results.md'), lines.join('\n') + '\n');
console.log('\nwritten: out/bench-results.json, out/bench-results.md');
if (!args.includes('--keep')) rmSync(buildDir, { recursive: true, force: true });
