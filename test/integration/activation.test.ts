import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID } from './helpers';

suite('activation', () => {
  test('activates, registers its commands, and its own activation is fast', async () => {
    const a = await api();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    const cmds = await vscode.commands.getCommands(true);
    assert.ok(cmds.includes('mirage.checkForMirage'));
    assert.ok(cmds.includes('mirage.openReportForTask'));
    // Wiring only: the analysis core is loaded on first use.
    assert.ok(a.activationMs < 200, `activate took ${a.activationMs} ms`);
  });

  test('contributes its settings with their defaults', () => {
    const c = vscode.workspace.getConfiguration('mirage');
    assert.equal(c.get('xAxis'), 'params');
    assert.equal(c.get('interval'), 'wilson');
    assert.ok((c.get<string[]>('watchGlobs') ?? []).includes('**/*.jsonl'));
  });
});
