// Writes the small eval logs of the extension's test workspace (test/fixtures/workspace). Seeded,
// so re-running gives the same files. Per-item CSV columns: model,params,task,item,target,prediction,correct.
//   arith: 5-digit answers; per-digit accuracy improves smoothly with scale, so exact match jumps
//          (a metric mirage); copy: improves gradually (smooth).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/workspace');
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

const MODELS = [
  ['syn-70m', 7e7], ['syn-160m', 1.6e8], ['syn-410m', 4.1e8], ['syn-1b', 1e9], ['syn-2.8b', 2.8e9], ['syn-6.9b', 6.9e9],
];
const ITEMS = 40;
const targets = Array.from({ length: ITEMS }, () => String(10000 + Math.floor(rand() * 89999)));
const words = Array.from({ length: ITEMS }, (_, i) => ['alpha', 'beta', 'gamma', 'delta', 'omega'][i % 5] + i);

// Smooth per digit in log scale, so exact match over 5 digits (p^5) stays near 0 for the small half
// of the models and jumps late: the shape of an emergence claim.
function digitAcc(n) {
  const x = Math.log10(n / 7e7);
  return Math.min(0.97, 0.3 + 0.12 * x + 0.1 * x * x);
}
function corrupt(t, p) {
  return [...t].map((c) => (rand() < p ? c : String((Number(c) + 1 + Math.floor(rand() * 8)) % 10))).join('');
}

function rows(task) {
  const out = [];
  for (const [model, n] of MODELS) {
    for (let i = 0; i < ITEMS; i++) {
      if (task === 'arith') {
        const pred = corrupt(targets[i], digitAcc(n));
        out.push([model, n, task, `a${i}`, targets[i], pred, pred === targets[i] ? 1 : 0]);
      } else {
        const ok = rand() < 0.2 + 0.12 * Math.log10(n / 7e7) * 3;
        out.push([model, n, task, `c${i}`, words[i], ok ? words[i] : words[(i + 1) % ITEMS], ok ? 1 : 0]);
      }
    }
  }
  return out;
}

const header = 'model,params,task,item,target,prediction,correct';
const csv = (rs) => [header, ...rs.map((r) => r.join(','))].join('\n') + '\n';
mkdirSync(path.join(root, 'sweep'), { recursive: true });
writeFileSync(path.join(root, 'sweep', 'arith.csv'), csv(rows('arith')));
const copy = rows('copy').map(([model, params, task, item, target, prediction, correct]) =>
  JSON.stringify({ model, params, task, item, target, prediction, correct }),
);
writeFileSync(path.join(root, 'sweep', 'copy.jsonl'), copy.join('\n') + '\n');

// One malformed line (line 4: a missing column) and one with a non-numeric score (line 6).
const good = rows('arith').slice(0, 8).map((r) => r.join(','));
good.splice(2, 0, 'syn-70m,70000000,arith');
good.splice(4, 0, 'syn-70m,70000000,arith,a99,12345,12345,maybe');
writeFileSync(path.join(root, 'malformed.csv'), [header, ...good].join('\n') + '\n');

// Log text that is Markdown/HTML/a command link: hovers and the panel must show it as text.
const hostile = rows('arith').map((r) => {
  r[2] = '[run](command:workbench.action.terminal.new)<b>x</b>';
  r[5] = `<img src=x onerror="alert(1)">${r[5]}`;
  return r.map((c) => (/[,"<]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : c)).join(',');
});
writeFileSync(path.join(root, 'hostile.csv'), [header, ...hostile].join('\n') + '\n');
console.log(`fixtures written to ${root}`);
