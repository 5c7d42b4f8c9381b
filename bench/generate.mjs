// Seeded generator of per-item JSONL eval logs with the shape of a real sweep, for the benchmark:
//   node bench/generate.mjs OUT.jsonl SIZE_MB [--seed N]
// One family ("sweep") at 10 sizes x 48 tasks, one row per (model, task, item) in model-major order as
// a harness writes them: model, params, task, doc_id, a prompt (few-shot padding, with \n escapes,
// the same text for every model on one item), target, prediction and the logged `correct` flag.
// Three kinds of task: digit strings (the character tokenizer), short word answers and free-text
// sentences (the whitespace tokenizer). Each model gets a token-level accuracy that rises smoothly
// with log(size), so exact match on long answers jumps while edit distance does not. Rows are
// ~0.5-1 KB. Items per task are chosen so that the file comes out at about SIZE_MB.
import { openSync, writeSync, closeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** mulberry32 */
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

function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const SIZES = [
  ['70m', 70e6],
  ['160m', 160e6],
  ['410m', 410e6],
  ['1b', 1e9],
  ['1.4b', 1.4e9],
  ['2.8b', 2.8e9],
  ['6.9b', 6.9e9],
  ['12b', 12e9],
  ['30b', 30e9],
  ['70b', 70e9],
];

const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an ' +
  'they you were her she there been one all we their has would when if so no what up out who them some ' +
  'could into time two more these then other its about only new way may like any first also people years ' +
  'river stone cloud tiger maple orbit candle silver meadow falcon harbor lemon quartz violet ember ' +
  'question answer number count letters order reverse sequence sum product word sentence translate ' +
  'because therefore however although whenever between through during without against among toward ' +
  'mountain valley forest desert island ocean village castle bridge garden market school library museum'
).split(' ');

const NTASK = 48;
export const TASKS = Array.from({ length: NTASK }, (_, i) => {
  const kind = i % 3 === 0 ? 'digits' : i % 3 === 1 ? 'words' : 'text';
  const name = `${kind === 'digits' ? 'arith' : kind === 'words' ? 'wordplay' : 'freeform'}_${String(i).padStart(2, '0')}`;
  const r = rng(hash(name));
  return {
    name,
    kind,
    // Target length in tokens (digits, words).
    len: kind === 'digits' ? 3 + Math.floor(r() * 8) : kind === 'words' ? 1 + Math.floor(r() * 3) : 8 + Math.floor(r() * 18),
    // Token accuracy p(N) = sigmoid(slope * (log10 N - mid)).
    mid: 8.3 + r() * 2,
    slope: 1 + r() * 2.5,
  };
});

function words(r, n) {
  let s = WORDS[Math.floor(r() * WORDS.length)];
  for (let i = 1; i < n; i++) s += ' ' + WORDS[Math.floor(r() * WORDS.length)];
  return s;
}

function digits(r, n) {
  let s = String(1 + Math.floor(r() * 9));
  for (let i = 1; i < n; i++) s += String(Math.floor(r() * 10));
  return s;
}

/** Prompt and target of one item: the same for every model. */
function itemText(task, item) {
  const r = rng(hash(task.name) ^ Math.imul(item + 1, 0x9e3779b1));
  const shots = 3 + Math.floor(r() * 3);
  let prompt = `Task: ${task.name.replace('_', ' ')}.`;
  for (let s = 0; s < shots; s++) {
    const q = words(r, 8 + Math.floor(r() * 14));
    const a = task.kind === 'digits' ? digits(r, task.len) : words(r, task.kind === 'words' ? task.len : 6);
    prompt += `\nQuestion: ${q}?\nAnswer: ${a}`;
  }
  prompt += `\nQuestion: ${words(r, 10 + Math.floor(r() * 10))}?\nAnswer:`;
  const target = task.kind === 'digits' ? digits(r, task.len) : words(r, task.len);
  return { prompt, target };
}

function prediction(r, task, target, p) {
  const sep = task.kind === 'digits' ? '' : ' ';
  const toks = task.kind === 'digits' ? target.split('') : target.split(' ');
  const out = [];
  for (const t of toks) {
    if (r() < p) out.push(t);
    else if (r() < 0.15) continue; // dropped token
    else out.push(task.kind === 'digits' ? String(Math.floor(r() * 10)) : WORDS[Math.floor(r() * WORDS.length)]);
  }
  if (r() < (1 - p) * 0.2) out.push(task.kind === 'digits' ? String(Math.floor(r() * 10)) : WORDS[Math.floor(r() * WORDS.length)]);
  let s = out.join(sep);
  // Small models sometimes ramble or answer in a different case.
  if (task.kind !== 'digits' && r() < 0.1) s = s.toUpperCase();
  if (r() < (1 - p) * 0.3) s += ' ' + words(r, 3 + Math.floor(r() * 10));
  return s;
}

/** Typical bytes per row, from a sample. */
function rowBytes() {
  let bytes = 0;
  let n = 0;
  for (const task of TASKS) {
    for (let i = 0; i < 20; i++) {
      const { prompt, target } = itemText(task, i);
      bytes += prompt.length + 2 * target.length + 130;
      n++;
    }
  }
  return bytes / n;
}

/**
 * Writes the log; returns {bytes, rows, items}. `items` per (model, task) is derived from sizeMb
 * unless given.
 */
export function generate(path, sizeMb, { seed = 1, items } = {}) {
  const perTask = items ?? Math.max(1, Math.round((sizeMb * 1e6) / rowBytes() / SIZES.length / NTASK));
  const fd = openSync(path, 'w');
  const CHUNK = 8 << 20;
  const buf = Buffer.allocUnsafe(CHUNK + (1 << 16));
  let used = 0;
  let bytes = 0;
  let rows = 0;
  try {
    for (const [tag, n] of SIZES) {
      const model = `sweep-${tag}`;
      const r = rng(seed * 7919 + hash(model));
      for (const task of TASKS) {
        const p = 1 / (1 + Math.exp(-task.slope * (Math.log10(n) - task.mid)));
        for (let i = 0; i < perTask; i++) {
          const { prompt, target } = itemText(task, i);
          const pred = prediction(r, task, target, p);
          const line =
            `{"model":"${model}","params":${n},"task":"${task.name}","doc_id":${i},` +
            `"prompt":${JSON.stringify(prompt)},"target":${JSON.stringify(target)},` +
            `"prediction":${JSON.stringify(pred)},"correct":${pred === target ? 1 : 0}}\n`;
          used += buf.write(line, used);
          rows++;
          if (used >= CHUNK) {
            writeSync(fd, buf, 0, used);
            bytes += used;
            used = 0;
          }
        }
      }
    }
    if (used > 0) writeSync(fd, buf, 0, used);
    bytes += used;
  } finally {
    closeSync(fd);
  }
  return { bytes, rows, items: perTask };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [out, mb] = process.argv.slice(2);
  const si = process.argv.indexOf('--seed');
  if (!out || !mb) {
    console.error('usage: node bench/generate.mjs OUT.jsonl SIZE_MB [--seed N]');
    process.exit(2);
  }
  const t0 = Date.now();
  const r = generate(out, Number(mb), { seed: si > 0 ? Number(process.argv[si + 1]) : 1 });
  console.log(`${out}: ${(r.bytes / 1e6).toFixed(1)} MB, ${r.rows} rows (${r.items} items per model x task) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
