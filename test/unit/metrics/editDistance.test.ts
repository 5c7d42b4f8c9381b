import assert from 'node:assert/strict';
import fc from 'fast-check';
import { charDistance, EditDistance, levenshteinDp } from '../../../src/core/metrics/editDistance';
import { MyersKernel } from '../../../src/core/metrics/myersKernel';

const ints = (xs: number[]) => Int32Array.from(xs);
const seq = (alphabet: number, max: number) => fc.array(fc.integer({ min: 0, max: alphabet - 1 }), { minLength: 0, maxLength: max });
const codes = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);

function bitParallel(engine: EditDistance, a: number[], b: number[]): number {
  return engine.distance(ints(a), a.length, ints(b), b.length);
}

describe('levenshteinDp', () => {
  it('matches hand-computed distances', () => {
    assert.equal(levenshteinDp(codes('kitten'), codes('sitting')), 3);
    assert.equal(levenshteinDp(codes('flaw'), codes('lawn')), 2);
    assert.equal(levenshteinDp([], codes('abc')), 3);
    assert.equal(levenshteinDp(codes('abc'), []), 3);
    assert.equal(levenshteinDp(codes('same'), codes('same')), 0);
  });
});

// Patterns over 32 symbols run in WebAssembly (64-bit blocks) where it exists, else in the 32-bit
// JavaScript loop: every test runs on both paths.
for (const plainJs of [false, true]) describe(`EditDistance (bit-parallel, ${plainJs ? 'JavaScript' : 'WebAssembly'} multi-block)`, () => {
  const engine = new EditDistance({ plainJs });

  it(plainJs ? 'keeps every pattern in JavaScript when asked' : 'runs long patterns in WebAssembly on this Node', () => {
    assert.equal(engine.native, !plainJs);
  });

  it('matches hand-computed distances', () => {
    assert.equal(bitParallel(engine, codes('kitten'), codes('sitting')), 3);
    assert.equal(bitParallel(engine, codes('sitting'), codes('kitten')), 3);
    assert.equal(bitParallel(engine, [], codes('x')), 1);
    assert.equal(bitParallel(engine, codes('xyz'), []), 3);
    assert.equal(bitParallel(engine, [], []), 0);
    assert.equal(bitParallel(engine, codes('identical'), codes('identical')), 0);
    assert.equal(bitParallel(engine, codes('1234'), codes('1243')), 2);
  });

  it('works on token id sequences with large and negative ids', () => {
    // "the cat sat" vs "the dog sat down": one substitution, one insertion.
    assert.equal(bitParallel(engine, [7, 1_000_000, 3], [7, -5, 3, 2 ** 31 - 1]), 2);
    assert.equal(bitParallel(engine, [-1, -2, -3], [-3, -2, -1]), 2);
  });

  it('handles patterns of exactly 32, 33, 64, 65 and 128 symbols (block edges)', () => {
    for (const m of [31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 300]) {
      const a = Array.from({ length: m }, (_, i) => i % 5);
      const b = a.map((x, i) => (i % 7 === 0 ? 9 : x)).concat([1, 2]);
      assert.equal(bitParallel(engine, a, b), levenshteinDp(a, b), `m=${m}`);
      assert.equal(bitParallel(engine, a, a.slice(1)), 1);
      assert.equal(bitParallel(engine, a, []), m);
    }
  });

  it('respects offsets in distanceRange, with both ranges in one array', () => {
    const buf = ints([9, 9, ...codes('kitten'), ...codes('sitting'), 9]);
    assert.equal(engine.distanceRange(buf, 2, 6, buf, 8, 7), 3);
  });

  it('equals the DP on random sequences of length 0..200 over small alphabets', () => {
    const pair = fc.integer({ min: 1, max: 6 }).chain((k) => fc.tuple(seq(k, 200), seq(k, 200)));
    fc.assert(
      fc.property(pair, ([a, b]) => {
        assert.equal(bitParallel(engine, a, b), levenshteinDp(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('equals the DP over a run of calls of varying lengths on one engine, with text symbols the pattern lacks', () => {
    // What the scorer does: one engine for every item, patterns of 1 to several blocks in any order.
    // State left by one call (a longer pattern's rows, another block count) must not leak into the next.
    const calls = fc.array(
      fc.integer({ min: 2, max: 200 }).chain((k) => fc.tuple(seq(k, 130), seq(k, 130))),
      { minLength: 2, maxLength: 8 },
    );
    const shared = new EditDistance({ plainJs });
    let absent = 0;
    fc.assert(
      fc.property(calls, (pairs) => {
        for (const [a, b] of pairs) {
          const [p, t] = a.length <= b.length ? [a, b] : [b, a];
          if (t.some((x) => !p.includes(x))) absent++;
          assert.equal(bitParallel(shared, a, b), levenshteinDp(a, b));
        }
      }),
      { numRuns: 400 },
    );
    assert.ok(absent > 200, `only ${absent} calls had text symbols missing from the pattern`);
    // The case found in a real sweep: a two-block call after a one-block one, on an engine whose
    // buffers had already grown (so the second call reuses what the first wrote).
    const e = new EditDistance({ plainJs });
    const big = Array.from({ length: 100 }, (_, i) => i);
    assert.equal(bitParallel(e, big, big.slice().reverse()), levenshteinDp(big, big.slice().reverse()));
    assert.equal(bitParallel(e, [1, 2], [3, 4, 5]), 3);
    const long = Array.from({ length: 48 }, (_, i) => i % 7);
    const other = Array.from({ length: 42 }, (_, i) => 100 + (i % 3));
    assert.equal(bitParallel(e, long, other), levenshteinDp(long, other));
  });

  it('equals the DP when one sequence is an edited copy of the other (many matches)', () => {
    const edited = seq(4, 200).chain((a) =>
      // (position, 0 substitute | 1 insert | 2 delete, symbol)
      fc
        .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 })), {
          maxLength: 20,
        })
        .map((ops) => {
          const b = a.slice();
          for (const [pos, op, sym] of ops) {
            const i = b.length === 0 ? 0 : pos % (b.length + (op === 1 ? 1 : 0));
            if (op === 0 && b.length > 0) b[i % b.length] = sym;
            else if (op === 1) b.splice(i, 0, sym);
            else if (b.length > 0) b.splice(i % b.length, 1);
          }
          return [a, b] as const;
        }),
    );
    fc.assert(
      fc.property(edited, ([a, b]) => {
        assert.equal(bitParallel(engine, a, b), levenshteinDp(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('equals the DP for symbols outside the direct table (large, negative, many distinct)', () => {
    const sym = fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.integer({ min: 65530, max: 65541 }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    );
    fc.assert(
      fc.property(fc.array(sym, { maxLength: 150 }), fc.array(sym, { maxLength: 150 }), (a, b) => {
        assert.equal(bitParallel(engine, a, b), levenshteinDp(a, b));
      }),
      { numRuns: 200 },
    );
    const distinct = Array.from({ length: 300 }, (_, i) => 100_000 + 7919 * i);
    const shuffled = distinct.map((x, i) => (i % 3 === 0 ? -x : x)).reverse();
    assert.equal(bitParallel(engine, distinct, shuffled), levenshteinDp(distinct, shuffled));
  });

  it('is symmetric and zero exactly on equal sequences', () => {
    fc.assert(
      fc.property(seq(3, 80), seq(3, 80), (a, b) => {
        const d = bitParallel(engine, a, b);
        assert.equal(d, bitParallel(engine, b, a));
        assert.equal(d === 0, a.length === b.length && a.every((x, i) => x === b[i]));
        assert.ok(d >= Math.abs(a.length - b.length) && d <= Math.max(a.length, b.length));
      }),
    );
  });

  it('satisfies the triangle inequality on small cases', () => {
    fc.assert(
      fc.property(seq(3, 12), seq(3, 12), seq(3, 12), (a, b, c) => {
        const ab = bitParallel(engine, a, b);
        const bc = bitParallel(engine, b, c);
        const ac = bitParallel(engine, a, c);
        assert.ok(ac <= ab + bc, `${ac} > ${ab} + ${bc}`);
      }),
    );
  });
});

describe('MyersKernel (WebAssembly)', () => {
  const kernel = MyersKernel.shared();

  it('exists on this Node', () => {
    assert.ok(kernel !== null);
  });

  it('gives the DP distance on one, two and three or more 64-bit blocks, at block edges', () => {
    for (const m of [1, 2, 31, 63, 64, 65, 100, 127, 128, 129, 191, 192, 193, 400]) {
      const p = Array.from({ length: m }, (_, i) => (i * 7) % 11);
      // Text symbols outside the direct table (negative, 2^16 and more) match nothing in the pattern.
      const t = p.map((x, i) => (i % 9 === 0 ? 70_000 + i : i % 13 === 0 ? -x - 1 : x)).concat([3, 1 << 16, 4]);
      assert.equal(kernel!.distance(ints(p), 0, m, ints(t), 0, t.length), levenshteinDp(p, t), `m=${m}`);
    }
  });

  it('reads the pattern and text at their offsets', () => {
    const buf = ints([9, 9, ...codes('kitten'), ...codes('sitting'), 9]);
    assert.equal(kernel!.distance(buf, 2, 6, buf, 8, 7), 3);
  });

  it('declines (-1) a pattern with a symbol outside its table, and later calls are unaffected', () => {
    for (const bad of [-1, 1 << 16, 2 ** 31 - 1]) {
      const p = Array.from({ length: 70 }, (_, i) => (i === 35 ? bad : i % 5));
      assert.equal(kernel!.distance(ints(p), 0, p.length, ints(p), 0, p.length), -1);
    }
    const a = Array.from({ length: 90 }, (_, i) => i % 6);
    const b = a.map((x, i) => (i % 4 === 0 ? 5 - x : x));
    assert.equal(kernel!.distance(ints(a), 0, a.length, ints(b), 0, b.length), levenshteinDp(a, b));
  });

  it('leaves its symbol table clean between calls (random patterns of 1..260 symbols in a row)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2, max: 300 }).chain((k) => fc.tuple(seq(k, 260), seq(k, 260))), { minLength: 2, maxLength: 6 }),
        (pairs) => {
          for (const [a, b] of pairs) {
            const [p, t] = a.length <= b.length ? [a, b] : [b, a];
            if (p.length === 0) continue;
            assert.equal(kernel!.distance(ints(p), 0, p.length, ints(t), 0, t.length), levenshteinDp(p, t));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('charDistance', () => {
  it('counts edits over code points', () => {
    assert.equal(charDistance('kitten', 'sitting'), 3);
    assert.equal(charDistance('', 'abc'), 3);
    assert.equal(charDistance('same', 'same'), 0);
    // One astral character is one symbol, not two UTF-16 units.
    assert.equal(charDistance('a😀b', 'ab'), 1);
    assert.equal(charDistance('😀', '😁'), 1);
  });

  it('agrees with the DP on random strings, long ones included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 150 }),
        fc.string({ maxLength: 150 }),
        (a, b) => {
          assert.equal(charDistance(a, b), levenshteinDp(codes(a), codes(b)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
