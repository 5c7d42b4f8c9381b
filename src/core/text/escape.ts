/**
 * Escaping for text that came from logs (model outputs, task and model names) before it goes into
 * Markdown or CSV that a person opens: model outputs can hold markup, scripts, links and formulas.
 */

/**
 * Makes text inert in Markdown (CommonMark and VS Code's renderer): HTML is entity-encoded and link,
 * image, emphasis and table syntax is backslash-escaped; newlines become spaces so a value cannot
 * start a block of its own. Bare `javascript:` or `command:` text is not a link without brackets.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_{}[\]()#|<>&~!"']/g, (c) => {
      switch (c) {
        case '<':
          return '&lt;';
        case '>':
          return '&gt;';
        case '&':
          return '&amp;';
        case '"':
          return '&quot;';
        case "'":
          return '&#39;';
        default:
          return `\\${c}`;
      }
    })
    .replace(/\r?\n/g, ' ');
}

/** Guards a CSV cell against formula injection in spreadsheets (OWASP): a leading = + - @ is quoted. */
export function csvSafe(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
