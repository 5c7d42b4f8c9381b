import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { api, fixture, waitFor } from './helpers';

/** A per-item CSV for one task over four sizes (every model gets `correct` right on `k` of 10). */
function csv(task: string, k: number[]): string {
  const sizes: Array<[string, number]> = [['w-70m', 7e7], ['w-160m', 1.6e8], ['w-410m', 4.1e8], ['w-1b', 1e9]];
  const rows = ['model,params,task,item,target,prediction,correct'];
  sizes.forEach(([m, n], j) => {
    for (let i = 0; i < 10; i++) rows.push(`${m},${n},${task},i${i},x,${i < k[j]! ? 'x' : 'y'},${i < k[j]! ? 1 : 0}`);
  });
  return rows.join('\n') + '\n';
}

suite('watcher', () => {
  test('a file created in the panel\'s folder is read and the panel updates', async () => {
    const a = await api();
    const dir = fixture('sweep');
    await vscode.commands.executeCommand('mirage.checkForMirage', vscode.Uri.file(dir));
    await waitFor('the folder analysis', () => a.reportFor(fixture('sweep', 'arith.csv')));
    await a.idle();
    // The command may have re-rendered the panel (the suite before left it on another folder); until
    // its page says `ready`, posts are dropped and the data goes with `init` instead. Wait for it, so
    // that what follows tests the watcher's push, not the page's load time.
    await waitFor('the panel page to be ready', () => a.panel().ready && a.panel().scope === dir);
    // By seq, not by counting entries: the probe's log is bounded and drops its oldest entries.
    const seqBefore = a.panel().seq;
    const created = fixture('sweep', 'created.csv');
    fs.writeFileSync(created, csv('created_task', [0, 1, 2, 3]));
    const report = await waitFor('the new file in the folder report', () => {
      const r = a.reportFor(fixture('sweep', 'arith.csv'));
      return r?.series.some((s) => s.task === 'created_task') ? r : undefined;
    });
    assert.ok(report.inputs.some((i) => i.path === created));
    // An `update` with the new report's series; an `init` would carry them too if the page reloaded.
    await waitFor('an update posted to the panel', () =>
      a.panel().log.some((m) => m.seq > seqBefore && m.dir === 'out' && (m.type === 'update' || m.type === 'init') && m.series === report.series.length),
    ).catch((e: Error) => {
      // Say what the panel did see, so that a failure in CI can be read without a re-run.
      const p = a.panel();
      const tail = p.log.slice(-8).map((m) => `${m.seq} ${m.dir} ${m.type}`).join('; ');
      throw new Error(`${e.message} (seq before ${seqBefore}; ready ${p.ready}; scope ${p.scope}; last: ${tail})`);
    });
  });

  test('a changed file is re-read and its analysis follows', async () => {
    const a = await api();
    const file = fixture('changed.csv');
    fs.writeFileSync(file, csv('before_task', [0, 0, 1, 9]));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc, { preview: false });
    await waitFor('the first analysis', () => a.reportFor(file)?.series.some((s) => s.task === 'before_task'));
    fs.writeFileSync(file, csv('after_task', [1, 3, 5, 7]));
    const r = await waitFor('the re-analysis', () => {
      const rep = a.reportFor(file);
      return rep?.series.some((s) => s.task === 'after_task') ? rep : undefined;
    });
    assert.ok(!r.series.some((s) => s.task === 'before_task'));
  });
});
