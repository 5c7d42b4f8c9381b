import assert from 'node:assert/strict';
import { IntBuffer } from '../../../src/core/metrics/intBuffer';
import { chooseTokenizer, TokenInterner } from '../../../src/core/metrics/tokenize';

const ids = (b: IntBuffer) => Array.from(b.data.subarray(0, b.length));

describe('chooseTokenizer', () => {
  it('uses characters for digit strings and arithmetic answers', () => {
    const digitStrings = ['1234', ' 42 ', '-34', '3.14', '1,000', '50%'];
    const arithmetic = ['2 + 3 = 5', '(7*8)/2', '12 × 3 − 1'];
    for (const t of [...digitStrings, ...arithmetic]) {
      assert.equal(chooseTokenizer(t), 'chars', t);
    }
  });

  it('uses whitespace otherwise', () => {
    for (const t of ['Paris', 'the answer is 4', '', ' + ', '3 apples', '$5', 'x = 2']) {
      assert.equal(chooseTokenizer(t), 'whitespace', t);
    }
  });
});

describe('TokenInterner', () => {
  it('gives equal tokens equal ids, on the normalised text', () => {
    const it = new TokenInterner();
    const a = new IntBuffer(1);
    const b = new IntBuffer(1);
    assert.equal(it.tokenizeInto('The cat, the HAT.', 'whitespace', a), 4);
    assert.equal(it.tokenizeInto('hat  THE cat!', 'whitespace', b), 3);
    const [the, cat, the2, hat] = ids(a);
    assert.equal(the, the2);
    assert.deepEqual(ids(b), [hat, the, cat]);
    assert.equal(new Set(ids(a)).size, 3);
    assert.equal(it.size, 3);
  });

  it('returns characters (spaces excluded) as their code points', () => {
    const it = new TokenInterner();
    const out = new IntBuffer(1);
    // ' 1 2,3.5 ' normalises to '1 23.5': the comma goes, the decimal point stays.
    assert.equal(it.tokenizeInto(' 1 2,3.5 ', 'chars', out), 5);
    assert.deepEqual(ids(out), [...'123.5'].map((c) => c.codePointAt(0)));
    assert.equal(it.tokenizeInto('-1.5', 'chars', out), 4);
    assert.deepEqual(ids(out), [...'-1.5'].map((c) => c.codePointAt(0)));
  });

  it('caps the stored tokens but counts them all', () => {
    const it = new TokenInterner();
    const out = new IntBuffer(1);
    assert.equal(it.tokenizeInto('a b c d e f', 'whitespace', out, 2), 6);
    assert.equal(out.length, 2);
    assert.equal(it.tokenizeInto('123456', 'chars', out, 3), 6);
    assert.deepEqual(ids(out), [0x31, 0x32, 0x33]);
  });

  it('exposes the normalised text of the last string', () => {
    const it = new TokenInterner();
    const out = new IntBuffer(1);
    it.tokenizeInto('First!', 'whitespace', out);
    it.tokenizeInto('  Second  one ', 'whitespace', out);
    const text = String.fromCodePoint(...it.text.data.subarray(it.lastStart, it.lastEnd));
    assert.equal(text, 'second one');
  });

  it('forgets ids on reset and survives table growth', () => {
    const it = new TokenInterner();
    const out = new IntBuffer(1);
    const words = Array.from({ length: 5000 }, (_, i) => `w${i % 1500}`).join(' ');
    assert.equal(it.tokenizeInto(words, 'whitespace', out), 5000);
    assert.equal(it.size, 1500);
    const got = ids(out);
    for (let i = 1500; i < 5000; i++) assert.equal(got[i], got[i - 1500]);
    it.reset();
    assert.equal(it.size, 0);
    it.tokenizeInto('w7 w7 w8', 'whitespace', out);
    assert.deepEqual(ids(out), [0, 0, 1]);
  });
});
