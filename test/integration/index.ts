/**
 * Suite entry for the real extension host: the `extensionTestsPath` module, the same for
 * @vscode/test-electron and for code-server (scripts/integration.mjs). Runs every bundled
 * `*.test.js` beside it with Mocha (TDD) and writes the outcome to a JSON file, because under
 * code-server the page does not exit when the suite ends.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Outcome file read by the driver. */
export const OUTCOME = process.env.MIRAGE_TEST_OUTCOME ?? path.join(__dirname, 'outcome.json');

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.MIRAGE_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  const failures: Array<{ title: string; error: string }> = [];
  const stats = await new Promise<{ passes: number; failures: number; pending: number }>((resolve) => {
    const runner = mocha.run(() =>
      resolve({
        passes: runner.stats?.passes ?? 0,
        failures: runner.stats?.failures ?? 0,
        pending: runner.stats?.pending ?? 0,
      }),
    );
    runner.on('fail', (t, err: Error) => failures.push({ title: t.fullTitle(), error: String(err?.stack ?? err) }));
  });
  const outcome = { passed: stats.passes, failed: stats.failures, skipped: stats.pending, failures };
  fs.writeFileSync(OUTCOME, JSON.stringify(outcome, null, 2));
  console.log(`[mirage-integration] ${JSON.stringify({ passed: outcome.passed, failed: outcome.failed })}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed`);
}
