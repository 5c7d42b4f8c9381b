#!/usr/bin/env node
// Writes the example eval logs in examples/ from a fixed seed, so they are reproducible:
//   node examples/generate.mjs
// One synthetic model family ("synth") at Pythia's eight sizes (an uneven grid in log scale), and one
// task per verdict, in both shapes the tool reads:
//   per-item/generation.jsonl   text targets and predictions (JSONL; scale parsed from model names)
//     - arithmetic_8digit: Schaeffer's metric mirage. Each target token is right with probability
//       p(N) = exp(-(N/c)^alpha); exact match = p^8 jumps while token edit distance is smooth.
//     - word_unscramble: a genuine break. Below 2.8B the model outputs unrelated words; from 2.8B it
//       solves a growing share, so exact match and edit distance both break, on 400 items.
//   per-item/small_test_set.csv  only correct/incorrect per item, 25 items per model
//     - logical_deduction: a resolution mirage. True accuracy is a smooth power law in N, but with 25
//       items the small models all score 0, which looks like a jump.
//   per-item/multiple_choice.csv  per-choice log-likelihoods (4 choices), sizes as "1.4B" strings
//     - reading_comprehension: smooth. The gold choice's log-likelihood margin grows linearly in log N.
//   aggregate/bigbench_style.csv  one row per (model, task, metric) with n, as BIG-bench reports
//     - modified_arithmetic: grade jumps, Brier score smooth (metric mirage)
//     - analogical_reasoning: grade jumps and Brier breaks with 2,000 items (emergent)
//     - tiny_riddles: accuracy only, 30 items (resolution mirage)
//     - common_sense: accuracy and Brier improve gradually (smooth)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** mulberry32: a small seeded PRNG, enough for example data. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20231);
const normal = () => {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
};
const binomial = (n, p) => {
  let k = 0;
  for (let i = 0; i < n; i++) if (rand() < p) k++;
  return k;
};

const SIZES = [
  ['synth-70m', 70e6],
  ['synth-160m', 160e6],
  ['synth-410m', 410e6],
  ['synth-1b', 1e9],
  ['synth-1.4b', 1.4e9],
  ['synth-2.8b', 2.8e9],
  ['synth-6.9b', 6.9e9],
  ['synth-12b', 12e9],
];
const human = (n) => (n >= 1e9 ? `${+(n / 1e9).toFixed(1)}B` : `${Math.round(n / 1e6)}M`);
const WORDS = 'apple river stone cloud tiger maple orbit candle silver meadow falcon harbor lemon quartz violet ember'.split(' ');

function write(rel, text) {
  const p = join(here, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  console.log(`wrote examples/${rel}`);
}

// --- per-item generation log (JSONL) ---------------------------------------------------------
const jsonl = [];
{
  // Metric mirage: per-digit correctness p(N) = exp(-(N/c)^alpha), targets of 8 digits.
  const c = 3e8;
  const alpha = -0.8;
  const items = Array.from({ length: 300 }, () => String(10000000 + Math.floor(rand() * 90000000)));
  for (const [model, N] of SIZES) {
    const p = Math.exp(-((N / c) ** alpha));
    items.forEach((target, i) => {
      let pred = '';
      for (const ch of target) pred += rand() < p ? ch : String((Number(ch) + 1 + Math.floor(rand() * 9)) % 10);
      jsonl.push({ model, task: 'arithmetic_8digit', doc_id: i, target, prediction: pred });
    });
  }
}
{
  // Genuine break: unrelated words below 2.8B, then a share of exact solutions.
  const solved = { 'synth-2.8b': 0.45, 'synth-6.9b': 0.75, 'synth-12b': 0.9 };
  const items = Array.from({ length: 400 }, () =>
    Array.from({ length: 3 }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' '),
  );
  for (const [model] of SIZES) {
    const s = solved[model] ?? 0;
    items.forEach((target, i) => {
      const pred = rand() < s ? target : Array.from({ length: 3 }, () => `${WORDS[Math.floor(rand() * WORDS.length)]}${Math.floor(rand() * 90 + 10)}`).join(' ');
      jsonl.push({ model, task: 'word_unscramble', doc_id: i, target, prediction: pred });
    });
  }
}
write('per-item/generation.jsonl', jsonl.map((r) => JSON.stringify(r)).join('\n') + '\n');

// --- per-item, correctness only, small test set (CSV) -----------------------------------------
{
  const rows = ['model,task,item,correct'];
  for (const [model, N] of SIZES) {
    const p = Math.min(0.95, 0.92 * (N / 12e9) ** 1.35);
    for (let i = 0; i < 25; i++) rows.push(`${model},logical_deduction,q${i},${rand() < p ? 1 : 0}`);
  }
  write('per-item/small_test_set.csv', rows.join('\n') + '\n');
}

// --- per-item multiple choice with log-likelihoods (CSV) --------------------------------------
{
  const rows = ['model,n_params,task,doc_id,choice_logliks,gold_index'];
  const difficulty = Array.from({ length: 200 }, () => normal());
  for (const [model, N] of SIZES) {
    const margin = 0.9 * (Math.log10(N) - 7.85);
    difficulty.forEach((d, i) => {
      const gold = i % 4;
      const ll = [0, 1, 2, 3].map((cIdx) => -4 + normal() * 0.8 + (cIdx === gold ? margin - 0.8 * d : 0));
      rows.push(`synth-${human(N).toLowerCase()},${human(N)},reading_comprehension,${i},"${JSON.stringify(ll.map((x) => +x.toFixed(4)))}",${gold}`);
    });
  }
  write('per-item/multiple_choice.csv', rows.join('\n') + '\n');
}

// --- aggregate table (BIG-bench style) --------------------------------------------------------
{
  // Brier scores carry a standard error (as lm-evaluation-harness reports one); a per-item Brier score
  // has a spread of about 0.35, so a mean over n items is known to about 0.35/sqrt(n).
  const rows = ['model,family,params,task,metric,value,n,stderr'];
  const add = (model, N, task, metric, value, n, se) =>
    rows.push(`${model},synth,${N},${task},${metric},${+value.toFixed(5)},${n},${se === undefined ? '' : +se.toFixed(5)}`);
  const brierSe = (n) => 0.35 / Math.sqrt(n);
  for (const [model, N] of SIZES) {
    const u = Math.log10(N);
    // Metric mirage: grade jumps late; Brier falls linearly in log N.
    {
      const n = 500;
      const g = u < 9.3 ? 0.25 : u < 9.6 ? 0.31 : u < 10 ? 0.55 : 0.72;
      add(model, N, 'modified_arithmetic', 'multiple_choice_grade', binomial(n, g) / n, n);
      add(model, N, 'modified_arithmetic', 'brier_score', 0.74 - 0.075 * (u - 7.85) + normal() * brierSe(n), n, brierSe(n));
    }
    // Emergent: flat at chance, then a break in both metrics, 2,000 items.
    {
      const n = 2000;
      const g = u < 9.3 ? 0.25 : u < 9.7 ? 0.5 : u < 10 ? 0.68 : 0.8;
      add(model, N, 'analogical_reasoning', 'multiple_choice_grade', binomial(n, g) / n, n);
      const b = u < 9.3 ? 0.75 : u < 9.7 ? 0.55 : u < 10 ? 0.42 : 0.3;
      add(model, N, 'analogical_reasoning', 'brier_score', b + normal() * brierSe(n), n, brierSe(n));
    }
    // Resolution mirage: accuracy only, 30 items, smooth power law underneath.
    {
      const n = 30;
      const p = Math.min(0.95, 0.9 * (N / 12e9) ** 1.3);
      add(model, N, 'tiny_riddles', 'accuracy', binomial(n, p) / n, n);
    }
    // Smooth: gradual gains in both.
    {
      const n = 800;
      const p = 0.3 + 0.12 * (u - 7.85);
      add(model, N, 'common_sense', 'accuracy', binomial(n, p) / n, n);
      add(model, N, 'common_sense', 'brier_score', 0.72 - 0.06 * (u - 7.85) + normal() * brierSe(n), n, brierSe(n));
    }
  }
  write('aggregate/bigbench_style.csv', rows.join('\n') + '\n');
}
