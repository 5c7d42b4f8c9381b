/**
 * The Mirage panel's HTML: pure, so its security properties are unit-tested in plain Node.
 * - CSP `default-src 'none'`; scripts only by a fresh per-render nonce; styles, fonts and images only
 *   from the extension (`cspSource`), no `unsafe-*`.
 * - One nonce'd inline script sets the initial constants with JSON.stringify (never concatenated
 *   text), `<` escaped so that no value can close the script element.
 * - The webview bundle mounts into `<div id="app">`.
 */
import { PANEL_CONSTANTS_GLOBAL, type PanelConstants } from '../protocol';

/** What the page needs; URIs are already `asWebviewUri`-mapped strings. */
export interface PanelHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** Codicon stylesheet for @vscode-elements icons, when shipped. */
  codiconUri?: string;
  constants: PanelConstants;
  /** The page title (a path; escaped here). */
  title: string;
}

/** The Content-Security-Policy for a nonce. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ') + ';';
}

/** Escapes text for an HTML attribute or text node. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON for an inline script: `<`, U+2028 and U+2029 escaped so no value can end the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Builds the panel page. */
export function panelHtml(i: PanelHtmlInput): string {
  const a = escapeHtml;
  const codicons = i.codiconUri
    ? `\n  <link rel="stylesheet" id="vscode-codicon-stylesheet" href="${a(i.codiconUri)}">`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${a(panelCsp(i.cspSource, i.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>${a(i.title)}</title>
  <link rel="stylesheet" href="${a(i.styleUri)}">${codicons}
</head>
<body>
  <div id="app"></div>
  <script nonce="${a(i.nonce)}">globalThis[${scriptJson(PANEL_CONSTANTS_GLOBAL)}] = ${scriptJson(i.constants)};</script>
  <script nonce="${a(i.nonce)}" src="${a(i.scriptUri)}"></script>
</body>
</html>`;
}
