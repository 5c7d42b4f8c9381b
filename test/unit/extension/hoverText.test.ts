import * as assert from 'node:assert/strict';
import { commandUri, escapeMarkdown, fmt, hoverMarkdown, seriesHoverMarkdown } from '../../../src/core/hoverText';
import { metric, series } from './seriesFixture';

// Markdown that would do something if it were not escaped: a trusted command link, HTML, an image.
const HOSTILE = '[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> ![i](http://x/y.png) **b** `c`\n# h';

describe('hoverText', () => {
  it('escapes every ASCII punctuation character so log text renders as text', () => {
    const e = escapeMarkdown(HOSTILE);
    assert.ok(!/(^|[^\\])[[\]()<>`*!#]/.test(e), e);
    assert.ok(!e.includes('\n'));
    assert.equal(escapeMarkdown('a_b'), 'a\\_b');
  });

  it('drops control and bidi override characters', () => {
    assert.equal(escapeMarkdown('a\u202eb\u0000c'), 'abc');
  });

  it('percent-encodes command arguments, including the characters that end a Markdown link', () => {
    const uri = commandUri('mirage.openReportForTask', [{ path: '/w/a (1).csv', key: "t') [x](y" }]);
    assert.ok(uri.startsWith('command:mirage.openReportForTask?'));
    assert.ok(!/[()[\]'\s]/.test(uri.slice('command:'.length)), uri);
    const args = JSON.parse(decodeURIComponent(uri.split('?')[1]!));
    assert.deepEqual(args, [{ path: '/w/a (1).csv', key: "t') [x](y" }]);
  });

  it('shows verdict, ES per metric, n per model, smallest-scale intervals, items needed and the link', () => {
    const md = seriesHoverMarkdown(series(), 'command:mirage.openReportForTask?%5B%5D');
    assert.match(md, /\*\*arith \\\(syn\\\)\*\*: mirage \\?\(metric\\?\)|mirage \(metric\)/);
    assert.match(md, /\| exact\\_match \| discrete \| 4\.2 \\\[2\.1, 6\.3\\\] \| 1\.5 \| yes \|/);
    assert.match(md, /\| token\\_edit\\_distance \| continuous \| 1\.1 \| 1\.5 \| — \|/);
    assert.match(md, /n per model: syn\\-70m 100 · syn\\-160m 100 · syn\\-410m 100 · syn\\-1b 100/);
    assert.match(md, /smallest scales: syn\\-70m: 0 \\\[0, 0\.037\\\] · syn\\-160m: 0 \\\[0, 0\.037\\\]/);
    assert.match(md, /Items needed per model: 300/);
    assert.match(md, /\[Open in Mirage report\]\(command:mirage\.openReportForTask\?%5B%5D\)$/);
  });

  it('keeps hostile task, model and reason text inert', () => {
    const s = series({
      task: HOSTILE,
      reasons: [HOSTILE],
      metrics: [metric({ name: HOSTILE, points: [{ model: HOSTILE, scale: 1, value: 0, n: 1, ciLow: 0, ciHigh: 1 }] })],
      jump: { from: HOSTILE, to: 'b' },
    });
    const md = hoverMarkdown([s], () => 'command:mirage.openReportForTask?%5B%5D');
    // The only link target is ours; the only raw ']('  is the one we wrote.
    assert.equal(md.split('](').length - 1, 1);
    assert.ok(!/(^|[^\\])</.test(md), 'no raw <');
    assert.ok(!md.includes('](command:workbench'));
    assert.ok(!/^#/m.test(md));
  });

  it('caps several series and says how many more', () => {
    const md = hoverMarkdown([series(), series({ family: 'b' }), series({ family: 'c' }), series({ family: 'd' })]);
    assert.match(md, /and 1 more series/);
    assert.equal(md.split('\n---\n').length, 4);
  });

  it('formats numbers for people', () => {
    assert.equal(fmt(null), '—');
    assert.equal(fmt(0), '0');
    assert.equal(fmt(0.123456), '0.123');
    assert.equal(fmt(123456), '1.23e+5');
    assert.equal(fmt(Infinity), '∞');
  });
});
