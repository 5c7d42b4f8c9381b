/**
 * Which series a line of a log belongs to, without re-parsing the file: the task names of the
 * file's series are looked up in the line as whole cells or values (delimited by separators or
 * quotes), and the models named in the line narrow several families/settings of one task down.
 * Pure, so it is unit-tested.
 */
import type { SeriesReport } from '../core/report';

/** The series a line belongs to, and the span of the task name under the cursor (if any). */
export interface LineHit {
  series: SeriesReport[];
  span?: [number, number];
}

const DELIM = /[\s,;\t"'|:{}[\]=]/;

/** Start offsets of `needle` in `line` where it stands as a whole value. */
export function delimitedOccurrences(line: string, needle: string): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = line.indexOf(needle); i >= 0; i = line.indexOf(needle, i + 1)) {
    const before = i === 0 ? '' : line[i - 1]!;
    const after = line[i + needle.length] ?? '';
    if ((before === '' || DELIM.test(before)) && (after === '' || DELIM.test(after))) out.push(i);
  }
  return out;
}

function mentionsModel(s: SeriesReport, line: string): boolean {
  const models = new Set(s.metrics.flatMap((m) => m.points.map((p) => p.model)));
  for (const m of models) if (delimitedOccurrences(line, m).length) return true;
  return false;
}

/** Finds the series of `line`; `column` prefers the task name under the cursor. */
export function seriesForLine(
  series: readonly SeriesReport[],
  line: string,
  column: number,
): LineHit | undefined {
  if (line.length > 100_000) line = line.slice(0, 100_000);
  const tasks = [...new Set(series.map((s) => s.task))].sort((a, b) => b.length - a.length);
  let chosen: { task: string; span?: [number, number] } | undefined;
  for (const task of tasks) {
    for (const at of delimitedOccurrences(line, task)) {
      const span: [number, number] = [at, at + task.length];
      if (column >= span[0] && column <= span[1]) {
        chosen = { task, span };
        break;
      }
      chosen ??= { task };
    }
    if (chosen?.span) break;
  }
  if (!chosen) return undefined;
  const ofTask = series.filter((s) => s.task === chosen!.task);
  const byModel = ofTask.filter((s) => mentionsModel(s, line));
  return { series: byModel.length ? byModel : ofTask, span: chosen.span };
}
