/**
 * Re-scores one generated answer against its target under exact match and the continuous text
 * metrics of science.md (token edit distance, character edit similarity, partial credit), from saved
 * outputs and without a model. Built for logs of millions of items: one {@link TextScorer} owns every
 * buffer it needs and allocates nothing per item once they have grown to the largest item seen.
 */
import { EditDistance } from './editDistance';
import { IntBuffer } from './intBuffer';
import { chooseTokenizer, TokenInterner, type TokenizerKind } from './tokenize';

/** Scores of one item. All are computed on the normalised strings (see normalizeAnswer). */
export interface TextScores {
  /** 1 when the normalised prediction equals the normalised target, else 0. */
  exactMatch: number;
  /** Token edit distance (Levenshtein over tokens) between target and prediction. */
  ted: number;
  /** ted / max(targetTokens, 1). */
  tedNorm: number;
  /** 1 - charLev / max(len(target), len(prediction), 1) over code points; in [0, 1]. */
  charSimilarity: number;
  /** Share of target tokens equal to the prediction token at the same position. */
  partialCredit: number;
  /** Number of target tokens, L. */
  targetTokens: number;
  /** Tokenizer used for this item (declared in reports). */
  tokenizer: TokenizerKind;
  /** True when the prediction exceeded the cap, so ted / charSimilarity are bounds (CAP_FACTOR). */
  truncated?: boolean;
}

/**
 * Cap on the prediction for edit distances: CAP_FACTOR * L + CAP_SLACK tokens for TED (and the same
 * over code points for the character distance), where L is the target's length in those units.
 *
 * Why it is safe: with n prediction tokens and C the cap (C >= L), the scorer reports
 * ted = d(target, prediction[0, C)) + (n - C). That is an upper bound on the true distance (deleting
 * the n - C extra tokens costs n - C), and the true distance is at least n - L (the length gap), while
 * the reported one is at most n (d(target, prefix) <= C). So when the cap is hit,
 *   true <= ted <= true + L,   i.e. tedNorm is over-stated by at most 1,
 * on an item whose tedNorm is already at least (n - L) / L >= 3 + 64 / L: far from correct either way.
 * When the cap is not hit nothing changes and the distance is exact. The bound on charSimilarity is
 * the same argument over code points: understated by at most len(target) / len(prediction) < 1/4.
 */
export const CAP_FACTOR = 4;
/** Additive slack of the cap, so that very short targets still compare against a useful prefix. */
export const CAP_SLACK = 64;

/** Options of a {@link TextScorer}. */
export interface TextScorerOptions {
  /** Force one tokenizer for every item instead of choosing it from each target (chooseTokenizer). */
  tokenizer?: TokenizerKind;
}

/**
 * Scores (target, prediction) pairs. `score` returns the *same* object on every call, overwritten:
 * copy the fields out before the next call. Not re-entrant; use one scorer per worker.
 */
export class TextScorer {
  private readonly interner = new TokenInterner();
  private readonly engine = new EditDistance();
  private readonly targetTok = new IntBuffer(64);
  private readonly predTok = new IntBuffer(256);
  private readonly forced: TokenizerKind | undefined;
  private readonly result: TextScores = {
    exactMatch: 0,
    ted: 0,
    tedNorm: 0,
    charSimilarity: 0,
    partialCredit: 0,
    targetTokens: 0,
    tokenizer: 'whitespace',
    truncated: false,
  };

  /** @param options see {@link TextScorerOptions}. */
  constructor(options: TextScorerOptions = {}) {
    this.forced = options.tokenizer;
  }

  /** Scores one item; the returned object is reused by the next call. */
  score(target: string, prediction: string): TextScores {
    const r = this.result;
    const kind = this.forced ?? chooseTokenizer(target);
    const it = this.interner;
    it.reset();

    const L = it.tokenizeInto(target, kind, this.targetTok);
    const tStart = it.lastStart;
    const tLen = it.lastEnd - tStart;
    // The same raw text normalises and tokenises the same: a verbatim answer (large models give
    // most) stands on the target's normalised range and tokens, without normalising it again.
    const verbatim = prediction === target;
    const nPred = verbatim ? L : it.tokenizeInto(prediction, kind, this.predTok, CAP_FACTOR * L + CAP_SLACK);
    const pStart = verbatim ? tStart : it.lastStart;
    const pLen = verbatim ? tLen : it.lastEnd - pStart;
    const text = it.text.data;

    let same = tLen === pLen;
    for (let i = 0; same && !verbatim && i < tLen; i++) same = text[tStart + i] === text[pStart + i];

    const tt = this.targetTok.data;
    const pt = this.predTok.data;
    const pKept = verbatim ? L : this.predTok.length;
    const charCap = CAP_FACTOR * tLen + CAP_SLACK;
    const pChars = Math.min(pLen, charCap);
    let ted = 0;
    let inPlace = L;
    let charDist = 0;
    // Equal normalised texts have equal tokens: both distances are 0 and every token is in place.
    // Large models answer most items exactly, so this skips most of their rows' dynamic programming.
    if (!same) {
      ted = this.engine.distance(tt, L, pt, pKept) + (nPred - pKept);
      inPlace = 0;
      const overlap = Math.min(L, pKept);
      for (let i = 0; i < overlap; i++) if (tt[i] === pt[i]) inPlace++;
      // Character tokens are the normalised text's code points without its spaces: with no spaces in
      // either text (as many tokens as code points) they are the very sequences, with the same caps,
      // so the character distance is the token distance just computed.
      const sameSequences = kind === 'chars' && L === tLen && nPred === pLen;
      charDist = sameSequences ? ted : this.engine.distanceRange(text, tStart, tLen, text, pStart, pChars) + (pLen - pChars);
    }

    r.exactMatch = same ? 1 : 0;
    r.ted = ted;
    r.tedNorm = ted / Math.max(L, 1);
    r.charSimilarity = 1 - charDist / Math.max(tLen, pLen, 1);
    // An empty target has no tokens to match; credit it like exact match rather than always 0.
    r.partialCredit = L === 0 ? r.exactMatch : inPlace / L;
    r.targetTokens = L;
    r.tokenizer = kind;
    r.truncated = nPred > pKept || pLen > pChars;
    return r;
  }
}
