import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { forEachLineBytes, AbortError } from '../../../src/core/io/lines';
import { tempDir } from '../analysis/tmp';

const MB = 1 << 20;

/** Lines as forEachLineBytes delivers them, copied at once (the chunks' memory is reused). */
async function linesOf(path: string, opts: Parameters<typeof forEachLineBytes>[2] = {}): Promise<{ text: string; line: number }[]> {
  const out: { text: string; line: number }[] = [];
  await forEachLineBytes(path, (buf, s, e, line) => out.push({ text: buf.toString('latin1', s, e), line }), opts);
  return out;
}

/** Lines by definition: split on '\n', a trailing '\r' dropped, no empty last line after a final '\n'. */
function expected(content: string, firstLine = 1): { text: string; line: number }[] {
  const parts = content.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((t, i) => ({ text: t.endsWith('\r') ? t.slice(0, -1) : t, line: firstLine + i }));
}

describe('forEachLineBytes', () => {
  // Lines of many lengths, some crossing the 1 MB chunk edges, one longer than two chunks, CRLF
  // endings, and no newline at the very end.
  const pieces: string[] = [];
  let size = 0;
  for (let i = 0; size < 3.5 * MB; i++) {
    const len = i === 40 ? 2.3 * MB : (i * 7919) % 5000;
    const text = `${i}:` + String.fromCharCode(97 + (i % 26)).repeat(len) + (i % 5 === 0 ? '\r' : '');
    pieces.push(text);
    size += text.length + 1;
  }
  const content = pieces.join('\n');
  const dir = tempDir();
  const plain = dir.write('lines.jsonl', Buffer.from(content, 'latin1'));

  it('gives every line of a multi-megabyte file whole, across chunk edges and reused buffers', async () => {
    const got = await linesOf(plain);
    const want = expected(content);
    assert.equal(got.length, want.length);
    for (let i = 0; i < want.length; i++) assert.deepEqual(got[i], want[i], `line ${i + 1}`);
  });

  it('reads a byte range (lines starting in it, numbered from firstLine) and reports its bytes as progress', async () => {
    const starts: number[] = [0];
    for (let i = 0; i < content.length; i++) if (content[i] === '\n') starts.push(i + 1);
    const from = starts[30]!;
    const to = starts[60]!;
    const seen: number[] = [];
    const got = await linesOf(plain, { start: from, end: to, firstLine: 31, onProgress: (b) => seen.push(b) });
    assert.deepEqual(got, expected(content.slice(from, to), 31));
    assert.equal(seen[seen.length - 1], to - from);
  });

  it('strips a BOM at the start of the file only, and reads gzip the same', async () => {
    const bom = dir.write('bom.jsonl', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a\nb\n')]));
    assert.deepEqual(await linesOf(bom), [{ text: 'a', line: 1 }, { text: 'b', line: 2 }]);
    const gz = dir.write('lines.jsonl.gz', gzipSync(Buffer.from(content, 'latin1')));
    const got = await linesOf(gz);
    assert.equal(got.length, expected(content).length);
    assert.deepEqual(got[40], expected(content)[40]);
    assert.deepEqual(got[got.length - 1], expected(content)[got.length - 1]);
  });

  it('reads an empty file as no lines', async () => {
    assert.deepEqual(await linesOf(dir.write('empty.jsonl', '')), []);
  });

  it('stops with AbortError when cancelled mid-file, leaving no read behind', async () => {
    const ac = new AbortController();
    let n = 0;
    await assert.rejects(
      forEachLineBytes(plain, () => {
        if (++n === 50) ac.abort();
      }, { signal: ac.signal }),
      AbortError,
    );
    // The file is closed (its handle is not leaked): it can be read again at once.
    assert.equal((await linesOf(plain)).length, expected(content).length);
  });
});
