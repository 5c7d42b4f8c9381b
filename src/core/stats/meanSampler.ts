/**
 * Draws the vector of per-model mean scores of one bootstrap resample, by the cheapest exact route
 * the data's structure allows:
 *
 * - binomial: binary scores, items not shared. A resampled mean of n binary scores with k ones is
 *   Binomial(n, k/n)/n exactly, so one table draw per model replaces n draws.
 * - patterns: binary scores on shared items. Items are grouped by their pattern of scores across
 *   models; a paired resample is a multinomial count over patterns, drawn as sequential binomials
 *   (or, when there are many distinct patterns, by drawing items and counting their patterns).
 * - paired: continuous scores on shared items: one set of item draws applied to every model.
 * - direct: continuous scores, items not shared: each model's items drawn on their own.
 */
import { BinomialTable, FixedPBinomial, type TableBudget } from './binomialTable';
import type { Rng } from './rng';

/** One model's scores for the bootstrap. */
export interface BootstrapModel {
  /** Per-item score of one model, after clustering repeated measurements of an item. */
  scores: Float64Array;
  /** Shared item index of each score, when the models saw the same items (enables pairing). */
  items?: Int32Array;
}

/** Which route {@link makeMeanSampler} chose. */
export type SamplerMethod = 'binomial' | 'patterns' | 'paired' | 'direct';

/** Fills `out[i]` with model i's mean score under a fresh resample of its items. */
export interface MeanSampler {
  readonly method: SamplerMethod;
  draw(rng: Rng, out: Float64Array): void;
}

/**
 * Relative cost of one sequential binomial draw against one uniform item draw, measured on V8: the
 * pattern route draws one binomial per pattern, the item route one uniform per item, and the
 * cheaper is taken.
 */
const BINOMIAL_COST = 2;
/**
 * Table entries (12 bytes each) the sequential binomials of one sampler may build: ~25 MB at most,
 * reached only with tens of thousands of items in hundreds of large patterns.
 */
const TABLE_BUDGET = 2_000_000;

/**
 * Chooses and builds the sampler. Items are paired when every model carries `items` over the same
 * set of item indices, each once; otherwise (missing or differing item sets, repeated indices) each
 * model is resampled on its own. `binary: false` forces the continuous routes; otherwise scores
 * that are all exactly 0 or 1 take the binary routes (so a wrong `binary: true` cannot bias them).
 */
export function makeMeanSampler(models: readonly BootstrapModel[], binary?: boolean): MeanSampler {
  const isBinary = binary !== false && models.every((m) => allBinary(m.scores));
  const columns = pairedColumns(models);
  if (columns === null) return isBinary ? binomialSampler(models) : directSampler(models);
  return isBinary ? patternSampler(models, columns) : pairedSampler(models, columns);
}

function allBinary(s: Float64Array): boolean {
  for (let i = 0; i < s.length; i++) {
    const v = s[i] as number;
    if (v !== 0 && v !== 1) return false;
  }
  return true;
}

/**
 * For paired data, position of each shared item (in the first model's order) in every model:
 * columns[i][c] is the index into models[i].scores of item c. null when the data are not paired.
 */
function pairedColumns(models: readonly BootstrapModel[]): Int32Array[] | null {
  const first = models[0];
  if (first === undefined || first.items === undefined) return null;
  const n = first.scores.length;
  if (first.items.length !== n || n === 0) return null;
  const pos = new Map<number, number>();
  first.items.forEach((item, c) => pos.set(item, c));
  if (pos.size !== n) return null;
  const columns: Int32Array[] = [];
  for (const model of models) {
    const items = model.items;
    if (items === undefined || items.length !== n || model.scores.length !== n) return null;
    const col = new Int32Array(n).fill(-1);
    for (let j = 0; j < n; j++) {
      const c = pos.get(items[j] as number);
      if (c === undefined || col[c] !== -1) return null;
      col[c] = j;
    }
    columns.push(col);
  }
  return columns;
}

function binomialSampler(models: readonly BootstrapModel[]): MeanSampler {
  return new BinomialMeans(models);
}

/** The binomial route as a class: its hot loop then sees fixed, typed fields. */
class BinomialMeans implements MeanSampler {
  readonly method = 'binomial';
  private readonly tables: BinomialTable[];
  /** 1/n per model; NaN for a model without scores, so its mean comes out NaN with no branch. */
  private readonly invN: Float64Array;

  constructor(models: readonly BootstrapModel[]) {
    this.tables = models.map((m) => {
      const n = m.scores.length;
      let k = 0;
      for (let j = 0; j < n; j++) k += m.scores[j] as number;
      return new BinomialTable(n, n > 0 ? k / n : 0);
    });
    this.invN = Float64Array.from(models, (m) => (m.scores.length > 0 ? 1 / m.scores.length : NaN));
  }

  draw(rng: Rng, out: Float64Array): void {
    const tables = this.tables;
    const invN = this.invN;
    for (let i = 0; i < tables.length; i++) {
      out[i] = (tables[i] as BinomialTable).sample(rng) * (invN[i] as number);
    }
  }
}

function directSampler(models: readonly BootstrapModel[]): MeanSampler {
  return {
    method: 'direct',
    draw(rng, out) {
      for (let i = 0; i < models.length; i++) {
        const s = (models[i] as BootstrapModel).scores;
        const n = s.length;
        let sum = 0;
        for (let j = 0; j < n; j++) sum += s[Math.floor(rng.next() * n)] as number;
        out[i] = sum / n;
      }
    },
  };
}

function pairedSampler(models: readonly BootstrapModel[], columns: Int32Array[]): MeanSampler {
  const m = models.length;
  const n = (columns[0] as Int32Array).length;
  // Item-major copy: one drawn item then adds m adjacent values.
  const rows = new Float64Array(n * m);
  for (let i = 0; i < m; i++) {
    const s = (models[i] as BootstrapModel).scores;
    const col = columns[i] as Int32Array;
    for (let c = 0; c < n; c++) rows[c * m + i] = s[col[c] as number] as number;
  }
  return {
    method: 'paired',
    draw(rng, out) {
      out.fill(0, 0, m);
      for (let j = 0; j < n; j++) {
        const base = Math.floor(rng.next() * n) * m;
        for (let i = 0; i < m; i++) out[i] = (out[i] as number) + (rows[base + i] as number);
      }
      for (let i = 0; i < m; i++) out[i] = (out[i] as number) / n;
    },
  };
}

function patternSampler(models: readonly BootstrapModel[], columns: Int32Array[]): MeanSampler {
  const m = models.length;
  const n = (columns[0] as Int32Array).length;
  const keyOf = new Map<string, number>();
  const patternOfItem = new Int32Array(n);
  const counts: number[] = [];
  const bits: number[][] = [];
  for (let c = 0; c < n; c++) {
    const row: number[] = [];
    for (let i = 0; i < m; i++) {
      row.push((models[i] as BootstrapModel).scores[(columns[i] as Int32Array)[c] as number] as number);
    }
    const key = row.join('');
    let p = keyOf.get(key);
    if (p === undefined) {
      p = counts.length;
      keyOf.set(key, p);
      counts.push(0);
      bits.push(row);
    }
    counts[p] = (counts[p] as number) + 1;
    patternOfItem[c] = p;
  }
  // Largest groups first: they take BTPE's constant-time path, and the small tail of the sequence
  // often runs out of remaining draws early.
  const order = counts.map((_, p) => p).sort((a, b) => (counts[b] as number) - (counts[a] as number));
  const d = counts.length;
  const ordCounts = new Float64Array(order.map((p) => counts[p] as number));
  // For each pattern (in draw order) the models that score 1 on it.
  const ones = order.map((p) => Int32Array.from((bits[p] as number[]).flatMap((v, i) => (v === 1 ? [i] : []))));
  const rank = new Int32Array(d);
  order.forEach((p, r) => (rank[p] = r));
  const itemRank = patternOfItem.map((p) => rank[p] as number);
  const drawn = new Float64Array(d);
  const byItems = d * BINOMIAL_COST > n;
  // The probability of each step of the sequence is fixed (count over the mass still unassigned);
  // only the number of draws left varies.
  const budget: TableBudget = { entries: TABLE_BUDGET };
  let rest = n;
  const steps = Array.from(ordCounts, (c) => {
    const b = new FixedPBinomial(rest > 0 ? Math.min(1, c / rest) : 0, n, budget);
    rest -= c;
    return b;
  });
  return {
    method: 'patterns',
    draw(rng, out) {
      if (byItems) {
        drawn.fill(0);
        for (let j = 0; j < n; j++) {
          const r = itemRank[Math.floor(rng.next() * n)] as number;
          drawn[r] = (drawn[r] as number) + 1;
        }
      } else {
        let left = n;
        for (let r = 0; r < d; r++) {
          if (left === 0) {
            drawn.fill(0, r);
            break;
          }
          const x = r === d - 1 ? left : (steps[r] as FixedPBinomial).sample(rng, left);
          drawn[r] = x;
          left -= x;
        }
      }
      out.fill(0, 0, m);
      for (let r = 0; r < d; r++) {
        const x = drawn[r] as number;
        if (x === 0) continue;
        const on = ones[r] as Int32Array;
        for (let t = 0; t < on.length; t++) {
          const i = on[t] as number;
          out[i] = (out[i] as number) + x;
        }
      }
      for (let i = 0; i < m; i++) out[i] = (out[i] as number) / n;
    },
  };
}
