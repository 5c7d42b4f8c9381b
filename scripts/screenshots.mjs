// Screenshots of the Mirage panel in a light and a dark theme, for the README:
// media/screenshot-light.png and media/screenshot-dark.png (and media/icon.png from media/icon.svg). Drives code-server like a person: the
// explorer's context menu "Check for Mirage" on the examples folder, then picks a task with a claim.
//   node scripts/screenshots.mjs          (builds first; needs examples/ generated)
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildExtension, launchBrowser, root, startCodeServer } from './codeServer.mjs';
import { panelFrame, runCommand, waitForWorkbench } from '../test/e2e/checkForMirage.e2e.mjs';

const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' };
/** Which task to show: the first with this verdict, else the first in the list. */
const PREFERRED_VERDICT = process.env.MIRAGE_SHOT_VERDICT ?? 'mirage-metric';

function workspaceWithExamples() {
  // A fixed, readable folder name: it shows in the window title and in the panel's source paths.
  const ws = path.join(os.tmpdir(), 'mirage-lens-demo');
  rmSync(ws, { recursive: true, force: true });
  mkdirSync(ws);
  const dest = path.join(ws, 'examples');
  mkdirSync(dest);
  for (const e of readdirSync(path.join(root, 'examples'), { withFileTypes: true })) {
    if (e.isDirectory()) cpSync(path.join(root, 'examples', e.name), path.join(dest, e.name), { recursive: true });
  }
  return ws;
}

async function shoot(theme, out) {
  const workspace = workspaceWithExamples();
  const server = await startCodeServer({
    workspace,
    settings: { 'workbench.colorTheme': THEMES[theme], 'workbench.activityBar.location': 'hidden' },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
    await page.goto(server.urlFor(server.dev()), { waitUntil: 'domcontentloaded' });
    await waitForWorkbench(page);
    // Right-click the folder in the explorer, as a person would.
    await page.click('.explorer-folders-view .monaco-list-row[aria-label*="examples"]', { button: 'right' });
    await page.click('.context-view .action-item:has-text("Check for Mirage")', { timeout: 15_000 });
    const frame = await panelFrame(page, 120_000);
    await runCommand(page, 'View: Close Other Editor Groups').catch(() => {});
    await runCommand(page, 'View: Close Primary Side Bar').catch(() => {});
    const row = frame.locator(`.task-row:has(.verdict-${PREFERRED_VERDICT})`).first();
    if (await row.count()) await row.click();
    else await frame.locator('.task-row').first().click();
    await frame.waitForSelector('.verdict-card', { timeout: 30_000 });
    // Scroll the detail so the charts (the point of the picture) show under the verdict's head.
    await frame.evaluate(() => {
      const detail = document.querySelector('.detail');
      const charts = [...document.querySelectorAll('.detail *')].find((e) => /^Metrics against scale/.test(e.textContent ?? ''));
      if (detail && charts) detail.scrollTop = Math.max(0, charts.getBoundingClientRect().top - detail.getBoundingClientRect().top + detail.scrollTop - 360);
    });
    await page.mouse.move(5, 5);
    await page.waitForTimeout(2500); // chart animations and fonts
    await page.screenshot({ path: out });
    console.log(`wrote ${path.relative(root, out)}`);
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
}

/** media/icon.png (the marketplace wants a PNG) from media/icon.svg. */
async function renderIcon() {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    const svg = readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

await renderIcon();
if (!process.env.MIRAGE_NO_BUILD) await buildExtension();
mkdirSync(path.join(root, 'media'), { recursive: true });
const only = process.argv[2];
for (const theme of /** @type {const} */ (['light', 'dark'])) {
  if (only && only !== theme) continue;
  await shoot(theme, path.join(root, 'media', `screenshot-${theme}.png`));
}
