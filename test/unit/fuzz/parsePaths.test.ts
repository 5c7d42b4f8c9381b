/**
 * In-memory fuzzing of the readers' record mapping, where a reader has one as a function of its own
 * (cheap, so these carry most of the case count; the on-disk properties in readers.test.ts cover
 * the streaming, decoding and locating around them):
 *   - CSV / TSV / JSONL / Parquet tables: inferRoles + requireRoles + rowToRecord (+ liftNested,
 *     normalizeRow and the Parquet row handler), on cells as each format delivers them;
 *   - lm-eval samples: isLmEvalSample + lmEvalSampleToRecord + OneFilter;
 *   - lm-eval results / BIG-bench / HELM documents: parseJson with Python's NaN and Infinity,
 *     isLmEvalResults + lmEvalMeta, and the entry locator (arraySpans) against JSON.parse;
 *   - Inspect (.json and .eval): inspectBase, inspectSampleToRecord, emitInspectResults;
 *   - OpenAI evals: the task name from the run spec.
 * Every record produced is checked for sane values and fed to a Collector, which must not throw.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { inferRoles, requireRoles, rowToRecord, MissingRolesError } from '../../../src/core/analysis/roles';
import { liftNested } from '../../../src/core/formats/jsonl';
import { Collector, MAX_MESSAGE } from '../../../src/core/analysis/collector';
import { isLmEvalSample, lmEvalSampleToRecord, type SampleBase } from '../../../src/core/formats/lmEvalSample';
import { OneFilter } from '../../../src/core/formats/lmEvalFilters';
import { isLmEvalResults, lmEvalMeta } from '../../../src/core/formats/lmEvalMeta';
import { parseJson, quoteNonFinite } from '../../../src/core/formats/readText';
import { arraySpans, arraySpansOfKey, lineLocator } from '../../../src/core/formats/lineLocator';
import { emitInspectResults, inspectBase, inspectSampleToRecord } from '../../../src/core/formats/inspectSample';
import { taskOf } from '../../../src/core/formats/openaiEvalsReader';
import { normalizeRow } from '../../../src/core/formats/parquetReader';
import { defaultParquetRowHandler } from '../../../src/core/formats/parquetRows';
import type { AggregateRecord, ItemRecord, Problem, RecordSink } from '../../../src/core/types';
import { ROLE_SYNONYMS } from '../../../src/core/analysis/roles';
import { inspectSample, lmResultsDoc, textArb, BAD_NUMBERS, BAD_SCALES, DEPTHS, deepArray } from './docs';
import { count, params, runs, tally } from './support';

// ---------------------------------------------------------------------------------------------
// What every record must look like, whatever the input.

function finiteOrUndefined(v: number | undefined, what: string): void {
  assert.ok(v === undefined || Number.isFinite(v), `${what} = ${v}`);
}

function positiveOrUndefined(v: number | undefined, what: string): void {
  assert.ok(v === undefined || (Number.isFinite(v) && v > 0), `${what} = ${v}`);
}

function checkCommon(r: ItemRecord | AggregateRecord): void {
  assert.ok(typeof r.model === 'string' && r.model.trim().length > 0, `model ${JSON.stringify(r.model)}`);
  assert.ok(typeof r.task === 'string' && r.task.length > 0, 'task');
  assert.ok(Number.isInteger(r.line) && r.line >= 0, `line ${r.line}`);
  positiveOrUndefined(r.params, 'params');
  positiveOrUndefined(r.flops, 'flops');
  finiteOrUndefined(r.loss, 'loss');
  finiteOrUndefined(r.shots, 'shots');
  assert.ok(r.instruct === undefined || typeof r.instruct === 'boolean');
}

export function checkItem(r: ItemRecord): void {
  checkCommon(r);
  assert.equal(typeof r.itemId, 'string');
  finiteOrUndefined(r.epoch, 'epoch');
  assert.ok(r.target === undefined || typeof r.target === 'string');
  assert.ok(r.prediction === undefined || typeof r.prediction === 'string');
  if (r.choiceLogLiks) {
    assert.ok(r.choiceLogLiks.every((x) => typeof x === 'number' && !Number.isNaN(x) && x !== Infinity), 'choice log-likelihoods');
    assert.ok(Number.isInteger(r.gold) && r.gold! >= 0 && r.gold! < r.choiceLogLiks.length, `gold ${r.gold}`);
  }
  if (r.targetTokenLogProbs) assert.ok(r.targetTokenLogProbs.every((x) => !Number.isNaN(x)), 'token log-probs');
  for (const [k, v] of Object.entries(r.scores ?? {})) assert.ok(Number.isFinite(v), `score ${k} = ${v}`);
  const scorable = r.scores || r.choiceLogLiks || r.targetTokenLogProbs || (r.target !== undefined && r.prediction !== undefined);
  assert.ok(scorable, 'an item record must have something to score');
}

export function checkAggregate(r: AggregateRecord): void {
  checkCommon(r);
  assert.ok(typeof r.metric === 'string' && r.metric.length > 0, 'metric');
  assert.ok(Number.isFinite(r.value), `value ${r.value}`);
  assert.ok(r.n === undefined || (Number.isInteger(r.n) && r.n > 0), `n ${r.n}`);
  finiteOrUndefined(r.stderr, 'stderr');
}

/** A sink that checks every record and passes it to a Collector (which must not throw either). */
class CheckingSink implements RecordSink {
  collector = new Collector('/fuzz/in-memory', 'fuzz');
  items = 0;
  aggregates = 0;
  problems: Problem[] = [];
  item(r: ItemRecord): void {
    checkItem(r);
    this.items++;
    this.collector.item(r);
  }
  aggregate(r: AggregateRecord): void {
    checkAggregate(r);
    this.aggregates++;
    this.collector.aggregate(r);
  }
  problem(p: Problem): void {
    assert.ok(Number.isInteger(p.line) && p.line >= 0, `problem line ${p.line}`);
    assert.ok(typeof p.message === 'string' && p.message.trim().length > 0, 'problem message');
    this.problems.push(p);
    const kept = this.collector.summary.problems;
    const before = kept.length;
    this.collector.problem(p);
    // What the summary keeps is bounded, whatever the log quoted into the message.
    if (kept.length > before) assert.ok(kept[kept.length - 1]!.message.length <= MAX_MESSAGE);
  }
  /** A fresh collector now and then, so memory stays flat over thousands of runs. */
  renew(): void {
    if (this.items + this.aggregates > 5000) {
      this.collector = new Collector('/fuzz/in-memory', 'fuzz');
      this.items = 0;
      this.aggregates = 0;
      this.problems = [];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Value pools.

const ALL_SYNONYMS = Object.values(ROLE_SYNONYMS).flat();
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'valueOf'];
const columnArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ALL_SYNONYMS) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom('f1', 'bleu_score', 'rouge1', 'acc_norm', 'MODEL', ' Model ') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

/** Cells as CSV/TSV deliver them: always strings. */
const csvCellArb = fc.oneof(
  { weight: 3, arbitrary: textArb },
  { weight: 2, arbitrary: fc.constantFrom(...BAD_NUMBERS, ...BAD_SCALES, '1', '0', 'true', 'C', 'I', '1.3B', '350M', '7b', '[-1.2, -0.3]', '[1, 2', '2', '-inf', '1e308', '1e-320') },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.constantFrom('pythia-1.4b', 'EleutherAI/pythia-70m', 'llama-2-7b-chat', 'gpt-4o', 'x-0b', 'y-1e999b') },
);

/** Values as JSONL delivers them: any JSON, deep nesting, long strings. */
const jsonCellArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: csvCellArb },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5e9, -0, [], {}, [1, 2], [[-1, true], [-2, false]], ['a', 'b']) },
  // Deep nesting as a marker that jsonText() turns into the nested array text (JSON.stringify cannot).
  { weight: 1, arbitrary: fc.constantFrom(...DEPTHS).map((d) => `@@DEEP:${d}@@`) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5000), '9'.repeat(400), '1'.repeat(400) + 'b') },
);

/** JSON text of a value, with deep-nesting markers expanded. */
function jsonText(v: unknown): string {
  return JSON.stringify(v).replace(/"@@DEEP:(\d+)@@"/g, (_m, d: string) => deepArray(Number(d)));
}

const mapArb = fc.dictionary(fc.constantFrom(...(Object.keys(ROLE_SYNONYMS) as (keyof typeof ROLE_SYNONYMS)[])), columnArb, { maxKeys: 2 });

function onePerReader(reader: string, title: string, n: number, body: () => Promise<void> | void): void {
  it(`${reader}: ${count(runs(n))} ${title}`, async () => {
    await body();
    tally(reader, 'in memory', runs(n));
  });
}

/** inferRoles + requireRoles + rowToRecord on one table, as the CSV/TSV/JSONL readers run them. */
function mapTable(header: string[], rows: Record<string, unknown>[], map: Record<string, string>, sink: CheckingSink): void {
  let roles;
  try {
    roles = inferRoles(header, map);
    requireRoles(roles);
  } catch (e) {
    assert.ok(e instanceof MissingRolesError, `only MissingRolesError may come out of the roles: ${String(e)}`);
    assert.ok((e as Error).message.length > 0);
    return;
  }
  for (const [i, row] of rows.entries()) {
    const r = rowToRecord(row, roles, i + 2, 'task_from_file');
    if (r.kind === 'item') sink.item(r.record);
    else if (r.kind === 'aggregate') sink.aggregate(r.record);
    else sink.problem({ line: i + 2, message: r.message });
  }
}

describe('fuzz: the readers\' record mapping, in memory', function () {
  this.timeout(180_000);

  for (const [reader, delim] of [['csv', ','], ['tsv', '\t']] as const) {
    onePerReader(reader, `tables of string cells (header from synonyms and hostile names, --map overrides) map to sane records or located skips (delimiter ${JSON.stringify(delim)})`, 6000, async () => {
      const sink = new CheckingSink();
      const tableArb = fc
        .array(columnArb, { minLength: 1, maxLength: 8 })
        .chain((header) => fc.tuple(fc.constant(header), fc.array(fc.array(csvCellArb, { minLength: header.length, maxLength: header.length }), { maxLength: 6 })));
      await fc.assert(
        fc.property(tableArb, mapArb, ([header, cells], map) => {
          sink.renew();
          // As readTable builds a row object: header cells trimmed, one cell per column.
          const cols = header.map((c) => c.trim());
          const rows = cells.map((row) => {
              const obj: Record<string, string> = {};
              for (let i = 0; i < cols.length; i++) obj[cols[i]!] = row[i]!;
              return obj;
            });
          mapTable(cols, rows, map, sink);
        }),
        params(6000),
      );
    });
  }

  onePerReader('jsonl', 'JSON objects (any values, nested scores, deep arrays, long strings, hostile keys) map to sane records or located skips', 6000, async () => {
    const sink = new CheckingSink();
    const rowArb = fc.dictionary(columnArb, jsonCellArb, { maxKeys: 8 });
    await fc.assert(
      fc.property(fc.array(fc.oneof(rowArb, fc.record({ model: csvCellArb, item: jsonCellArb, scores: fc.dictionary(columnArb, jsonCellArb, { maxKeys: 3 }) })), { minLength: 1, maxLength: 5 }), mapArb, (rows, map) => {
        sink.renew();
        // As readJsonl: through JSON text (own __proto__ keys stay data), nested scores lifted, roles from the first.
        const parsed = rows.map((r) => liftNested(JSON.parse(jsonText(r)) as Record<string, unknown>));
        mapTable(Object.keys(parsed[0]!), parsed, map, sink);
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      }),
      params(6000),
    );
  });

  onePerReader('parquet', 'rows (bigint, bytes, dates, structs, lists, lm-eval sample columns) through normalizeRow and the default row handler', 6000, async () => {
    const sink = new CheckingSink();
    const valueArb: fc.Arbitrary<unknown> = fc.oneof(
      jsonCellArb,
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
      fc.uint8Array({ maxLength: 8 }),
      fc.date({ noInvalidDate: true }),
      fc.dictionary(fc.constantFrom('acc', 'f1', 'em', '__proto__', 'model'), fc.oneof(fc.double(), fc.boolean(), fc.string()), { maxKeys: 3 }),
    );
    const rowArb = fc.dictionary(fc.oneof(columnArb, fc.constantFrom('metrics', 'doc_id', 'filtered_resps', 'predictions', 'gold_index')), valueArb, { maxKeys: 8 });
    const pathArb = fc.constantFrom(
      '/d/arith.parquet',
      '/d/details_EleutherAI__pythia-1b/details_harness|arc:challenge|25_2024-01-01T00-00-00.parquet',
      '/d/org__m-7b/samples_x_2024-05-01T12-00-00.parquet',
      '/d/__/x.parquet',
    );
    await fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 5 }), pathArb, mapArb, (raw, path, map) => {
        sink.renew();
        const rows = raw.map((r) => normalizeRow(r));
        const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
        const handler = defaultParquetRowHandler({ path, columns, firstRow: rows[0]!, sink, ctx: { map } });
        rows.forEach((r, i) => handler.onRow(r, i + 1));
        for (const n of handler.notes?.() ?? []) assert.equal(typeof n, 'string');
      }),
      params(6000),
    );
  });

  onePerReader('lm-eval-samples', 'sample objects (template fields replaced by any JSON, text mutated) through isLmEvalSample, lmEvalSampleToRecord and OneFilter', 6000, async () => {
    const sink = new CheckingSink();
    const base: SampleBase = { task: 'arc', model: 'EleutherAI/pythia-1b', family: 'pythia', params: 1e9, shots: 0 };
    const template = (d: number): Record<string, unknown> => ({
      doc_id: d,
      doc: { question: 'q', choices: ['a', 'b', 'c'] },
      target: d % 3,
      arguments: { gen_args_0: { arg_0: 'q', arg_1: ' a' }, gen_args_1: { arg_0: 'q', arg_1: ' b' }, gen_args_2: { arg_0: 'q', arg_1: ' c' } },
      resps: [[['-1.5', 'False']], [['-0.5', 'True']], [['-2', 'False']]],
      filtered_resps: [['-1.5', 'False'], ['-0.5', 'True'], ['-2', 'False']],
      filter: 'none',
      metrics: ['acc'],
      acc: 1,
    });
    const keys = ['doc_id', 'doc', 'target', 'arguments', 'resps', 'filtered_resps', 'filter', 'metrics', 'acc', 'exact_match', 'word_perplexity', '__proto__'];
    const editArb = fc.dictionary(fc.constantFrom(...keys), fc.oneof(jsonCellArb, fc.constantFrom([['-inf', 'False'], ['-1', 'True']], [['NaN', 'True'], ['1', 'False']], ['x'], [[1, 2, 3]], 'none', 'strict-match', ['acc', 'word_perplexity'])), { maxKeys: 4 });
    await fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 20 }), editArb, fc.option(fc.nat(), { freq: 4 })), { minLength: 1, maxLength: 6 }), (docs) => {
        sink.renew();
        const filters = new OneFilter(sink);
        docs.forEach(([d, edit, cut], i) => {
          let text = jsonText({ ...template(d), ...edit });
          if (cut !== null) text = text.slice(0, cut % (text.length + 1));
          let obj: unknown;
          try {
            obj = JSON.parse(text);
          } catch {
            return; // the reader reports the line as invalid JSON
          }
          if (!isLmEvalSample(obj)) return;
          const res = lmEvalSampleToRecord(obj, i + 1, base);
          if (res.kind === 'skip') {
            assert.ok(res.message.length > 0);
            filters.skip(res.filter, { line: i + 1, message: res.message });
          } else filters.item(res.filter, res.record, res.warning);
        });
        for (const n of filters.finish('samples.jsonl')) assert.equal(typeof n, 'string');
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      }),
      params(6000),
    );
  });

  /** Python's json.dumps: like JSON.stringify, but NaN and Infinity written bare. */
  const pyDumps = (v: unknown): string => {
    if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(pyDumps).join(', ')}]`;
    if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pyDumps(x)}`).join(', ')}}`;
    return JSON.stringify(v) ?? 'null';
  };
  /** What parseJson must read back: non-finite numbers as the strings Python spelled them with. */
  const expected = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v === 0 ? 0 : v;
    if (Array.isArray(v)) return v.map(expected);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expected(x)]));
    return v;
  };
  const pyValueArb = fc.jsonValue({ maxDepth: 3 }).chain((v) =>
    fc.constantFrom(NaN, Infinity, -Infinity, 'NaN', 'x Infinity "NaN" \\', -0.5).map((x) => ({ a: v, b: [x, { NaN: x }], 'In"finity': 'NaN' })),
  );

  onePerReader('lm-eval-results', 'results documents written by Python (bare NaN / Infinity anywhere) parse back value for value, and lmEvalMeta never throws on what parses', 6000, async () => {
    const cellArb = fc.oneof(csvCellArb, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, true, [], {}, [1, 2]));
    const docArb = fc.record({ tasks: fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }), edit: fc.dictionary(fc.constantFrom('results', 'n-shot', 'configs', 'config', 'model_name', 'versions', 'n-samples'), cellArb, { maxKeys: 3 }), extra: pyValueArb });
    await fc.assert(
      fc.property(docArb, ({ tasks, edit, extra }) => {
        const doc = { ...lmResultsDoc('org/m-1b', tasks), ...edit, extra };
        const text = pyDumps(doc);
        const parsed = parseJson(text);
        assert.ok('value' in parsed, `did not parse: ${'error' in parsed ? parsed.error : ''}`);
        assert.deepEqual(parsed.value, expected(doc));
        if (isLmEvalResults(parsed.value)) {
          const meta = lmEvalMeta(parsed.value);
          for (const t of [...tasks, '__proto__', 'constructor']) {
            const s = meta.shots(t);
            assert.ok(s === undefined || (Number.isInteger(s) && s >= 0));
          }
        }
        assert.equal(quoteNonFinite('"NaN" "a\\"Infinity"'), '"NaN" "a\\"Infinity"');
      }),
      params(6000),
    );
  });

  /** Random JSON arrays laid out with arbitrary whitespace, under a key that also appears earlier. */
  const spacedArb = fc.constantFrom('', ' ', '\n', '\r\n  ', '\t');
  const spaced = (v: unknown, ws: string[]): string => {
    let k = 0;
    const w = (): string => ws[k++ % ws.length] ?? '';
    const go = (x: unknown): string => {
      if (Array.isArray(x)) return `[${w()}${x.map((e) => go(e)).join(`${w()},${w()}`)}${w()}]`;
      if (x && typeof x === 'object') return `{${w()}${Object.entries(x).map(([kk, e]) => `${JSON.stringify(kk)}${w()}:${w()}${go(e)}`).join(`,${w()}`)}${w()}}`;
      return JSON.stringify(x);
    };
    return go(v);
  };
  const elementArb = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom('[', ']', '"', '\\', '{"a": "]"}', '\\"]', 'x\\'),
    fc.record({ score_dict: fc.jsonValue({ maxDepth: 1 }), id: fc.oneof(fc.nat(), fc.string()), instance_id: fc.string() }),
  );

  const checkSpans = (text: string, spans: [number, number][] | undefined, arr: unknown[]): void => {
    assert.ok(spans, 'the array was not delimited');
    assert.equal(spans.length, arr.length);
    const at = lineLocator(text);
    spans.forEach(([s, e], i) => {
      const piece = text.slice(s, e).replace(/\s*,?\s*$/, '');
      assert.deepEqual(JSON.parse(piece), JSON.parse(JSON.stringify(arr[i])));
      assert.ok(at(s) >= 1);
    });
  };

  for (const [reader, key] of [['bigbench-scores', 'scores'], ['inspect-json', 'samples']] as const) {
    onePerReader(reader, `entry locator: arraySpansOfKey("${key}") splits any array (any whitespace, brackets and quotes inside strings, the key also used earlier) exactly where JSON.parse does`, 4000, async () => {
      await fc.assert(
        fc.property(fc.array(elementArb, { maxLength: 8 }), fc.array(spacedArb, { minLength: 1, maxLength: 5 }), fc.oneof(fc.string(), fc.integer(), fc.dictionary(fc.string(), fc.string())), (arr, ws, earlier) => {
          const doc = { model: { [key]: earlier }, dataset: { [key]: 10 }, [key]: arr, tail: '] }' };
          const text = spaced(doc, ws);
          checkSpans(text, arraySpansOfKey(text, key, arr.length), arr);
          assert.equal(arraySpansOfKey(text, key, arr.length + 1), undefined, 'a count that differs must not delimit');
        }),
        params(4000),
      );
    });
  }

  onePerReader('helm', 'entry locator: arraySpans of a top-level array (per_instance_stats.json) splits exactly where JSON.parse does', 4000, async () => {
    await fc.assert(
      fc.property(fc.array(elementArb, { maxLength: 8 }), fc.array(spacedArb, { minLength: 1, maxLength: 5 }), (arr, ws) => {
        const text = `${ws[0]}${spaced(arr, ws)}\n`;
        checkSpans(text, arraySpans(text, text.search(/\S/), arr.length), arr);
      }),
      params(4000),
    );
  });

  const inspectEditArb = fc.dictionary(
    fc.constantFrom('id', 'epoch', 'target', 'output', 'scores', 'score', 'attachments', 'error', 'input', '__proto__'),
    fc.oneof(jsonCellArb, fc.constantFrom({ match: { value: 'C' } }, { m: { value: { a: 1, b: 'I', c: [1] } } }, { completion: 'attachment://x' }, { choices: [{ message: { content: [{ type: 'text', text: 'y' }, { type: 'image' }] } }] }, { x: 'attachment://x', constructor: 'c' }, 'attachment://constructor', 'attachment://__proto__')),
    { maxKeys: 4 },
  );
  const evalSpecArb = fc.oneof(
    jsonCellArb,
    fc.record({ model: csvCellArb, task: csvCellArb, task_args: fc.dictionary(fc.constantFrom('fewshot', 'num_fewshot', 'shots'), jsonCellArb, { maxKeys: 2 }) }),
  );

  onePerReader('inspect-json', 'samples (template fields replaced by any JSON) and eval specs through inspectBase, inspectSampleToRecord and emitInspectResults', 3000, async () => {
    const sink = new CheckingSink();
    await fc.assert(
      fc.property(evalSpecArb, fc.array(inspectEditArb, { maxLength: 5 }), jsonCellArb, (spec, edits, results) => {
        sink.renew();
        const base = inspectBase(spec) ?? inspectBase({ model: 'org/m-1b', task: 't' })!;
        edits.forEach((e, i) => {
          const sample = JSON.parse(jsonText({ ...inspectSample({ id: i, numericId: false, epoch: 1, grade: 'C', text: 't', viaChoices: false }), ...e })) as unknown;
          const res = inspectSampleToRecord(sample, i + 1, base);
          if ('message' in res) sink.problem({ line: i + 1, message: res.message });
          else sink.item(res.record);
        });
        const n = emitInspectResults(results, base, 1, sink);
        assert.ok(Number.isInteger(n) && n >= 0);
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      }),
      params(3000),
    );
  });

  onePerReader('inspect-eval', 'archive members (JSON bytes, mutated or not) decoded and mapped as readEval does', 3000, async () => {
    const sink = new CheckingSink();
    const decoder = new TextDecoder();
    const base = inspectBase({ model: 'org/m-1b', task: 't' })!;
    await fc.assert(
      fc.property(inspectEditArb, fc.option(fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 4 })), { freq: 3 }), (edit, damage) => {
        sink.renew();
        let bytes = Buffer.from(jsonText({ ...inspectSample({ id: 1, numericId: true, epoch: 2, grade: 'I', text: 'a', viaChoices: true }), ...edit }));
        if (damage) {
          const at = damage[0] % (bytes.length + 1);
          bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(damage[1]), bytes.subarray(at)]);
        }
        let sample: unknown;
        try {
          sample = JSON.parse(decoder.decode(bytes));
        } catch {
          return; // reported as "not valid JSON" with its member index
        }
        const res = inspectSampleToRecord(sample, 1, base);
        if ('message' in res) sink.problem({ line: 1, message: res.message });
        else sink.item(res.record);
      }),
      params(3000),
    );
  });

  onePerReader('openai-evals', 'run specs (any JSON) give a task name through taskOf', 2000, async () => {
    await fc.assert(
      fc.property(fc.option(fc.dictionary(fc.constantFrom('eval_name', 'base_eval', 'split', 'completion_fns', '__proto__'), jsonCellArb, { maxKeys: 4 }), { nil: undefined }), fc.constantFrom('/x/run.jsonl', '/x/.jsonl.gz', 'r'), (spec, path) => {
        const { task, note } = taskOf(spec, path);
        assert.equal(typeof task, 'string');
        assert.ok(note === undefined || typeof note === 'string');
      }),
      params(2000),
    );
  });
});
