/**
 * Hostile text in logs: model outputs, task, family, model and metric names, cell values and file
 * names holding HTML, scripts, event handlers, `javascript:` and `command:` links, Markdown
 * injection, autolinks, formulas, terminal escapes and bidi/control characters. Real log files go
 * through the real pipeline (analyzePaths / the CLI's main) and every renderer: the CLI's human
 * output, --json, --markdown, the CSV table and the hover. Each must come out as inert text: no raw
 * HTML tag, no live link, image or command link other than our own, no table broken, no formula, no
 * invisible control left to act on a terminal or on the reader.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { analyzePaths } from '../../../src/core/analyze';
import type { Report } from '../../../src/core/report';
import { toMarkdown } from '../../../src/core/markdownReport';
import { toCsv } from '../../../src/core/csvTable';
import { commandUri, hoverMarkdown } from '../../../src/core/hoverText';
import { cli, markdownRenderer } from './support';

// ---------------------------------------------------------------------------------------------
// Hostile strings

/** Each kind of hostile text on its own (used as task names, so each is its own series). */
const HOSTILE = {
  html: '<b>bold</b><script>alert(1)</script>',
  handler: '<img src=x onerror=alert(1)><svg onload=alert(2)>',
  jsLink: '<a href="javascript:alert(1)">go</a> [js](javascript:alert(1))',
  commandLink: '[click](command:workbench.action.terminal.new) [r][ref]',
  image: '![x](https://evil.example/x.png) <https://evil.example/auto>',
  autolink: 'see https://evil.example/a or www.evil.example or evil.com',
  ticks: '`code` ``two`` ```fence',
  pipes: 'a|b||c | d',
  heading: 'line one\n# Heading\n---\n> quote\n1. list',
  comment: '<!-- hidden --> <!--',
  refdef: 'x\n[ref]: https://evil.example/ref',
  lonecr: 'visible\r# not a heading\r=== \r| x | y |',
  bidi: 'safe\u202eexe.txt\u202c \u2066iso\u2069 \u200fmark \u061c',
  ansi: '\u001b[31mred\u001b[0m \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u001b[2J',
  controls: 'a\u0000b\u0007c\u0008d\u007fe\u0085f\u009bg\u2028h\u2029i\u000bj\u000ck',
  entity: '&lt;script&gt; &#60;b&#62; &amp;',
} as const;

/** Cells a spreadsheet would run as formulas (OWASP CSV injection, ASVS 1.2.10). */
const FORMULAS = ['=HYPERLINK("https://evil.example","x")', '+1+1', '-2+3', '@SUM(A1:A9)', '\u0000=1+1', "=cmd|'/c calc'!A1"];

/** Model names: hostile, with an explicit size column (their names carry no size). */
const MODELS: [string, number][] = [
  ['<img src=x onerror=alert(1)>|small', 1e8],
  ['[m](command:workbench.action.terminal.new)\u202e', 1e9],
  ['\u001b[1m=SUM(1)\n# big|`x`', 1e10],
  ['+cmd|\' /C calc\'!A0 <!-- x -->', 1e11],
  ['![i](https://evil.example/i.png)\r@huge', 1e12],
];
const FAMILY = '<b>fam</b>|`x`*[y](javascript:1)';
/** A score column (matched by its "accuracy" prefix) whose name is hostile. */
const SCORE_COL = 'accuracy <img src=x onerror=alert(1)>|[c](command:x)\u202e';
/** Another, whose name starts with a tab (JSONL keys are not trimmed). */
const TAB_COL = '\taccuracy=1+1';

// Model outputs: the prediction is right only for the largest models (a jump at the end, an
// emergence claim), so items flip and their texts (hostile) reach the report's flip examples.
const OUTPUT = (k: number, i: number, right: boolean): string =>
  right ? `ans${i}` : `<script>alert(${k})</script> [x](command:workbench.action.terminal.new) \u202e${i}\u001b[2J |`;

function perItemLog(): string {
  const lines: string[] = [];
  for (const task of Object.values(HOSTILE)) {
    MODELS.forEach(([model, params], k) => {
      for (let i = 0; i < 40; i++) {
        const right = k === 4 || (k === 3 && i < 2);
        lines.push(
          JSON.stringify({
            model,
            params,
            family: FAMILY,
            task,
            doc_id: `<i>${i}</i>`,
            target: `ans${i}`,
            prediction: OUTPUT(k, i, right),
            correct: right ? 1 : 0,
            [SCORE_COL]: right ? 1 : 0,
            [TAB_COL]: right ? 1 : 0,
          }),
        );
      }
    });
  }
  return lines.join('\n') + '\n';
}

/** An aggregate table (quoted CSV cells) whose tasks are formulas and whose metric names are hostile. */
function aggregateCsv(): string {
  const rows: string[][] = [['model', 'params', 'task', 'metric', 'value', 'n']];
  for (const task of FORMULAS) {
    MODELS.forEach(([model, params], k) => {
      rows.push([model, String(params), task, '@metric <script>x</script>|`m`', String(0.1 + 0.2 * k), '100']);
      rows.push([model, String(params), task, '-neg [l](command:x)', String(0.3 * k), '100']);
    });
  }
  return Papa.unparse(rows) + '\n';
}

/** A file whose name is hostile, with bad rows whose problem messages quote hostile cells. */
const EVIL_NAME = 'evil|<img src=x onerror=alert(1)>[c](command:x)\u202e\u001b[2J.jsonl';
function evilNamedLog(): string {
  return (
    [
      JSON.stringify({ model: 'm-1b', task: 'plain', doc_id: 1, correct: 1 }),
      JSON.stringify({ model: 'm-1b', task: 'plain', doc_id: 2, correct: '<script>alert(1)</script>\u202e[x](command:y)' }),
      '<img src=x onerror=alert(1)> [x](command:workbench.action.terminal.new) \u001b[2J\u202e',
      JSON.stringify({ model: 'm-2b', task: 'plain', doc_id: 1, correct: 0 }),
    ].join('\n') + '\n'
  );
}

// ---------------------------------------------------------------------------------------------
// What "inert" means

/** Invisible characters that act on a terminal or on how text reads. */
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Tags our own Markdown renders to (markdown-it): no a, img, script, html comment, raw HTML. */
const MD_TAGS = new Set(['h1', 'h2', 'p', 'ul', 'li', 'strong', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr']);

interface Rendered {
  tags: string[];
  links: string[];
}

/** Tags and link targets of rendered HTML (markdown-it escapes text, so every '<' starts a tag). */
function scan(html: string): Rendered {
  const tags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)|<!--/g)].map((m) => (m[1] ?? '!--').toLowerCase());
  const links = [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => m[1]!);
  return { tags, links };
}

/** Every table keeps the header's number of cells in every row. */
function tablesIntact(html: string): number {
  const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)];
  for (const [, body] of tables) {
    const rows = [...body!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, r]) => (r!.match(/<t[hd][ >]/g) ?? []).length);
    assert.ok(rows.length >= 2, 'a table with a header and rows');
    for (const n of rows) assert.equal(n, rows[0], `a row with ${n} cells in a table of ${rows[0]}: ${body!.slice(0, 300)}`);
  }
  return tables.length;
}

/** Only these attributes may appear on rendered tags (markdown-it's table alignment, our link). */
function attributesOk(html: string, allowHref: (href: string) => boolean): void {
  for (const m of html.matchAll(/<([a-zA-Z][\w-]*)(\s[^>]*)?>/g)) {
    const attrs = [...(m[2] ?? '').matchAll(/([\w-]+)=/g)].map((a) => a[1]!.toLowerCase());
    for (const a of attrs) {
      if (a === 'style' && /^\s+style="text-align:(left|right|center)"$/.test(m[2]!)) continue;
      if (a === 'href' && m[1] === 'a' && allowHref(/href="([^"]*)"/.exec(m[2]!)![1]!)) continue;
      assert.fail(`attribute ${a} on <${m[1]}>: ${m[0]}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------

describe('hostile log content comes out inert', function () {
  this.timeout(120_000);
  let dir: string;
  let report: Report;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mirage-hostile-'));
    writeFileSync(join(dir, 'items.jsonl'), perItemLog());
    writeFileSync(join(dir, 'aggregate.csv'), aggregateCsv());
    writeFileSync(join(dir, EVIL_NAME), evilNamedLog());
    writeFileSync(join(dir, '<script>alert(1)[x](command:y) \u202e.json'), '{"not": "a log"}');
    report = await analyzePaths([dir], { resamples: 0 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the hostile logs as ordinary data (names kept exactly)', () => {
    const tasks = new Set(report.series.map((s) => s.task));
    for (const t of Object.values(HOSTILE)) assert.ok(tasks.has(t.trim()), `task ${JSON.stringify(t)}`);
    for (const f of FORMULAS) assert.ok(tasks.has(f.trim()), `task ${JSON.stringify(f)}`);
    const s = report.series.find((x) => x.task === HOSTILE.html)!;
    assert.equal(s.family, FAMILY);
    assert.deepEqual(s.metrics[0]!.points.map((p) => p.model), MODELS.map(([m]) => m.trim()));
    const names = s.metrics.map((m) => m.name);
    assert.ok(names.includes(SCORE_COL) && names.includes(TAB_COL), names.join(', '));
    assert.ok(s.flips.some((f) => /<script>/.test(f.fromPrediction)), 'hostile outputs reach the flip examples');
    const evil = report.inputs.find((i) => i.path.endsWith(EVIL_NAME))!;
    assert.deepEqual(evil.problems.map((p) => p.line), [2, 3]);
    assert.match(evil.problems[0]!.message, /<script>/);
    assert.ok(report.inputs.some((i) => i.skipped && i.path.includes('<script>')));
  });

  it('CLI human output: every name, path and quoted cell is one line of visible text', async () => {
    const r = await cli('check', dir, '--resamples', '0');
    assert.equal(r.code, 0, r.err);
    const out = r.out;
    const bad = INVISIBLE.exec(out);
    assert.equal(bad, null, `invisible U+${bad?.[0].charCodeAt(0).toString(16)} at ${bad?.index}: ${JSON.stringify(out.slice((bad?.index ?? 0) - 40, (bad?.index ?? 0) + 40))}`);
    // The table: a header, one line per series, the footnote; nothing pushed onto extra lines.
    const lines = out.split('\n');
    const foot = lines.indexOf('(* = the metric makes an emergence claim)');
    assert.ok(lines[0]!.startsWith('TASK  '));
    assert.equal(foot - 1, report.series.length);
    // What was invisible is shown as an escape, so it can be seen (and told apart).
    assert.ok(out.includes('\\u202e'), 'bidi override shown as \\u202e');
    assert.ok(out.includes('\\x1b[31mred'), 'ESC shown as \\x1b');
    assert.ok(out.includes('visible\\r# not a heading'), 'CR shown as \\r');
    // Every input with something to say is listed on lines of its own, its path made visible.
    const listed = report.inputs.filter((i) => i.skipped || i.problems.length > 0);
    assert.equal(listed.length, 2);
    for (const i of listed) {
      const shown = i.path.replace(/\u202e/g, '\\u202e').replace(/\u001b/g, '\\x1b');
      assert.equal(lines.filter((l) => l.startsWith(`  skipped ${shown}: `) || l.startsWith(`  ${shown}:`)).length, Math.max(i.problems.length, 1), shown);
    }
    assert.match(out, /Read 3 files, \d+ records used, 2 problems\./);
  });

  it('JSON report: one line, valid, every name kept exactly, no raw invisible characters', async () => {
    const r = await cli('check', dir, '--json', '--resamples', '0');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.indexOf('\n'), r.out.length - 1, 'one line');
    assert.equal(INVISIBLE.exec(r.out), null, 'C0/C1/bidi/separators are \\u escapes');
    const j = JSON.parse(r.out) as Report;
    assert.deepEqual(
      j.series.map((s) => [s.task, s.family, s.metrics.map((m) => [m.name, m.points.map((p) => p.model)])]),
      report.series.map((s) => [s.task, s.family, s.metrics.map((m) => [m.name, m.points.map((p) => p.model)])]),
    );
    assert.deepEqual(j.series.map((s) => s.flips), report.series.map((s) => s.flips));
    assert.deepEqual(j.inputs.map((i) => [i.path, i.problems, i.skipped]), report.inputs.map((i) => [i.path, i.problems, i.skipped]));
  });

  it('--markdown: no raw HTML, no link or image, our headings only, tables intact (rendered with raw HTML and linkify on)', async function () {
    const md = markdownRenderer();
    if (!md) {
      this.test!.title += ' [skipped: markdown-it is not installed (it comes with @vscode/vsce)]';
      this.skip();
    }
    const file = join(dir, 'out', 'report.md');
    rmSync(join(dir, 'out'), { recursive: true, force: true });
    mkdirSync(join(dir, 'out'));
    const r = await cli('check', join(dir, 'items.jsonl'), join(dir, 'aggregate.csv'), join(dir, EVIL_NAME), '--markdown', file, '--resamples', '0');
    assert.equal(r.code, 0, r.err);
    const text = readFileSync(file, 'utf8');
    assert.equal(text, toMarkdown(JSON.parse((await cli('check', join(dir, 'items.jsonl'), join(dir, 'aggregate.csv'), join(dir, EVIL_NAME), '--json', '--resamples', '0')).out)));
    // Source level: no tag can be written without '<'; nothing invisible.
    assert.ok(!text.includes('<'), 'no raw < in the Markdown source');
    assert.equal(INVISIBLE.exec(text.replace(/\n/g, ' ')), null, 'no invisible characters');
    // Every line is one we write: a heading of ours, a table row, a list item, the summary, or blank.
    for (const line of text.split('\n')) assert.match(line, /^(# Mirage Lens report|## .*|\|.*\||- .*|\d+ series · .*|)$/, line);
    const html = md!.render(text);
    const { tags, links } = scan(html);
    assert.deepEqual([...new Set(tags)].filter((t) => !MD_TAGS.has(t)), [], 'only the tags our Markdown makes');
    assert.deepEqual(links, []);
    attributesOk(html, () => false);
    assert.equal((html.match(/<h1>/g) ?? []).length, 1);
    assert.equal((html.match(/<h2>/g) ?? []).length, report.series.length + 2, 'one heading per series, Inputs, Problems');
    assert.equal(tablesIntact(html), 1 + report.series.length);
    // The hostile text is there, as text.
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('[click](command:workbench.action.terminal.new)'));
  });

  it('CSV table: formulas neutralised with a leading quote, rows and columns intact, names kept', () => {
    const csv = toCsv(report.series);
    const parsed = Papa.parse<string[]>(csv.trimEnd(), { header: false });
    assert.deepEqual(parsed.errors, []);
    const [head, ...rows] = parsed.data;
    assert.equal(head!.length, 15);
    const points = report.series.flatMap((s) => s.metrics.flatMap((m) => m.points.map((p) => ({ s, m, p }))));
    assert.equal(rows.length, points.length);
    const text = [0, 1, 2, 4, 7]; // task, family, setting, metric, model
    rows.forEach((row, k) => {
      assert.equal(row.length, 15, `row ${k}`);
      const { s, m, p } = points[k]!;
      const want = [s.task, s.family, s.setting, s.verdict, m.name, m.kind, m.higherIsBetter ? 'higher' : 'lower', p.model];
      for (const c of text) {
        const cell = row[c]!;
        assert.ok(!/^[=+\-@\t\r\0]/.test(cell), `cell ${JSON.stringify(cell)} would be a formula`);
        const original = cell.startsWith("'") && /^[=+\-@\t\r\0]/.test(cell.slice(1)) ? cell.slice(1) : cell;
        assert.equal(original, want[c]);
      }
      for (const c of [8, 9]) assert.ok(Number.isFinite(Number(row[c])), `numeric ${row[c]}`);
    });
    for (const f of FORMULAS) assert.ok(rows.some((r) => r[0] === `'${f}`), `task ${JSON.stringify(f)} quoted`);
    assert.ok(rows.some((r) => r[4] === `'${TAB_COL}`), 'a metric starting with a tab is quoted');
    assert.ok(rows.some((r) => r[4] === "'@metric <script>x</script>|`m`"));
    assert.ok(rows.some((r) => r[4] === "'-neg [l](command:x)"));
  });

  it('hover: the only link is ours, no HTML, no image, tables intact, no invisible characters', function () {
    const md = markdownRenderer();
    if (!md) {
      this.test!.title += ' [skipped: markdown-it is not installed (it comes with @vscode/vsce)]';
      this.skip();
    }
    const ours = (href: string): boolean => href.startsWith('command:mirage.openReportForTask?');
    for (const s of report.series) {
      const link = commandUri('mirage.openReportForTask', [{ path: s.sources[0]!.path, key: `${s.task}\u241f${s.family}\u241f${s.setting}` }]);
      const hover = hoverMarkdown([s], () => link);
      assert.equal(INVISIBLE.exec(hover.replace(/\n/g, ' ')), null, `invisible character in the hover of ${JSON.stringify(s.task)}`);
      assert.ok(!/(^|[^\\])</.test(hover), 'no raw <');
      const html = md!.render(hover);
      const { tags, links } = scan(html);
      assert.deepEqual([...new Set(tags)].filter((t) => !MD_TAGS.has(t) && t !== 'a'), [], `tags in the hover of ${JSON.stringify(s.task)}: ${html}`);
      assert.equal(links.length, 1, `links in the hover of ${JSON.stringify(s.task)}: ${links.join(' ')}`);
      assert.ok(ours(links[0]!.replace(/&amp;/g, '&')), links[0]);
      attributesOk(html, (h) => ours(h.replace(/&amp;/g, '&')));
      tablesIntact(html);
      // The link's argument comes back exactly (it names the task, hostile or not).
      const arg = JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1))) as [{ key: string }];
      assert.equal(arg[0].key.split('\u241f')[0], s.task);
    }
  });
});
