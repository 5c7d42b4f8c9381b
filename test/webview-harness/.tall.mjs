import { chromium } from 'playwright-core';
const [url, out, w, h] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: Number(w), height: Number(h) } });
await p.goto(url);
await p.waitForFunction(() => performance.getEntriesByName('mirage:painted').length > 0);
await p.waitForTimeout(300);
await p.screenshot({ path: out });
await b.close();
