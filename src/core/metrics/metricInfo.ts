/**
 * Every metric carries a kind and a direction (science.md): the catalogue of metrics this tool
 * re-scores from saved outputs, and a classifier for the metric names that logs and aggregate tables
 * bring with them ("acc,none", "exact_match,strict-match", "word_perplexity", "brier_score"...).
 */

/**
 * 'discrete': per-item values are a grade (0/1), so the aggregate is a proportion and can jump;
 * 'continuous': per-item values vary smoothly with how close the answer is.
 */
export type MetricKind = 'discrete' | 'continuous';

/** A metric's name, kind, direction and a one-line description for reports. */
export interface MetricInfo {
  /** Name used in series, reports and the CLI. */
  name: string;
  /** Discrete or continuous (see {@link MetricKind}). */
  kind: MetricKind;
  /** Whether larger values mean a better model. */
  higherIsBetter: boolean;
  /** One line for reports and hovers. */
  description: string;
}

/** The metrics re-scored from saved outputs, in report order. */
export const METRICS = [
  {
    name: 'exact_match',
    kind: 'discrete',
    higherIsBetter: true,
    description: 'Exact match after normalisation (strip, lower-case, punctuation, whitespace)',
  },
  {
    name: 'token_edit_distance',
    kind: 'continuous',
    higherIsBetter: false,
    description: 'Mean token edit distance (Levenshtein over tokens) from target to prediction',
  },
  {
    name: 'token_edit_distance_norm',
    kind: 'continuous',
    higherIsBetter: false,
    description: 'Token edit distance divided by the target length in tokens',
  },
  {
    name: 'char_edit_similarity',
    kind: 'continuous',
    higherIsBetter: true,
    description: '1 - character edit distance / longer length, on the normalised strings',
  },
  {
    name: 'partial_credit',
    kind: 'continuous',
    higherIsBetter: true,
    description: 'Share of target tokens matched in place by the prediction',
  },
  {
    name: 'grade',
    kind: 'discrete',
    higherIsBetter: true,
    description: 'Multiple-choice grade: 1 when the most likely choice is the gold one',
  },
  {
    name: 'brier',
    kind: 'continuous',
    higherIsBetter: false,
    description: 'Multiple-choice Brier score over softmax(log-likelihoods), 0..2',
  },
  {
    name: 'p_correct',
    kind: 'continuous',
    higherIsBetter: true,
    description: 'Softmax probability of the gold choice',
  },
  {
    name: 'gold_loglik',
    kind: 'continuous',
    higherIsBetter: true,
    description: 'Log-likelihood of the gold choice',
  },
  {
    name: 'target_logprob',
    kind: 'continuous',
    higherIsBetter: true,
    description: 'Log-probability of the whole target',
  },
  {
    name: 'per_token_ce',
    kind: 'continuous',
    higherIsBetter: false,
    description: 'Per-token cross-entropy of the target (nats)',
  },
] as const satisfies readonly MetricInfo[];

/** Name of a metric in {@link METRICS}. */
export type MetricName = (typeof METRICS)[number]['name'];

/** The catalogue entry for `name`, if it is one of the re-scored metrics. */
export function metricInfo(name: string): MetricInfo | undefined {
  return METRICS.find((m) => m.name === name);
}

/** What {@link classifyLoggedMetric} found out about a logged metric name. */
export interface LoggedMetricClass {
  /** Discrete or continuous. */
  kind: MetricKind;
  /** Whether larger values mean a better model. */
  higherIsBetter: boolean;
  /** The name without filter suffix and "_stderr", lower-cased ("acc_stderr,none" -> "acc"). */
  base: string;
  /** True for a standard-error column; kind and direction are then those of `base`. */
  stderr: boolean;
}

const DISCRETE_NAMES = new Set([
  'acc',
  'accuracy',
  'acc_norm',
  'acc_mutual_info',
  'exact_match',
  'exact_str_match',
  'exact_string_match',
  'exact',
  'em',
  'multiple_choice_grade',
  'correct',
  'is_correct',
  'match',
  'includes',
  'contains',
  'mc1',
]);
// pass@1, pass@10, pass_at_1: the share of items solved, graded 0/1 per sample.
const PASS_AT_K = /^pass(@|_at_|_)\d+$/;
const DISCRETE_WORDS = new Set(['acc', 'accuracy', 'grade']);
const DISCRETE_PARTS = ['exact_match', 'exact_str_match', 'exact_string_match'];

const LOWER_PARTS = [
  'brier',
  'loss',
  'perplexity',
  'cross_entropy',
  'crossentropy',
  'edit_distance',
  'bits_per_byte',
  'error',
  'neg_log',
  'negative_log',
];
// Short names are matched as whole words only: "ce" must not fire inside "sequence" or "ter" in
// "letter".
const LOWER_WORDS = new Set([
  'ppl',
  'ce',
  'xent',
  'nll',
  'ted',
  'ter',
  'wer',
  'cer',
  'bpb',
  'err',
  'errors',
  'mse',
  'mae',
  'rmse',
]);

function splitName(name: string): { base: string; stderr: boolean } {
  let s = name.trim().toLowerCase();
  // lm-evaluation-harness keys results "metric,filter" ("acc,none", "exact_match,strict-match").
  const comma = s.indexOf(',');
  if (comma >= 0) s = s.slice(0, comma).trim();
  const m = /^(.*?)[_\s-]*stderr$/.exec(s);
  if (m && m[1]) return { base: m[1], stderr: true };
  return { base: s, stderr: m !== null };
}

function allZeroOne(values: ArrayLike<number>): boolean {
  let seen = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (v !== 0 && v !== 1) return false;
    seen++;
  }
  return seen > 0;
}

/**
 * Kind and direction of a metric named in a log or aggregate table. Our own {@link METRICS} are
 * looked up first. Discrete: accuracy and exact-match style names, multiple-choice grade, "correct",
 * pass@k, and any metric whose per-item `sampleValues` are all 0 or 1 (this is how "C"/"I" grades
 * arrive after readers map them to 1/0). Pass per-item values only: aggregate means are never all 0/1
 * and so say nothing. Lower is better for losses, perplexities, cross-entropies, edit distances and
 * error rates (TER, WER, CER), Brier scores, bits per byte and NLL; higher otherwise.
 */
export function classifyLoggedMetric(
  name: string,
  sampleValues?: ArrayLike<number>,
): LoggedMetricClass {
  const { base, stderr } = splitName(name);
  const known = metricInfo(base);
  if (known) return { kind: known.kind, higherIsBetter: known.higherIsBetter, base, stderr };

  const words = base.split(/[^a-z0-9@]+/).filter((w) => w !== '');
  const lower =
    LOWER_PARTS.some((p) => base.includes(p)) || words.some((w) => LOWER_WORDS.has(w));
  const discrete =
    DISCRETE_NAMES.has(base) ||
    PASS_AT_K.test(base) ||
    words.some((w) => DISCRETE_WORDS.has(w)) ||
    DISCRETE_PARTS.some((p) => base.includes(p)) ||
    (sampleValues !== undefined && allZeroOne(sampleValues));
  return { kind: discrete ? 'discrete' : 'continuous', higherIsBetter: !lower, base, stderr };
}
