import * as assert from 'node:assert/strict';
import { DEFAULT_WATCH_GLOBS, matchesGlobs, objectSource, readConfig } from '../../../src/config';
import { readFileSync } from 'node:fs';

describe('config', () => {
  it('gives the defaults for empty settings', () => {
    const c = readConfig(objectSource({}));
    assert.deepEqual(c, {
      watchGlobs: [...DEFAULT_WATCH_GLOBS],
      columnMap: {},
      xAxis: 'params',
      emergenceThreshold: undefined,
      bicThreshold: undefined,
      interval: 'wilson',
      defaultMetrics: [],
    });
  });

  it('keeps valid values and drops invalid ones', () => {
    const c = readConfig(
      objectSource({
        watchGlobs: ['runs/**/*.csv', 3, ''],
        columnMap: { scale: 'n_params', bogus: 'x', task: 5 },
        xAxis: 'flops',
        emergenceThreshold: 3,
        bicThreshold: Number.NaN,
        interval: 'clopper-pearson',
        defaultMetrics: ['exact_match'],
      }),
    );
    assert.deepEqual(c.watchGlobs, ['runs/**/*.csv']);
    assert.deepEqual(c.columnMap, { scale: 'n_params' });
    assert.equal(c.xAxis, 'flops');
    assert.equal(c.emergenceThreshold, 3);
    assert.equal(c.bicThreshold, undefined);
    assert.equal(c.interval, 'clopper-pearson');
    assert.equal(readConfig(objectSource({ xAxis: 'tokens', interval: 'wald' })).xAxis, 'params');
    assert.equal(readConfig(objectSource({ watchGlobs: [] })).watchGlobs.length, DEFAULT_WATCH_GLOBS.length);
  });

  it('matches paths against globs like the watcher does', () => {
    const g = [...DEFAULT_WATCH_GLOBS];
    assert.ok(matchesGlobs('/w/sweep/log.csv', g));
    assert.ok(matchesGlobs('/w/a/b/samples.jsonl.gz', g));
    assert.ok(matchesGlobs('C:\\w\\results_2024.json', g));
    assert.ok(!matchesGlobs('/w/package.json', g));
    assert.ok(!matchesGlobs('/w/log.csv.bak', g));
    assert.ok(matchesGlobs('/w/runs/x/y.csv', ['runs/**/*.csv']));
    assert.ok(!matchesGlobs('/w/other/y.csv', ['runs/**/*.csv']));
    assert.ok(matchesGlobs('/w/a.tsv', ['**/*.{csv,tsv}']));
  });

  it('mirrors package.json contributes.configuration', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const props = pkg.contributes.configuration.properties as Record<string, Record<string, unknown>>;
    const keys = Object.keys(readConfig(objectSource({}))).map((k) => `mirage.${k}`);
    assert.deepEqual(Object.keys(props).sort(), keys.sort());
    assert.deepEqual(props['mirage.watchGlobs']!.default, DEFAULT_WATCH_GLOBS);
    for (const [k, p] of Object.entries(props)) {
      assert.ok(p.markdownDescription, `${k} has a markdownDescription`);
      if (p.enum) assert.equal((p.enumDescriptions as unknown[]).length, (p.enum as unknown[]).length);
    }
    const nls = JSON.parse(readFileSync('package.nls.json', 'utf8'));
    const refs = JSON.stringify(pkg.contributes).match(/%[\w.]+%/g) ?? [];
    for (const r of refs) assert.ok(nls[r.slice(1, -1)], `${r} is in package.nls.json`);
  });
});
