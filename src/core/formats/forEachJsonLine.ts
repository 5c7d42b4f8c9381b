/**
 * The loop of the line-oriented framework logs (lm-eval samples, OpenAI evals): each non-blank line
 * parsed as JSON; a line that is not JSON is reported at its line and skipped, and reading goes on.
 */
import { forEachLine, type LineOptions } from '../io/lines';

/** Calls `onValue` with each line's parsed JSON value and its line number. */
export function forEachJsonLine(
  path: string,
  sink: { problem(p: { line: number; message: string }): void },
  onValue: (value: unknown, line: number) => void,
  opts: LineOptions = {},
): Promise<void> {
  return forEachLine(
    path,
    (text, line) => {
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        sink.problem({ line, message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` });
        return;
      }
      onValue(value, line);
    },
    opts,
  );
}
