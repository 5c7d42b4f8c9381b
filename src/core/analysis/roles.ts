/**
 * Column roles for generic tables (CSV, TSV, JSONL, Parquet): which column is the model, the task, the
 * item, the score... found by name with synonyms, overridden by an explicit map (`--map scale=n_params`).
 * Then one row becomes an ItemRecord (per-item logs) or an AggregateRecord (one row per model x task x
 * metric).
 */
import type { AggregateRecord, ColumnMap, ItemRecord, Role } from '../types';
import { parseScale, splitModelName } from './modelName';
import { cellPreview, setOwn } from '../formats/jsonValues';

/** Synonyms per role, in order of preference; matched case-insensitively after trimming. */
export const ROLE_SYNONYMS: Record<Role, readonly string[]> = {
  model: ['model', 'model_name', 'modelname', 'model_id', 'checkpoint', 'model_path'],
  family: ['family', 'model_family'],
  scale: ['params', 'n_params', 'num_params', 'size', 'model_size', 'parameters', 'total_params', 'nparams', 'scale'],
  flops: ['flops', 'train_flops', 'training_flops', 'compute'],
  loss: ['loss', 'pretrain_loss', 'pretraining_loss', 'val_loss', 'train_loss'],
  task: ['task', 'task_name', 'benchmark', 'subtask', 'dataset'],
  item: ['item', 'doc_id', 'item_id', 'id', 'example_id', 'sample_id', 'question_id', 'idx', 'instance_id'],
  target: ['target', 'gold', 'answer', 'reference', 'expected', 'label', 'targets', 'ground_truth'],
  prediction: ['prediction', 'output', 'response', 'completion', 'pred', 'generation', 'model_output', 'predicted'],
  correct: ['correct', 'exact_match', 'acc', 'score', 'is_correct', 'em', 'accuracy', 'grade'],
  metric: ['metric', 'metric_name', 'measure'],
  value: ['value', 'metric_value', 'result', 'mean'],
  n: ['n', 'n_items', 'num_items', 'count', 'n_samples', 'num_samples', 'support'],
  stderr: ['stderr', 'se', 'std_err', 'standard_error'],
  shots: ['shots', 'n_shot', 'num_fewshot', 'fewshot', 'k_shot', 'n_shots', 'num_shots'],
  instruct: ['instruct', 'instruction_tuned', 'is_instruct', 'instruction_tuning', 'chat'],
  choices: ['choice_logliks', 'choice_loglikelihoods', 'logliks', 'loglikelihoods', 'choice_logprobs'],
  gold: ['gold_index', 'gold_idx', 'label_index', 'answer_index', 'gold_choice'],
  logprobs: ['token_logprobs', 'target_logprobs', 'target_token_logprobs'],
  epoch: ['epoch', 'sample_index', 'repeat'],
};

/** Extra logged per-item scores picked up by column name besides the `correct` role. */
const SCORE_LIKE = /^(acc|accuracy|exact|em|f1|bleu|rouge|brier|pass|match|grade|correct|quasi|bpb|ppl|perplexity|chrf|ter|meteor)/i;

/** Which column plays which role. */
export interface Roles {
  columns: string[];
  byRole: Partial<Record<Role, string>>;
  /** Extra score columns (logged metrics), beyond `correct`. */
  scoreColumns: string[];
  /** "items" for per-item logs, "aggregate" for metric/value tables. */
  shape: 'items' | 'aggregate';
}

/** Thrown when the roles a log needs are missing; the message lists columns and the fixing --map. */
export class MissingRolesError extends Error {}

/** Infers column roles from names, with explicit overrides winning. */
export function inferRoles(columns: readonly string[], map: ColumnMap = {}): Roles {
  const lower = new Map<string, string>();
  for (const c of columns) {
    const k = c.trim().toLowerCase();
    if (!lower.has(k)) lower.set(k, c);
  }
  const byRole: Partial<Record<Role, string>> = {};
  const taken = new Set<string>();
  for (const [role, col] of Object.entries(map) as [Role, string][]) {
    // Only real roles: a map built from user input could hold "constructor" or "toString", which
    // would otherwise take a column away from the role that needs it.
    if (col === undefined || !Object.hasOwn(ROLE_SYNONYMS, role)) continue;
    const actual = lower.get(col.trim().toLowerCase());
    if (actual === undefined) {
      throw new MissingRolesError(
        `--map ${role}=${col}: no column "${col}". Columns found: ${columns.join(', ') || '(none)'}.`,
      );
    }
    byRole[role] = actual;
    taken.add(actual);
  }
  for (const role of Object.keys(ROLE_SYNONYMS) as Role[]) {
    if (byRole[role] !== undefined) continue;
    for (const syn of ROLE_SYNONYMS[role]) {
      const actual = lower.get(syn);
      if (actual !== undefined && !taken.has(actual)) {
        byRole[role] = actual;
        taken.add(actual);
        break;
      }
    }
  }
  const shape = byRole.metric !== undefined && byRole.value !== undefined ? 'aggregate' : 'items';
  const scoreColumns =
    shape === 'items'
      ? columns.filter((c) => !taken.has(c) && SCORE_LIKE.test(c.trim()))
      : [];
  if (shape === 'aggregate' && byRole.correct !== undefined && byRole.correct !== byRole.value) {
    // In an aggregate table a column like "score" is not a per-item correctness flag.
    delete byRole.correct;
  }
  return { columns: [...columns], byRole, scoreColumns, shape };
}

/** Checks that the roles needed to analyse are present; throws a MissingRolesError naming the fix. */
export function requireRoles(roles: Roles): void {
  const missing: string[] = [];
  if (!roles.byRole.model) missing.push(hint('model'));
  if (roles.shape === 'items') {
    const hasScore =
      roles.byRole.correct !== undefined ||
      roles.scoreColumns.length > 0 ||
      (roles.byRole.target !== undefined && roles.byRole.prediction !== undefined) ||
      roles.byRole.choices !== undefined ||
      roles.byRole.logprobs !== undefined;
    if (!hasScore) {
      missing.push(
        `something to score: a correctness column (${ROLE_SYNONYMS.correct.join(' / ')}), ` +
          `or target and prediction columns, or per-choice log-likelihoods (--map correct=COLUMN, ` +
          `--map target=COLUMN --map prediction=COLUMN, or --map choices=COLUMN)`,
      );
    }
  }
  if (missing.length > 0) {
    throw new MissingRolesError(
      `Missing ${missing.join('; ')}. Columns found: ${roles.columns.join(', ') || '(none)'}.`,
    );
  }
}

function hint(role: Role): string {
  return `a ${role} column (one of ${ROLE_SYNONYMS[role].join(', ')}; or --map ${role}=COLUMN)`;
}

/** A number from a cell: numbers, numeric strings, booleans and C/I grades. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s === '') return undefined;
  switch (s.toLowerCase()) {
    case 'true':
    case 'c':
    case 'correct':
    case 'yes':
      return 1;
    case 'false':
    case 'i':
    case 'incorrect':
    case 'no':
      return 0;
  }
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

// Strings of the integers 0..SMALL_INTS - 1, made on first use. Item ids are mostly such numbers
// (doc_id), repeated once per model: a string made once also keeps its hash, which every per-row
// lookup of the id in a Map would otherwise compute afresh.
const SMALL_INTS = 1 << 16;
let smallInts: (string | undefined)[] | undefined;

function intText(n: number): string {
  const cache = (smallInts ??= new Array<string | undefined>(SMALL_INTS));
  return (cache[n] ??= String(n));
}

function toText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v < SMALL_INTS ? intText(v) : String(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(' ');
  try {
    return JSON.stringify(v);
  } catch {
    // Nested past JSON.stringify's recursion limit (a hostile log line): not text.
    return undefined;
  }
}

function toNumberArray(v: unknown): number[] | undefined {
  let a: unknown = v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (!s.startsWith('[')) return undefined;
    try {
      a = JSON.parse(s);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(a)) return undefined;
  const out: number[] = [];
  for (const x of a) {
    // lm-eval keeps [loglik, is_greedy] pairs; take the loglik.
    const n = toNumber(Array.isArray(x) ? x[0] : x);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

function toBool(v: unknown): boolean | undefined {
  const n = toNumber(v);
  if (n === undefined) {
    if (typeof v === 'string' && /^(instruct|chat|it|sft|rlhf)$/i.test(v.trim())) return true;
    if (typeof v === 'string' && /^(base|pretrained|pt)$/i.test(v.trim())) return false;
    return undefined;
  }
  return n !== 0;
}

/** The cell of `col` in `row`, undefined when the role has no column. */
function at(row: Record<string, unknown>, col: string | undefined): unknown {
  if (col === undefined) return undefined;
  const v = row[col];
  // A row without a column named "__proto__" or "constructor" gives what it inherits for it:
  // Object.prototype or a function (read as the model "{}", for instance). No cell of a log is
  // either, so such a value means the column is missing. (Cheaper than Object.hasOwn per cell.)
  return typeof v === 'function' || v === Object.prototype ? undefined : v;
}

const nameCache = new Map<string, { family: string; params?: number }>();

/**
 * splitModelName, memoised: a log names few models in many rows, and the name's regular expressions
 * would otherwise run twice per row (here and in the collector). The result is shared: do not mutate.
 */
export function splitModelNameCached(name: string): { family: string; params?: number } {
  let v = nameCache.get(name);
  if (v === undefined) {
    if (nameCache.size >= 4096) nameCache.clear();
    v = splitModelName(name);
    nameCache.set(name, v);
  }
  return v;
}

/** Result of mapping one row: a record, or the reason it was skipped. */
export type RowResult =
  | { kind: 'item'; record: ItemRecord }
  | { kind: 'aggregate'; record: AggregateRecord }
  | { kind: 'skip'; message: string };

/**
 * Where each role's cell sits in a row given as an array: one slot per column rowToRecord reads, in
 * {@link RowLayout.columns} order, and a last slot, never written, for every role without a column.
 * A reader that pulls the columns out of a line itself (the JSONL field scanner) fills such an array
 * by index: storing each value into an object under its column's name cost more than the rest of
 * the scan's bookkeeping (a keyed store under a changing name is megamorphic in V8: ~20 ns).
 */
export class RowLayout {
  /** The columns read, each once: the roles' columns, then the extra score columns. */
  readonly columns: string[];
  /** Slot of each role's column; columns.length (the always-undefined slot) when it has none. */
  readonly slot: Readonly<Record<Role, number>>;
  /** The score columns in the order they are read (the `correct` role's first), and their slots. */
  readonly scoreNames: string[];
  readonly scoreSlots: Int32Array;
  /** Scratch values for rows given as objects ({@link rowToRecord}). */
  readonly scratch: unknown[];

  constructor(roles: Roles) {
    const cols = new Set<string>();
    for (const c of Object.values(roles.byRole)) if (c !== undefined) cols.add(c);
    for (const c of roles.scoreColumns) cols.add(c);
    this.columns = [...cols];
    const index = new Map(this.columns.map((c, k) => [c, k]));
    const none = this.columns.length;
    const slot = {} as Record<Role, number>;
    // Every role in one fixed order, so that all layouts share one object shape.
    for (const role of Object.keys(ROLE_SYNONYMS) as Role[]) {
      const c = roles.byRole[role];
      slot[role] = c === undefined ? none : index.get(c)!;
    }
    this.slot = slot;
    const r = roles.byRole;
    this.scoreNames = r.correct !== undefined ? [r.correct, ...roles.scoreColumns] : [...roles.scoreColumns];
    this.scoreSlots = Int32Array.from(this.scoreNames, (c) => index.get(c)!);
    this.scratch = new Array<unknown>(none + 1).fill(undefined);
  }
}

const layouts = new WeakMap<Roles, RowLayout>();

/**
 * The layout of `roles`, made on first use and kept with the Roles object: settle the roles (as the
 * parquet reader does with columns taken from the folder name) before the first row is mapped.
 */
export function layoutOf(roles: Roles): RowLayout {
  let l = layouts.get(roles);
  if (l === undefined) {
    l = new RowLayout(roles);
    layouts.set(roles, l);
  }
  return l;
}

/**
 * Maps one row onto a record. `defaultTask` is used when the table has no task column (the file's
 * name, so a one-task file still analyses). Never throws.
 */
export function rowToRecord(
  row: Record<string, unknown>,
  roles: Roles,
  line: number,
  defaultTask: string,
): RowResult {
  const layout = layoutOf(roles);
  const values = layout.scratch;
  const cols = layout.columns;
  for (let k = 0; k < cols.length; k++) values[k] = at(row, cols[k]);
  return valuesToRecord(values, layout, roles, line, defaultTask);
}

/**
 * {@link rowToRecord} for a row given as values by slot of `layout` (made from `roles`), with
 * values.length > layout.columns.length and the last slot undefined. Never throws.
 */
export function valuesToRecord(
  values: readonly unknown[],
  layout: RowLayout,
  roles: Roles,
  line: number,
  defaultTask: string,
): RowResult {
  const r = roles.byRole;
  const s = layout.slot;
  const model = toText(values[s.model])?.trim();
  if (!model) return { kind: 'skip', message: `empty ${r.model ?? 'model'}` };
  const task = toText(values[s.task])?.trim() || defaultTask;
  const named = splitModelNameCached(model);
  const scaleCell = values[s.scale];
  const params = scaleCell === undefined || scaleCell === '' ? named.params : parseScale(scaleCell);
  if (scaleCell !== undefined && scaleCell !== '' && params === undefined) {
    return { kind: 'skip', message: `${r.scale}: expected a positive size like 1.3e9 or "1.3B", got ${cellPreview(scaleCell)}` };
  }
  // Records are built as literals, never by spreading a shared base: object spread of these
  // (partly undefined) fields cost ~6 us per row on V8, more than reading the row.
  const family = toText(values[s.family])?.trim() || named.family;
  const flops = parseScale(values[s.flops]);
  const loss = toNumber(values[s.loss]);
  const shots = toNumber(values[s.shots]);
  const instruct = toBool(values[s.instruct]);
  if (roles.shape === 'aggregate') {
    const metric = toText(values[s.metric])?.trim();
    const value = toNumber(values[s.value]);
    if (!metric) return { kind: 'skip', message: `empty ${r.metric}` };
    if (value === undefined) return { kind: 'skip', message: `${r.value}: expected a number, got ${cellPreview(values[s.value])}` };
    const n = toNumber(values[s.n]);
    return {
      kind: 'aggregate',
      record: {
        model,
        family,
        params,
        flops,
        loss,
        task,
        shots,
        instruct,
        line,
        metric,
        value,
        // An item count rounds to a whole number of items; one that rounds to 0 (5e-324, 0.3) is none.
        n: n !== undefined && Math.round(n) >= 1 ? Math.round(n) : undefined,
        stderr: toNumber(values[s.stderr]),
      },
    };
  }
  const rec: ItemRecord = {
    model,
    family,
    params,
    flops,
    loss,
    task,
    shots,
    instruct,
    line,
    itemId: toText(values[s.item])?.trim() || `#${line}`,
  };
  const epoch = toNumber(values[s.epoch]);
  if (epoch !== undefined) rec.epoch = epoch;
  const target = toText(values[s.target]);
  const prediction = toText(values[s.prediction]);
  const choices = toNumberArray(values[s.choices]);
  if (choices) {
    rec.choiceLogLiks = choices;
    const g = toNumber(values[s.gold] ?? values[s.target]);
    if (g === undefined || !Number.isInteger(g) || g < 0 || g >= choices.length) {
      return { kind: 'skip', message: `gold choice index missing or out of range for ${choices.length} choices` };
    }
    rec.gold = g;
  } else {
    if (target !== undefined) rec.target = target;
    if (prediction !== undefined) rec.prediction = prediction;
  }
  const lp = toNumberArray(values[s.logprobs]);
  if (lp) rec.targetTokenLogProbs = lp;
  let scores: Record<string, number> | undefined;
  let nScores = 0;
  const scoreSlots = layout.scoreSlots;
  for (let c = 0; c < scoreSlots.length; c++) {
    const raw = values[scoreSlots[c]!];
    const col = layout.scoreNames[c]!;
    if (raw === undefined || raw === '' || raw === null) continue;
    const v = toNumber(raw);
    if (v === undefined) return { kind: 'skip', message: `${col}: expected a number, true/false or C/I, got ${cellPreview(raw)}` };
    // setOwn: a score column named "__proto__" (--map correct=__proto__) must be kept as a key.
    setOwn((scores ??= {}), col, v);
    nScores++;
  }
  if (scores !== undefined) rec.scores = scores;
  const scorable = nScores > 0 || rec.choiceLogLiks || rec.targetTokenLogProbs || (rec.target !== undefined && rec.prediction !== undefined);
  if (!scorable) return { kind: 'skip', message: 'nothing to score in this row (no score, no target/prediction pair, no choice log-likelihoods)' };
  return { kind: 'item', record: rec };
}
