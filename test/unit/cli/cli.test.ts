/** The CLI contract other tools rely on (runs the built dist/cli.js through bin/mirage.js). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../analysis/tmp';

const bin = join(process.cwd(), 'bin', 'mirage.js');
const mirage = (...args: string[]): { code: number; out: string; err: string } => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
};

describe('mirage CLI', function () {
  this.timeout(120000);
  before(function () {
    if (!existsSync(join(process.cwd(), 'dist', 'cli.js'))) throw new Error('dist/cli.js missing: run `npm run build` first');
  });

  it('prints one JSON object in the documented shape with --json', () => {
    const r = mirage('check', 'examples', '--json', '--resamples', '100');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.version, 1);
    assert.ok(Array.isArray(j.inputs) && j.inputs.length >= 4);
    for (const i of j.inputs) {
      assert.equal(typeof i.path, 'string');
      assert.equal(typeof i.format, 'string');
      assert.equal(typeof i.rows, 'number');
      assert.ok(Array.isArray(i.problems));
    }
    assert.ok(j.series.length >= 8);
    for (const s of j.series) {
      for (const k of ['task', 'family', 'setting', 'verdict', 'headlineMetric']) assert.equal(typeof s[k], 'string', k);
      assert.ok(['smooth', 'emergent', 'mirage-metric', 'mirage-resolution', 'inconclusive'].includes(s.verdict));
      assert.ok(Array.isArray(s.reasons) && s.reasons.every((x: unknown) => typeof x === 'string'));
      assert.ok(s.jump === null || (typeof s.jump.from === 'string' && typeof s.jump.to === 'string'));
      assert.ok(s.itemsNeeded === null || typeof s.itemsNeeded === 'number');
      for (const m of s.metrics) {
        assert.ok(m.kind === 'discrete' || m.kind === 'continuous');
        assert.equal(typeof m.higherIsBetter, 'boolean');
        assert.ok(m.emergenceScore === null || typeof m.emergenceScore === 'number');
        assert.ok(m.deltaBic === null || typeof m.deltaBic === 'number');
        for (const p of m.points) {
          assert.equal(typeof p.model, 'string');
          assert.equal(typeof p.scale, 'number');
          assert.equal(typeof p.value, 'number');
          for (const k of ['n', 'ciLow', 'ciHigh']) assert.ok(p[k] === null || typeof p[k] === 'number', k);
        }
      }
    }
  });

  it('prints a table and the reasons for people, and writes Markdown with --markdown', () => {
    const t = tempDir();
    const md = join(t.dir, 'report.md');
    const r = mirage('check', 'examples', '--markdown', md, '--resamples', '0');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^TASK\s+FAMILY\s+SETTING\s+VERDICT\s+HEADLINE\s+JUMP\s+ES PER METRIC/);
    assert.match(r.out, /word_unscramble\s+synth\s+-\s+emergent/);
    assert.match(r.out, /Read 4 files, 7456 records used, 0 problems/);
    const text = readFileSync(md, 'utf8');
    assert.match(text, /^# Mirage Lens report/);
    assert.match(text, /\| word\\_unscramble \| synth \|/);
  });

  it('exits 2 naming a missing path, and on bad usage', () => {
    const r = mirage('check', 'no/such/dir');
    assert.equal(r.code, 2);
    assert.match(r.err, /no\/such\/dir: no such file or folder/);
    assert.equal(mirage('check').code, 2);
    assert.equal(mirage('check', 'examples', '--x', 'size').code, 2);
    assert.equal(mirage('frobnicate').code, 2);
  });

  it('exits 1 when --fail-on matches, 0 otherwise', () => {
    assert.equal(mirage('check', 'examples', '--fail-on', 'emergent', '--resamples', '0').code, 1);
    assert.equal(mirage('check', 'examples/aggregate', '--fail-on', 'mirage-metric,emergent', '--resamples', '0').code, 1);
    assert.equal(mirage('check', 'examples/per-item/multiple_choice.csv', '--fail-on', 'emergent', '--resamples', '0').code, 0);
  });

  it('applies --map overrides and lists skipped records with their lines', () => {
    const t = tempDir();
    const p = t.write('odd.csv', 'who,sz,what,q,ok\nm-a,1B,t,1,1\nm-a,huge,t,2,0\n');
    const bad = mirage('check', p, '--json');
    assert.equal(bad.code, 0);
    assert.match(JSON.parse(bad.out).inputs[0].problems[0].message, /--map model=COLUMN/);
    const r = mirage('check', p, '--json', '--map', 'model=who', '--map', 'scale=sz', '--map', 'task=what', '--map', 'item=q', '--map', 'correct=ok');
    const j = JSON.parse(r.out);
    assert.equal(j.inputs[0].rows, 1);
    assert.deepEqual(j.inputs[0].problems.map((x: { line: number }) => x.line), [3]);
  });
});
