import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixture, openLog, waitFor } from './helpers';

suite('diagnostics', () => {
  test('a malformed line shows in the Problems panel at its line', async () => {
    const file = fixture('malformed.csv');
    await openLog(file);
    const uri = vscode.Uri.file(file);
    const diags = await waitFor('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Mirage Lens');
      return d.length ? d : undefined;
    });
    const lines = diags.filter((d) => d.code === 'malformed-record').map((d) => d.range.start.line);
    // Line 4 (0-based 3) lacks columns.
    assert.ok(lines.includes(3), `problem lines: ${lines.join(',')}`);
  });

  test('emergence claims show at the task\'s first row with the verdict', async () => {
    const file = fixture('sweep', 'arith.csv');
    await openLog(file);
    const uri = vscode.Uri.file(file);
    const claims = await waitFor('claim diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Mirage Lens' && x.code !== 'malformed-record');
      return d.length ? d : undefined;
    });
    for (const c of claims) {
      assert.match(c.message, /^Emergence claim on /);
      assert.ok(
        c.severity === vscode.DiagnosticSeverity.Information || c.severity === vscode.DiagnosticSeverity.Warning,
      );
      assert.equal(c.range.start.line, 1, 'first data row');
    }
  });
});
