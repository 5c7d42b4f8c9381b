/**
 * The contract every format reader follows. A reader claims a file by content (and name as a hint),
 * then pushes records into a sink. Readers only ever read: no writes, no eval of log content.
 */
import type { ColumnMap, RecordSink } from '../types';

/** What a reader may use besides the file itself. */
export interface ReadContext {
  /** Explicit role -> column overrides for generic tables. */
  map: ColumnMap;
  /** Aborts a long read; readers check it between records (or chunks). */
  signal?: AbortSignal;
  /** Reports bytes consumed so far, for progress. */
  onProgress?: (bytesRead: number) => void;
}

/** What a reader says about the file once done. */
export interface ReadOutcome {
  /** The format id to report (may refine the reader's id, e.g. "tsv" for the csv reader). */
  format: string;
  /** Things the user should know (e.g. "kept run 2024-05-01T12:00 of 2 for pythia-1b / lambada"). */
  notes?: string[];
}

export interface FormatReader {
  /** Format id as reported in `inputs[].format`. */
  readonly id: string;
  /**
   * Whether this reader claims the file. `head` is up to the first 64 KiB (decompressed for .gz);
   * decide by content first, name second. Must not throw.
   */
  detect(path: string, head: Buffer): boolean;
  /** Reads the file, pushing records and located problems into the sink. */
  read(path: string, sink: RecordSink, ctx: ReadContext): Promise<ReadOutcome>;
}
