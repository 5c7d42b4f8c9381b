/**
 * Loads the analysis core on first use. Why lazily: activation only wires listeners; parsing and
 * statistics code is evaluated when a log is first analysed, which keeps activation in single-digit
 * milliseconds (esbuild wraps dynamically imported modules so their bodies run on first import).
 */
export type Core = typeof import('../core/analyze');
export type ReportWriters = {
  toMarkdown: typeof import('../core/markdownReport').toMarkdown;
  toCsv: typeof import('../core/csvTable').toCsv;
};

const loaded: { core?: Promise<Core>; writers?: Promise<ReportWriters> } = {};

/** The analysis entry points (`readInput`, `analyzeResults`, `expandPaths`). */
export function loadCore(): Promise<Core> {
  return (loaded.core ??= import('../core/analyze'));
}

/** The Markdown report and CSV table writers, for the panel's export actions. */
export function loadWriters(): Promise<ReportWriters> {
  return (loaded.writers ??= Promise.all([
    import('../core/markdownReport'),
    import('../core/csvTable'),
  ]).then(([md, csv]) => ({ toMarkdown: md.toMarkdown, toCsv: csv.toCsv })));
}
