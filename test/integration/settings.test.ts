import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, fixture, openLog, waitFor } from './helpers';

suite('settings', () => {
  test('changing a threshold re-analyses open logs with it', async () => {
    const a = await api();
    const file = fixture('sweep', 'copy.jsonl');
    await openLog(file);
    const c = vscode.workspace.getConfiguration('mirage');
    await c.update('emergenceThreshold', 123, vscode.ConfigurationTarget.Workspace);
    try {
      const r = await waitFor('the re-analysis with the new threshold', () => {
        const rep = a.reportFor(file);
        return rep?.options.esThreshold === 123 ? rep : undefined;
      });
      // Nothing clears an emergence score of 123: no claims left.
      assert.ok(r.series.every((s) => s.verdict !== 'emergent'));
    } finally {
      await c.update('emergenceThreshold', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the default threshold again', () => a.reportFor(file)?.options.esThreshold !== 123);
  });
});
