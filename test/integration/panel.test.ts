import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { api, fixture, waitFor } from './helpers';

suite('panel', () => {
  test('Check for Mirage on a folder opens the panel beside, and the webview receives the verdicts', async () => {
    const a = await api();
    const dir = fixture('sweep');
    await vscode.commands.executeCommand('mirage.checkForMirage', vscode.Uri.file(dir));
    const report = await waitFor('the folder analysis', () => a.reportFor(fixture('sweep', 'arith.csv')));
    assert.ok(report.series.length >= 2, `series: ${report.series.length}`);
    const group = await waitFor('a Mirage panel tab', () =>
      vscode.window.tabGroups.all.find((g) =>
        g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('mirage.panel')),
      ),
    );
    // Beside the code: not in the first editor group.
    assert.ok(group.viewColumn > vscode.ViewColumn.One, `panel in column ${group.viewColumn}`);
    assert.equal(a.panel().scope, dir);
    // Handshake: the webview said `ready` and got `init`/`update` carrying every series.
    await waitFor('the webview to post ready', () => a.panel().ready, 60_000);
    const got = await waitFor('verdicts posted to the webview', () =>
      a.panel().log.find((m) => m.dir === 'out' && (m.type === 'init' || m.type === 'update') && (m.series ?? 0) > 0),
    );
    assert.equal(got.series, report.series.length);
    assert.ok(a.panel().log.some((m) => m.dir === 'in' && m.type === 'ready'));
  });

  test('openReportForTask selects the task in the open panel', async () => {
    const a = await api();
    const dir = fixture('sweep');
    const report = await waitFor('the folder analysis', () => a.reportFor(fixture('sweep', 'arith.csv')));
    const s = report.series.find((x) => x.task === 'arith') ?? report.series[0]!;
    const key = `${s.task}\u241f${s.family}\u241f${s.setting}`;
    await vscode.commands.executeCommand('mirage.openReportForTask', { path: dir, key });
    await waitFor('a select message', () =>
      a.panel().log.find((m) => m.dir === 'out' && (m.type === 'select' || m.type === 'init') && m.key === key),
    );
  });

  test('a folder without eval logs says so in the panel', async () => {
    const a = await api();
    const empty = fixture('no-logs');
    fs.mkdirSync(empty, { recursive: true });
    fs.writeFileSync(`${empty}/notes.txt`, 'not a log\n');
    await vscode.commands.executeCommand('mirage.checkForMirage', vscode.Uri.file(empty));
    await waitFor('an error posted to the panel', () =>
      a.panel().log.find((m) => m.dir === 'out' && m.type === 'error'),
    );
    // Back to the sweep for the suites that follow.
    await vscode.commands.executeCommand('mirage.checkForMirage', vscode.Uri.file(fixture('sweep')));
    await waitFor('the sweep again', () => a.panel().scope === fixture('sweep') && a.reportFor(fixture('sweep', 'arith.csv')));
  });

  test('a malformed command argument is refused', async () => {
    const before = (await api()).panel().seq;
    await vscode.commands.executeCommand('mirage.openReportForTask', { path: 3 });
    assert.equal((await api()).panel().seq, before);
  });
});
