/**
 * The readers for evaluation frameworks' own log formats, in detection order. The registry tries
 * these before the generic CSV/JSONL readers, so a framework log is never read as a plain table.
 * Binary formats (by magic bytes) come first; among text formats the most specific keys first.
 */
import type { FormatReader } from './reader';
import { inspectEvalReader } from './inspectEvalReader';
import { parquetReader } from './parquetReader';
import { lmEvalSamplesReader } from './lmEvalSamplesReader';
import { openaiEvalsReader } from './openaiEvalsReader';
import { inspectJsonReader } from './inspectJsonReader';
import { lmEvalResultsReader } from './lmEvalResultsReader';
import { bigbenchScoresReader } from './bigbenchScoresReader';
import { helmReader } from './helmReader';

/** Framework readers in detection-priority order. */
export const FRAMEWORK_READERS: FormatReader[] = [
  inspectEvalReader,
  parquetReader,
  lmEvalSamplesReader,
  openaiEvalsReader,
  inspectJsonReader,
  lmEvalResultsReader,
  bigbenchScoresReader,
  helmReader,
];
