/**
 * Stands in for VS Code around dist/webview.js: applies a theme, provides acquireVsCodeApi (once,
 * state in sessionStorage so a reload restores like VS Code does), answers `ready` with `init`, and
 * records what the panel posts and any CSP violation. Bundled on the fly by harness.mjs.
 *
 * Query: ?theme=light|dark|hc  &tasks=N (generated series)  &hostile=1  &select=<task name>
 */
import type { HostToWebview, PanelData, WebviewToHost } from '../../src/protocol';
import { seriesKey } from '../../src/protocol';
import { hostilePanelData, largePanelData, samplePanelData } from './sampleData';
import { applyTheme, type ThemeName } from './themes';

interface Harness {
  posted: WebviewToHost[];
  data: PanelData;
  violations: string[];
  send(msg: HostToWebview): void;
  setTheme(name: ThemeName): void;
  initPostedAt?: number;
}

const q = new URLSearchParams(location.search);
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(`${e.violatedDirective}: ${e.blockedURI || '(inline)'} ${e.sourceFile}:${e.lineNumber}`);
});

applyTheme((q.get('theme') as ThemeName | null) ?? 'dark');

const tasks = Number(q.get('tasks') ?? 0);
const data = q.get('hostile') ? hostilePanelData() : tasks > 0 ? largePanelData(tasks) : samplePanelData();
const wanted = q.get('select');
const selected = wanted ? data.series.find((s) => s.task === wanted) : undefined;

const harness: Harness = {
  posted: [],
  data,
  violations,
  send(msg) {
    window.postMessage(msg, '*');
  },
  setTheme: applyTheme,
};
(window as unknown as { __mirage: Harness }).__mirage = harness;

let acquired = false;
(window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => {
  if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
  acquired = true;
  return {
    postMessage(msg: WebviewToHost) {
      harness.posted.push(msg);
      if (msg.type === 'ready') {
        const init: HostToWebview = {
          type: 'init',
          settings: { defaultMetrics: [] },
          data,
          ...(selected ? { selected: seriesKey(selected) } : {}),
        };
        performance.mark('harness:init-posted');
        harness.initPostedAt = performance.now();
        window.postMessage(init, '*');
      }
    },
    getState() {
      const s = sessionStorage.getItem('mirage-state');
      return s ? JSON.parse(s) : undefined;
    },
    setState<T>(s: T): T {
      sessionStorage.setItem('mirage-state', JSON.stringify(s));
      return s;
    },
  };
};
