import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, fixture, hoverText, openLog, waitFor } from './helpers';

suite('hover, CodeLens and status bar', () => {
  test('hovering a task name shows its verdict, numbers and a link to the panel', async () => {
    const file = fixture('sweep', 'arith.csv');
    const editor = await openLog(file);
    const line = editor.document.lineAt(1).text;
    const col = line.indexOf('arith') + 2;
    const text = await waitFor('a hover', async () => {
      const t = await hoverText(file, 1, col);
      return t.includes('arith') ? t : undefined;
    });
    assert.match(text, /\| metric \| kind \| ES \| ΔBIC \| claim \|/);
    assert.match(text, /n per model: /);
    assert.match(text, /Items needed per model/);
    assert.match(text, /\]\(command:mirage\.openReportForTask\?/);
  });

  test('hovering anywhere on a row of a JSONL log finds its task', async () => {
    const file = fixture('sweep', 'copy.jsonl');
    await openLog(file);
    const text = await waitFor('a hover', async () => {
      const t = await hoverText(file, 3, 2);
      return t.includes('copy') ? t : undefined;
    });
    assert.match(text, /Open in Mirage report/);
  });

  test('log text in a hover is inert: no foreign command link, no HTML', async () => {
    const file = fixture('hostile.csv');
    const editor = await openLog(file);
    const col = editor.document.lineAt(1).text.indexOf('[run]') + 3;
    const text = await waitFor('a hover', async () => (await hoverText(file, 1, col)) || undefined);
    assert.ok(!text.includes('](command:workbench'), text);
    assert.ok(!/(^|[^\\])<b>/.test(text), text);
    const links = text.match(/\]\(command:[\w.]+/g) ?? [];
    for (const l of links) assert.equal(l, '](command:mirage.openReportForTask');
  });

  test('CodeLens on the first line counts tasks, claims and mirages; the status bar sums up', async () => {
    const file = fixture('sweep', 'arith.csv');
    await openLog(file);
    const lenses = await waitFor('CodeLens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        vscode.Uri.file(file),
      );
      return l?.length ? l : undefined;
    });
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /^\d+ tasks? · \d+ emergent claims? · \d+ mirages?$/.test(t)), titles.join(' | '));
    assert.ok(titles.includes('Open report'));
    assert.ok(lenses.every((l) => l.range.start.line === 0));
    const a = await api();
    const status = await waitFor('the status bar item', () => a.statusText());
    assert.match(status, /Mirage: \d+ claims?, \d+ survives?/);
  });
});
