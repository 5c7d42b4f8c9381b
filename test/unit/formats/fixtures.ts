/**
 * Fixture generators for the format tests. Everything is written at run time into a fresh temp
 * folder; the real example logs are read in place from ../shared/data/formats (never copied).
 *
 * The lm-eval fixtures follow the documented v0.4 layout (EvaluationTracker): one folder per model,
 * `<org>__<name>/`, holding results_<ts>.json and samples_<task>_<ts>.jsonl.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readHead } from '../../../src/core/io/lines';
import type { FormatReader, ReadOutcome } from '../../../src/core/formats/reader';
import type { AggregateRecord, ItemRecord, Problem, RecordSink } from '../../../src/core/types';

/** The shared real examples, resolved from the repo root (tests run from there). */
export const SHARED_FORMATS = resolve(process.cwd(), '..', 'shared', 'data', 'formats');

const created: string[] = [];

/** A new empty temp folder, removed after the test file's run. */
export function tempDir(prefix = 'mirage-formats-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

// A root-level hook of whichever test file bundles these fixtures.
after(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes text (creating folders). */
export function writeText(path: string, text: string | Buffer): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Writes objects as JSON lines. */
export function writeJsonl(path: string, rows: unknown[]): string {
  return writeText(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** A sink that keeps everything, for assertions. */
export class CollectSink implements RecordSink {
  items: ItemRecord[] = [];
  aggregates: AggregateRecord[] = [];
  problems: Problem[] = [];
  item(r: ItemRecord): void {
    this.items.push(r);
  }
  aggregate(r: AggregateRecord): void {
    this.aggregates.push(r);
  }
  problem(p: Problem): void {
    this.problems.push(p);
  }
}

/** Detects with the reader's own head logic and reads; fails loudly when the reader does not claim the file. */
export async function readWith(reader: FormatReader, path: string, sink = new CollectSink()): Promise<{ sink: CollectSink; outcome: ReadOutcome }> {
  const head = await readHead(path);
  if (!reader.detect(path, head)) throw new Error(`${reader.id} does not claim ${path}`);
  const outcome = await reader.read(path, sink, { map: {} });
  return { sink, outcome };
}

/** The first reader of `readers` that claims the file, as the registry would pick it. */
export async function pick(readers: FormatReader[], path: string): Promise<FormatReader | undefined> {
  const head = await readHead(path);
  return readers.find((r) => r.detect(path, head));
}

// ---------------------------------------------------------------------------------------------
// lm-evaluation-harness v0.4: one family at several sizes.

/** Pythia sizes of the family fixture, smallest first. */
export const PYTHIA: { size: string; params: number }[] = [
  { size: '160m', params: 160e6 },
  { size: '410m', params: 410e6 },
  { size: '1b', params: 1e9 },
  { size: '1.4b', params: 1.4e9 },
];

export const TS_NEW = '2024-05-01T12-00-00.123456';
export const TS_OLD = '2024-04-01T09-00-00.5';
export const DOCS = 5;
const CHOICES = ['red', 'green', 'blue', 'yellow'];

/** Gold choice of ARC doc d. */
export function arcGold(d: number): number {
  return d % 4;
}

/**
 * Log-likelihood of choice c of doc d for model index m: the gold choice gains with size, so larger
 * models get more docs right. `shift` marks an older run with different numbers.
 */
export function arcLogLik(m: number, d: number, c: number, shift = 0): number {
  const base = -2 - 0.25 * c - 0.1 * d - shift;
  return c === arcGold(d) && d <= m ? base + 1.5 : base;
}

function arcSample(m: number, d: number, shift: number): Record<string, unknown> {
  const gold = arcGold(d);
  const lls = CHOICES.map((_, c) => arcLogLik(m, d, c, shift));
  const pred = lls.indexOf(Math.max(...lls));
  const question = `Question ${d}: which colour?`;
  return {
    doc_id: d,
    doc: { id: `Mercury_${d}`, question, choices: { text: CHOICES, label: ['A', 'B', 'C', 'D'] }, answerKey: 'ABCD'[gold] },
    // Doc 3 logs its target as the gold text, as tasks whose doc_to_target gives text do.
    target: d === 3 ? CHOICES[gold] : gold,
    arguments: Object.fromEntries(CHOICES.map((c, i) => [`gen_args_${i}`, { arg_0: `${question}\nAnswer:`, arg_1: ` ${c}` }])),
    resps: lls.map((ll, i) => [[String(ll), i === pred ? 'True' : 'False']]),
    filtered_resps: lls.map((ll, i) => [String(ll), i === pred ? 'True' : 'False']),
    filter: 'none',
    metrics: ['acc', 'acc_norm'],
    doc_hash: `d${d}`,
    prompt_hash: `p${d}`,
    target_hash: `t${d}`,
    acc: pred === gold ? 1.0 : 0.0,
    acc_norm: pred === gold ? 1.0 : 0.0,
  };
}

function gsmSamples(m: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const filter of ['strict-match', 'flexible-extract']) {
    for (let d = 0; d < DOCS; d++) {
      const answer = String(10 + d);
      const right = d < m;
      const text = right ? `The answer is ${answer}.` : `I think it is ${d}.`;
      const extracted = right ? answer : filter === 'strict-match' ? '[invalid]' : String(d);
      out.push({
        doc_id: d,
        doc: { question: `What is ${answer}?`, answer: `#### ${answer}` },
        target: answer,
        arguments: { gen_args_0: { arg_0: `Q: What is ${answer}?\nA:`, arg_1: { until: ['Q:'] } } },
        resps: [[text]],
        filtered_resps: [extracted],
        filter,
        metrics: ['exact_match'],
        doc_hash: `g${d}`,
        prompt_hash: `gp${d}`,
        target_hash: `gt${d}`,
        exact_match: right ? 1.0 : 0.0,
      });
    }
  }
  return out;
}

function resultsDoc(model: string, tasks: Record<string, Record<string, number | string>>, shots: Record<string, number>): unknown {
  return {
    results: Object.fromEntries(Object.entries(tasks).map(([t, r]) => [t, { alias: t, ...r }])),
    group_subtasks: Object.fromEntries(Object.keys(tasks).map((t) => [t, []])),
    configs: Object.fromEntries(Object.keys(tasks).map((t) => [t, { task: t, num_fewshot: shots[t] }])),
    versions: Object.fromEntries(Object.keys(tasks).map((t) => [t, 1.0])),
    'n-shot': shots,
    higher_is_better: {},
    'n-samples': Object.fromEntries(Object.keys(tasks).map((t) => [t, { original: DOCS, effective: DOCS }])),
    config: { model: 'hf', model_args: `pretrained=${model},dtype=float16`, batch_size: 8, limit: null },
    git_hash: 'abc1234',
    date: 1714564800.0,
    model_name: model,
    model_name_sanitized: model.replace('/', '__'),
    lm_eval_version: '0.4.2',
  };
}

/**
 * Writes lm-eval v0.4 outputs for pythia-160m/410m/1b/1.4b (arc_easy multiple choice with per-choice
 * log-likelihoods; gsm8k generation with two filters), plus an older arc_easy run for pythia-1b that
 * run selection must drop. Returns the folder and the older run's files.
 */
export function writeLmEvalFamily(root = tempDir('mirage-lmeval-')): { root: string; older: string[] } {
  for (const [m, { size }] of PYTHIA.entries()) {
    const model = `EleutherAI/pythia-${size}`;
    const dir = join(root, `EleutherAI__pythia-${size}`);
    const arc = Array.from({ length: DOCS }, (_, d) => arcSample(m, d, 0));
    const acc = arc.reduce((s, x) => s + (x.acc as number), 0) / DOCS;
    const em = gsmSamples(m).filter((x) => x.filter === 'strict-match').reduce((s, x) => s + (x.exact_match as number), 0) / DOCS;
    writeText(
      join(dir, `results_${TS_NEW}.json`),
      JSON.stringify(
        resultsDoc(
          model,
          {
            arc_easy: { 'acc,none': acc, 'acc_stderr,none': 0.1, 'acc_norm,none': acc, 'acc_norm_stderr,none': 'N/A' },
            gsm8k: {
              'exact_match,strict-match': em,
              'exact_match_stderr,strict-match': 0.05,
              'exact_match,flexible-extract': em,
              'exact_match_stderr,flexible-extract': 0.05,
            },
          },
          { arc_easy: 0, gsm8k: 5 },
        ),
        null,
        2,
      ),
    );
    writeJsonl(join(dir, `samples_arc_easy_${TS_NEW}.jsonl`), arc);
    writeJsonl(join(dir, `samples_gsm8k_${TS_NEW}.jsonl`), gsmSamples(m));
  }
  const dir1b = join(root, 'EleutherAI__pythia-1b');
  const older = [
    writeText(
      join(dir1b, `results_${TS_OLD}.json`),
      JSON.stringify(resultsDoc('EleutherAI/pythia-1b', { arc_easy: { 'acc,none': 0.2, 'acc_stderr,none': 0.1 } }, { arc_easy: 0 }), null, 2),
    ),
    writeJsonl(join(dir1b, `samples_arc_easy_${TS_OLD}.jsonl`), Array.from({ length: DOCS }, (_, d) => arcSample(2, d, 3))),
  ];
  return { root, older };
}

// ---------------------------------------------------------------------------------------------
// Documented layouts of the formats with no real example in shared/data.

/** A BIG-bench scores_<family>_<size>.json object (layout from the BIG-bench results API). */
export function bigbenchScores(family: string, name: string, totalParams: number | undefined, nonEmbedding: number): unknown {
  return {
    model: {
      model_family: family,
      model_name: name,
      total_params: totalParams,
      non_embedding_params: nonEmbedding,
      flop_matched_non_embedding_params: nonEmbedding,
      training_batch_size: 262144,
      training_steps: 2571500,
      description: 'fixture',
      decoding_params: {},
    },
    scores: [
      {
        high_score: 1.0,
        low_score: 0.0,
        number_of_shots: 0,
        preferred_score: 'exact_str_match',
        score_dict: { exact_str_match: 0.01, case_insensitive_str_match: 0.01, log_likelihood: -12.5 },
        subtask_description: 'arithmetic:3_digit_addition',
      },
      {
        high_score: 1.0,
        low_score: 0.0,
        number_of_shots: 1,
        preferred_score: 'exact_str_match',
        score_dict: { exact_str_match: 0.2, log_likelihood: 'nan-as-text' },
        subtask_description: 'arithmetic:3_digit_addition',
      },
      {
        number_of_shots: 0,
        preferred_score: 'multiple_choice_grade',
        score_dict: { multiple_choice_grade: 0.25, calibration_multiple_choice_brier_score: 0.74 },
        subtask_description: 'arithmetic',
      },
    ],
    task: { task_name: 'arithmetic' },
  };
}

/** A HELM run folder with per_instance_stats.json and scenario_state.json (HELM dataclasses). */
export function writeHelmRun(root: string, run = 'mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2'): string {
  const dir = join(root, run);
  const stat = (name: string, mean: number, extra: Record<string, unknown> = {}) => ({
    name: { name, split: 'test', ...extra },
    count: 1,
    sum: mean,
    sum_squared: mean * mean,
    min: mean,
    max: mean,
    mean,
    variance: 0,
    stddev: 0,
  });
  const stats = [
    { instance_id: 'id1', train_trial_index: 0, stats: [stat('exact_match', 1), stat('quasi_exact_match', 1), stat('exact_match', 0, { perturbation: { name: 'typos' } })] },
    { instance_id: 'id2', train_trial_index: 0, stats: [stat('exact_match', 0), stat('quasi_exact_match', 0)] },
    { instance_id: 'id1', perturbation: { name: 'typos', robustness: true }, train_trial_index: 0, stats: [stat('exact_match', 0)] },
    { instance_id: 'id3', train_trial_index: 0, stats: [] },
  ];
  const refs = (correct: number) =>
    ['skull', 'heart', 'lung', 'liver'].map((t, i) => ({ output: { text: t }, tags: i === correct ? ['correct'] : [] }));
  const state = {
    adapter_spec: { method: 'multiple_choice_joint', model: 'openai/gpt2', model_deployment: 'huggingface/gpt2', max_train_instances: 5 },
    request_states: [
      {
        instance: { input: { text: 'Which bone?' }, references: refs(0), split: 'test', id: 'id1' },
        train_trial_index: 0,
        output_mapping: { A: 'skull', B: 'heart', C: 'lung', D: 'liver' },
        request: { model: 'openai/gpt2', prompt: '...', max_tokens: 1 },
        result: { success: true, completions: [{ text: ' A', logprob: -0.5, tokens: [{ text: ' A', logprob: -0.5 }] }] },
        num_train_instances: 5,
        prompt_truncated: false,
      },
      {
        instance: { input: { text: 'Which organ pumps?' }, references: refs(1), split: 'test', id: 'id2' },
        train_trial_index: 0,
        output_mapping: { A: 'skull', B: 'heart', C: 'lung', D: 'liver' },
        request: { model: 'openai/gpt2', prompt: '...', max_tokens: 1 },
        result: { success: true, completions: [{ text: ' C', logprob: -1.2, tokens: [] }] },
        num_train_instances: 5,
        prompt_truncated: false,
      },
      {
        instance: { input: { text: 'Whcih bone?' }, references: refs(0), split: 'test', id: 'id1', perturbation: { name: 'typos' } },
        train_trial_index: 0,
        output_mapping: { A: 'skull' },
        request: { model: 'openai/gpt2', prompt: '...', max_tokens: 1 },
        result: { success: true, completions: [{ text: ' D', logprob: -2, tokens: [] }] },
        num_train_instances: 5,
        prompt_truncated: false,
      },
    ],
  };
  writeText(join(dir, 'per_instance_stats.json'), JSON.stringify(stats, null, 2));
  writeText(join(dir, 'scenario_state.json'), JSON.stringify(state, null, 2));
  return dir;
}

/** OpenAI evals LocalRecorder lines (evals/record.py): spec, events, final report. */
export function openaiEvalsLines(): unknown[] {
  const ev = (event_id: number, sample_id: string, type: string, data: unknown) => ({
    run_id: 'run1',
    event_id,
    sample_id,
    type,
    data,
    created_by: 'me',
    created_at: '2023-05-01 00:00:00+00:00',
  });
  return [
    {
      spec: {
        completion_fns: ['gpt-3.5-turbo'],
        eval_name: 'test-match.s1.simple-v0',
        base_eval: 'test-match',
        split: 's1',
        run_config: {},
        created_by: 'me',
        run_id: 'run1',
        created_at: '2023-05-01 00:00:00',
      },
    },
    ev(0, 'test-match.s1.0', 'sampling', { prompt: 'Q0', sampled: ['Paris'] }),
    ev(1, 'test-match.s1.0', 'match', { correct: true, expected: 'Paris', picked: 'Paris', sampled: 'Paris' }),
    ev(2, 'test-match.s1.1', 'sampling', { prompt: 'Q1', sampled: ['Lyon'] }),
    ev(3, 'test-match.s1.1', 'match', { correct: false, expected: ['Rome', 'Roma'], picked: null, sampled: 'Lyon' }),
    { final_report: { accuracy: 0.5 } },
    ev(4, 'test-match.s1.2', 'metrics', { score: 0.75, choice: 'Y' }),
  ];
}
