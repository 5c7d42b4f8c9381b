/**
 * Keys and names that are also the names of JavaScript's object machinery ("__proto__",
 * "constructor", "prototype", "hasOwnProperty", "toString"): as JSON keys, CSV columns, --map
 * targets, task, model and item names. They are read through the real pipeline without polluting
 * Object.prototype, without crashing, and a task or model named like that is an ordinary one.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzePaths, readInput } from '../../../src/core/analyze';
import { normalizeRow } from '../../../src/core/formats/parquetReader';
import type { Report } from '../../../src/core/report';
import { cli, itemIds } from './support';

const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'prototype', 'toString', 'valueOf'] as const;

/** Object.prototype as it was before any log was read: own keys and their descriptors. */
const PRISTINE = snapshot();
function snapshot(): string {
  const protos = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
  return JSON.stringify(protos.map((p) => Object.getOwnPropertyNames(p).sort().map((k) => [k, typeof Object.getOwnPropertyDescriptor(p, k)!.value])));
}
function assertNotPolluted(): void {
  const probe = {} as Record<string, unknown>;
  assert.equal(probe.polluted, undefined, '({}).polluted');
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  assert.equal(typeof probe.hasOwnProperty, 'function');
  assert.equal(typeof probe.toString, 'function');
  assert.equal(Object.getPrototypeOf(probe), Object.prototype);
  assert.equal(snapshot(), PRISTINE, 'built-in prototypes unchanged');
}

/** A JSONL row written by hand: JSON.stringify of an object literal would drop a "__proto__" key. */
const row = (fields: string): string => `{${fields}}\n`;

describe('prototype pollution: hostile keys and names', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mirage-proto-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    assertNotPolluted();
  });
  afterEach(assertNotPolluted);

  it('JSONL lines with "__proto__", "constructor" and "prototype" keys (top level and under scores) are ordinary rows', async () => {
    const p = join(dir, 'keys.jsonl');
    writeFileSync(
      p,
      row('"__proto__": {"polluted": 1}, "model": "pythia-1b", "task": "t", "doc_id": 1, "correct": 1') +
        row('"model": "pythia-1b", "task": "t", "doc_id": 2, "correct": 0, "constructor": {"prototype": {"polluted": 2}}, "prototype": {"polluted": 3}') +
        row('"model": "pythia-1b", "task": "t", "doc_id": 3, "scores": {"__proto__": {"polluted": 4}, "constructor": {"polluted": 5}, "correct": 1}') +
        row('"model": "pythia-1b", "task": "t", "doc_id": 4, "correct": 1, "__proto__": {"__proto__": {"polluted": 6}}') +
        row('"model": "pythia-1b", "task": "t", "doc_id": 5, "correct": 1, "__proto__": "polluted", "constructor": "polluted"') +
        row('"model": "pythia-1b", "task": "t", "doc_id": 6, "scores": {"__proto__": ["polluted"], "constructor": 1, "correct": 1}'),
    );
    const r = await readInput(p, { workers: 0 });
    assert.deepEqual(r.summary.problems, []);
    assert.equal(r.summary.format, 'jsonl');
    assert.equal(r.summary.rows, 6);
    assert.deepEqual(itemIds(r), { t: ['1', '2', '3', '4', '5', '6'] });
  });

  it('tasks, models and items named "__proto__", "constructor", "hasOwnProperty"... are ordinary tasks, models and items', async () => {
    const models = ['__proto__', 'constructor', 'hasOwnProperty', 'toString'];
    let text = '';
    for (const task of NAMES) {
      models.forEach((model, k) => {
        for (const item of NAMES) {
          text += JSON.stringify({ model, family: '__proto__', params: 10 ** (8 + k), task, doc_id: item, correct: k >= 2 ? 1 : 0 }) + '\n';
        }
      });
    }
    const d = join(dir, 'names');
    mkdirSync(d);
    writeFileSync(join(d, 'names.jsonl'), text);
    const rep = await analyzePaths([d], { resamples: 0 });
    assert.deepEqual(rep.inputs.map((i) => [i.rows, i.problems]), [[NAMES.length * models.length * NAMES.length, []]]);
    assert.deepEqual(rep.series.map((s) => [s.task, s.family]), [...NAMES].sort().map((t) => [t, '__proto__']));
    for (const s of rep.series) {
      const points = s.metrics.find((m) => m.name === 'correct')!.points;
      assert.deepEqual(points.map((p) => [p.model, p.n, p.value]), models.map((m, k) => [m, NAMES.length, k >= 2 ? 1 : 0]), s.task);
    }
    // Through the CLI too: the JSON report names them as they are.
    const out = await cli('check', d, '--json', '--resamples', '0');
    assert.equal(out.code, 0, out.err);
    const j = JSON.parse(out.out) as Report;
    assert.deepEqual(j.series.map((s) => s.task), [...NAMES].sort());
    assert.ok(Object.hasOwn(j.series[0]!, 'task'));
  });

  it('CSV header columns named __proto__, constructor and prototype are ordinary columns', async () => {
    const p = join(dir, 'columns.csv');
    writeFileSync(
      p,
      'model,task,item,correct,__proto__,constructor,prototype\n' +
        'pythia-1b,t,q1,1,"{""polluted"":1}","{""prototype"":{""polluted"":2}}",polluted\n' +
        'pythia-1b,t,q2,0,x,y,z\n',
    );
    const r = await readInput(p);
    assert.deepEqual(r.summary.problems, []);
    assert.equal(r.summary.rows, 2);
    assert.deepEqual(itemIds(r), { t: ['q1', 'q2'] });
  });

  it('--map roles onto columns named __proto__, constructor and prototype (CSV and JSONL)', async () => {
    const csv = join(dir, 'mapped.csv');
    writeFileSync(csv, '__proto__,constructor,prototype,ok\npythia-1b,arith,q1,1\npythia-1b,arith,q2,0\npythia-2.8b,arith,q1,1\n');
    const jsonl = join(dir, 'mapped.jsonl');
    writeFileSync(
      jsonl,
      row('"__proto__": "pythia-1b", "constructor": "arith", "prototype": "q1", "ok": 1') +
        row('"__proto__": "pythia-1b", "constructor": "arith", "prototype": "q2", "ok": 0') +
        row('"__proto__": "pythia-2.8b", "constructor": "arith", "prototype": "q1", "ok": 1'),
    );
    for (const p of [csv, jsonl]) {
      const r = await cli('check', p, '--json', '--resamples', '0', '--map', 'model=__proto__', '--map', 'task=constructor', '--map', 'item=prototype', '--map', 'correct=ok');
      assert.equal(r.code, 0, r.err);
      const j = JSON.parse(r.out) as Report;
      assert.deepEqual(j.inputs.map((i) => [i.rows, i.problems]), [[3, []]], p);
      assert.deepEqual(j.series.map((s) => s.task), ['arith'], p);
      const pts = j.series[0]!.metrics.find((m) => m.name === 'ok')!.points;
      assert.deepEqual(pts.map((x) => [x.model, x.n, x.value]), [['pythia-1b', 2, 0.5], ['pythia-2.8b', 1, 1]], p);
    }
    // A score column named "__proto__" is a metric like any other.
    const sc = join(dir, 'score.csv');
    writeFileSync(sc, 'model,task,item,__proto__\npythia-1b,t,q1,1\npythia-1b,t,q2,0\npythia-2.8b,t,q1,1\n');
    const r = await cli('check', sc, '--json', '--resamples', '0', '--map', 'correct=__proto__');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as Report;
    assert.deepEqual(j.inputs.map((i) => [i.rows, i.problems]), [[3, []]]);
    assert.deepEqual(j.series[0]!.metrics.map((m) => [m.name, m.points.map((x) => x.value)]), [['__proto__', [0.5, 1]]]);
    // A role column named like that but missing from a row is missing, not Object.prototype.
    const gap = join(dir, 'gap.jsonl');
    writeFileSync(gap, row('"__proto__": "pythia-1b", "task": "t", "doc_id": 1, "correct": 1') + row('"task": "t", "doc_id": 2, "correct": 1'));
    const g = await cli('check', gap, '--json', '--resamples', '0', '--map', 'model=__proto__');
    assert.equal(g.code, 0, g.err);
    const gj = JSON.parse(g.out) as Report;
    assert.deepEqual(gj.inputs[0]!.problems, [{ line: 2, message: 'empty __proto__' }]);
    assert.deepEqual(gj.series[0]!.metrics[0]!.points.map((x) => x.model), ['pythia-1b']);
  });

  it('--map with a role named "__proto__", "constructor", "hasOwnProperty" or "toString" is a usage error (exit 2)', async () => {
    const p = join(dir, 'plain.csv');
    writeFileSync(p, 'model,task,item,correct\npythia-1b,t,q1,1\n');
    for (const role of ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'prototype']) {
      const r = await cli('check', p, '--map', `${role}=model`);
      assert.equal(r.code, 2, role);
      assert.match(r.err, new RegExp(`^mirage: --map expects ROLE=COLUMN with ROLE one of model, .*; got "${role}=model"`), role);
    }
  });

  it('a Parquet row (as decoded) with a "__proto__" column holding a struct keeps it as a value', () => {
    // hyparquet decodes a struct column to a plain object; JSON.parse builds the same shape here.
    const raw = JSON.parse('{"__proto__": {"model": "inherited", "polluted": 1}, "model": "pythia-1b", "s": {"__proto__": {"polluted": 2}, "a": 1}}') as Record<string, unknown>;
    const row = normalizeRow(raw);
    assert.deepEqual(Object.keys(row), ['__proto__', 'model', 's']);
    assert.equal(row.model, 'pythia-1b');
    assert.equal((row as { polluted?: unknown }).polluted, undefined, 'struct fields are not inherited as columns');
    assert.deepEqual(Object.getOwnPropertyDescriptor(row, '__proto__')!.value, { model: 'inherited', polluted: 1 });
    assert.equal(Object.getPrototypeOf(row), Object.prototype);
    assert.equal((row.s as { polluted?: unknown }).polluted, undefined);
  });

  it('an lm-eval results file whose tasks are named "__proto__", "constructor", "hasOwnProperty"', async () => {
    const d = join(dir, 'lm', 'EleutherAI__pythia-1b');
    mkdirSync(d, { recursive: true });
    const tasks = ['__proto__', 'constructor', 'hasOwnProperty'];
    const obj = (entries: [string, string][]): string => `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`;
    const doc = obj([
      ['results', obj(tasks.map((t) => [t, obj([['alias', JSON.stringify(t)], ['acc,none', '0.5'], ['acc_stderr,none', '0.05']])]))],
      ['groups', obj([['constructor', obj([['acc,none', '0.5']])]])],
      ['configs', obj(tasks.map((t) => [t, obj([['task', JSON.stringify(t)], ['num_fewshot', '0']])]))],
      ['n-shot', obj(tasks.map((t) => [t, '0']))],
      ['n-samples', obj(tasks.map((t) => [t, obj([['original', '100'], ['effective', '100']])]))],
      ['versions', obj(tasks.map((t) => [t, '1.0']))],
      ['config', obj([['model', '"hf"'], ['model_args', '"pretrained=EleutherAI/pythia-1b"']])],
      ['model_name', '"EleutherAI/pythia-1b"'],
      ['lm_eval_version', '"0.4.2"'],
    ]);
    const p = join(d, 'results_2024-05-01T12-00-00.000000.json');
    writeFileSync(p, doc);
    const r = await readInput(p);
    assert.equal(r.summary.format, 'lm-eval-results');
    assert.deepEqual(r.summary.problems, []);
    assert.deepEqual(r.series.map((s) => s.task).sort(), [...tasks].sort());
    assert.equal(r.summary.rows, 3);
  });
});
