import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IntBuffer } from '../../../src/core/metrics/intBuffer';
import { NORMALIZATION, normalizeAnswer, normalizeInto } from '../../../src/core/metrics/normalize';

describe('normalizeAnswer', () => {
  it('trims, lower-cases, removes punctuation and collapses whitespace', () => {
    assert.equal(normalizeAnswer('  Paris. '), 'paris');
    assert.equal(normalizeAnswer('The  Eiffel\tTower!\n'), 'the eiffel tower');
    assert.equal(normalizeAnswer('U.S.A.'), 'usa');
    assert.equal(normalizeAnswer('well-known'), 'wellknown');
    assert.equal(normalizeAnswer('a – b'), 'a b');
    assert.equal(normalizeAnswer('«Bonjour», dit-il…'), 'bonjour ditil');
    assert.equal(normalizeAnswer('$5 + 3%'), '5 3');
    assert.equal(normalizeAnswer('👍 yes'), 'yes');
    assert.equal(normalizeAnswer('\u00a0 Ünïcode\u2003ÅNSWER '), 'ünïcode ånswer');
    assert.equal(normalizeAnswer(''), '');
    assert.equal(normalizeAnswer(' ?! '), '');
  });

  it('keeps a sign or decimal point attached to a digit, so numbers keep their value', () => {
    assert.equal(normalizeAnswer('-34'), '-34');
    assert.notEqual(normalizeAnswer('-34'), normalizeAnswer('34'));
    assert.equal(normalizeAnswer('x = −5.'), 'x -5');
    assert.equal(normalizeAnswer('3.14'), '3.14');
    assert.equal(normalizeAnswer('1,000.5'), '1000.5');
    assert.equal(normalizeAnswer('3/4'), '3/4');
    assert.equal(normalizeAnswer('5.'), '5');
    assert.equal(normalizeAnswer('and/or'), 'andor');
    assert.equal(normalizeAnswer('2-3'), '23');
    assert.equal(normalizeAnswer('(-7)'), '-7');
  });

  it('folds final sigma so upper- and lower-case Greek agree', () => {
    assert.equal(normalizeAnswer('ΟΔΟΣ'), normalizeAnswer('οδος'));
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const once = normalizeAnswer(s);
        assert.equal(normalizeAnswer(once), once);
      }),
      { numRuns: 500 },
    );
    const numeric = fc.array(fc.constantFrom('1', '2', '-', '.', '/', ' ', 'a', ',', '−', '='));
    fc.assert(
      fc.property(numeric, (cs) => {
        const once = normalizeAnswer(cs.join(''));
        assert.equal(normalizeAnswer(once), once);
      }),
      { numRuns: 500 },
    );
  });

  it('never leaves whitespace at the ends or doubled inside', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const n = normalizeAnswer(s);
        assert.equal(n, n.trim());
        assert.ok(!/\s\s/.test(n));
        assert.ok(!/[^\S ]/.test(n), 'only U+0020 separates tokens');
      }),
    );
  });

  it('equals a plain-string statement of the rules on random text (ASCII and the general path alike)', () => {
    // The rules of NORMALIZATION written as directly as possible: per code point, with the tests
    // as regular expressions and no tables or fast paths.
    const isDigit = (c: string | undefined): boolean => c !== undefined && c.charCodeAt(0) >= 0x30 && c.charCodeAt(0) <= 0x39;
    const reference = (s: string): string => {
      const cps = Array.from(s);
      let out = '';
      let pendingSpace = false;
      for (let k = 0; k < cps.length; k++) {
        const c = cps[k]!;
        let emit = '';
        if (/\s/u.test(c)) {
          pendingSpace = out.length > 0;
          continue;
        } else if (/[\p{P}\p{S}]/u.test(c)) {
          // A sign that starts a token before a digit; a point or slash between digits.
          if ((c === '-' || c === '\u2212') && (out.length === 0 || pendingSpace) && isDigit(cps[k + 1])) emit = '-';
          else if ((c === '.' || c === '/') && isDigit(cps[k - 1]) && isDigit(cps[k + 1])) emit = c;
        } else {
          emit = c.toLowerCase();
          if (emit === '\u03c2') emit = '\u03c3';
        }
        if (emit === '') continue;
        if (pendingSpace) out += ' ';
        pendingSpace = false;
        out += emit;
      }
      return out;
    };
    const part = fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom(...'aZ09 -./,!?()\t\n\u00a0'), maxLength: 12 }) },
      { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
      { weight: 1, arbitrary: fc.constantFrom('\u2212', 'ΟΔΟΣ', 'ς', 'İ', '\ud800', '😀', '½', '٣') },
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const s = parts.join('');
        assert.equal(normalizeAnswer(s), reference(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('normalizeInto appends the same code points', () => {
    const buf = new IntBuffer(2);
    buf.push(42);
    const n = normalizeInto(' Hello,  World! ', buf);
    assert.equal(n, 'hello world'.length);
    assert.equal(buf.data[0], 42);
    assert.equal(String.fromCodePoint(...buf.data.subarray(1, buf.length)), 'hello world');
  });

  it('normalizeInto gives each word\'s end and FNV-1a hash, as splitting and hashing its output does', () => {
    const fnv = (cps: number[]): number => cps.reduce((h, c) => Math.imul(h ^ c, 0x01000193), 0x811c9dc5);
    // Hand-checked: FNV-1a of "a" (0x61) is 0xe40c292c.
    const one = new IntBuffer(4);
    const tok = new IntBuffer(4);
    normalizeInto('A!', one, tok);
    assert.deepEqual([...tok.data.subarray(0, tok.length)], [1, 0xe40c292c | 0]);
    const part = fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom(...'aZ09 -./,!?()\t\n\u00a0'), maxLength: 12 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
      { weight: 1, arbitrary: fc.constantFrom('\u2212', 'ΟΔΟΣ', 'İ', '😀', '½') },
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), fc.nat(5), (parts, pre) => {
        const s = parts.join('');
        const out = new IntBuffer(1);
        for (let k = 0; k < pre; k++) out.push(7); // text already there: ends count from data[0]
        const bounds = new IntBuffer(1);
        const n = normalizeInto(s, out, bounds);
        const cps = [...out.data.subarray(pre, pre + n)];
        const expected: number[] = [];
        let from = 0;
        for (let k = 0; k <= cps.length; k++) {
          if (k === cps.length ? k > from : cps[k] === 0x20) {
            expected.push(pre + k, fnv(cps.slice(from, k)));
            from = k + 1;
          }
        }
        assert.deepEqual([...bounds.data.subarray(0, bounds.length)], expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('declares itself for reports', () => {
    assert.match(NORMALIZATION, /lower-case/);
    assert.match(NORMALIZATION, /punctuation removed/);
  });
});
