// End-to-end: drives the real workbench (code-server + headless Chromium) as a person would. Opens a
// log from Quick Open, runs "Check for Mirage" from the command palette (F1), reads the verdicts in
// the panel's webview DOM through Playwright's frame API, hovers a task name in the editor, and saves
// screenshots into test-results/, then reloads the window and expects the panel back. Run by scripts/integration.mjs, or alone:
//   node test/e2e/checkForMirage.e2e.mjs
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser, root, startCodeServer, tempCopy } from '../../scripts/codeServer.mjs';

const shots = path.join(root, 'test-results');
const LOG = 'arith.csv';

/** The frame that holds the Mirage panel's page (webviews are nested iframes). */
export async function panelFrame(page, timeout = 60_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    for (const f of page.frames()) {
      const ok = await f.evaluate(() => !!document.querySelector('#app .task-row')).catch(() => false);
      if (ok) return f;
    }
    await page.waitForTimeout(250);
  }
  for (const f of page.frames()) {
    const text = await f.evaluate(() => document.querySelector('#app')?.textContent ?? null).catch(() => null);
    if (text !== null && /Waiting for the analysis/.test(text)) {
      throw new Error(
        'the Mirage panel page runs but never took the host\'s init/update (the host posts them: see the ' +
          'integration tier\'s panel test); check the webview\'s message listener',
      );
    }
  }
  throw new Error('the Mirage panel did not show any task');
}

/** Waits for the workbench to be usable: explorer shows the workspace, the extension host is up. */
export async function waitForWorkbench(page) {
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90_000 });
  await page.waitForTimeout(1500);
}

/** Opens a file by name through Quick Open (Ctrl+P), as a person would. */
export async function quickOpen(page, name) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { timeout: 15_000 });
  await page.keyboard.type(name, { delay: 20 });
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`, { timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[aria-label*="${name}"], .tab.active[data-resource-name="${name}"]`, { timeout: 15_000 });
}

/** Runs a command from the palette (F1) by its title. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { timeout: 15_000 });
  await page.keyboard.type(title, { delay: 20 });
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`, { timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Accepts VS Code's save dialog (the simple, quick-input one in a browser) at its default path. */
async function acceptSaveDialog(page) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
}

async function waitForValue(get, ok, timeout = 15_000) {
  const end = Date.now() + timeout;
  let v;
  while (Date.now() < end) {
    v = await get();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out; last value: ${String(v).slice(0, 200)}`);
}

const waitForFile = (p) => waitForValue(() => existsSync(p) && p, Boolean);

/** The end-to-end test; resolves to {passed, failed, skipped, failures}. */
export async function runE2E({ keepOpen = false } = {}) {
  mkdirSync(shots, { recursive: true });
  const workspace = tempCopy(path.join(root, 'test', 'fixtures', 'workspace', 'sweep'));
  const server = await startCodeServer({ workspace });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${server.port}` });
  const page = await context.newPage();
  const step = { name: 'start' };
  try {
    step.name = 'open the workbench';
    await page.goto(server.urlFor(server.dev()), { waitUntil: 'domcontentloaded' });
    await waitForWorkbench(page);

    step.name = `open ${LOG} from Quick Open`;
    await quickOpen(page, LOG);

    step.name = 'run "Mirage: Check for Mirage" from the command palette';
    await runCommand(page, 'Mirage: Check for Mirage');

    step.name = 'see the verdicts in the panel';
    const frame = await panelFrame(page);
    const rows = await frame.$$eval('#app .task-row', (els) =>
      els.map((e) => ({
        task: e.querySelector('.task-name')?.textContent ?? '',
        verdict: e.querySelector('.badge')?.textContent ?? '',
      })),
    );
    if (!rows.some((r) => r.task === 'arith' && r.verdict.trim() !== '')) {
      throw new Error(`no verdict for arith in the panel: ${JSON.stringify(rows)}`);
    }
    await frame.waitForSelector('.verdict-card', { timeout: 30_000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(shots, 'e2e-panel.png') });

    step.name = 'reveal the task\'s first row in the log from the panel';
    await frame.locator('vscode-button', { hasText: 'Reveal in log' }).first().click();
    await page.locator('.statusbar-item', { hasText: /Ln 2, Col \d+/ }).first().waitFor({ timeout: 15_000 });

    step.name = 'export the report (Markdown) through the save dialog';
    await frame.locator('vscode-button', { hasText: 'Export report' }).first().click();
    await acceptSaveDialog(page);
    const report = await waitForFile(path.join(workspace, 'mirage-report.md'));
    if (!/arith/.test(readFileSync(report, 'utf8'))) throw new Error('the exported report does not mention arith');

    step.name = 'export the chart (PNG) through the save dialog';
    await frame.locator('vscode-button', { hasText: 'Export chart PNG' }).first().click();
    await acceptSaveDialog(page);
    const png = await waitForFile(path.join(workspace, 'arith (syn).png'));
    if (readFileSync(png).readUInt32BE(0) !== 0x89504e47) throw new Error('the exported chart is not a PNG');

    step.name = 'copy the re-scored table (CSV) to the clipboard';
    await frame.locator('vscode-button', { hasText: 'Copy table CSV' }).first().click();
    const clip = await waitForValue(() => page.evaluate(() => navigator.clipboard.readText()).catch(() => ''), (t) => t.includes('arith'));
    if (!clip.split('\n')[0].includes(',')) throw new Error(`clipboard is not CSV: ${clip.slice(0, 80)}`);

    step.name = 'hover the task name in the log';
    const editorView = page.locator('.editor-group-container').first().locator('.view-lines');
    const taskToken = editorView.locator('.view-line', { hasText: 'syn-70m,70000000,arith,a0' }).first();
    const box = await taskToken.boundingBox();
    if (!box) throw new Error('the second line of the log is not on screen');
    // "syn-70m,70000000," is 17 characters; aim into "arith" with the editor's character width.
    const charWidth = await page.evaluate(() => {
      const span = document.querySelector('.editor-group-container .view-line span span');
      return span ? span.getBoundingClientRect().width / Math.max(1, span.textContent.length) : 7.2;
    });
    await page.mouse.move(box.x + charWidth * 19.5, box.y + box.height / 2);
    // The hover also carries the claim diagnostic of that row; ours is the part with the link.
    const hover = page.locator('.monaco-hover .hover-contents', { hasText: 'Open in Mirage report' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await hover.innerText();
    if (!/arith/.test(text) || !/Open in Mirage report/.test(text)) throw new Error(`unexpected hover: ${text}`);
    await page.screenshot({ path: path.join(shots, 'e2e-hover.png') });

    step.name = 'reload the window: the panel comes back with its verdicts';
    // The workbench command shuts down in order (state saved), as a person's reload does.
    await page.keyboard.press('Escape');
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForLoadState('domcontentloaded');
    await page.waitForTimeout(2000);
    await waitForWorkbench(page);
    const restored = await panelFrame(page, 90_000);
    const names = await restored.$$eval('#app .task-row .task-name', (els) => els.map((e) => e.textContent));
    if (!names.includes('arith')) throw new Error(`restored panel shows ${JSON.stringify(names)}`);
    if (keepOpen) return { page, browser, server };
    return { passed: 1, failed: 0, skipped: 0, failures: [] };
  } catch (e) {
    await page.screenshot({ path: path.join(shots, 'e2e-failure.png') }).catch(() => {});
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      failures: [{ title: `e2e: ${step.name}`, error: String(e?.stack ?? e) }],
    };
  } finally {
    if (!keepOpen) {
      await browser.close().catch(() => {});
      await server.stop();
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runE2E();
  for (const f of r.failures) console.error(`✗ ${f.title}\n${f.error}`);
  console.log(`e2e: ${r.passed} passed, ${r.failed} failed`);
  process.exitCode = r.failed ? 1 : 0;
}
