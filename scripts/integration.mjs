// Integration tier: the suite in test/integration runs inside a real VS Code extension host with the
// real `vscode` API. Here (no VS Code download) that is code-server + headless Debian Chromium, per
// ../shared/recipes/real-vscode.md; then the end-to-end test (test/e2e) drives the UI like a person.
// Installs what is missing (apt-get, code-server into ~/.cache), builds, runs, and writes
// out/integration-results.json = {passed, failed, skipped, failures:[{title, error}]}.
//   node scripts/integration.mjs [--no-e2e] [--grep PATTERN] [--electron]
//   --electron  runs the same suite with @vscode/test-electron (where VS Code can be downloaded)
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildExtension, launchBrowser, root, startCodeServer, tempCopy } from './codeServer.mjs';
import { ensureAll } from './installVscode.mjs';

const SUITE_TIMEOUT_MS = 8 * 60_000;
const outDir = path.join(root, 'out', 'integration');
const resultsFile = path.join(root, 'out', 'integration-results.json');
const shotsDir = path.join(root, 'test-results');
const fixtureWorkspace = path.join(root, 'test', 'fixtures', 'workspace');

/** Bundles each test/integration/*.ts into out/integration (vscode and mocha stay external). */
export async function buildSuite() {
  rmSync(outDir, { recursive: true, force: true });
  const src = path.join(root, 'test', 'integration');
  const entries = readdirSync(src).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  await esbuild.build({
    entryPoints: entries.map((f) => path.join(src, f)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'error',
  });
  return path.join(outDir, 'index.js');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs the suite in code-server; resolves to the suite's outcome. */
async function runInCodeServer({ grep }) {
  const workspace = tempCopy(fixtureWorkspace);
  const outcomeFile = path.join(outDir, 'outcome.json');
  rmSync(outcomeFile, { force: true });
  const server = await startCodeServer({
    workspace,
    env: { MIRAGE_TEST_OUTCOME: outcomeFile, ...(grep ? { MIRAGE_TEST_GREP: grep } : {}) },
    log: (s) => process.env.MIRAGE_VERBOSE && process.stderr.write(s),
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => {
      const t = m.text();
      if (t.includes('[mirage-integration]') || process.env.MIRAGE_VERBOSE) console.log(`[page] ${t}`);
    });
    const payload = server.dev([['extensionTestsPath', server.remote(path.join(outDir, 'index.js'))]]);
    await page.goto(server.urlFor(payload), { waitUntil: 'domcontentloaded' });
    const end = Date.now() + SUITE_TIMEOUT_MS;
    while (!existsSync(outcomeFile) && Date.now() < end) await sleep(500);
    if (!existsSync(outcomeFile)) {
      mkdirSync(shotsDir, { recursive: true });
      await page.screenshot({ path: path.join(shotsDir, 'integration-timeout.png') }).catch(() => {});
      return {
        passed: 0, failed: 1, skipped: 0,
        failures: [{ title: 'integration suite', error: `no outcome within ${SUITE_TIMEOUT_MS / 1000}s; code-server said:\n${server.output().slice(-4000)}` }],
      };
    }
    const outcome = JSON.parse(readFileSync(outcomeFile, 'utf8'));
    if (outcome.failed) {
      mkdirSync(shotsDir, { recursive: true });
      await page.screenshot({ path: path.join(shotsDir, 'integration-failure.png') }).catch(() => {});
    }
    return outcome;
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** Runs the same suite with @vscode/test-electron (downloads VS Code; not possible on these machines). */
async function runInElectron() {
  const { runTests } = await import('@vscode/test-electron');
  const workspace = tempCopy(fixtureWorkspace);
  const outcomeFile = path.join(outDir, 'outcome.json');
  rmSync(outcomeFile, { force: true });
  process.env.MIRAGE_TEST_OUTCOME = outcomeFile;
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(outDir, 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { MIRAGE_TEST_OUTCOME: outcomeFile },
    });
  } catch (e) {
    if (!existsSync(outcomeFile)) return { passed: 0, failed: 1, skipped: 0, failures: [{ title: 'test-electron', error: String(e) }] };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
  return JSON.parse(readFileSync(outcomeFile, 'utf8'));
}

function merge(a, b) {
  return {
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
    failures: [...a.failures, ...b.failures],
  };
}

async function main() {
  const args = process.argv.slice(2);
  const gi = args.indexOf('--grep');
  const grep = gi >= 0 ? args[gi + 1] : undefined;
  const electron = args.includes('--electron');
  const t0 = Date.now();
  rmSync(resultsFile, { force: true }); // never let `npm test` read an older run's counts
  let results = { passed: 0, failed: 0, skipped: 0, failures: [] };
  try {
    if (!electron) ensureAll();
    await buildExtension();
    await buildSuite();
    results = electron ? await runInElectron() : await runInCodeServer({ grep });
    if (!electron && !args.includes('--no-e2e') && !grep) {
      const { runE2E } = await import(pathToFileURL(path.join(root, 'test', 'e2e', 'checkForMirage.e2e.mjs')).href);
      results = merge(results, await runE2E());
    }
  } catch (e) {
    results = merge(results, { passed: 0, failed: 1, skipped: 0, failures: [{ title: 'integration setup', error: String(e?.stack ?? e) }] });
  }
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  for (const f of results.failures) console.error(`✗ ${f.title}\n${f.error}\n`);
  console.log(`(integration took ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  console.log(`integration: ${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`);
  process.exitCode = results.failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
