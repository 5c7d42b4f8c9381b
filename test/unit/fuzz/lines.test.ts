/**
 * Fuzzing of the line reader every line-oriented format streams through (src/core/io/lines.ts):
 * forEachLine yields exactly the lines of the decoded text (BOM dropped, CRLF and LF ends, invalid
 * UTF-8 as U+FFFD, 1-based numbers), plain or gzip, and a damaged gzip rejects only after every
 * line before the damage; readHead gives the decompressed head and never throws on damage.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { forEachLine, readHead } from '../../../src/core/io/lines';
import { count, params, runs, scratch } from './support';

/** What forEachLine must yield for `bytes`: split on LF, one trailing CR removed per line. */
function expectedLines(bytes: Buffer): string[] {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text === '') return [];
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

const pieceArb = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => Buffer.from(s)) },
  { weight: 2, arbitrary: fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\ufeff', 'é', '€', '💥').map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.constantFrom([0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x92], [0xff], [0xed, 0xa0, 0x80]).map((b) => Buffer.from(b)) },
);

describe('fuzz: the line reader', function () {
  this.timeout(120_000);
  let dir = '';
  before(() => {
    dir = scratch();
  });

  const n = runs(2000);
  it(`${count(n)} texts (any line ends, BOM, invalid UTF-8, multi-byte characters; plain or gzip) come out line for line`, async () => {
    const path = (): string => join(dir, 'lines.txt');
    await fc.assert(
      fc.asyncProperty(fc.array(pieceArb, { maxLength: 80 }), fc.boolean(), fc.boolean(), async (pieces, bom, gz) => {
        const plain = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), ...pieces]);
        writeFileSync(path(), gz ? gzipSync(plain) : plain);
        const got: [string, number][] = [];
        await forEachLine(path(), (t, l) => got.push([t, l]));
        const want = expectedLines(plain);
        assert.deepEqual(got.map(([t]) => t), want);
        assert.deepEqual(got.map(([, l]) => l), want.map((_, i) => i + 1));
        const head = await readHead(path(), 64);
        assert.deepEqual(head, plain.subarray(0, 64));
      }),
      params(2000),
    );
  });

  const m = runs(1000);
  it(`${count(m)} gzip files cut short anywhere: every complete line before the cut, then a rejection; readHead gives the head or a 'damaged gzip' error`, async () => {
    const path = join(dir, 'cut.txt.gz');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 30 }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), async (lines, at) => {
        const plain = Buffer.from(lines.map((l) => l.replace(/[\r\n]/g, ' ')).join('\n') + '\n');
        const gz = gzipSync(plain);
        const cut = gz.subarray(0, Math.floor(at * gz.length));
        writeFileSync(path, cut);
        const got: string[] = [];
        let failed = false;
        try {
          await forEachLine(path, (t) => got.push(t));
        } catch {
          failed = true;
        }
        const want = expectedLines(plain);
        // A gzip cut anywhere before its end (magic bytes kept) must not read as complete; below two
        // bytes it is not a gzip any more, just a tiny plain file.
        if (cut.length >= 2) {
          assert.ok(failed, 'a truncated gzip must reject');
          assert.deepEqual(got, want.slice(0, got.length), 'only lines before the damage, all whole');
        }
        // readHead gives what it could decompress, or, when not even the gzip header survived (so
        // nothing can be decompressed), rejects naming the damage; readInput reports that as unreadable.
        await readHead(path).catch((e: unknown) => {
          assert.ok(cut.length >= 2 && e instanceof Error && /^damaged gzip/.test(e.message), `readHead: ${String(e)}`);
        });
      }),
      params(1000),
    );
  });

  it('a 3 MB file with multi-byte characters across every 1 MiB chunk boundary comes out line for line', async () => {
    const path = join(dir, 'big.txt');
    const line = 'é€💥'.repeat(1000) + 'x';
    const plain = Buffer.from(Array.from({ length: 450 }, (_, i) => `${i} ${line}`).join('\r\n'));
    for (const data of [plain, gzipSync(plain)]) {
      writeFileSync(path, data);
      const got: string[] = [];
      await forEachLine(path, (t) => got.push(t));
      assert.deepEqual(got, expectedLines(plain));
    }
  });
});
