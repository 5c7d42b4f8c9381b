/**
 * Escaping for text that came from logs (model outputs, task and model names, file names) before it
 * goes into Markdown, CSV or a terminal that a person reads: model outputs can hold markup, scripts,
 * links, formulas, terminal escapes and bidi overrides.
 */

/**
 * Characters that change how the text around them is shown without being seen themselves: C0
 * controls (terminal escape sequences start with ESC, CR returns to the start of the line), DEL, C1
 * controls (U+009B is an 8-bit CSI), the bidi marks, embeddings, overrides and isolates that can make
 * a name read backwards ("Trojan Source"), and the Unicode line and paragraph separators.
 */
const INVISIBLE_CLASS = '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]';
export const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'g');
/** The same but for the characters that break lines (tab, LF, CR, NEL, U+2028, U+2029). */
export const INVISIBLE_BUT_BREAKS = new RegExp(`(?![\\t\\n\\r\\u0085\\u2028\\u2029])${INVISIBLE_CLASS}`, 'g');

/**
 * Shows each invisible character as a visible escape (`\n`, `\x1b`, `\u202e`), so text from a log
 * cannot move, restyle, hide or reorder what is printed around it, and two names that differ only
 * in such characters still look different.
 */
export function showControls(s: string): string {
  return s.replace(INVISIBLE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Text from a log for a terminal (the CLI's human output): one line, controls shown as escapes. */
export function terminalSafe(s: string): string {
  return showControls(s);
}

/**
 * Makes text inert in Markdown (CommonMark, GFM, VS Code's preview with raw HTML and linkify on):
 * HTML-significant characters are entity-encoded (so the source holds no tag either) and every other
 * ASCII punctuation character is backslash-escaped, which CommonMark allows for all of them: no
 * link, image, emphasis, code span, table cell, heading or list can start, and no bare URL or domain
 * (`https://x`, `www.x.com`, `x.com`) is turned into a link by an autolinker, since its `:` and `.`
 * are escapes. Line breaks (CR too, which CommonMark also ends a line with) and tabs become spaces,
 * so a value cannot start a block of its own; other invisible characters are shown as escapes.
 */
export function escapeMarkdown(s: string): string {
  return showControls(s.replace(/\r\n|[\r\n\t\u0085\u2028\u2029]/g, ' ')).replace(/[!-/:-@[-`{-~]/g, (c) => {
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
  });
}

/**
 * Guards a CSV cell against formula injection in spreadsheets: a cell that starts with = + - @ tab
 * or CR (OWASP "CSV Injection") or NUL (OWASP ASVS 5.0, 1.2.10) gets a leading single quote, so it is
 * read as text. (Quoting of delimiters, quotes and newlines is papaparse's job, per RFC 4180.)
 */
export function csvSafe(s: string): string {
  return /^[=+\-@\t\r\0]/.test(s) ? `'${s}` : s;
}
