// Dev harness for the Mirage panel: serves dist/webview.js + dist/webview.css in a page with the
// panel's CSP and a mocked VS Code host (mockHost.js, bundled here on the fly), then drives headless
// Chromium to check the panel and take screenshots into out/.
//
//   npm run build && node test/webview-harness/harness.mjs            checks + screenshots
//   node test/webview-harness/harness.mjs --serve [--port 8123]       serve only; open the URL
//   node test/webview-harness/harness.mjs --only perf|security|shots|behaviour
//
// Exit code 1 when a check fails. Needs /usr/bin/chromium (Debian: apt-get install -y chromium).
import * as esbuild from 'esbuild';
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const outDir = path.join(root, 'out');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};

for (const f of ['dist/webview.js', 'dist/webview.css']) {
  if (!existsSync(path.join(root, f))) {
    console.error(`${f} is missing: run \`npm run build\` first.`);
    process.exit(2);
  }
}

const mock = await esbuild.build({
  entryPoints: [path.join(here, 'mockHost.js')],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'error',
});
const mockJs = mock.outputFiles[0].text;

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.html': 'text/html' };

/** Serves the page (fresh nonce per load), the mock host, and dist/. Nothing else. */
function serve(port) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const origin = `http://127.0.0.1:${server.address().port}`;
      const html = readFileSync(path.join(here, 'index.html'), 'utf8')
        .replaceAll('{{NONCE}}', randomBytes(16).toString('base64'))
        .replaceAll('{{CSP_SOURCE}}', origin);
      return send(200, TYPES['.html'], html);
    }
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (url.pathname === '/harness/mockHost.js') return send(200, TYPES['.js'], mockJs);
    if (url.pathname === '/harness/vscode-defaults.css') {
      return send(200, TYPES['.css'], readFileSync(path.join(here, 'vscode-defaults.css')));
    }
    const m = /^\/dist\/(webview\.(?:js|css)(?:\.map)?)$/.exec(url.pathname);
    if (m) {
      const file = path.join(root, 'dist', m[1]);
      if (existsSync(file)) return send(200, TYPES[path.extname(file)] ?? 'application/octet-stream', readFileSync(file));
    }
    send(404, 'text/plain', 'not found');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const server = await serve(Number(opt('--port', 0)));
const base = `http://127.0.0.1:${server.address().port}/`;

if (flag('--serve')) {
  console.log(`Mirage panel harness on ${base}  (?theme=light|dark|hc &tasks=500 &hostile=1 &select=<task>)`);
  await new Promise(() => {});
}

const { chromium } = await import('playwright-core');
const executablePath = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((p) => existsSync(p));
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
mkdirSync(outDir, { recursive: true });

const results = { checks: [], screenshots: [], perf: null, csp: { violations: [], console: [] }, elements: null };
let failed = 0;
function check(name, ok, detail = '') {
  results.checks.push({ name, ok, detail });
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `  (${detail})` : ''}`);
}

/** Opens the panel with a query, waits for the first paint after `init`, returns the page. */
async function open(query, { width = 1280, height = 860, context } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 }));
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') results.csp.console.push(`${query}: ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => results.csp.console.push(`${query}: pageerror: ${e.message}`));
  page.on('dialog', async (d) => {
    results.csp.console.push(`${query}: DIALOG ${d.message()}`);
    await d.dismiss();
  });
  await page.goto(`${base}?${query}`);
  await page.waitForFunction(() => performance.getEntriesByName('mirage:painted').length > 0, null, { timeout: 15000 });
  return page;
}

async function violations(page, label) {
  const v = await page.evaluate(() => window.__mirage.violations);
  for (const x of v) results.csp.violations.push(`${label}: ${x}`);
  return v;
}

async function shot(page, name, note) {
  const file = path.join(outDir, `harness-${name}.png`);
  await page.waitForTimeout(150);
  await page.screenshot({ path: file });
  results.screenshots.push({ file: path.relative(root, file), note });
}

async function selectTask(page, task) {
  await page.locator('.task-row', { hasText: task }).first().click();
  await page.waitForTimeout(100);
}

const only = opt('--only', '');

// ---- screenshots in light, dark and high contrast -------------------------------------------
if (!only || only === 'shots') {
  for (const theme of ['light', 'dark']) {
    const page = await open(`theme=${theme}&select=arithmetic_6digit_addition`);
    await shot(page, theme, `${theme}: metric mirage selected (exact_match jumps, token_edit_distance smooth)`);
    await selectTask(page, 'logical_deduction_3obj');
    await shot(page, `${theme}-emergent`, `${theme}: genuine break selected`);
    await selectTask(page, 'date_understanding_gen');
    await shot(page, `${theme}-resolution`, `${theme}: resolution mirage (n = 20) selected`);
    await selectTask(page, 'arithmetic_6digit_addition');
    await page.evaluate(() => {
      const d = document.querySelector('.detail');
      d.scrollTop = d.scrollHeight;
    });
    await shot(page, `${theme}-flips`, `${theme}: detail scrolled to the flip examples`);
    await violations(page, theme);
    await page.context().close();
  }
  {
    const page = await open('theme=hc&select=arithmetic_6digit_addition');
    await shot(page, 'hc', 'high contrast: thicker lines, no translucent fills');
    await violations(page, 'hc');
    await page.context().close();
  }
  {
    const page = await open('theme=light&select=lambada_openai', { width: 700, height: 1000 });
    await shot(page, 'narrow-light', 'light, 700 px wide: list above the detail');
    await page.context().close();
  }
  {
    const page = await open('theme=dark&select=arithmetic_6digit_addition');
    // One metric on its own (the metric selector), then a live switch to the light theme.
    await page.evaluate(() => {
      const sel = document.querySelector('.metric-select');
      sel.value = 'exact_match';
      sel.dispatchEvent(new Event('change'));
    });
    await page.waitForTimeout(200);
    await shot(page, 'dark-single', 'dark: exact_match alone with the p^L overlay');
    await page.evaluate(() => window.__mirage.setTheme('light'));
    await page.waitForTimeout(300);
    await shot(page, 'theme-switch', 'started dark, switched to light at run time (MutationObserver path)');
    const chartFg = await page.evaluate(() => {
      // Chart.js keeps the resolved tick colour on the scale options.
      const c = document.querySelector('canvas');
      return c ? getComputedStyle(document.documentElement).getPropertyValue('--vscode-charts-foreground').trim() : '';
    });
    check('theme switch re-reads variables', chartFg === '#616161', chartFg);
    await page.context().close();
  }
}

// ---- behaviour: messages, state, toolbar ---------------------------------------------------
if (!only || only === 'behaviour') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  let page = await open('theme=dark', { context });
  const posted = () => page.evaluate(() => window.__mirage.posted);
  let p = await posted();
  check('posts ready first', p[0]?.type === 'ready', JSON.stringify(p[0]));
  check('posts selected for the initial selection', p.some((m) => m.type === 'selected'));

  await selectTask(page, 'lambada_openai');
  p = await posted();
  const sel = p.filter((m) => m.type === 'selected').at(-1);
  check('click selects and posts selected', sel?.key?.startsWith('lambada_openai'), sel?.key);

  await page.locator('vscode-button', { hasText: 'Reveal in log' }).click();
  await page.locator('vscode-button', { hasText: 'Export report' }).click();
  await page.locator('vscode-button', { hasText: 'Copy table CSV' }).click();
  await page.locator('vscode-button', { hasText: 'Export chart PNG' }).click();
  p = await posted();
  check('reveal posted with key', p.some((m) => m.type === 'reveal' && m.key === sel?.key));
  check('exportReport posted', p.some((m) => m.type === 'exportReport'));
  check('copyTable posted with key', p.some((m) => m.type === 'copyTable' && m.key === sel?.key));
  const chart = p.find((m) => m.type === 'exportChart');
  check('exportChart posted a PNG data URL', !!chart && chart.dataUrl.startsWith('data:image/png;base64,'), chart ? `${Math.round(chart.dataUrl.length / 1024)} KB` : '');
  if (chart) {
    const file = path.join(outDir, 'harness-export.png');
    writeFileSync(file, Buffer.from(chart.dataUrl.split(',')[1], 'base64'));
    results.screenshots.push({ file: path.relative(root, file), note: 'the PNG that "Export chart PNG" sends (composite of all metrics)' });
  }

  // Filter and sort, then reload: the view state must come back.
  await page.locator('vscode-textfield.filter').click();
  await page.keyboard.type('lambada');
  await page.waitForTimeout(200);
  const rowsAfterFilter = await page.locator('.task-row').count();
  check('text filter narrows the list', rowsAfterFilter === 1, `${rowsAfterFilter} rows`);
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('mirage:painted').length > 0);
  const restored = await page.evaluate(() => ({
    filter: document.querySelector('vscode-textfield.filter')?.value,
    selected: document.querySelector('.task-row.selected .task-name')?.textContent,
    title: document.querySelector('.verdict-card h2')?.textContent,
  }));
  check('reload restores filter and selection', restored.filter === 'lambada' && restored.title === 'lambada_openai', JSON.stringify(restored));
  await page.evaluate(() => {
    const f = document.querySelector('vscode-textfield.filter');
    f.value = '';
    f.dispatchEvent(new Event('input'));
  });
  await page.waitForTimeout(150);

  // Host messages: select, update (keeps the selection), busy, error; a foreign source is ignored.
  const key = (task, family = 'pythia', setting = '') => `${task}\u241f${family}\u241f${setting}`;
  await page.evaluate((k) => window.__mirage.send({ type: 'select', key: k }), key('date_understanding_gen'));
  await page.waitForTimeout(100);
  check('select message selects', (await page.textContent('.verdict-card h2')) === 'date_understanding_gen');
  await page.evaluate(() => {
    const d = window.__mirage.data;
    window.__mirage.send({ type: 'update', data: { ...d, series: d.series.filter((s) => s.task !== 'lambada_openai') } });
  });
  await page.waitForTimeout(100);
  check(
    'update keeps the selection when it still exists',
    (await page.textContent('.verdict-card h2')) === 'date_understanding_gen' && (await page.locator('.task-row').count()) === 4,
  );
  await page.evaluate(() => {
    const d = window.__mirage.data;
    window.__mirage.send({ type: 'update', data: { ...d, series: d.series.filter((s) => s.task !== 'date_understanding_gen') } });
  });
  await page.waitForTimeout(100);
  const fallback = await page.textContent('.verdict-card h2');
  check('update falls back to the first row when the selection is gone', fallback === 'logical_deduction_3obj', fallback);
  await page.evaluate(() => window.__mirage.send({ type: 'busy', busy: true, message: 'Re-reading 3 files…' }));
  await page.waitForTimeout(50);
  check('busy shows the progress bar', await page.locator('vscode-progress-bar.progress').isVisible());
  await shot(page, 'dark-busy', 'dark: busy (progress bar and message)');
  await page.evaluate(() => window.__mirage.send({ type: 'busy', busy: false }));
  await page.evaluate(() => window.__mirage.send({ type: 'error', message: 'Nothing readable in logs/: 3 files skipped.' }));
  await page.waitForTimeout(50);
  check('error shows the banner', (await page.textContent('.banner-error'))?.includes('Nothing readable'));
  await shot(page, 'dark-error', 'dark: error banner');
  // The selection is now the fallback row; a message that does not come from the host (another
  // origin) asking for lambada_openai, which is in the list, must change nothing.
  const before = await page.textContent('.verdict-card h2');
  await page.evaluate(() => {
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'select', key: 'lambada_openai\u241fpythia\u241f0-shot' }, origin: 'https://evil.example', source: null }));
  });
  await page.waitForTimeout(50);
  check('messages from another origin are ignored', (await page.textContent('.verdict-card h2')) === before, before);
  // The same message from the host's origin is obeyed: the check above can fail.
  await page.evaluate(() => window.__mirage.send({ type: 'select', key: 'lambada_openai\u241fpythia\u241f0-shot' }));
  await page.waitForTimeout(50);
  check('the same message from the host is obeyed', (await page.textContent('.verdict-card h2')) === 'lambada_openai');
  await page.evaluate(() => window.__mirage.send({ type: 'bogus', data: 1 }));
  await page.evaluate(() => window.__mirage.send({ type: 'update', data: { series: 'not an array' } }));
  check('malformed messages are ignored', (await page.textContent('.verdict-card h2')) === 'lambada_openai');
  check('no CSP violations in behaviour run', (await violations(page, 'behaviour')).length === 0);
  await context.close();
}

// ---- @vscode-elements under the CSP --------------------------------------------------------
if (!only || only === 'behaviour' || only === 'shots') {
  const page = await open('theme=dark');
  const info = await page.evaluate(() => {
    const tags = ['vscode-button', 'vscode-textfield', 'vscode-single-select', 'vscode-option', 'vscode-progress-bar'];
    const out = {};
    for (const t of tags) {
      const el = document.querySelector(t);
      const sr = el?.shadowRoot;
      const r = el?.getBoundingClientRect();
      out[t] = {
        defined: !!customElements.get(t),
        shadowRoot: !!sr,
        adoptedStyleSheets: sr?.adoptedStyleSheets?.length ?? 0,
        styleElements: sr ? sr.querySelectorAll('style').length : 0,
        size: r ? `${Math.round(r.width)}x${Math.round(r.height)}` : '',
      };
    }
    const primary = [...document.querySelectorAll('vscode-button')].find((b) => !b.hasAttribute('secondary'));
    const face = primary?.shadowRoot?.querySelector('.base') ?? primary;
    out.primaryButtonBackground = face ? getComputedStyle(face).backgroundColor : '';
    return out;
  });
  results.elements = info;
  for (const t of ['vscode-button', 'vscode-textfield', 'vscode-single-select']) {
    const i = info[t];
    check(`${t} renders under the CSP`, i.defined && i.shadowRoot && i.adoptedStyleSheets > 0 && i.styleElements === 0 && i.size !== '0x0', JSON.stringify(i));
  }
  check('primary button takes --vscode-button-background', info.primaryButtonBackground === 'rgb(0, 120, 212)', info.primaryButtonBackground);
  await violations(page, 'elements');
  await page.context().close();
}

// ---- security: hostile strings stay text ---------------------------------------------------
if (!only || only === 'security') {
  const page = await open('theme=dark&hostile=1');
  await page.locator('.task-row').filter({ hasText: '<img' }).first().click();
  await page.waitForTimeout(200);
  const sec = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    imgs: document.querySelectorAll('img').length,
    svgs: document.querySelectorAll('body svg').length,
    links: document.querySelectorAll('a').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => !s.nonce).length,
    onAttrs: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    textShown: document.body.innerText.includes('<img src=x onerror="window.__pwned=1">') && document.body.innerText.includes('<script>window.__pwned=2</script>'),
  }));
  await page.waitForTimeout(300);
  check('hostile strings: no script ran', sec.pwned === null && !results.csp.console.some((c) => c.includes('DIALOG')));
  check('hostile strings: no element created from them', sec.imgs === 0 && sec.svgs === 0 && sec.links === 0 && sec.scripts === 0 && sec.onAttrs === 0, JSON.stringify(sec));
  check('hostile strings: shown as text', sec.textShown);
  await shot(page, 'hostile', 'dark: hostile strings in every text field, shown as text');
  await violations(page, 'hostile');
  await page.context().close();
}

// ---- first paint with 500 series -------------------------------------------------------------
if (!only || only === 'perf') {
  const runs = [];
  for (let i = 0; i < 7; i++) {
    const page = await open('theme=dark&tasks=500');
    const t = await page.evaluate(() => {
      const posted = performance.getEntriesByName('harness:init-posted')[0]?.startTime ?? NaN;
      const painted = performance.getEntriesByName('mirage:painted')[0]?.startTime ?? NaN;
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        initToPaint: painted - posted,
        loadToPaint: painted,
        scriptsDone: nav ? nav.domContentLoadedEventEnd : NaN,
        rows: document.querySelectorAll('.task-row').length,
        charts: document.querySelectorAll('canvas').length,
      };
    });
    runs.push(t);
    await page.context().close();
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const initToPaint = runs.map((r) => r.initToPaint);
  results.perf = {
    series: 500,
    runs: runs.length,
    initToPaintMs: { median: Math.round(med(initToPaint)), max: Math.round(Math.max(...initToPaint)), all: initToPaint.map(Math.round) },
    navigationToPaintMs: { median: Math.round(med(runs.map((r) => r.loadToPaint))) },
    rowsInDom: runs[0].rows,
    charts: runs[0].charts,
  };
  check('500 series: first paint after init under 300 ms', med(initToPaint) < 300, `median ${Math.round(med(initToPaint))} ms, max ${Math.round(Math.max(...initToPaint))} ms`);
  check('500 series: list is virtualised', runs[0].rows < 60, `${runs[0].rows} rows in the DOM`);
}

check('no CSP violations', results.csp.violations.length === 0, results.csp.violations.join('; '));
const errors = results.csp.console.filter((c) => !c.includes('DevTools'));
check('no console errors or warnings', errors.length === 0, errors.slice(0, 5).join(' | '));

writeFileSync(path.join(outDir, 'harness-report.json'), JSON.stringify(results, null, 2));
console.log(`\n${results.checks.length - failed}/${results.checks.length} checks passed; report in out/harness-report.json`);
if (results.perf) console.log('first paint (500 series):', JSON.stringify(results.perf.initToPaintMs), 'navigation→paint median', results.perf.navigationToPaintMs.median, 'ms');
for (const s of results.screenshots) console.log(`  ${s.file}: ${s.note}`);
await browser.close();
server.close();
process.exitCode = failed ? 1 : 0;
