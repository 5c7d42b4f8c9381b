/** Shared helpers for the integration suite (runs in the real extension host). */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { MirageApi } from '../../src/util/extensionApi';

export const EXTENSION_ID = 'mirage-lens.mirage-lens';

/** The test workspace folder (a copy of test/fixtures/workspace). */
export function workspaceDir(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the suite needs the fixture workspace open');
  return f.uri.fsPath;
}

export function fixture(...parts: string[]): string {
  return path.join(workspaceDir(), ...parts);
}

/** Activates the extension (if needed) and returns its test API. */
export async function api(): Promise<MirageApi> {
  const ext = vscode.extensions.getExtension<MirageApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : await ext.activate();
}

/** Polls `check` until it returns a truthy value or the time is up. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Opens a fixture file in an editor and waits until its analysis is there. */
export async function openLog(file: string): Promise<vscode.TextEditor> {
  const a = await api();
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await waitFor(`analysis of ${file}`, () => a.reportFor(file));
  return editor;
}

/** Text of the hovers VS Code's providers give at a position. */
export async function hoverText(file: string, line: number, character: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    vscode.Uri.file(file),
    new vscode.Position(line, character),
  );
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the file watcher has gone quiet: no new file event for `quietMs`, no debounce timer
 * pending and no analysis running. File events arrive some time after the write that caused them,
 * so `idle()` alone can return before a burst's last event has even been delivered.
 */
export async function settle(quietMs = 1000, timeoutMs = 60_000): Promise<void> {
  const a = await api();
  const end = Date.now() + timeoutMs;
  let events = a.stats().events;
  let since = Date.now();
  while (Date.now() < end) {
    await a.idle();
    const s = a.stats();
    if (s.events !== events) {
      events = s.events;
      since = Date.now();
    } else if (Date.now() - since >= quietMs && s.timers === 0 && s.running === 0) return;
    await sleep(100);
  }
  throw new Error(`the watcher did not settle within ${timeoutMs} ms`);
}

/** The Mirage panel's tabs. */
export function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('mirage.panel'));
}

/** Closes the Mirage panel the way a person does (its tab), and waits until the host saw it. */
export async function closePanel(): Promise<void> {
  const a = await api();
  // The host may hold the panel a moment before the workbench lists its tab.
  const tabs = a.stats().panelOpen ? await waitFor('the panel\'s tab', () => (panelTabs().length ? panelTabs() : undefined)) : panelTabs();
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
  await waitFor('the panel to close', () => !a.stats().panelOpen);
}

const SIZES: Array<[string, number]> = [['w-70m', 7e7], ['w-160m', 1.6e8], ['w-410m', 4.1e8], ['w-1b', 1e9], ['w-2.8b', 2.8e9]];

/**
 * A per-item CSV for one task: model j of `k.length` (of five sizes) gets `correct` right on `k[j]` of
 * `n` items. `[0, 0, 0, 0, 19]` makes an emergence claim (a diagnostic at line 2).
 */
export function perItemCsv(task: string, k: number[], n = 20): string {
  const rows = ['model,params,task,item,target,prediction,correct'];
  k.forEach((kj, j) => {
    const [m, p] = SIZES[j]!;
    for (let i = 0; i < n; i++) rows.push(`${m},${p},${task},i${i},x,${i < kj ? 'x' : 'y'},${i < kj ? 1 : 0}`);
  });
  return rows.join('\n') + '\n';
}

/** The same rows as {@link perItemCsv}, as JSON lines. */
export function perItemJsonl(task: string, k: number[], n = 20): string {
  const rows: string[] = [];
  k.forEach((kj, j) => {
    const [model, params] = SIZES[j]!;
    for (let i = 0; i < n; i++) {
      const ok = i < kj;
      rows.push(JSON.stringify({ model, params, task, item: `i${i}`, target: 'x', prediction: ok ? 'x' : 'y', correct: ok ? 1 : 0 }));
    }
  });
  return rows.join('\n') + '\n';
}
