/**
 * A watched folder with symlinks that loop back (one to the folder's parent, one to the folder
 * itself, one from a subfolder to its parent) is analysed in bounded time, each real log once, and
 * stays watched: a change to one of its logs is picked up.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, fixture, perItemCsv, perItemJsonl, settle, waitFor } from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Rejects after `ms`: a walk that follows a loop never finishes. */
function within<T>(ms: number, what: string, p: Thenable<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (a symlink loop?)`)), ms);
  });
  return Promise.race([Promise.resolve(p), t]).finally(() => clearTimeout(timer));
}

suite('symlinks', () => {
  test('a watched folder with a symlink to its parent is analysed without hanging; its logs are read once', async function () {
    const a = await api();
    const root = fixture('symloop');
    const watched = path.join(root, 'watched');
    const nested = path.join(watched, 'nested');
    // One level at a time: VS Code's file watcher (parcel, inotify) can miss folders created inside
    // a folder it has not started watching yet (`mkdir -p` then writes: no events under them ever),
    // which is not what this test is about.
    for (const d of [root, watched, nested]) {
      fs.mkdirSync(d, { recursive: true });
      await sleep(300);
    }
    const csv = path.join(watched, 'a.csv');
    const jsonl = path.join(nested, 'b.jsonl');
    const events = a.stats().events;
    fs.writeFileSync(csv, perItemCsv('loop_a', [0, 0, 1, 2, 19]));
    fs.writeFileSync(jsonl, perItemJsonl('loop_b', [2, 4, 6, 8, 10]));
    await waitFor('the watcher to report both logs', () => a.stats().events >= events + 2, 10_000);
    try {
      fs.symlinkSync('..', path.join(watched, 'parent'), 'dir'); // -> symloop, which holds watched again
      fs.symlinkSync('.', path.join(watched, 'self'), 'dir'); // -> watched
      fs.symlinkSync('..', path.join(nested, 'up'), 'dir'); // -> watched
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPERM') this.skip(); // Windows without the privilege
      throw e;
    }
    await settle();
    const before = a.stats();

    await within(30_000, 'Check for Mirage on the folder', vscode.commands.executeCommand('mirage.checkForMirage', vscode.Uri.file(watched)));
    const report = await waitFor('the folder analysis', () => a.reportFor(csv));
    assert.equal(a.panel().scope, watched);
    assert.deepEqual(report.series.map((s) => s.task).sort(), ['loop_a', 'loop_b']);
    // Each real log once, whatever path through the links led to it.
    const real = report.inputs.map((i) => fs.realpathSync(i.path));
    assert.deepEqual([...real].sort(), [fs.realpathSync(csv), fs.realpathSync(jsonl)].sort(), report.inputs.map((i) => i.path).join(', '));
    assert.ok(report.inputs.every((i) => !i.skipped && i.rows === 100));
    await within(30_000, 'the watcher settling', settle());
    const after = a.stats();
    for (const f of [csv, jsonl]) assert.equal((after.reads[f] ?? 0) - (before.reads[f] ?? 0), 1, `reads of ${f}`);

    // Still watched: a change to a log in the folder is picked up, and again without hanging.
    fs.writeFileSync(csv, perItemCsv('loop_a2', [0, 0, 1, 2, 19]));
    await waitFor('the re-analysis', () => a.reportFor(csv)?.series.some((s) => s.task === 'loop_a2'));
    await within(30_000, 'the watcher settling', settle());
  });
});
