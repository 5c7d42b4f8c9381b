/**
 * Text from logs must reach the panel's DOM as text only. The renderers build through webview/dom.ts,
 * here backed by a fake document that records every element, attribute and text node (and throws on
 * innerHTML), so the test sees exactly what a browser would be asked to create.
 */
import assert from 'node:assert/strict';
import { seriesKey } from '../../../src/protocol';
import { buildMetricChart, type ChartTheme } from '../../../webview/charts/config';
import { renderChartHead, renderLegend } from '../../../webview/charts/chartHead';
import { h, setDocument, type DocumentLike, type ElementLike, type NodeLike } from '../../../webview/dom';
import { renderFlipTable } from '../../../webview/flipTable';
import { renderSummary } from '../../../webview/summaryLine';
import { renderTaskRow } from '../../../webview/taskRow';
import { renderVerdictCard } from '../../../webview/verdictCard';
import { metric, panel, series } from './fixtures';

class FakeText {
  constructor(readonly data: string) {}
}

class FakeElement implements ElementLike {
  readonly attributes = new Map<string, string>();
  readonly children: Array<FakeElement | FakeText> = [];
  readonly listeners: string[] = [];
  constructor(readonly tagName: string) {}
  append(...nodes: NodeLike[]): void {
    for (const n of nodes) {
      assert.ok(n instanceof FakeElement || n instanceof FakeText, 'only nodes from the document are appended');
      this.children.push(n);
    }
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  addEventListener(type: string): void {
    this.listeners.push(type);
  }
  set innerHTML(_: string) {
    throw new Error('innerHTML used');
  }
  get textContent(): string {
    return this.children.map((c) => (c instanceof FakeText ? c.data : c.textContent)).join('');
  }
}

const fakeDocument: DocumentLike = {
  createElement: (tag) => new FakeElement(tag),
  createTextNode: (data) => new FakeText(data),
};

function walk(n: FakeElement | FakeText, out: { elements: FakeElement[]; texts: string[] }): typeof out {
  if (n instanceof FakeText) out.texts.push(n.data);
  else {
    out.elements.push(n);
    for (const c of n.children) walk(c, out);
  }
  return out;
}

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(2)</script>',
  '<a href="javascript:alert(3)">x</a>',
  '"><svg onload=alert(4)>',
];
const [H0, H1, H2, H3] = HOSTILE as [string, string, string, string];

const theme: ChartTheme = {
  foreground: '#ccc',
  lines: '#888',
  background: '#000',
  blue: '#00f',
  red: '#f00',
  green: '#0f0',
  yellow: '#ff0',
  orange: '#f80',
  purple: '#80f',
  fontFamily: 'sans-serif',
  fontSize: 13,
  highContrast: false,
};

function hostileSeries() {
  const m = metric({ name: H1 });
  m.points = m.points.map((p) => ({ ...p, model: H2 }));
  m.curves = m.curves.map((c) => ({ ...c, label: H3 }));
  return series(H0, 'emergent', 12, {
    family: H3,
    setting: H1,
    reasons: HOSTILE,
    headlineMetric: H1,
    jump: { from: H2, to: H0 },
    metrics: [m],
    sources: [{ path: H2, line: 1, rows: 2 }],
    flips: [
      { itemId: H1, fromModel: H0, toModel: H2, target: H3, fromPrediction: H0, toPrediction: H1, fromScore: 0, toScore: 1 },
      { itemId: 'long', fromModel: 'a', toModel: 'b', target: H0.repeat(100), fromPrediction: '', toPrediction: H2, fromScore: 0, toScore: 1 },
    ],
  });
}

describe('webview rendering of log text', () => {
  before(() => setDocument(fakeDocument));

  it('puts hostile strings into text nodes only, in every renderer', () => {
    const s = hostileSeries();
    const data = { ...panel([s]), title: H0 };
    data.inputs[0] = { path: H1, format: H2, rows: 1, problems: [{ line: 1, message: H3 }] };
    const m = s.metrics[0]!;
    const roots = [
      renderTaskRow(s, 0, true),
      renderVerdictCard(s, data),
      renderFlipTable(s.flips, s.headlineMetric),
      renderSummary(data, 2),
      renderChartHead(m, true),
      renderLegend(buildMetricChart(m, { theme, xAxis: 'params' }).legend),
    ] as unknown as FakeElement[];

    const all = { elements: [] as FakeElement[], texts: [] as string[] };
    for (const r of roots) walk(r, all);
    const tags = new Set(all.elements.map((e) => e.tagName));
    for (const bad of ['img', 'script', 'a', 'svg', 'iframe', 'object']) assert.ok(!tags.has(bad), `<${bad}> created`);
    for (const e of all.elements) {
      for (const [name, value] of e.attributes) {
        assert.ok(!/^on/i.test(name) && !['href', 'src', 'style'].includes(name), `attribute ${name} on <${e.tagName}>`);
        if (name === 'class' || name === 'role' || name.startsWith('aria-') || name === 'id' || name === 'data-index') {
          assert.ok(!HOSTILE.some((x) => value.includes(x)), `log text in ${name}="${value}"`);
        }
      }
    }
    const text = roots.map((r) => r.textContent).join('\n');
    for (const x of HOSTILE) assert.ok(text.includes(x), `${x} shown as text`);
  });

  it('refuses to create script-capable elements or attributes', () => {
    assert.throws(() => h('script'));
    assert.throws(() => h('iframe'));
    assert.throws(() => h('img src=x'));
    assert.throws(() => h('div', { attrs: { onclick: 'x' } }));
    assert.throws(() => h('div', { attrs: { href: 'javascript:x' } }));
    assert.throws(() => h('div', { attrs: { style: 'color:red' } }));
    const el = h('div', { attrs: { title: H0 } }, H1) as unknown as FakeElement;
    assert.equal(el.attributes.get('title'), H0);
    assert.equal(el.textContent, H1);
  });

  it('clips very long outputs and keeps the empty prediction visible', () => {
    const table = renderFlipTable(hostileSeries().flips, 'exact_match') as unknown as FakeElement;
    const { texts } = walk(table, { elements: [], texts: [] });
    assert.ok(texts.every((t) => t.length <= 280), 'cells clipped');
    assert.ok(texts.includes('empty'));
  });

  it('gives each task row its index, selection state and the key-free attributes', () => {
    const s = series('t', 'smooth', 1);
    const row = renderTaskRow(s, 7, false) as unknown as FakeElement;
    assert.equal(row.attributes.get('data-index'), '7');
    assert.equal(row.attributes.get('aria-selected'), 'false');
    assert.ok(!row.textContent.includes(seriesKey(s)));
  });
});
