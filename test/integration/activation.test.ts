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
    // Wiring only: the analysis core is loaded on first use. The bound here is loose (a busy CI
    // machine); `npm run bench` reports the figure against the 50 ms target.
    console.log(`[mirage-integration] activation: ${a.activationMs.toFixed(1)} ms (loading the code ${a.loadMs.toFixed(1)} ms)`);
    assert.ok(a.loadMs > 0, 'the bundle\'s load time is measured');
    assert.ok(a.activationMs < 200, `activate took ${a.activationMs} ms`);
  });

  test('declares Restricted Mode (limited: watch globs from the user only) and no virtual workspaces', () => {
    // As the workbench loaded it (descriptions resolved from package.nls.json).
    const caps = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.capabilities;
    assert.equal(caps?.untrustedWorkspaces?.supported, 'limited');
    assert.deepEqual(caps.untrustedWorkspaces.restrictedConfigurations, ['mirage.watchGlobs']);
    assert.match(String(caps.untrustedWorkspaces.description), /only reads eval logs/);
    assert.equal(caps?.virtualWorkspaces?.supported, false);
    assert.match(String(caps.virtualWorkspaces.description), /file: URIs/);
  });

  test('contributes its settings with their defaults', () => {
    const c = vscode.workspace.getConfiguration('mirage');
    assert.equal(c.get('xAxis'), 'params');
    assert.equal(c.get('interval'), 'wilson');
    assert.ok((c.get<string[]>('watchGlobs') ?? []).includes('**/*.jsonl'));
  });
});
