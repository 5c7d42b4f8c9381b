/**
 * The default row handler for Parquet tables. Rows with lm-eval sample columns (doc_id,
 * filtered_resps: Open LLM Leaderboard v2 "details") are mapped like samples files; any other table
 * goes through the generic column roles (analysis/roles.ts), with the model, task and shots taken
 * from the path when the table has no such columns (leaderboard v1 details name the task and shots
 * in the file, "details_harness|arc:challenge|25_<ts>.parquet", and the model in a folder,
 * "details_EleutherAI__pythia-1.4b").
 *
 * UNVERIFIED against a real leaderboard details file (none in shared/data); the tests run on a
 * Parquet file written by a minimal writer in the test fixtures.
 */
import { basename, dirname } from 'node:path';
import type { ColumnMap } from '../types';
import { inferRoles, requireRoles, rowToRecord, type Roles } from '../analysis/roles';
import type { ParquetRowContext, ParquetRowHandler, ParquetRowHandlerFactory } from './parquetReader';
import { isLmEvalSample, lmEvalSampleToRecord, type SampleBase } from './lmEvalSample';
import { OneFilter } from './lmEvalFilters';
import { modelFields } from './modelFields';
import { unsanitizeModelDir } from './lmEvalNames';

const TS = /_\d{4}-\d{2}-\d{2}T\d{2}[-:]\d{2}[-:]\d{2}(?:\.\d+)?$/;
// Synthetic columns for facts taken from the path; the NUL keeps them from meeting a real column.
const MODEL_COL = '\u0000model';
const SHOTS_COL = '\u0000shots';

/** Task, shots and model that a details file's path tells, when it does. */
export function detailsFromPath(path: string): { task: string; shots?: number; model?: string } {
  const stem = basename(path).replace(/\.parquet$/i, '').replace(TS, '');
  let task = stem.replace(/^(samples|details)_/i, '');
  let shots: number | undefined;
  const harness = /^details_[^|]+\|(.+)\|(\d+)$/i.exec(stem);
  if (harness) {
    task = harness[1]!;
    shots = Number(harness[2]);
  }
  let model: string | undefined;
  // The nearest folder with an lm-eval sanitised "org__name" names the model.
  for (let d = dirname(path); d !== dirname(d); d = dirname(d)) {
    const name = basename(d).replace(/^details_/i, '');
    if (name.includes('__')) {
      model = unsanitizeModelDir(name);
      break;
    }
  }
  return { task, shots, model };
}

/** Picks the lm-eval mapping or the generic roles for one file. */
export const defaultParquetRowHandler: ParquetRowHandlerFactory = (c) =>
  isLmEvalSample(c.firstRow) ? lmEvalRows(c) : genericRows(c);

function lmEvalRows(c: ParquetRowContext): ParquetRowHandler {
  const fromPath = detailsFromPath(c.path);
  const model = fromPath.model ?? unsanitizeModelDir(basename(dirname(c.path)));
  const base: SampleBase = { task: fromPath.task, ...modelFields(model) };
  if (fromPath.shots !== undefined) base.shots = fromPath.shots;
  const filters = new OneFilter(c.sink);
  return {
    onRow(row, index) {
      if (!isLmEvalSample(row)) {
        c.sink.problem({ line: index, message: 'row without doc_id and filtered_resps' });
        return;
      }
      const res = lmEvalSampleToRecord(row, index, base);
      if (res.kind === 'skip') filters.skip(res.filter, { line: index, message: res.message });
      else filters.item(res.filter, res.record, res.warning);
    },
    notes: () => [`lm-eval sample rows; model "${model}" and task "${base.task}" from the path`, ...filters.finish(basename(c.path))],
  };
}

function genericRows(c: ParquetRowContext): ParquetRowHandler {
  const fromPath = detailsFromPath(c.path);
  const map: ColumnMap = { ...c.ctx.map };
  // lighteval/harness details keep per-choice log-likelihoods in "predictions" next to gold_index.
  if (map.choices === undefined && c.columns.includes('predictions') && Array.isArray(c.firstRow.predictions)) {
    map.choices = 'predictions';
  }
  const notes: string[] = [];
  let roles: Roles;
  try {
    roles = inferRoles(c.columns, map);
    if (!roles.byRole.model && fromPath.model) {
      roles.byRole.model = MODEL_COL;
      notes.push(`model "${fromPath.model}" from the folder name`);
    }
    if (!roles.byRole.shots && fromPath.shots !== undefined) roles.byRole.shots = SHOTS_COL;
    requireRoles(roles);
  } catch (e) {
    c.sink.problem({ line: 0, message: e instanceof Error ? e.message : String(e) });
    return { onRow() {}, notes: () => notes };
  }
  return {
    onRow(row, index) {
      if (roles.byRole.model === MODEL_COL) row[MODEL_COL] = fromPath.model;
      if (roles.byRole.shots === SHOTS_COL) row[SHOTS_COL] = fromPath.shots;
      const res = rowToRecord(row, roles, index, fromPath.task);
      if (res.kind === 'item') c.sink.item(res.record);
      else if (res.kind === 'aggregate') c.sink.aggregate(res.record);
      else c.sink.problem({ line: index, message: res.message });
    },
    notes: () => notes,
  };
}
