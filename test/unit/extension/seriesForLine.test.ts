import * as assert from 'node:assert/strict';
import { delimitedOccurrences, seriesForLine } from '../../../src/hover/seriesForLine';
import { countClaims, codeLensSummary, statusText } from '../../../src/util/claimCounts';
import { safeFileName, isWithin } from '../../../src/util/paths';
import { series } from './seriesFixture';

describe('seriesForLine', () => {
  const all = [
    series({ task: 'arith' }),
    series({ task: 'arith_long', verdict: 'emergent' }),
    series({ task: 'copy', verdict: 'smooth', jump: null, metrics: [] }),
  ];

  it('finds the task of a CSV row, as a whole cell only', () => {
    const hit = seriesForLine(all, 'syn-1b,1e9,arith_long,7,12,12,1', 0);
    assert.deepEqual(hit?.series.map((s) => s.task), ['arith_long']);
    assert.equal(hit?.span, undefined);
  });

  it('gives the span of the task name under the cursor', () => {
    const line = '{"model":"syn-1b","task":"copy","target":"arith"}';
    const at = line.indexOf('copy') + 1;
    const hit = seriesForLine(all, line, at);
    assert.deepEqual(hit?.series.map((s) => s.task), ['copy']);
    assert.deepEqual(hit?.span, [line.indexOf('copy'), line.indexOf('copy') + 4]);
  });

  it('returns nothing for a line without a task', () => {
    assert.equal(seriesForLine(all, 'model,params,task,item', 3), undefined);
    assert.deepEqual(delimitedOccurrences('arithmetic,arith', 'arith'), [11]);
  });

  it('narrows several series of a task by the model named in the row', () => {
    const a = series({ family: 'syn' });
    const b = series({ family: 'other', metrics: [] });
    const hit = seriesForLine([a, b], 'syn-70m,arith,1', 9);
    assert.deepEqual(hit?.series.map((s) => s.family), ['syn']);
  });
});

describe('claimCounts', () => {
  it('counts tasks, claims, mirages and survivors', () => {
    const c = countClaims([
      series({ task: 'a', verdict: 'mirage-metric' }),
      series({ task: 'a', family: 'x', verdict: 'emergent' }),
      series({ task: 'b', verdict: 'mirage-resolution' }),
      series({ task: 'c', verdict: 'smooth', jump: null, metrics: [] }),
    ]);
    assert.deepEqual(c, { tasks: 3, series: 4, claims: 3, mirages: 2, survives: 1 });
    assert.equal(codeLensSummary(c), '3 tasks · 3 emergent claims · 2 mirages');
    assert.equal(statusText(c), 'Mirage: 3 claims, 1 survives');
    assert.equal(statusText({ ...c, claims: 1, survives: 0 }), 'Mirage: 1 claim, 0 survive');
  });
});

describe('paths', () => {
  it('makes safe file names from log text', () => {
    const f = safeFileName('../../etc/passwd', '.png');
    assert.ok(!f.includes('/') && !f.startsWith('.') && f.endsWith('.png'), f);
    assert.equal(safeFileName('<>', '.md'), '_.md');
    assert.equal(safeFileName('', '.png'), 'mirage.png');
  });
  it('tells whether a file is within a scope', () => {
    assert.ok(isWithin('/a/b/c.csv', '/a'));
    assert.ok(isWithin('/a/b.csv', '/a/b.csv'));
    assert.ok(!isWithin('/ab/c.csv', '/a'));
  });
});
