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
