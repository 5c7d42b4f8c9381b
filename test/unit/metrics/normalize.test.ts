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

  it('normalizeInto appends the same code points', () => {
    const buf = new IntBuffer(2);
    buf.push(42);
    const n = normalizeInto(' Hello,  World! ', buf);
    assert.equal(n, 'hello world'.length);
    assert.equal(buf.data[0], 42);
    assert.equal(String.fromCodePoint(...buf.data.subarray(1, buf.length)), 'hello world');
  });

  it('declares itself for reports', () => {
    assert.match(NORMALIZATION, /lower-case/);
    assert.match(NORMALIZATION, /punctuation removed/);
  });
});
