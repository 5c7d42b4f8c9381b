/**
 * The records every reader produces and the analysis consumes. Readers map whatever a log holds onto
 * these; the analysis never sees a file format. Pure types: runs in Node, the extension host and
 * (through protocol.ts) the webview.
 */

/** Where a record came from: 1-based line (or record index for binary formats) in its file. */
export interface Located {
  /** 1-based line of the record in its file (for JSON formats: the line where the entry starts). */
  line: number;
}

/** Scale facts about a model, from metadata, a column or its name. */
export interface ModelInfo {
  /** Model name as the log spells it (e.g. "pythia-1.4b"). */
  model: string;
  /** Model family: a column, metadata, or the name with its size removed ("pythia"). */
  family?: string;
  /** Number of parameters. */
  params?: number;
  /** Training compute in FLOPs. */
  flops?: number;
  /** Pre-training loss (lower is more capable). */
  loss?: number;
}

/** Evaluation setting facts; series are split by them (confounders, science.md (c)). */
export interface SettingInfo {
  /** Number of in-context examples. */
  shots?: number;
  /** Whether the model is instruction tuned. */
  instruct?: boolean;
}

/** One item of one model on one task, as read from a per-item log. */
export interface ItemRecord extends ModelInfo, SettingInfo, Located {
  task: string;
  /** Item identity, shared across models when they saw the same item. */
  itemId: string;
  /**
   * Repeated measurement of the same item (Inspect epochs, several samples): records with the same
   * (model, task, setting, itemId) are clustered into one item, never counted as new items.
   */
  epoch?: number;
  /** Reference answer as text. */
  target?: string;
  /** Model output as text. */
  prediction?: string;
  /** Per-choice log-likelihoods (multiple choice). */
  choiceLogLiks?: number[];
  /** Index of the gold choice in choiceLogLiks. */
  gold?: number;
  /** Log-probabilities of the target's tokens under the model. */
  targetTokenLogProbs?: number[];
  /**
   * Scores the log itself gives for this item, by metric name as logged ("acc", "exact_match",
   * "f1"...). Values are numbers; booleans are mapped to 0/1 and "C"/"I" grades to 1/0 by readers.
   */
  scores?: Record<string, number>;
}

/** One (model, task, metric) value from an aggregate table or a results file. */
export interface AggregateRecord extends ModelInfo, SettingInfo, Located {
  task: string;
  /** Metric name as logged ("acc", "multiple_choice_grade", "brier"...). */
  metric: string;
  value: number;
  /** Number of items behind the value, when known (used for intervals and resolution). */
  n?: number;
  /** Standard error of the value, when logged. */
  stderr?: number;
}

/** A skipped or suspicious record, located in its file. */
export interface Problem {
  /** 1-based line (0 when the problem concerns the whole file). */
  line: number;
  message: string;
}

/** Where readers send what they find. Push-based so large files stream. */
export interface RecordSink {
  item(r: ItemRecord): void;
  aggregate(r: AggregateRecord): void;
  problem(p: Problem): void;
}

/** What a reader made of one input file. */
export interface InputSummary {
  path: string;
  /** Detected format: "csv", "tsv", "jsonl", "lm-eval-samples", "inspect-eval", ... or "skipped". */
  format: string;
  /** Records used. */
  rows: number;
  /** Each skipped record with its 1-based line. */
  problems: Problem[];
  /** When the file is not an eval log: a one-line reason. */
  skipped?: string;
  /** Notes a user should know (e.g. which of several runs was kept). */
  notes?: string[];
}

/** Explicit role -> column overrides (`--map scale=n_params`). */
export type ColumnMap = Partial<Record<Role, string>>;

/** The roles a column of a generic CSV/JSONL log can play. */
export type Role =
  | 'model'
  | 'family'
  | 'scale'
  | 'flops'
  | 'loss'
  | 'task'
  | 'item'
  | 'target'
  | 'prediction'
  | 'correct'
  | 'metric'
  | 'value'
  | 'n'
  | 'stderr'
  | 'shots'
  | 'instruct'
  | 'choices'
  | 'gold'
  | 'logprobs'
  | 'epoch';

/** The x axis: parameters, training compute, or pre-training loss (plotted as -loss). */
export type XAxis = 'params' | 'flops' | 'loss';
