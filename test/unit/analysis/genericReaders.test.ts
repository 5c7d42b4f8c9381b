import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readInput } from '../../../src/core/analyze';
import { tempDir } from './tmp';
import { headerDelimiter } from '../../../src/core/formats/csv';

const rowsOf = (r: Awaited<ReturnType<typeof readInput>>): number => r.summary.rows;

describe('generic CSV and JSONL readers', () => {
  it('reads CSV with BOM and CRLF, and quoted newlines keep the right line numbers', async () => {
    const t = tempDir();
    const p = t.write(
      'log.csv',
      '\ufeffmodel,task,item,target,prediction\r\n' +
        'm-1b,t,1,"a\r\nb",a b\r\n' +
        'm-1b,t,2,x,x,EXTRA\r\n' +
        'm-1b,t,3,y,y\r\n',
    );
    const r = await readInput(p);
    assert.equal(r.summary.format, 'csv');
    assert.equal(rowsOf(r), 2);
    assert.equal(r.summary.problems.length, 1);
    assert.equal(r.summary.problems[0]!.line, 4);
    assert.match(r.summary.problems[0]!.message, /expected 5 fields/);
  });

  it('reads TSV by extension', async () => {
    const t = tempDir();
    const p = t.write('log.tsv', 'model\ttask\titem\tcorrect\nm-1b\tt\t1\t1\nm-1b\tt\t2\t0\n');
    const r = await readInput(p);
    assert.equal(r.summary.format, 'tsv');
    assert.equal(rowsOf(r), 2);
  });

  it('takes the delimiter from the header, not from free text in the rows', async () => {
    const t = tempDir();
    // Data rows full of semicolons (and a short first row) once made papaparse guess ';'.
    const p = t.write('log.csv', 'model,item,acc,target,prediction\nfam-70m,0\nfam-70m,1,0,"a;b;c",";;"\nfam-70m,2,1,";;",";;"\n');
    const r = await readInput(p);
    assert.equal(rowsOf(r), 2);
    assert.deepEqual(r.summary.problems.map((q) => q.line), [2]);
    assert.equal(headerDelimiter('"a,b";c;d\n1;2;3', false), ';');
    assert.equal(headerDelimiter('\ufeffmodel\ttask,x\tscore', false), '\t');
    assert.equal(headerDelimiter('model', true), '\t');
    assert.equal(headerDelimiter('model|task|score', false), '|');
  });

  it('skips a garbage line in the middle of JSONL and a truncated last line, keeping the rest', async () => {
    const t = tempDir();
    const good = (i: number): string => JSON.stringify({ model: 'm-1b', task: 't', item: i, correct: 1 });
    const p = t.write('log.jsonl', [good(1), 'not json {', good(2), '[1,2]', good(3), '{"model": "m-1b", "ta'].join('\n'));
    const r = await readInput(p);
    assert.equal(rowsOf(r), 3);
    assert.deepEqual(r.summary.problems.map((x) => x.line), [2, 4, 6]);
    assert.match(r.summary.problems[0]!.message, /not valid JSON/);
    assert.match(r.summary.problems[1]!.message, /expected a JSON object/);
  });

  it('reads .jsonl.gz, and a gzip that ends early keeps the lines before the damage', async () => {
    const t = tempDir();
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ model: 'm-1b', task: 't', item: i, correct: i % 2 })).join('\n') + '\n';
    const gz = gzipSync(Buffer.from(lines));
    const whole = await readInput(t.write('a.jsonl.gz', gz));
    assert.equal(rowsOf(whole), 2000);
    assert.equal(whole.summary.problems.length, 0);
    const cut = await readInput(t.write('b.jsonl.gz', gz.subarray(0, Math.floor(gz.length * 0.6))));
    assert.ok(rowsOf(cut) > 0 && rowsOf(cut) < 2000, `kept ${rowsOf(cut)}`);
    assert.ok(cut.summary.problems.some((x) => /reading stopped early/.test(x.message)));
  });

  it('names the columns and the fix when a required role is missing', async () => {
    const t = tempDir();
    const r = await readInput(t.write('x.csv', 'who,what,ok\na,b,1\n'));
    assert.equal(rowsOf(r), 0);
    assert.match(r.summary.problems[0]!.message, /Columns found: who, what, ok/);
  });

  it('skips a file that is not an eval log with a one-line reason', async () => {
    const t = tempDir();
    const r = await readInput(t.write('package.json', '{\n  "name": "x"\n}\n'));
    assert.equal(r.summary.format, 'skipped');
    assert.match(r.summary.skipped!, /JSON without a known eval-log layout/);
    const e = await readInput(t.write('empty.csv', ''));
    assert.equal(e.summary.skipped, 'empty file');
  });

  it('clusters repeated measurements of one item instead of counting new items', async () => {
    const t = tempDir();
    const rows = ['model,task,item,epoch,correct'];
    for (const e of [1, 2, 3]) rows.push(`m-1b,t,q1,${e},${e === 1 ? 1 : 0}`);
    rows.push('m-1b,t,q2,1,1');
    const r = await readInput(t.write('e.csv', rows.join('\n')));
    const cell = r.series[0]!.models.get('m-1b')!;
    assert.equal(cell.itemIds.length, 2);
    const col = cell.metrics.get('correct')!;
    assert.equal(col.sum.data[0]! / col.count.data[0]!, 1 / 3);
  });
});
