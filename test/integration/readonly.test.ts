/**
 * Inputs are only ever read. A folder of logs in four formats (CSV, JSONL, lm-eval results JSON and
 * gzipped lm-eval samples) is hashed before and after everything the extension can be asked to do
 * with it: every command it contributes (each with the arguments menus, links and the palette give
 * it), the panel's actions (reveal, export report and chart, copy table), hovers, CodeLens and
 * diagnostics. Bytes, sizes, mtimes and the folder's listing must not change.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import { PanelActions } from '../../src/panel/panelActions';
import { seriesKey } from '../../src/protocol';
import type { ScopeAnalysis } from '../../src/watch/analysisService';
import { api, EXTENSION_ID, fixture, hoverText, openLog, perItemCsv, perItemJsonl, settle, waitFor } from './helpers';

/** A 1x1 PNG, as the panel's chart export sends it. */
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Writes the lm-eval part: per model a results JSON and its gzipped per-sample JSONL. */
function writeLmEval(dir: string): void {
  for (const [m, k] of [['pythia-70m', 0], ['pythia-160m', 2], ['pythia-410m', 5], ['pythia-1b', 9]] as const) {
    const d = path.join(dir, `EleutherAI__${m}`);
    fs.mkdirSync(d, { recursive: true });
    const results = {
      results: { piqa: { alias: 'piqa', 'acc,none': k / 10, 'acc_stderr,none': 0.05 } },
      'n-shot': { piqa: 0 },
      'n-samples': { piqa: { original: 10, effective: 10 } },
      config: { model: 'hf', model_args: `pretrained=EleutherAI/${m}` },
      model_name: `EleutherAI/${m}`,
    };
    fs.writeFileSync(path.join(d, 'results_2024-01-01T00-00-00.json'), JSON.stringify(results, null, 2));
    const rows: string[] = [];
    for (let i = 0; i < 10; i++) {
      const gold = i % 2;
      const pick = i < k ? gold : 1 - gold;
      const ll = (c: number) => String(pick === c ? -1 : -2);
      rows.push(JSON.stringify({
        doc_id: i, doc: { q: i }, target: gold, arguments: [['Q', ' a'], ['Q', ' b']],
        resps: [[[ll(0), 'False']], [[ll(1), 'False']]], filtered_resps: [[ll(0), 'False'], [ll(1), 'False']],
        filter: 'none', metrics: ['acc'], doc_hash: 'h', prompt_hash: 'p', target_hash: 't', acc: i < k ? 1 : 0,
      }));
    }
    fs.writeFileSync(path.join(d, 'samples_piqa_2024-01-01T00-00-00.jsonl.gz'), gzipSync(rows.join('\n') + '\n'));
  }
}

interface Entry { sha256?: string; size: number; mtimeMs: number; mode: number }

/** Every file and folder under `dir`: content hash, size, mtime and mode. */
function snapshot(dir: string): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      const rel = path.relative(dir, p);
      if (e.isDirectory()) {
        out[`${rel}/`] = { size: 0, mtimeMs: st.mtimeMs, mode: st.mode };
        walk(p);
      } else {
        out[rel] = { sha256: createHash('sha256').update(fs.readFileSync(p)).digest('hex'), size: st.size, mtimeMs: st.mtimeMs, mode: st.mode };
      }
    }
  };
  walk(dir);
  return out;
}

/** All files under `dir`. */
function filesUnder(dir: string): string[] {
  return Object.keys(snapshot(dir)).filter((k) => !k.endsWith('/')).map((k) => path.join(dir, k)).sort();
}

suite('inputs are only read', () => {
  test('every contributed command, the panel actions, hovers and CodeLens leave every input byte for byte', async function () {
    this.timeout(180_000);
    const a = await api();
    const dir = fixture('readonly');
    fs.mkdirSync(dir, { recursive: true });
    const csv = path.join(dir, 'generic.csv');
    const jsonl = path.join(dir, 'generic.jsonl');
    fs.writeFileSync(csv, perItemCsv('ro_csv', [0, 0, 1, 2, 19]));
    fs.writeFileSync(jsonl, perItemJsonl('ro_jsonl', [1, 3, 6, 9, 12]));
    writeLmEval(dir);
    const logs = filesUnder(dir);
    // mtimes in the past: rewriting a file with the same bytes would still show.
    const past = new Date('2024-01-02T03:04:05Z');
    for (const f of logs) fs.utimesSync(f, past, past);
    for (const d of fs.readdirSync(dir).map((n) => path.join(dir, n)).filter((p) => fs.statSync(p).isDirectory())) fs.utimesSync(d, past, past);
    fs.utimesSync(dir, past, past);
    assert.deepEqual(logs.map((f) => path.extname(f)).sort(), ['.csv', '.gz', '.gz', '.gz', '.gz', '.json', '.json', '.json', '.json', '.jsonl']);
    await settle();
    const before = snapshot(dir);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mirage-export-'));

    // Editors on the text logs: the watcher analyses them; hovers, CodeLens, diagnostics and the
    // status bar read them.
    const textLogs = logs.filter((f) => !f.endsWith('.gz'));
    for (const f of textLogs) {
      await openLog(f);
      await hoverText(f, 1, 4);
      await vscode.commands.executeCommand('vscode.executeCodeLensProvider', vscode.Uri.file(f));
    }

    // Every command in package.json, with each kind of argument it is given.
    const contributed: string[] = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    const ran = new Set<string>();
    const run = async (id: string, ...args: unknown[]) => {
      ran.add(id);
      await vscode.commands.executeCommand(id, ...args);
    };
    for (const f of logs) await run('mirage.checkForMirage', vscode.Uri.file(f)); // explorer / editor title on a file
    await vscode.window.showTextDocument(vscode.Uri.file(csv), { preview: false });
    await run('mirage.checkForMirage'); // palette: the active log, so no open dialog
    await run('mirage.checkForMirage', vscode.Uri.file(dir)); // explorer on a folder
    await run('mirage.checkForMirage', vscode.Uri.file(csv), [vscode.Uri.file(dir), vscode.Uri.file(csv)]); // multi-selection: the folder
    const report = await waitFor('the folder analysis', () => {
      const r = a.reportFor(csv);
      return r && r.inputs.length === logs.length ? r : undefined;
    });
    assert.ok(report.series.length >= 3, `series: ${report.series.map((s) => s.task).join(', ')}`);
    for (const s of report.series) await run('mirage.openReportForTask', { path: dir, key: seriesKey(s) }); // hover / CodeLens links
    await run('mirage.openReportForTask', { path: 3 }); // a malformed link
    const missing = contributed.filter((c) => !ran.has(c));
    assert.deepEqual(missing, [], 'every contributed command is exercised here');

    // The panel's buttons. The exports get a target outside the folder in place of the save dialog.
    const log = vscode.window.createOutputChannel('Mirage Lens (read-only test)', { log: true });
    try {
      const actions = new PanelActions(log);
      const scope: ScopeAnalysis = {
        scope: dir, isFolder: true, report, at: Date.now(),
        files: report.inputs.filter((i) => !i.skipped).map((i) => i.path),
      };
      const key = seriesKey(report.series[0]!);
      for (const s of report.series) await actions.reveal(scope, seriesKey(s));
      await actions.exportReport(scope, vscode.Uri.file(path.join(out, 'report.md')));
      await actions.exportChart(scope, key, PNG, vscode.Uri.file(path.join(out, 'chart.png')));
      await actions.copyTable(scope);
      await actions.copyTable(scope, key);
    } finally {
      log.dispose();
    }
    assert.match(fs.readFileSync(path.join(out, 'report.md'), 'utf8'), /## ro\\?_csv/); // Markdown escapes the underscore
    assert.equal(fs.readFileSync(path.join(out, 'chart.png')).readUInt32BE(0), 0x89504e47);

    await settle();
    assert.deepEqual(snapshot(dir), before);
    fs.rmSync(out, { recursive: true, force: true });
  });
});
