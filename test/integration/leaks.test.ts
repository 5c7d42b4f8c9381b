/**
 * Nothing outlives the panel: after it closes, the counts the extension exports (`stats()`) are back
 * where they were before it opened: listeners on the analysis service, the panel's own disposables,
 * the watcher's debounce timers and waiting events, FileSystemWatchers, analyses (running and
 * finished) and cached reads of the folder it showed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MirageStats } from '../../src/util/extensionApi';
import { api, closePanel, fixture, perItemCsv, perItemJsonl, settle, waitFor } from './helpers';

/** The counts that must come back to their value before the panel opened. */
function resources(s: MirageStats) {
  return {
    listeners: s.listeners,
    panelOpen: s.panelOpen,
    panelDisposables: s.panelDisposables,
    timers: s.timers,
    pendingFiles: s.pendingFiles,
    fsWatchers: s.fsWatchers,
    scopes: s.scopes,
    running: s.running,
    cached: s.cached,
  };
}

suite('leaks', () => {
  test('closing the panel releases its listeners, timers, watcher work, analyses and cached reads', async () => {
    const a = await api();
    const dir = fixture('leak');
    fs.mkdirSync(dir, { recursive: true });
    const csv = path.join(dir, 'one.csv');
    fs.writeFileSync(csv, perItemCsv('leak_a', [0, 0, 1, 2, 19]));
    fs.writeFileSync(path.join(dir, 'two.jsonl'), perItemJsonl('leak_b', [2, 4, 6, 8, 10]));
    await closePanel();
    await settle();
    const before = resources(a.stats());
    assert.equal(before.panelDisposables, 0);

    // Three rounds, each closing at a different moment: after everything settled, with a file
    // event waiting for its debounce, and with the analysis still running.
    for (const when of ['settled', 'debouncing', 'analysing'] as const) {
      const shown = vscode.commands.executeCommand('mirage.checkForMirage', vscode.Uri.file(dir));
      if (when !== 'analysing') {
        await shown;
        await waitFor('the webview to post ready', () => a.panel().ready, 60_000);
        const open = a.stats();
        assert.ok(open.panelOpen && open.panelDisposables > 0, `${when}: the panel holds ${open.panelDisposables} disposables`);
        assert.ok(open.listeners === before.listeners, `${when}: opening the panel subscribed ${open.listeners - before.listeners} more listeners`);
      }
      if (when === 'debouncing') {
        const events = a.stats().events;
        fs.writeFileSync(csv, perItemCsv('leak_a', [0, 1, 1, 2, 19]));
        await waitFor('the file event', () => a.stats().events > events);
      }
      if (when === 'analysing') await waitFor('the panel to open', () => a.stats().panelOpen);
      await closePanel();
      await shown;
      await settle();
      assert.deepEqual(resources(a.stats()), before, `after closing the panel (${when})`);
    }
  });
});
