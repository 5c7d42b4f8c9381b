/**
 * The `mirage` command line over the core (no `vscode`):
 *   mirage check PATH... [--json] [--markdown FILE] [--map role=column]... [--x params|flops|loss]
 *                        [--fail-on VERDICT[,VERDICT]] [--es-threshold N] [--bic-threshold N]
 *                        [--interval wilson|clopper-pearson] [--resamples N] [--seed N]
 * Exit codes: 0 analysis ran; 1 a --fail-on verdict matched; 2 no input could be read or bad usage.
 */
import { writeFileSync } from 'node:fs';
import type { ColumnMap, Role, XAxis } from './core/types';
import { VERDICTS, type Report, type Verdict } from './core/report';
import { analyzePaths, InputError, type AnalyzeOptions } from './core/analyze';
import { toMarkdown } from './core/markdownReport';
import { ROLE_SYNONYMS } from './core/analysis/roles';
import { renderTable } from './cliTable';
import { INVISIBLE, terminalSafe as t } from './core/text/escape';

const USAGE = `Usage: mirage check PATH... [options]

Checks eval logs (files or folders) for emergent jumps and whether they survive continuous metrics
and the test set's resolution.

Options:
  --json                    print the report as one JSON object on stdout
  --markdown FILE           also write the report as Markdown to FILE
  --map ROLE=COLUMN         use COLUMN for ROLE (repeatable); roles: ${Object.keys(ROLE_SYNONYMS).join(', ')}
  --x params|flops|loss     the scale axis (default params)
  --fail-on V[,V]           exit 1 when a series gets one of these verdicts (${VERDICTS.join(', ')})
  --es-threshold N          emergence score that makes a claim (default 5)
  --bic-threshold N         delta-BIC that counts as strong evidence of a break (default 6)
  --interval wilson|clopper-pearson   interval for proportions (default wilson)
  --resamples N             bootstrap resamples for the ES interval (default 1000; 0 = off)
  --seed N                  bootstrap seed (default 1)
  -h, --help                this text
`;

class UsageError extends Error {}

interface Parsed {
  paths: string[];
  json: boolean;
  markdown?: string;
  failOn: Verdict[];
  opts: AnalyzeOptions;
}

function parseArgs(argv: string[]): Parsed | 'help' {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') return 'help';
  if (cmd !== 'check') throw new UsageError(`unknown command "${cmd}" (expected "check")`);
  const p: Parsed = { paths: [], json: false, failOn: [], opts: {} };
  const map: ColumnMap = {};
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n)) throw new UsageError(`${flag} needs a number`);
    return n;
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const next = (): string => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '-h':
      case '--help':
        return 'help';
      case '--json':
        p.json = true;
        break;
      case '--markdown':
        p.markdown = next();
        break;
      case '--map': {
        const v = next();
        const eq = v.indexOf('=');
        const role = v.slice(0, eq) as Role;
        // Own keys only: `in` would accept "constructor", "toString" or "__proto__" as roles.
        if (eq <= 0 || !Object.hasOwn(ROLE_SYNONYMS, role)) throw new UsageError(`--map expects ROLE=COLUMN with ROLE one of ${Object.keys(ROLE_SYNONYMS).join(', ')}; got "${v}"`);
        map[role] = v.slice(eq + 1);
        break;
      }
      case '--x': {
        const v = next();
        if (v !== 'params' && v !== 'flops' && v !== 'loss') throw new UsageError('--x expects params, flops or loss');
        p.opts.x = v as XAxis;
        break;
      }
      case '--fail-on':
        for (const v of next().split(',')) {
          if (!(VERDICTS as readonly string[]).includes(v.trim())) throw new UsageError(`--fail-on: unknown verdict "${v}" (${VERDICTS.join(', ')})`);
          p.failOn.push(v.trim() as Verdict);
        }
        break;
      case '--es-threshold':
        p.opts.esThreshold = num(a, next());
        break;
      case '--bic-threshold':
        p.opts.bicThreshold = num(a, next());
        break;
      case '--interval': {
        const v = next();
        if (v !== 'wilson' && v !== 'clopper-pearson') throw new UsageError('--interval expects wilson or clopper-pearson');
        p.opts.interval = v;
        break;
      }
      case '--resamples':
        p.opts.resamples = Math.max(0, Math.round(num(a, next())));
        break;
      case '--seed':
        p.opts.seed = num(a, next());
        break;
      default:
        if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
        p.paths.push(a);
    }
  }
  if (p.paths.length === 0) throw new UsageError('give at least one file or folder to check');
  p.opts.map = map;
  return p;
}

/** Progress on stderr, only once a run has taken more than a second. */
function progressReporter(): { onProgress: AnalyzeOptions['onProgress']; stop(): void } {
  const start = Date.now();
  let last = 0;
  let shown = false;
  const tty = process.stderr.isTTY;
  return {
    onProgress(done, total, path) {
      const now = Date.now();
      if (now - start < 1000 || now - last < (tty ? 200 : 2000)) return;
      last = now;
      shown = true;
      const pctDone = total > 0 ? Math.min(100, Math.round((100 * done) / total)) : 0;
      const mb = (done / 1e6).toFixed(0);
      const msg = `mirage: ${pctDone}% (${mb} MB) ${t(path)}`;
      process.stderr.write(tty ? `\r${msg.slice(0, (process.stderr.columns || 100) - 1).padEnd(Math.min(process.stderr.columns || 100, 100) - 1)}` : `${msg}\n`);
    },
    stop() {
      if (shown && tty) process.stderr.write('\n');
    },
  };
}

/** The report for people. Every text from a log (names, paths, quoted cells) goes through terminalSafe. */
function human(report: Report): string {
  const lines: string[] = [];
  lines.push(renderTable(report));
  for (const s of report.series) {
    if (s.reasons.length === 0) continue;
    lines.push('', `${t(s.task)} · ${t(s.family)}${s.setting ? ' · ' + t(s.setting) : ''}: ${s.verdict}`);
    for (const r of s.reasons) lines.push(`  - ${t(r)}`);
  }
  const files = report.inputs.filter((i) => !i.skipped);
  const rows = files.reduce((n, i) => n + i.rows, 0);
  const problems = report.inputs.reduce((n, i) => n + i.problems.length, 0);
  lines.push('', `Read ${files.length} file${files.length === 1 ? '' : 's'}, ${rows} records used, ${problems} problem${problems === 1 ? '' : 's'}.`);
  for (const i of report.inputs) {
    const path = t(i.path);
    if (i.skipped) lines.push(`  skipped ${path}: ${t(i.skipped)}`);
    for (const n of i.notes ?? []) lines.push(`  note ${path}: ${t(n)}`);
    for (const p of i.problems.slice(0, 20)) lines.push(`  ${path}:${p.line}: ${t(p.message)}`);
    if (i.problems.length > 20) lines.push(`  ${path}: ... ${i.problems.length - 20} more problems (see --json)`);
  }
  const claims = report.series.filter((s) => s.jump !== null).length;
  const survive = report.series.filter((s) => s.verdict === 'emergent').length;
  lines.push(`${report.series.length} series, ${claims} emergence claim${claims === 1 ? '' : 's'}, ${survive} survive${survive === 1 ? 's' : ''}.`);
  return lines.join('\n') + '\n';
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed: Parsed | 'help';
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`mirage: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const progress = progressReporter();
  let report: Report;
  try {
    report = await analyzePaths(parsed.paths, { ...parsed.opts, onProgress: progress.onProgress });
  } catch (e) {
    progress.stop();
    if (e instanceof InputError || (e as Error).name === 'MissingRolesError') {
      // One line per path (InputError.lines): a path may itself hold a newline or an escape.
      const lines = e instanceof InputError ? e.lines : [(e as Error).message];
      process.stderr.write(`mirage: cannot read input:\n${lines.map(t).join('\n')}\n`);
      return 2;
    }
    throw e;
  }
  progress.stop();
  if (parsed.markdown) writeFileSync(parsed.markdown, toMarkdown(report));
  process.stdout.write(parsed.json ? jsonText(report) + '\n' : human(report));
  const failOn = parsed.failOn;
  const hit = report.series.filter((s) => failOn.includes(s.verdict));
  if (hit.length > 0) {
    process.stderr.write(`mirage: --fail-on matched ${hit.length} series (${[...new Set(hit.map((s) => s.verdict))].join(', ')})\n`);
    return 1;
  }
  return 0;
}

/**
 * The report as one line of JSON. JSON.stringify escapes C0 controls but writes DEL, C1 controls,
 * bidi controls and U+2028/2029 raw; they can only occur inside strings, so they are written as
 * \uXXXX escapes instead: the same JSON value, but a terminal or viewer showing it cannot be made
 * to reorder or hide text by a name in a log.
 */
function jsonText(report: Report): string {
  // INVISIBLE also covers C0 controls, which JSON.stringify has already escaped.
  return JSON.stringify(report, jsonSafe).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON has no Infinity/NaN: write them as null rather than producing invalid JSON. */
function jsonSafe(_k: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

