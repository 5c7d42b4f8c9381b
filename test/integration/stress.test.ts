/**
 * Stress: a burst of saves to one watched log, and a watched folder of 1,000 logs. The counts come
 * from the extension's exports (`stats()`): reads are `readInput` calls per file (a cache hit is not
 * a read), analyses are analyses started per scope.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyzeResults, readInput } from '../../src/core/analyze';
import { api, closePanel, fixture, hoverText, openLog, perItemCsv, settle, waitFor } from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One model's rows for one task: `k` of `n` items right. Model j of four sizes. */
function oneModel(task: string, j: number, k: number, jsonl: boolean, n = 5): string {
  const [model, params] = ([['s-70m', 7e7], ['s-160m', 1.6e8], ['s-410m', 4.1e8], ['s-1b', 1e9]] as const)[j]!;
  const rows: string[] = jsonl ? [] : ['model,params,task,item,target,prediction,correct'];
  for (let i = 0; i < n; i++) {
    const ok = i < k;
    rows.push(
      jsonl
        ? JSON.stringify({ model, params, task, item: `i${i}`, target: 'x', prediction: ok ? 'x' : 'y', correct: ok ? 1 : 0 })
        : `${model},${params},${task},i${i},x,${ok ? 'x' : 'y'},${ok ? 1 : 0}`,
    );
  }
  return rows.join('\n') + '\n';
}

/** 250 tasks x 4 model sizes, one model and task per file, CSV and JSONL alternating; their paths. */
function writeThousandLogs(dir: string): string[] {
  const files: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const jsonl = i % 2 === 1;
    const f = path.join(dir, `log-${String(i).padStart(4, '0')}.${jsonl ? 'jsonl' : 'csv'}`);
    fs.writeFileSync(f, oneModel(`t${Math.floor(i / 4)}`, i % 4, i % 4 === 3 ? 5 : i % 4, jsonl));
    files.push(f);
  }
  return files;
}

suite('stress', () => {
  suiteTeardown(async () => {
    // The panel may show the 1,000-log folder; close it so the suites after this one start clean.
    await closePanel().catch(() => undefined);
    fs.rmSync(fixture('thousand'), { recursive: true, force: true });
    fs.rmSync(fixture('live'), { recursive: true, force: true });
    await settle().catch(() => undefined);
  });

  test('100 saves of a watched log within a second: at most 5 analyses, and the last save wins', async () => {
    const a = await api();
    const dir = fixture('stress');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'burst.csv');
    fs.writeFileSync(file, perItemCsv('burst_start', [0, 0, 0, 0, 19]));
    await openLog(file);
    await waitFor('the first analysis', () => a.reportFor(file)?.series.some((s) => s.task === 'burst_start'));
    await settle();
    const before = a.stats();

    // The file events as the extension receives them, sampled every 5 ms: VS Code's watcher already
    // merges the 100 writes into a few events, sometimes more than the debounce apart.
    const arrivals: number[] = [];
    let seen = before.events;
    const sampler = setInterval(() => {
      const e = a.stats().events;
      if (e !== seen) arrivals.push(Date.now());
      seen = e;
    }, 5);

    // 100 writes about 8 ms apart, each with a different task name (and so a different size).
    const t0 = Date.now();
    try {
      for (let i = 0; i < 100; i++) {
        fs.writeFileSync(file, perItemCsv(`burst_${i}`, [0, i % 3, 1, 2, 19]));
        if (i < 99) await sleep(Math.max(0, t0 + (i + 1) * 8 - Date.now()));
      }
      const took = Date.now() - t0;
      assert.ok(took < 1000, `the 100 saves took ${took} ms`);
      await waitFor('the analysis of the last save', () => a.reportFor(file)?.series.some((s) => s.task === 'burst_99'));
      await settle();
    } finally {
      clearInterval(sampler);
    }
    const after = a.stats();
    const analyses = (after.analyses[file] ?? 0) - (before.analyses[file] ?? 0);
    const reads = (after.reads[file] ?? 0) - (before.reads[file] ?? 0);
    // Debounced: a new analysis needs a pause of 300 ms in the events (250 here: sampling slack).
    const pauses = arrivals.slice(1).filter((t, i) => t - arrivals[i]! >= 250).length;
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    console.log(`[mirage-integration] 100 saves: ${arrivals.length} event arrivals (gaps ${gaps.join(', ')} ms), ${analyses} analyses, ${reads} reads`);
    assert.ok(analyses >= 1 && analyses <= 5, `${analyses} analyses of ${file} for 100 saves`);
    assert.ok(analyses <= pauses + 1, `${analyses} analyses for ${arrivals.length} event arrivals with ${pauses} pause(s) of 250 ms or more: not debounced`);
    assert.ok(reads >= 1 && reads <= analyses, `${reads} reads of ${file} for ${analyses} analyses`);

    // The final state is the last save's: report, Problems panel and hover.
    const final = a.reportFor(file)!;
    assert.deepEqual(final.series.map((s) => s.task), ['burst_99']);
    assert.deepEqual(final.inputs.map((i) => i.rows), [100]);
    const uri = vscode.Uri.file(file);
    const claims = await waitFor('the claim diagnostic of the last save', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Mirage Lens');
      return d.length && d.every((x) => x.message.includes('burst_99')) ? d : undefined;
    });
    assert.ok(claims.every((d) => !/burst_(start|\d\b|[0-8]\d)/.test(d.message)), claims.map((d) => d.message).join('\n'));
    const hover = await waitFor('a hover on the last save\'s task', async () => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
      const line = doc?.lineAt(1).text ?? '';
      if (!line.includes('burst_99')) return undefined; // the editor has not reloaded yet
      const t = await hoverText(file, 1, line.indexOf('burst_99') + 2);
      return t.includes('burst_99') ? t : undefined;
    });
    assert.match(hover, /burst_99/);
  });

  test('a watched folder of 1,000 logs is analysed in full; a change to one re-reads only that one', async function () {
    this.timeout(240_000);
    const a = await api();
    const dir = fixture('thousand');
    fs.mkdirSync(dir, { recursive: true });
    const files = writeThousandLogs(dir);
    // Let the 1,000 create events arrive first: a late one rightly drops a file's cached read.
    await settle(1500);

    const t0 = Date.now();
    await vscode.commands.executeCommand('mirage.checkForMirage', vscode.Uri.file(dir));
    const report = await waitFor('the folder analysis', () => {
      const r = a.reportFor(files[0]!);
      return r && r.inputs.length === 1000 ? r : undefined;
    }, 180_000);
    const firstMs = Date.now() - t0;
    assert.equal(a.panel().scope, dir);
    assert.deepEqual(report.inputs.map((i) => i.path).sort(), [...files].sort());
    const bad = report.inputs.filter((i) => i.skipped || i.rows !== 5 || i.problems.length);
    assert.equal(bad.length, 0, `unread or odd inputs: ${bad.slice(0, 5).map((i) => `${i.path}: ${i.skipped ?? i.rows}`).join('; ')}`);
    assert.equal(report.series.length, 250);
    await settle();
    const s1 = a.stats();
    const notOnce = files.filter((f) => s1.reads[f] !== 1);
    assert.equal(notOnce.length, 0, `read other than once: ${notOnce.slice(0, 5).map((f) => `${path.basename(f)} x${s1.reads[f] ?? 0}`).join(', ')}`);

    // A change to one file: the folder is analysed again from the cache plus that one read.
    const changed = files[500]!;
    fs.writeFileSync(changed, oneModel('changed_task', 0, 3, false));
    const r2 = await waitFor('the re-analysis with the changed file', () => {
      const r = a.reportFor(files[0]!);
      return r?.series.some((s) => s.task === 'changed_task') ? r : undefined;
    }, 120_000);
    assert.equal(r2.inputs.length, 1000);
    await settle();
    const s2 = a.stats();
    const reread = files.filter((f) => s2.reads[f] !== s1.reads[f]);
    assert.deepEqual(reread, [changed], `re-read: ${reread.slice(0, 5).join(', ')}${reread.length > 5 ? ` (+${reread.length - 5})` : ''}`);
    assert.ok(s2.reads[changed]! - s1.reads[changed]! <= 2, `${changed} read ${s2.reads[changed]! - s1.reads[changed]!} more times`);
    const again = (s2.analyses[dir] ?? 0) - (s1.analyses[dir] ?? 0);
    assert.ok(again >= 1 && again <= 2, `${again} re-analyses of the folder for one change`);
    console.log(`[mirage-integration] 1,000 logs: first analysis ${firstMs} ms`);
  });

  test('1,000 logs written into the folder the panel shows: a few analyses of the folder, not one per file', async function () {
    this.timeout(240_000);
    const a = await api();
    const dir = fixture('live');
    fs.mkdirSync(dir, { recursive: true });
    const seed = path.join(dir, 'seed.csv');
    fs.writeFileSync(seed, oneModel('seed', 0, 1, false));
    await settle();
    await vscode.commands.executeCommand('mirage.checkForMirage', vscode.Uri.file(dir));
    await waitFor('the seed analysis', () => a.reportFor(seed));
    await settle();
    const before = a.stats();

    // An eval harness writing its logs while the panel watches: 1,000 files in well under a second.
    const t0 = Date.now();
    const files = writeThousandLogs(dir);
    const report = await waitFor('the folder analysis with every new log', () => {
      const r = a.reportFor(seed);
      return r && r.inputs.length === 1001 ? r : undefined;
    }, 200_000);
    const tookMs = Date.now() - t0;
    await settle();
    const after = a.stats();
    assert.ok(report.inputs.every((i) => !i.skipped && i.rows > 0));
    const analyses = (after.analyses[dir] ?? 0) - (before.analyses[dir] ?? 0);
    const reads = files.map((f) => (after.reads[f] ?? 0) - (before.reads[f] ?? 0));
    const total = reads.reduce((x, y) => x + y, 0);
    console.log(`[mirage-integration] 1,000 logs written into the watched folder: ${analyses} analyses, ${total} reads, complete in ${tookMs} ms`);
    assert.ok(analyses >= 1 && analyses <= 10, `${analyses} analyses of the folder for one burst of 1,000 new logs`);
    assert.ok(reads.every((n) => n >= 1 && n <= 2), `reads per new log: ${Math.min(...reads)}..${Math.max(...reads)}`);
  });

  test('a large log is judged on worker threads, with the verdicts and figures the core gives alone', async () => {
    // 5 sizes x 2 tasks x 3,000 items with texts: 7 scores per row, 210,000 in all, over the
    // extension's offload threshold (150,000), so the series are judged off the extension host.
    const a = await api();
    const dir = fixture('large');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'sweep.jsonl');
    const sizes = [['l-70m', 7e7], ['l-160m', 1.6e8], ['l-410m', 4.1e8], ['l-1b', 1e9], ['l-2.8b', 2.8e9]] as const;
    const right = [0, 3, 30, 1500, 2700];
    const rows: string[] = [];
    for (const task of ['large_a', 'large_b']) {
      sizes.forEach(([model, params], j) => {
        for (let i = 0; i < 3000; i++) {
          const ok = i < right[j]!;
          rows.push(JSON.stringify({ model, params, task, item: i, target: `a${i % 97} b c`, prediction: ok ? `a${i % 97} b c` : `a${i % 97} b`, correct: ok ? 1 : 0 }));
        }
      });
    }
    fs.writeFileSync(file, rows.join('\n') + '\n');
    const before = a.stats().judgedOnWorkers;
    await openLog(file);
    const report = await waitFor('the large log\'s analysis', () => a.reportFor(file), 120_000);
    assert.deepEqual(report.series.map((x) => x.task).sort(), ['large_a', 'large_b']);
    assert.equal(a.stats().judgedOnWorkers - before, 2, 'both series judged on worker threads');
    // The same log judged here, on this thread, by the core alone: the same verdicts and figures.
    const serial = analyzeResults([await readInput(file, { workers: 0 })], { workers: 0 });
    const digest = (series: typeof report.series) =>
      series.map((x) => ({ task: x.task, verdict: x.verdict, metrics: x.metrics.map((m) => [m.name, m.emergenceScore, m.deltaBic]) }));
    assert.deepEqual(digest(report.series), digest(serial.series));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
