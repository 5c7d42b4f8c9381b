/**
 * Generators of valid logs for every reader, with one bad record optionally injected, and the line
 * range where that bad record sits. A built case knows how many records its reader must use (`n`)
 * and where the one problem must point (`bad`), so a property can check that the good records
 * around a bad one are all kept and the bad one is located.
 *
 * Layouts follow the readers' documented formats (see src/core/formats/*); JSON documents are laid
 * out here line by line so the range of every entry is known without a second parser.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { zipSync, strToU8 } from 'fflate';
import type { Files } from './support';
import { writeParquet, type ParquetColumn } from '../formats/parquetWriter';

/** A case: files to write, the file to read, records the reader must use, the bad record's lines. */
export interface Built {
  files: Files;
  main: string;
  format: string;
  /** Records the reader must use (rows). */
  n: number;
  /** Inclusive line range (record index for binary formats) of the injected bad record. */
  bad?: [number, number];
}

/** Where and what the bad record is (kind names are per reader). */
export interface BadSpec<K extends string> {
  /** Fraction of the record list at which it is inserted. */
  at: number;
  kind: K;
  /** A free choice the kind may use (which bad value, how deep...). */
  pick: number;
}

export const SIZES = ['70m', '160m', '410m', '1b', '1.4b', '2.8b', '6.9b', '12b'] as const;
const sizeArb = fc.constantFrom(...SIZES);
const fracArb = fc.double({ min: 0, max: 1, noNaN: true });
const pickArb = fc.nat({ max: 1000 });

/** Text as models write it: anything, some markup, separators, quotes, odd code points. */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'a,b', 'x\ny', 'p\r\nq', '"q"', "it's", ' ', '<script>alert(1)</script>', '=1+1', '@SUM(A1)', 'é',
      '\t', '\u2028', '\ufeff', 'NaN', '[1,2]', '{"a":1}', '\\', 'a;b;c', 'x|y', '\u0000', '💥',
    ),
  },
);

/** Lone carriage returns make papaparse guess '\r' as the row separator of a CRLF file: kept out of tables. */
const tableTextArb = textArb.map((s) => s.replace(/\r(?!\n)/g, ' '));

function pickOf<T>(list: readonly T[], pick: number): T {
  return list[pick % list.length]!;
}

function insertAt<T>(list: T[], at: number, x: T): number {
  const i = Math.min(list.length, Math.floor(at * (list.length + 1)));
  list.splice(i, 0, x);
  return i;
}

function newlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Deep nesting as text: depths around the JSON.stringify recursion limit and far past it. */
export const DEPTHS = [3, 50, 3000, 6000, 8000, 20_000, 100_000];

// ---------------------------------------------------------------------------------------------
// Line-oriented text files (CSV/TSV/JSONL): records laid out one after the other.

export interface LineOptions {
  eol: '\n' | '\r\n';
  bom: boolean;
  finalEol: boolean;
  gzip: boolean;
  /** Blank lines before some records (indexes into the final record list, may repeat). */
  blanks: number[];
}

const lineOptionsArb: fc.Arbitrary<LineOptions> = fc.record({
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  bom: fc.boolean(),
  finalEol: fc.boolean(),
  gzip: fc.boolean(),
  blanks: fc.array(fc.nat({ max: 40 }), { maxLength: 3 }),
});

/**
 * Joins a header (may be empty) and record texts (each may span lines); returns bytes and each
 * record's 1-based line range. `blank` is the text of a blank line ('' or spaces).
 */
function layoutLines(
  header: string | undefined,
  records: (string | Buffer)[],
  o: LineOptions,
  blank = '',
): { bytes: Buffer; ranges: [number, number][] } {
  const parts: Buffer[] = [];
  const ranges: [number, number][] = [];
  let line = 1;
  const eol = Buffer.from(o.eol);
  if (o.bom) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
  if (header !== undefined) {
    parts.push(Buffer.from(header), eol);
    line++;
  }
  records.forEach((r, i) => {
    for (const b of o.blanks) {
      if (b === i) {
        parts.push(Buffer.from(blank), eol);
        line++;
      }
    }
    const buf = typeof r === 'string' ? Buffer.from(r) : r;
    const span = newlines(buf.toString('latin1'));
    ranges.push([line, line + span]);
    parts.push(buf);
    if (i < records.length - 1 || o.finalEol) parts.push(eol);
    line += span + 1;
  });
  const bytes = Buffer.concat(parts);
  return { bytes: o.gzip ? gzipSync(bytes) : bytes, ranges };
}

function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

// ----- CSV / TSV

export interface TableRow {
  size: string;
  item: number;
  acc: 0 | 1;
  target: string;
  prediction: string;
}

export const tableRowArb: fc.Arbitrary<TableRow> = fc.record({
  size: sizeArb,
  item: fc.nat({ max: 50 }),
  acc: fc.constantFrom(0 as const, 1 as const),
  target: tableTextArb,
  prediction: tableTextArb,
});

export type TableBad = 'short' | 'long' | 'score' | 'model' | 'scale';
/** Cell values no reader may take for a score. */
export const BAD_NUMBERS = ['oops', 'NaN', 'Infinity', '-Infinity', '1e999', '--1', '0x', 'nan%', ' '];
/** Scale values no reader may take for a size. */
export const BAD_SCALES = ['-1e9', 'NaN', 'Infinity', '0', '-5', '1e999', 'abc', '-1.3B'];

export interface TableCase {
  rows: TableRow[];
  withParams: boolean;
  opts: LineOptions;
  bad?: BadSpec<TableBad>;
}

export const tableCaseArb = (withBad: boolean): fc.Arbitrary<TableCase> =>
  fc.record({
    rows: fc.array(tableRowArb, { minLength: 1, maxLength: 25 }),
    withParams: fc.boolean(),
    opts: lineOptionsArb,
    bad: withBad
      ? fc.record({ at: fracArb, kind: fc.constantFrom<TableBad>('short', 'long', 'score', 'model', 'scale'), pick: pickArb })
      : fc.constant(undefined),
  });

/** A CSV (delim ',') or TSV (delim '\t') per-item table. */
export function buildTable(c: TableCase, delim: ',' | '\t'): Built {
  const cols = ['model', 'item', 'acc', 'target', 'prediction', ...(c.withParams ? ['params'] : [])];
  const row = (r: TableRow, over: Partial<Record<string, string>> = {}): string => {
    const cells: Record<string, string> = {
      model: `fam-${r.size}`,
      item: String(r.item),
      acc: String(r.acc),
      target: quote(r.target),
      prediction: quote(r.prediction),
      params: r.size.toUpperCase(),
      ...over,
    };
    return cols.map((k) => cells[k]).join(delim);
  };
  const records = c.rows.map((r) => row(r));
  let badIndex: number | undefined;
  if (c.bad) {
    const r = c.rows[c.bad.pick % c.rows.length]!;
    let text: string;
    switch (c.bad.kind) {
      case 'short':
        text = [`fam-${r.size}`, String(r.item)].join(delim);
        break;
      case 'long':
        text = row(r) + delim + quote('extra');
        break;
      case 'score':
        text = row(r, { acc: quote(pickOf(BAD_NUMBERS, c.bad.pick)) });
        break;
      case 'model':
        text = row(r, { model: pickOf(['""', '   '], c.bad.pick) });
        break;
      case 'scale':
        text = c.withParams ? row(r, { params: pickOf(BAD_SCALES, c.bad.pick) }) : row(r, { acc: quote('NaN') });
        break;
    }
    badIndex = insertAt(records, c.bad.at, text);
  }
  const ext = delim === ',' ? 'csv' : 'tsv';
  const { bytes, ranges } = layoutLines(cols.join(delim), records, c.opts);
  const main = `task_${ext}.${ext}${c.opts.gzip ? '.gz' : ''}`;
  return { files: { [main]: bytes }, main, format: ext, n: c.rows.length, bad: badIndex === undefined ? undefined : ranges[badIndex] };
}

// ----- generic JSONL

export interface JsonlRow extends TableRow {
  nested: boolean;
}

export const jsonlRowArb: fc.Arbitrary<JsonlRow> = fc.record({
  size: sizeArb,
  item: fc.nat({ max: 50 }),
  acc: fc.constantFrom(0 as const, 1 as const),
  target: textArb,
  prediction: textArb,
  nested: fc.boolean(),
});

export type JsonlBad =
  | 'garbage' | 'truncated' | 'array' | 'scalar' | 'score' | 'model' | 'scale' | 'nanLiteral'
  | 'deepValue' | 'deepOpen' | 'wrongKeys' | 'badUtf8';

const JSONL_BADS: JsonlBad[] = ['garbage', 'truncated', 'array', 'scalar', 'score', 'model', 'scale', 'nanLiteral', 'deepValue', 'deepOpen', 'wrongKeys', 'badUtf8'];

export interface JsonlCase {
  rows: JsonlRow[];
  /** Roles come from the first object, so a size key is in every row or in none. */
  withParams: boolean;
  opts: LineOptions;
  bad?: BadSpec<JsonlBad>;
}

export const jsonlCaseArb = (withBad: boolean): fc.Arbitrary<JsonlCase> =>
  fc.record({
    rows: fc.array(jsonlRowArb, { minLength: 1, maxLength: 25 }),
    withParams: fc.boolean(),
    opts: lineOptionsArb,
    bad: withBad ? fc.record({ at: fracArb, kind: fc.constantFrom(...JSONL_BADS), pick: pickArb }) : fc.constant(undefined),
  });

function jsonlObject(r: JsonlRow, withParams: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = { model: `fam-${r.size}`, item: r.item };
  if (withParams) o.params = r.size.toUpperCase();
  if (r.nested) o.scores = { acc: r.acc };
  else o.acc = r.acc;
  o.target = r.target;
  o.prediction = r.prediction;
  return o;
}

/** Deeply nested JSON array text; `closed` false leaves it open. */
export function deepArray(depth: number, closed = true): string {
  return '['.repeat(depth) + (closed ? ']'.repeat(depth) : '');
}

export function buildJsonl(c: JsonlCase): Built {
  const records: (string | Buffer)[] = c.rows.map((r) => JSON.stringify(jsonlObject(r, c.withParams)));
  let badIndex: number | undefined;
  if (c.bad) {
    const r = c.rows[c.bad.pick % c.rows.length]!;
    const good = JSON.stringify({ model: `fam-${r.size}`, item: r.item, acc: r.acc, target: r.target, prediction: r.prediction });
    let text: string | Buffer;
    switch (c.bad.kind) {
      case 'garbage':
        text = pickOf(['not json', '{model: fam-1b}', '}{', 'undefined', "{'model': 'x'}", '<html>', ',,,'], c.bad.pick);
        break;
      case 'truncated':
        text = good.slice(0, 1 + (c.bad.pick % (good.length - 1)));
        break;
      case 'array':
        text = pickOf(['[]', '[1,2,3]', JSON.stringify([jsonlObject(r, c.withParams)])], c.bad.pick);
        break;
      case 'scalar':
        text = pickOf(['42', '"text"', 'null', 'true', '-1e999'], c.bad.pick);
        break;
      case 'score':
        text = JSON.stringify({ model: `fam-${r.size}`, item: r.item, acc: pickOf([...BAD_NUMBERS, [1], { v: 1 }], c.bad.pick), target: r.target, prediction: r.prediction });
        break;
      case 'model':
        text = JSON.stringify({ model: pickOf(['', '   ', null], c.bad.pick), item: r.item, acc: r.acc, target: r.target, prediction: r.prediction });
        break;
      case 'scale':
        // Without a size key in the rows, the bad value goes where it counts: the score.
        text = c.withParams
          ? JSON.stringify({ model: `fam-${r.size}`, item: r.item, params: pickOf([-1e9, 0, null, ...BAD_SCALES], c.bad.pick), acc: r.acc })
          : JSON.stringify({ model: `fam-${r.size}`, item: r.item, acc: pickOf(['NaN', 'Infinity', '-1e999', 'x'], c.bad.pick) });
        break;
      case 'nanLiteral':
        text = `{"model": "fam-${r.size}", "item": ${r.item}, "acc": ${pickOf(['NaN', 'Infinity', '-Infinity'], c.bad.pick)}}`;
        break;
      case 'deepValue':
        text = `{"model": "fam-${r.size}", "item": ${r.item}, "acc": ${deepArray(pickOf(DEPTHS, c.bad.pick))}}`;
        break;
      case 'deepOpen':
        text = deepArray(pickOf(DEPTHS, c.bad.pick), false);
        break;
      case 'wrongKeys':
        text = JSON.stringify({ foo: 1, bar: r.target });
        break;
      case 'badUtf8':
        text = Buffer.concat([Buffer.from([0xff, 0xc3]), Buffer.from(good)]);
        break;
    }
    badIndex = insertAt(records, c.bad.at, text);
  }
  const { bytes, ranges } = layoutLines(undefined, records, c.opts, '  ');
  const main = `task_jsonl.jsonl${c.opts.gzip ? '.gz' : ''}`;
  return { files: { [main]: bytes }, main, format: 'jsonl', n: c.rows.length, bad: badIndex === undefined ? undefined : ranges[badIndex] };
}

// ----- lm-eval samples

export interface SampleSpec {
  kind: 'gen' | 'mc';
  right: boolean;
  text: string;
  nChoices: number;
}

const sampleSpecArb: fc.Arbitrary<SampleSpec> = fc.record({
  kind: fc.constantFrom('gen' as const, 'mc' as const),
  right: fc.boolean(),
  text: textArb,
  nChoices: fc.integer({ min: 2, max: 5 }),
});

export type SamplesBad = 'garbage' | 'truncated' | 'notSample' | 'nothing' | 'dup' | 'nanLiteral' | 'array';

export interface SamplesCase {
  samples: SampleSpec[];
  size: string;
  filter: 'none' | 'strict-match';
  sibling: boolean;
  opts: LineOptions;
  bad?: BadSpec<SamplesBad>;
}

export const samplesCaseArb = (withBad: boolean): fc.Arbitrary<SamplesCase> =>
  fc.record({
    samples: fc.array(sampleSpecArb, { minLength: 1, maxLength: 20 }),
    size: sizeArb,
    filter: fc.constantFrom('none' as const, 'strict-match' as const),
    sibling: fc.boolean(),
    opts: lineOptionsArb,
    bad: withBad
      ? fc.record({ at: fracArb, kind: fc.constantFrom<SamplesBad>('garbage', 'truncated', 'notSample', 'nothing', 'dup', 'nanLiteral', 'array'), pick: pickArb })
      : fc.constant(undefined),
  });

function lmSample(d: number | string, s: SampleSpec, filter: string): Record<string, unknown> {
  if (s.kind === 'gen') {
    const answer = `ans ${d}`;
    return {
      doc_id: d,
      doc: { question: s.text, answer },
      target: answer,
      arguments: { gen_args_0: { arg_0: `Q: ${s.text}`, arg_1: { until: ['Q:'] } } },
      resps: [[s.right ? answer : s.text]],
      filtered_resps: [s.right ? answer : s.text],
      filter,
      metrics: ['exact_match'],
      doc_hash: `h${d}`,
      prompt_hash: `p${d}`,
      target_hash: `t${d}`,
      exact_match: s.right ? 1 : 0,
    };
  }
  const gold = Number(String(d).length) % s.nChoices;
  const lls = Array.from({ length: s.nChoices }, (_, c) => (c === gold && s.right ? -0.5 : -2 - c));
  const best = lls.indexOf(Math.max(...lls));
  return {
    doc_id: d,
    doc: { question: s.text, choices: Array.from({ length: s.nChoices }, (_, c) => `choice ${c}`) },
    target: gold,
    arguments: Object.fromEntries(lls.map((_, c) => [`gen_args_${c}`, { arg_0: s.text, arg_1: ` choice ${c}` }])),
    resps: lls.map((ll, c) => [[String(ll), c === best ? 'True' : 'False']]),
    filtered_resps: lls.map((ll, c) => [String(ll), c === best ? 'True' : 'False']),
    filter,
    metrics: ['acc'],
    doc_hash: `h${d}`,
    prompt_hash: `p${d}`,
    target_hash: `t${d}`,
    acc: best === gold ? 1 : 0,
  };
}

export const TS = '2024-05-01T12-00-00.123456';

export function lmResultsDoc(model: string, tasks: string[]): Record<string, unknown> {
  return {
    results: Object.fromEntries(tasks.map((t) => [t, { alias: t, 'acc,none': 0.5, 'acc_stderr,none': 0.1 }])),
    configs: Object.fromEntries(tasks.map((t) => [t, { task: t, num_fewshot: 0 }])),
    versions: Object.fromEntries(tasks.map((t) => [t, 1])),
    'n-shot': Object.fromEntries(tasks.map((t) => [t, 0])),
    'n-samples': Object.fromEntries(tasks.map((t) => [t, { original: 10, effective: 10 }])),
    config: { model: 'hf', model_args: `pretrained=${model}` },
    model_name: model,
    lm_eval_version: '0.4.2',
  };
}

export function buildSamples(c: SamplesCase): Built {
  const records: string[] = c.samples.map((s, d) => JSON.stringify(lmSample(d, s, c.filter)));
  let badIndex: number | undefined;
  if (c.bad) {
    const s = c.samples[c.bad.pick % c.samples.length]!;
    let text: string;
    switch (c.bad.kind) {
      case 'garbage':
        text = pickOf(['not json', '{"doc_id": 1,', '}', '\u0000\u0001'], c.bad.pick);
        break;
      case 'truncated': {
        const full = JSON.stringify(lmSample('bad', s, c.filter));
        text = full.slice(0, 1 + (c.bad.pick % (full.length - 1)));
        break;
      }
      case 'notSample':
        text = JSON.stringify({ doc_id: 'bad', doc: {}, target: 'x' });
        break;
      case 'nothing':
        text = JSON.stringify({ doc_id: 'bad', filtered_resps: [], resps: [], filter: c.filter, metrics: [] });
        break;
      case 'dup': {
        // A repeat of an earlier doc, somewhere after the original.
        const j = c.bad.pick % c.samples.length;
        badIndex = Math.min(records.length, j + 1 + Math.floor(c.bad.at * (c.samples.length - j)));
        records.splice(badIndex, 0, JSON.stringify(lmSample(j, c.samples[j]!, c.filter)));
        text = '';
        break;
      }
      case 'nanLiteral':
        text = JSON.stringify(lmSample('bad', s, c.filter)).replace(/"(exact_match|acc)":[01]/, `"$1":${pickOf(['NaN', 'Infinity'], c.bad.pick)}`);
        break;
      case 'array':
        text = '[1, 2]';
        break;
    }
    if (c.bad.kind !== 'dup') badIndex = insertAt(records, c.bad.at, text);
  }
  const model = `EleutherAI/fam-${c.size}`;
  const dir = `EleutherAI__fam-${c.size}`;
  const main = `${dir}/samples_task_${TS}.jsonl${c.opts.gzip ? '.gz' : ''}`;
  const { bytes, ranges } = layoutLines(undefined, records, c.opts);
  const files: Files = { [main]: bytes };
  if (c.sibling) files[`${dir}/results_${TS}.json`] = JSON.stringify(lmResultsDoc(model, ['task']), null, 2);
  return { files, main, format: 'lm-eval-samples', n: c.samples.length, bad: badIndex === undefined ? undefined : ranges[badIndex] };
}

// ----- OpenAI evals

export interface EvalSampleSpec {
  correct: boolean;
  text: string;
  sampling: boolean;
}

export type OpenaiBad = 'garbage' | 'noSampleId' | 'notObject' | 'orphan';

export interface OpenaiCase {
  samples: EvalSampleSpec[];
  size: string;
  finalReport: boolean;
  opts: LineOptions;
  bad?: BadSpec<OpenaiBad>;
}

export const openaiCaseArb = (withBad: boolean): fc.Arbitrary<OpenaiCase> =>
  fc.record({
    samples: fc.array(fc.record({ correct: fc.boolean(), text: textArb, sampling: fc.boolean() }), { minLength: 1, maxLength: 20 }),
    size: sizeArb,
    finalReport: fc.boolean(),
    opts: lineOptionsArb,
    bad: withBad
      ? fc.record({ at: fracArb, kind: fc.constantFrom<OpenaiBad>('garbage', 'noSampleId', 'notObject', 'orphan'), pick: pickArb })
      : fc.constant(undefined),
  });

export function buildOpenai(c: OpenaiCase): Built {
  let ev = 0;
  const event = (sample: string, type: string, data: unknown): Record<string, unknown> => ({
    run_id: 'run1', event_id: ev++, sample_id: sample, type, data, created_by: 'me', created_at: '2023-05-01 00:00:00+00:00',
  });
  const spec = JSON.stringify({ spec: { completion_fns: [`fam-${c.size}`], eval_name: 'arith.dev.v0', base_eval: 'arith', split: 'dev', run_id: 'run1', created_by: 'me' } });
  // Each sample: its events as one block of lines; a record's line is its first event.
  const blocks: string[][] = c.samples.map((s, i) => {
    const id = `arith.dev.${i}`;
    const lines: string[] = [];
    if (s.sampling) lines.push(JSON.stringify(event(id, 'sampling', { prompt: s.text, sampled: [s.text] })));
    lines.push(JSON.stringify(event(id, 'match', { correct: s.correct, expected: 'x', picked: s.correct ? 'x' : s.text, sampled: s.text })));
    return lines;
  });
  if (c.finalReport) blocks.push([JSON.stringify({ final_report: { accuracy: 0.5 } })]);
  let badBlock: number | undefined;
  if (c.bad) {
    let text: string;
    switch (c.bad.kind) {
      case 'garbage':
        text = pickOf(['not json', '{"run_id": "run1", "event_id":', 'NaN'], c.bad.pick);
        break;
      case 'noSampleId':
        text = JSON.stringify({ run_id: 'run1', event_id: 999, type: 'match', data: { correct: true } });
        break;
      case 'notObject':
        text = pickOf(['[1, 2]', '42', '"match"', 'null'], c.bad.pick);
        break;
      case 'orphan':
        text = JSON.stringify(event('arith.dev.orphan', 'info', { note: 'no match' }));
        break;
    }
    badBlock = insertAt(blocks, c.bad.at, [text]);
  }
  const records = [spec, ...blocks.flat()];
  const { bytes, ranges } = layoutLines(undefined, records, c.opts);
  let bad: [number, number] | undefined;
  if (badBlock !== undefined) {
    const lineIndex = 1 + blocks.slice(0, badBlock).reduce((n, b) => n + b.length, 0);
    bad = ranges[lineIndex];
  }
  const main = `run_${c.size}.jsonl${c.opts.gzip ? '.gz' : ''}`;
  return { files: { [main]: bytes }, main, format: 'openai-evals', n: c.samples.length, bad };
}

// ---------------------------------------------------------------------------------------------
// Whole JSON documents, laid out with every entry's line range known.

interface Entry {
  key?: string;
  value?: unknown;
  /** Raw JSON text of the value (for what JSON.stringify cannot write, like Python's NaN). */
  raw?: string;
}

interface DocLayout {
  top: 'object' | 'array';
  head?: [string, unknown][];
  /** Key of the container of entries (top 'object' only). */
  key?: string;
  container?: 'array' | 'object';
  entries: Entry[];
  tail?: [string, unknown][];
  eol: '\n' | '\r\n';
  bom: boolean;
}

function prettyLines(value: unknown, raw: string | undefined, indent: string): string[] {
  const text = raw ?? JSON.stringify(value, null, 2);
  return text.split('\n').map((l, i) => (i === 0 ? l : indent + l));
}

/** Writes the document; returns its text and each entry's line range. */
function layoutDoc(d: DocLayout): { text: string; ranges: [number, number][] } {
  const lines: string[] = [];
  const ranges: [number, number][] = [];
  const putEntries = (indent: string): void => {
    d.entries.forEach((e, i) => {
      const start = lines.length + 1;
      const body = prettyLines(e.value, e.raw, indent);
      body[0] = indent + (e.key !== undefined ? `${JSON.stringify(e.key)}: ` : '') + body[0];
      if (i < d.entries.length - 1) body[body.length - 1] += ',';
      lines.push(...body);
      ranges.push([start, lines.length]);
    });
  };
  if (d.top === 'array') {
    lines.push('[');
    putEntries('  ');
    lines.push(']');
  } else {
    lines.push('{');
    const head = d.head ?? [];
    const tail = d.tail ?? [];
    for (const [k, v] of head) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
    const [open, close] = d.container === 'object' ? ['{', '}'] : ['[', ']'];
    lines.push(`  ${JSON.stringify(d.key)}: ${open}`);
    putEntries('    ');
    lines.push(`  ${close}${tail.length ? ',' : ''}`);
    tail.forEach(([k, v], i) => lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)}${i < tail.length - 1 ? ',' : ''}`));
    lines.push('}');
  }
  return { text: (d.bom ? '\ufeff' : '') + lines.join(d.eol) + d.eol, ranges };
}

export interface DocOptions {
  eol: '\n' | '\r\n';
  bom: boolean;
  gzip: boolean;
}

const docOptionsArb: fc.Arbitrary<DocOptions> = fc.record({
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  bom: fc.boolean(),
  gzip: fc.boolean(),
});

function docBytes(text: string, o: DocOptions): Buffer {
  const b = Buffer.from(text);
  return o.gzip ? gzipSync(b) : b;
}

/** Bad entries every JSON reader must locate: the value is not what an entry can be. */
const NOT_OBJECTS: unknown[] = [42, 'text', null, [1, 2], true];

// ----- lm-eval results

export type ResultsBad = 'valueNotNumber' | 'notObject' | 'nanLiteral';

export interface ResultsCase {
  tasks: { metrics: number; value: number; stderrNA: boolean }[];
  size: string;
  opts: DocOptions;
  bad?: BadSpec<ResultsBad>;
}

export const resultsCaseArb = (withBad: boolean): fc.Arbitrary<ResultsCase> =>
  fc.record({
    tasks: fc.array(
      fc.record({ metrics: fc.integer({ min: 1, max: 2 }), value: fc.double({ min: 0, max: 1, noNaN: true }), stderrNA: fc.boolean() }),
      { minLength: 1, maxLength: 15 },
    ),
    size: sizeArb,
    opts: docOptionsArb,
    bad: withBad
      ? fc.record({ at: fracArb, kind: fc.constantFrom<ResultsBad>('valueNotNumber', 'notObject', 'nanLiteral'), pick: pickArb })
      : fc.constant(undefined),
  });

export function buildResults(c: ResultsCase): Built {
  const entries: Entry[] = c.tasks.map((t, i) => {
    const v: Record<string, unknown> = { alias: `task_${i}`, 'acc,none': t.value, 'acc_stderr,none': t.stderrNA ? 'N/A' : 0.05 };
    if (t.metrics > 1) v['acc_norm,none'] = t.value / 2;
    return { key: `task_${i}`, value: v };
  });
  let badIndex: number | undefined;
  if (c.bad) {
    let e: Entry;
    switch (c.bad.kind) {
      case 'valueNotNumber':
        e = { key: 'task_bad', value: { alias: 'bad', 'acc,none': pickOf([true, {}, [1]], c.bad.pick) } };
        break;
      case 'notObject':
        e = { key: 'task_bad', value: pickOf(NOT_OBJECTS, c.bad.pick) };
        break;
      case 'nanLiteral':
        // Python's json.dump writes NaN / Infinity unquoted.
        e = { key: 'task_bad', raw: `{"alias": "bad", "acc,none": ${pickOf(['NaN', 'Infinity', '-Infinity'], c.bad.pick)}}` };
        break;
    }
    badIndex = insertAt(entries, c.bad.at, e);
  }
  const model = `EleutherAI/fam-${c.size}`;
  const tasks = entries.map((e) => e.key!);
  const meta = lmResultsDoc(model, tasks);
  delete meta.results;
  const { text, ranges } = layoutDoc({ top: 'object', key: 'results', container: 'object', entries, tail: Object.entries(meta), eol: c.opts.eol, bom: c.opts.bom });
  const main = `EleutherAI__fam-${c.size}/results_${TS}.json${c.opts.gzip ? '.gz' : ''}`;
  const n = c.tasks.reduce((s, t) => s + t.metrics, 0);
  return { files: { [main]: docBytes(text, c.opts) }, main, format: 'lm-eval-results', n, bad: badIndex === undefined ? undefined : ranges[badIndex] };
}

// ----- Inspect (JSON log and .eval archive share the sample objects)

export interface InspectSampleSpec {
  id: number;
  numericId: boolean;
  epoch: number;
  grade: 'C' | 'I' | 'P' | number | boolean;
  text: string;
  viaChoices: boolean;
}

const inspectSampleArb: fc.Arbitrary<InspectSampleSpec> = fc.record({
  id: fc.nat({ max: 30 }),
  numericId: fc.boolean(),
  epoch: fc.integer({ min: 1, max: 3 }),
  grade: fc.constantFrom<InspectSampleSpec['grade']>('C', 'I', 'P', 0.25, true, false),
  text: textArb,
  viaChoices: fc.boolean(),
});

export function inspectSample(s: InspectSampleSpec): Record<string, unknown> {
  return {
    id: s.numericId ? s.id : `s${s.id}`,
    epoch: s.epoch,
    input: s.text,
    target: 'x',
    messages: [{ id: `m${s.id}`, role: 'user', content: s.text }],
    output: {
      model: 'm',
      choices: [{ message: { id: 'reply', role: 'assistant', content: s.viaChoices ? [{ type: 'text', text: s.text }] : s.text }, stop_reason: 'stop' }],
      completion: s.viaChoices ? '' : s.text,
    },
    scores: { match: { value: s.grade, answer: s.text, explanation: s.text } },
    metadata: {},
  };
}

export function inspectEval(size: string): Record<string, unknown> {
  return {
    eval_id: 'e1', run_id: 'r1', created: '2024-05-01T12:00:00+00:00', task: 'arith', task_id: 't1', task_version: 0,
    model: `org/fam-${size}`, dataset: { name: 'arith', samples: 10 }, task_args: {},
  };
}

export type InspectBad = 'notObject' | 'noId' | 'nothing' | 'badScores';

export interface InspectCase {
  samples: InspectSampleSpec[];
  size: string;
  opts: DocOptions;
  bad?: BadSpec<InspectBad>;
}

export const inspectCaseArb = (withBad: boolean): fc.Arbitrary<InspectCase> =>
  fc.record({
    samples: fc.array(inspectSampleArb, { minLength: 1, maxLength: 15 }),
    size: sizeArb,
    opts: docOptionsArb,
    bad: withBad
      ? fc.record({ at: fracArb, kind: fc.constantFrom<InspectBad>('notObject', 'noId', 'nothing', 'badScores'), pick: pickArb })
      : fc.constant(undefined),
  });

function inspectBadSample(kind: InspectBad, pick: number): unknown {
  switch (kind) {
    case 'notObject':
      return pickOf(NOT_OBJECTS, pick);
    case 'noId':
      return { epoch: 1, input: 'q', target: 'x', scores: { match: { value: 'C' } } };
    case 'nothing':
      return { id: 'bad', epoch: 1, input: 'q', error: { message: 'model crashed\ntraceback' } };
    case 'badScores':
      return { id: 'bad', epoch: 1, input: 'q', scores: { match: { value: pickOf(['X', null, [1], 'NaN'], pick) } } };
  }
}

export function buildInspectJson(c: InspectCase): Built {
  const entries: Entry[] = c.samples.map((s) => ({ value: inspectSample(s) }));
  let badIndex: number | undefined;
  if (c.bad) badIndex = insertAt(entries, c.bad.at, { value: inspectBadSample(c.bad.kind, c.bad.pick) });
  const head: [string, unknown][] = [
    ['version', 2],
    ['status', 'success'],
    ['eval', inspectEval(c.size)],
    ['plan', { name: 'plan', steps: [{ solver: 'generate', params: {} }] }],
    ['results', { total_samples: c.samples.length, completed_samples: c.samples.length, scores: [{ name: 'match', scorer: 'match', metrics: { accuracy: { name: 'accuracy', value: 0.5 } } }] }],
    ['stats', { started_at: 'x', completed_at: 'y' }],
  ];
  const { text, ranges } = layoutDoc({ top: 'object', head, key: 'samples', container: 'array', entries, tail: [['reductions', []]], eol: c.opts.eol, bom: c.opts.bom });
  const main = `logs/2024-05-01_arith_fam-${c.size}.json${c.opts.gzip ? '.gz' : ''}`;
  return { files: { [main]: docBytes(text, c.opts) }, main, format: 'inspect-json', n: c.samples.length, bad: badIndex === undefined ? undefined : ranges[badIndex] };
}

export type EvalBad = InspectBad | 'badJson';

export interface EvalCase {
  samples: InspectSampleSpec[];
  size: string;
  level: 0 | 6;
  journalOnly: boolean;
  bad?: BadSpec<EvalBad>;
}

export const evalCaseArb = (withBad: boolean): fc.Arbitrary<EvalCase> =>
  fc.record({
    samples: fc.array(inspectSampleArb, { minLength: 1, maxLength: 12 }),
    size: sizeArb,
    level: fc.constantFrom(0 as const, 6 as const),
    journalOnly: fc.boolean(),
    bad: withBad
      ? fc.record({ at: fracArb, kind: fc.constantFrom<EvalBad>('notObject', 'noId', 'nothing', 'badScores', 'badJson'), pick: pickArb })
      : fc.constant(undefined),
  });

export function buildEval(c: EvalCase): Built {
  const members: [string, Uint8Array][] = c.samples.map((s, i) => [`samples/${i}_epoch_${s.epoch}.json`, strToU8(JSON.stringify(inspectSample(s)))]);
  let badIndex: number | undefined;
  if (c.bad) {
    const bytes = c.bad.kind === 'badJson'
      ? Uint8Array.from([0x7b, 0x22, 0xff, 0x00, 0x5b])
      : strToU8(JSON.stringify(inspectBadSample(c.bad.kind, c.bad.pick)));
    badIndex = insertAt(members, c.bad.at, ['samples/bad_epoch_1.json', bytes]);
  }
  const header = strToU8(JSON.stringify({ version: 2, status: 'success', eval: inspectEval(c.size), results: { scores: [] } }));
  const zip: Record<string, Uint8Array> = { [c.journalOnly ? '_journal/start.json' : 'header.json']: header };
  for (const [name, b] of members) zip[name] = b;
  zip['summaries.json'] = strToU8('[]');
  const bytes = Buffer.from(zipSync(zip, { level: c.level }));
  const main = `logs/2024-05-01_arith_fam-${c.size}.eval`;
  return { files: { [main]: bytes }, main, format: 'inspect-eval', n: c.samples.length, bad: badIndex === undefined ? undefined : [badIndex + 1, badIndex + 1] };
}

// ----- BIG-bench

export type BigbenchBad = 'noScoreDict' | 'notObject' | 'badValue' | 'nanLiteral';

export interface BigbenchCase {
  entries: { shots: number; metrics: number; value: number }[];
  size: string;
  totalParams: number | string | null;
  opts: DocOptions;
  bad?: BadSpec<BigbenchBad>;
}

export const bigbenchCaseArb = (withBad: boolean): fc.Arbitrary<BigbenchCase> =>
  fc.record({
    entries: fc.array(
      fc.record({ shots: fc.integer({ min: 0, max: 3 }), metrics: fc.integer({ min: 1, max: 3 }), value: fc.double({ min: -20, max: 1, noNaN: true }) }),
      { minLength: 1, maxLength: 12 },
    ),
    size: sizeArb,
    totalParams: fc.constantFrom<number | string | null>(1.4e9, 1e8, -1, 0, 'NaN', 'Infinity', null, '1.3B'),
    opts: docOptionsArb,
    bad: withBad
      ? fc.record({ at: fracArb, kind: fc.constantFrom<BigbenchBad>('noScoreDict', 'notObject', 'badValue', 'nanLiteral'), pick: pickArb })
      : fc.constant(undefined),
  });

export function buildBigbench(c: BigbenchCase): Built {
  const names = ['exact_str_match', 'log_likelihood', 'multiple_choice_grade'];
  const entries: Entry[] = c.entries.map((e, i) => ({
    value: {
      high_score: 1,
      low_score: 0,
      number_of_shots: e.shots,
      preferred_score: 'exact_str_match',
      score_dict: Object.fromEntries(names.slice(0, e.metrics).map((m) => [m, e.value])),
      subtask_description: `arith:${i}`,
    },
  }));
  let badIndex: number | undefined;
  if (c.bad) {
    let e: Entry;
    switch (c.bad.kind) {
      case 'noScoreDict':
        e = { value: { number_of_shots: 0, preferred_score: 'exact_str_match', subtask_description: 'arith:bad' } };
        break;
      case 'notObject':
        e = { value: pickOf(NOT_OBJECTS, c.bad.pick) };
        break;
      case 'badValue':
        e = { value: { number_of_shots: 0, score_dict: { exact_str_match: pickOf(['nan-as-text', true, null, [1], {}], c.bad.pick) }, subtask_description: 'arith:bad' } };
        break;
      case 'nanLiteral':
        e = { raw: `{"number_of_shots": 0, "score_dict": {"exact_str_match": ${pickOf(['NaN', 'Infinity', '-Infinity'], c.bad.pick)}}, "subtask_description": "arith:bad"}` };
        break;
    }
    badIndex = insertAt(entries, c.bad.at, e);
  }
  const model = { model_family: 'fam', model_name: `fam-${c.size}`, total_params: c.totalParams, non_embedding_params: 1e9, training_steps: 100 };
  const { text, ranges } = layoutDoc({ top: 'object', head: [['model', model]], key: 'scores', container: 'array', entries, tail: [['task', { task_name: 'arith' }]], eol: c.opts.eol, bom: c.opts.bom });
  const main = `arith/results/scores_fam_${c.size}.json${c.opts.gzip ? '.gz' : ''}`;
  const n = c.entries.reduce((s, e) => s + e.metrics, 0);
  return { files: { [main]: docBytes(text, c.opts) }, main, format: 'bigbench-scores', n, bad: badIndex === undefined ? undefined : ranges[badIndex] };
}

// ----- HELM

export type HelmBad = 'notObject' | 'noInstanceId' | 'noStats' | 'nanLiteral';

export interface HelmCase {
  instances: { mean: number; perturbedCopy: boolean; trial: number }[];
  size: string;
  opts: DocOptions;
  bad?: BadSpec<HelmBad>;
}

export const helmCaseArb = (withBad: boolean): fc.Arbitrary<HelmCase> =>
  fc.record({
    instances: fc.array(
      fc.record({ mean: fc.double({ min: 0, max: 1, noNaN: true }), perturbedCopy: fc.boolean(), trial: fc.integer({ min: 0, max: 2 }) }),
      { minLength: 1, maxLength: 12 },
    ),
    size: sizeArb,
    opts: docOptionsArb,
    bad: withBad
      ? fc.record({ at: fracArb, kind: fc.constantFrom<HelmBad>('notObject', 'noInstanceId', 'noStats', 'nanLiteral'), pick: pickArb })
      : fc.constant(undefined),
  });

function helmStat(name: string, mean: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: { name, split: 'test', ...extra }, count: 1, sum: mean, sum_squared: mean * mean, min: mean, max: mean, mean };
}

export function buildHelm(c: HelmCase): Built {
  const entries: Entry[] = [];
  for (const [i, inst] of c.instances.entries()) {
    entries.push({ value: { instance_id: `id${i}`, train_trial_index: inst.trial, stats: [helmStat('exact_match', inst.mean), helmStat('exact_match', 0, { perturbation: { name: 'typos' } })] } });
    // Perturbed copies are other inputs, not records and not problems.
    if (inst.perturbedCopy) entries.push({ value: { instance_id: `id${i}`, perturbation: { name: 'typos' }, train_trial_index: inst.trial, stats: [helmStat('exact_match', 0)] } });
  }
  let badIndex: number | undefined;
  if (c.bad) {
    let e: Entry;
    switch (c.bad.kind) {
      case 'notObject':
        e = { value: pickOf(NOT_OBJECTS, c.bad.pick) };
        break;
      case 'noInstanceId':
        e = { value: { train_trial_index: 0, stats: [helmStat('exact_match', 1)] } };
        break;
      case 'noStats':
        e = { value: { instance_id: 'bad', train_trial_index: 0, stats: [] } };
        break;
      case 'nanLiteral':
        e = { raw: `{"instance_id": "bad", "train_trial_index": 0, "stats": [{"name": {"name": "exact_match", "split": "test"}, "count": 1, "sum": NaN, "mean": NaN}]}` };
        break;
    }
    badIndex = insertAt(entries, c.bad.at, e);
  }
  const { text, ranges } = layoutDoc({ top: 'array', entries, eol: c.opts.eol, bom: c.opts.bom });
  const main = `runs/v1/mmlu:subject=anatomy,method=multiple_choice_joint,model=org_fam-${c.size}/per_instance_stats.json${c.opts.gzip ? '.gz' : ''}`;
  return { files: { [main]: docBytes(text, c.opts) }, main, format: 'helm', n: c.instances.length, bad: badIndex === undefined ? undefined : ranges[badIndex] };
}

// ----- Parquet

export type ParquetBad = 'model' | 'scale' | 'score';

export interface ParquetCase {
  rows: TableRow[];
  withParams: boolean;
  bad?: BadSpec<ParquetBad>;
}

export const parquetCaseArb = (withBad: boolean): fc.Arbitrary<ParquetCase> =>
  fc.record({
    rows: fc.array(tableRowArb, { minLength: 1, maxLength: 20 }),
    withParams: fc.boolean(),
    bad: withBad ? fc.record({ at: fracArb, kind: fc.constantFrom<ParquetBad>('model', 'scale', 'score'), pick: pickArb }) : fc.constant(undefined),
  });

export function buildParquet(c: ParquetCase): Built {
  type Row = { model: string; task: string; doc_id: number; target: string | null; prediction: string | null; acc: string | null; params: string | null };
  const rows: Row[] = c.rows.map((r) => ({
    model: `fam-${r.size}`, task: 'arith', doc_id: r.item, target: r.target, prediction: r.prediction, acc: String(r.acc), params: r.size.toUpperCase(),
  }));
  let badIndex: number | undefined;
  if (c.bad) {
    const r = rows[c.bad.pick % rows.length]!;
    const bad = { ...r };
    if (c.bad.kind === 'model') bad.model = pickOf(['', '   '], c.bad.pick);
    else if (c.bad.kind === 'scale' && c.withParams) bad.params = pickOf(BAD_SCALES, c.bad.pick);
    else bad.acc = pickOf(BAD_NUMBERS, c.bad.pick);
    badIndex = insertAt(rows, c.bad.at, bad);
  }
  const cols: ParquetColumn[] = [
    { name: 'model', type: 'string', values: rows.map((r) => r.model) },
    { name: 'task', type: 'string', values: rows.map((r) => r.task) },
    { name: 'doc_id', type: 'int64', values: rows.map((r) => r.doc_id) },
    { name: 'target', type: 'string', values: rows.map((r) => r.target) },
    { name: 'prediction', type: 'string', values: rows.map((r) => r.prediction) },
    { name: 'acc', type: 'string', values: rows.map((r) => r.acc) },
  ];
  if (c.withParams) cols.push({ name: 'params', type: 'string', values: rows.map((r) => r.params) });
  const main = 'details/arith.parquet';
  return { files: { [main]: writeParquet(cols) }, main, format: 'parquet', n: c.rows.length, bad: badIndex === undefined ? undefined : [badIndex + 1, badIndex + 1] };
}
