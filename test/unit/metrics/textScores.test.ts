import assert from 'node:assert/strict';
import fc from 'fast-check';
import { levenshteinDp } from '../../../src/core/metrics/editDistance';
import { normalizeAnswer } from '../../../src/core/metrics/normalize';
import { CAP_FACTOR, CAP_SLACK, TextScorer } from '../../../src/core/metrics/textScores';
import { chooseTokenizer, type TokenizerKind } from '../../../src/core/metrics/tokenize';

/** The scores computed the slow, obvious way, without any cap. */
function naive(target: string, prediction: string, kind: TokenizerKind) {
  const nt = normalizeAnswer(target);
  const np = normalizeAnswer(prediction);
  const split = (s: string) =>
    kind === 'chars' ? Array.from(s.replace(/ /g, '')) : s === '' ? [] : s.split(' ');
  const vocab = new Map<string, number>();
  const id = (t: string) => {
    if (!vocab.has(t)) vocab.set(t, vocab.size);
    return vocab.get(t)!;
  };
  const tt = split(nt).map(id);
  const pt = split(np).map(id);
  const cp = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);
  const ct = cp(nt);
  const cpred = cp(np);
  const L = tt.length;
  const ted = levenshteinDp(tt, pt);
  let inPlace = 0;
  for (let i = 0; i < L; i++) if (tt[i] === pt[i]) inPlace++;
  return {
    exactMatch: nt === np ? 1 : 0,
    ted,
    tedNorm: ted / Math.max(L, 1),
    charSimilarity: 1 - levenshteinDp(ct, cpred) / Math.max(ct.length, cpred.length, 1),
    partialCredit: L === 0 ? (nt === np ? 1 : 0) : inPlace / L,
    targetTokens: L,
    predTokens: pt.length,
  };
}

describe('TextScorer', () => {
  const scorer = new TextScorer();

  it('scores an exact match after normalisation', () => {
    const s = scorer.score('Paris', ' paris. ');
    assert.deepEqual(
      { ...s },
      {
        exactMatch: 1,
        ted: 0,
        tedNorm: 0,
        charSimilarity: 1,
        partialCredit: 1,
        targetTokens: 1,
        tokenizer: 'whitespace',
        truncated: false,
      },
    );
  });

  it('scores whitespace tokens by hand', () => {
    // [the quick brown fox] -> [the quick red fox jumps]: substitute brown, insert jumps.
    const s = scorer.score('The quick brown fox', 'the quick red fox jumps');
    assert.equal(s.exactMatch, 0);
    assert.equal(s.ted, 2);
    assert.equal(s.tedNorm, 0.5);
    assert.equal(s.partialCredit, 0.75);
    assert.equal(s.targetTokens, 4);
    assert.equal(s.tokenizer, 'whitespace');
    // "brown" -> "red" is 4 character edits (b, o->e, w->d, n), " jumps" adds 6; longer side is 23.
    assert.equal(s.charSimilarity, 1 - 10 / 23);
  });

  it('scores digit strings by character', () => {
    const s = scorer.score('1234', '1243');
    assert.equal(s.tokenizer, 'chars');
    assert.equal(s.ted, 2);
    assert.equal(s.tedNorm, 0.5);
    assert.equal(s.partialCredit, 0.5);
    assert.equal(s.charSimilarity, 0.5);
    assert.equal(s.targetTokens, 4);
    assert.equal(s.exactMatch, 0);

    const neg = scorer.score('-34', '34');
    assert.equal(neg.exactMatch, 0);
    assert.equal(neg.ted, 1);
    assert.equal(neg.targetTokens, 3);

    const spaced = scorer.score('1 234', '1234');
    assert.equal(spaced.ted, 0, 'spaces are not character tokens');
    assert.equal(spaced.exactMatch, 0, 'but exact match still sees them');
  });

  it('handles empty targets and predictions', () => {
    const both = scorer.score('', '  ');
    assert.equal(both.exactMatch, 1);
    assert.equal(both.ted, 0);
    assert.equal(both.partialCredit, 1);
    assert.equal(both.charSimilarity, 1);
    const noTarget = scorer.score('', 'a b');
    assert.equal(noTarget.ted, 2);
    assert.equal(noTarget.tedNorm, 2);
    assert.equal(noTarget.partialCredit, 0);
    assert.equal(noTarget.charSimilarity, 0);
    const noPred = scorer.score('one two three', '');
    assert.equal(noPred.ted, 3);
    assert.equal(noPred.tedNorm, 1);
    assert.equal(noPred.partialCredit, 0);
  });

  it('returns the same object on every call', () => {
    const a = scorer.score('a', 'a');
    const b = scorer.score('a', 'b');
    assert.equal(a, b);
    assert.equal(a.exactMatch, 0);
  });

  it('can be forced to one tokenizer', () => {
    const s = new TextScorer({ tokenizer: 'whitespace' }).score('1234', '1243');
    assert.equal(s.tokenizer, 'whitespace');
    assert.equal(s.ted, 1);
  });

  const word = fc.constantFrom(
    'the', 'The', 'cat', 'cat.', 'sat', 'on', 'mat', 'Mat!', '-', 'a', '42', 'é', '😀',
  );
  const sentence = (min: number, max: number) =>
    fc.array(word, { minLength: min, maxLength: max }).map((w) => w.join(' '));
  const digits = (max: number) =>
    fc
      .array(fc.constantFrom('1', '2', '3', '-', '.', ' '), { maxLength: max })
      .map((c) => c.join(''));

  it('equals the uncapped naive computation when the cap is not hit', () => {
    const spaceless = (max: number) => digits(max).map((d) => d.replace(/ /g, ''));
    const pair = fc.oneof(
      fc.tuple(sentence(0, 40), sentence(0, 120)),
      fc.tuple(digits(40), digits(120)),
      // The shortcuts: the same raw text, and digit strings without spaces (character distance =
      // token distance), beside their near misses.
      sentence(0, 40).map((t) => [t, t] as [string, string]),
      digits(40).map((t) => [t, t] as [string, string]),
      fc.tuple(spaceless(40), spaceless(200)),
      fc.tuple(spaceless(40), digits(120)),
    );
    fc.assert(
      fc.property(pair, ([t, p]) => {
        const s = scorer.score(t, p);
        const kind = chooseTokenizer(t);
        const ref = naive(t, p, kind);
        assert.equal(s.tokenizer, kind);
        const tokCapped = ref.predTokens > CAP_FACTOR * ref.targetTokens + CAP_SLACK;
        const tLen = [...normalizeAnswer(t)].length;
        const pLen = [...normalizeAnswer(p)].length;
        const charCapped = pLen > CAP_FACTOR * tLen + CAP_SLACK;
        assert.equal(s.truncated, tokCapped || charCapped);
        if (!tokCapped) {
          assert.equal(s.ted, ref.ted);
          assert.equal(s.tedNorm, ref.tedNorm);
        }
        if (!charCapped) assert.ok(Math.abs(s.charSimilarity - ref.charSimilarity) < 1e-12);
        assert.equal(s.exactMatch, ref.exactMatch);
        assert.equal(s.partialCredit, ref.partialCredit);
        assert.equal(s.targetTokens, ref.targetTokens);
        assert.ok(s.charSimilarity >= 0 && s.charSimilarity <= 1);
      }),
      { numRuns: 1000 },
    );
  });

  it('is exact at the cap and bounded one token past it', () => {
    const pred = (n: number) =>
      Array.from({ length: n }, (_, i) => (i === 1 ? 'b' : 'x')).join(' ');
    const cap = CAP_FACTOR * 2 + CAP_SLACK;
    const at = scorer.score('a b', pred(cap));
    assert.equal(at.ted, naive('a b', pred(cap), 'whitespace').ted);
    assert.equal(at.ted, cap - 1);
    const past = { ...scorer.score('a b', pred(cap + 1)) };
    const truth = naive('a b', pred(cap + 1), 'whitespace').ted;
    assert.equal(past.truncated, true);
    assert.ok(past.ted >= truth && past.ted <= truth + 2);
  });

  it('keeps within the documented bound when the cap is hit', () => {
    // Targets of at most 8 tokens cap predictions at 4 * 8 + 64 = 96 tokens; these have more.
    fc.assert(
      fc.property(sentence(0, 8), sentence(CAP_FACTOR * 8 + CAP_SLACK + 1, 400), (t, p) => {
        const s = scorer.score(t, p);
        const ref = naive(t, p, chooseTokenizer(t));
        const L = ref.targetTokens;
        assert.equal(s.truncated, true);
        assert.ok(s.ted >= ref.ted && s.ted <= ref.ted + L, `ted ${s.ted}, true ${ref.ted}`);
        assert.ok(s.tedNorm - ref.tedNorm <= 1 + 1e-12);
        assert.ok(ref.tedNorm >= (ref.predTokens - L) / Math.max(L, 1));
        const tLen = [...normalizeAnswer(t)].length;
        const pLen = [...normalizeAnswer(p)].length;
        assert.ok(s.charSimilarity <= ref.charSimilarity + 1e-12);
        assert.ok(ref.charSimilarity - s.charSimilarity <= tLen / pLen + 1e-12);
        assert.equal(s.partialCredit, ref.partialCredit);
      }),
      { numRuns: 150 },
    );
  });

  it('stays fast on a 100 KB rambling prediction', () => {
    const p = 'and then the model kept talking '.repeat(3200);
    const t0 = process.hrtime.bigint();
    const s = scorer.score('Paris', p);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.equal(s.truncated, true);
    assert.equal(s.ted, 6 * 3200);
    assert.ok(ms < 200, `${ms} ms`);
  });
});
