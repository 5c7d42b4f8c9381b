// Stands in for VS Code around dist/webview.js: applies a theme the way VS Code's webview host does,
// provides acquireVsCodeApi (once; state in sessionStorage so a reload restores like VS Code),
// answers `ready` with `init`, and records what the panel posts and any CSP violation. Plain JS
// (the root tsconfig checks test/ without the DOM lib); bundled on the fly by harness.mjs.
//
// Query: ?theme=light|dark|hc  &tasks=N (generated series)  &hostile=1  &select=<task name>
import { seriesKey } from '../../src/protocol';
import { hostilePanelData, largePanelData, samplePanelData } from './sampleData';
import { THEMES } from './themes';

const q = new URLSearchParams(location.search);
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(`${e.violatedDirective}: ${e.blockedURI || '(inline)'} ${e.sourceFile}:${e.lineNumber}`);
});

/** CSSOM on html (as VS Code does, so no style attribute markup), a class on body. */
function applyTheme(name) {
  const theme = THEMES[name] ?? THEMES.dark;
  const style = document.documentElement.style;
  for (let i = style.length - 1; i >= 0; i--) {
    const prop = style.item(i);
    if (prop.startsWith('--vscode-')) style.removeProperty(prop);
  }
  for (const [k, v] of Object.entries(theme.vars)) style.setProperty(`--vscode-${k}`, v);
  document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
  document.body.classList.add(theme.bodyClass);
  document.body.dataset.vscodeThemeKind = theme.bodyClass;
}

applyTheme(q.get('theme') ?? 'dark');

const tasks = Number(q.get('tasks') ?? 0);
const data = q.get('hostile') ? hostilePanelData() : tasks > 0 ? largePanelData(tasks) : samplePanelData();
const wanted = q.get('select');
const selected = wanted ? data.series.find((s) => s.task === wanted) : undefined;

const harness = {
  posted: [],
  data,
  violations,
  send(msg) {
    window.postMessage(msg, '*');
  },
  setTheme: applyTheme,
};
window.__mirage = harness;

let acquired = false;
window.acquireVsCodeApi = () => {
  if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
  acquired = true;
  return {
    postMessage(msg) {
      harness.posted.push(msg);
      if (msg.type === 'ready') {
        const init = { type: 'init', settings: { defaultMetrics: [] }, data };
        if (selected) init.selected = seriesKey(selected);
        performance.mark('harness:init-posted');
        window.postMessage(init, '*');
      }
    },
    getState() {
      const s = sessionStorage.getItem('mirage-state');
      return s ? JSON.parse(s) : undefined;
    },
    setState(s) {
      sessionStorage.setItem('mirage-state', JSON.stringify(s));
      return s;
    },
  };
};
