/**
 * The Mirage panel (browser side). Flow: build the layout, restore the saved view state, listen for
 * host messages, post `ready`; the host answers `init` with plot-ready data (protocol.ts). Every
 * inbound message goes through messages.ts's guard; every log string reaches the DOM through dom.ts
 * as text. Only the selected series gets charts; the task list is virtualised (taskList.ts).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './styles.css';

import type { HostToWebview, PanelData, PanelSettings } from '../src/protocol';
import { seriesKey } from '../src/protocol';
import type { SeriesReport } from '../src/core/report';
import { VERDICTS } from '../src/core/report';
import { getState, postMessage, setState, type ViewState } from './api';
import { renderChartHead, renderLegend } from './charts/chartHead';
import type { ChartTheme } from './charts/config';
import { composePng } from './charts/exportPng';
import { MetricChartView } from './charts/metricChart';
import { h, setDocument, type Child, type ElementLike } from './dom';
import { renderFlipTable } from './flipTable';
import { parseHostMessage } from './messages';
import { findSeries, orderedMetrics, resolveSelection, seriesSubtitle, summarize, VERDICT_META, visibleSeries, type SortKey } from './model';
import { renderSummary } from './summaryLine';
import { TaskList } from './taskList';
import { readTheme, watchTheme } from './theme';
import { renderVerdictCard } from './verdictCard';

setDocument(document);

/** Builds an element through dom.ts and hands it back as the real DOM type. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Parameters<typeof h>[1] = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  return h(tag, props, ...children) as unknown as HTMLElementTagNameMap[K];
}
function node(e: ElementLike): HTMLElement {
  return e as unknown as HTMLElement;
}

class MiragePanel {
  private data: PanelData | null = null;
  private settings: PanelSettings = { defaultMetrics: [] };
  private dropped = 0;
  private state: ViewState = getState();
  private visible: SeriesReport[] = [];
  private lastPosted: string | undefined;
  private theme: ChartTheme = readTheme();
  private charts: MetricChartView[] = [];
  /** The pending idle callback that draws the next chart not drawn yet (0: none). */
  private idleDraw = 0;
  private received = false;

  private readonly summaryHost = el('div', { class: 'summary-host' });
  private readonly status = el('div', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly progress = el('vscode-progress-bar', { class: 'progress', attrs: { 'aria-label': 'Analysing' } });
  private readonly errorBanner = el('div', { class: 'banner banner-error', attrs: { role: 'alert' } });
  private readonly filterField = el('vscode-textfield', { class: 'filter', attrs: { placeholder: 'Filter tasks', type: 'search', 'aria-label': 'Filter tasks' } });
  private readonly verdictSelect = el('vscode-single-select', { class: 'verdict-select', attrs: { 'aria-label': 'Show verdict' } });
  private readonly verdictOptions = ['all', ...VERDICTS].map((v) => el('vscode-option', { attrs: { value: v } }));
  private readonly sortSelect = el('vscode-single-select', { class: 'sort-select', attrs: { 'aria-label': 'Sort by' } });
  private readonly reverseButton = el('vscode-button', { class: 'reverse', attrs: { secondary: true, title: 'Reverse order', 'aria-label': 'Reverse order' } }, '⇅');
  private readonly listCount = el('div', { class: 'list-count' });
  private readonly list = new TaskList((key) => this.select(key, false));
  private readonly detail = el('main', { class: 'detail', attrs: { 'aria-label': 'Selected task' } });
  private readonly buttons = {
    reveal: el('vscode-button', { attrs: { secondary: true, title: "Reveal the task's first row in its log" } }, 'Reveal in log'),
    copy: el('vscode-button', { attrs: { secondary: true, title: 'Copy the re-scored table of this task as CSV' } }, 'Copy table CSV'),
    chart: el('vscode-button', { attrs: { secondary: true, title: 'Save the shown charts as PNG' } }, 'Export chart PNG'),
    report: el('vscode-button', { attrs: { title: 'Export the whole report as Markdown' } }, 'Export report'),
  };

  constructor(private readonly root: HTMLElement) {
    this.progress.hidden = true;
    this.errorBanner.hidden = true;
    this.status.hidden = true;
    this.sortSelect.append(
      ...(
        [
          ['verdict', 'By verdict'],
          ['task', 'By task'],
          ['es', 'By headline ES'],
        ] as const
      ).map(([value, label]) => el('vscode-option', { attrs: { value } }, label)),
    );
    this.sortSelect.value = this.state.view.sort;
    this.filterField.value = this.state.view.filter;
    this.verdictSelect.append(...this.verdictOptions);
    this.fillVerdictOptions();

    root.replaceChildren(
      el(
        'header',
        { class: 'topbar' },
        this.summaryHost,
        el('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Actions' } }, this.buttons.reveal, this.buttons.copy, this.buttons.chart, this.buttons.report),
      ),
      this.progress,
      this.status,
      this.errorBanner,
      el(
        'div',
        { class: 'body' },
        el(
          'aside',
          { class: 'sidebar' },
          el('div', { class: 'controls' }, this.filterField, el('div', { class: 'control-row' }, this.verdictSelect, this.sortSelect, this.reverseButton)),
          this.listCount,
          this.list.el,
        ),
        this.detail,
      ),
    );
    this.wire();
    this.renderSummary();
    this.renderList(false);
    this.renderDetail();
    this.updateButtons();
  }

  private wire(): void {
    let filterTimer = 0;
    this.filterField.addEventListener('input', () => {
      clearTimeout(filterTimer);
      filterTimer = window.setTimeout(() => this.setView({ filter: this.filterField.value }), 60);
    });
    this.verdictSelect.addEventListener('change', () => {
      const v = this.verdictSelect.value;
      this.setView({ verdict: v === 'all' || (VERDICTS as readonly string[]).includes(v) ? (v as ViewState['view']['verdict']) : 'all' });
    });
    this.sortSelect.addEventListener('change', () => this.setView({ sort: this.sortSelect.value as SortKey }));
    this.reverseButton.addEventListener('click', () => this.setView({ reverse: !this.state.view.reverse }));
    this.buttons.reveal.addEventListener('click', () => {
      const key = this.state.selected;
      if (key !== undefined && findSeries(this.data, key)) postMessage({ type: 'reveal', key });
    });
    this.buttons.copy.addEventListener('click', () => {
      const key = this.state.selected;
      postMessage(key !== undefined && findSeries(this.data, key) ? { type: 'copyTable', key } : { type: 'copyTable' });
    });
    this.buttons.report.addEventListener('click', () => postMessage({ type: 'exportReport' }));
    this.buttons.chart.addEventListener('click', () => this.exportChart());

    window.addEventListener('message', (e: MessageEvent) => {
      // Only the host may talk to the panel. VS Code deletes window.parent inside webviews before our
      // script runs, so the source cannot be compared to it; the host's messages arrive relayed by
      // the webview's own frame, with our origin.
      if (e.origin !== window.location.origin) return;
      performance.mark('mirage:received');
      const inbound = parseHostMessage(e.data);
      performance.mark('mirage:parsed');
      if (inbound) this.onMessage(inbound.msg, inbound.dropped);
    });
    watchTheme((theme) => {
      this.theme = theme;
      for (const c of this.charts) c.setTheme(theme);
    });
  }

  private onMessage(msg: HostToWebview, dropped: number): void {
    switch (msg.type) {
      case 'init': {
        if (!this.received) performance.mark('mirage:init');
        this.settings = msg.settings;
        this.setData(msg.data, dropped, msg.selected, this.state.selected);
        if (!this.received) {
          this.received = true;
          requestAnimationFrame(() => setTimeout(() => performance.mark('mirage:painted'), 0));
        }
        break;
      }
      case 'update':
        this.setData(msg.data, dropped, this.state.selected);
        break;
      case 'select':
        this.selectFromHost(msg.key);
        break;
      case 'busy':
        this.progress.hidden = !msg.busy;
        this.status.hidden = !msg.busy || !msg.message;
        this.status.textContent = msg.busy ? (msg.message ?? '') : '';
        if (msg.busy) this.errorBanner.hidden = true;
        break;
      case 'error':
        this.progress.hidden = true;
        this.status.hidden = true;
        this.errorBanner.replaceChildren(el('strong', null, 'Analysis failed: '), msg.message);
        this.errorBanner.hidden = false;
        break;
      default: {
        const _exhaustive: never = msg;
        return _exhaustive;
      }
    }
  }

  private setData(data: PanelData | null, dropped: number, ...candidates: Array<string | undefined>): void {
    const sameKeyBefore = this.state.selected;
    const scroll = this.detail.scrollTop;
    this.data = data;
    this.dropped = dropped;
    this.errorBanner.hidden = true;
    this.fillVerdictOptions();
    this.visible = data ? visibleSeries(data.series, this.state.view) : [];
    const selected = data ? resolveSelection(data, this.visible, ...candidates) : undefined;
    this.state = { ...this.state, selected };
    this.renderSummary();
    this.renderList(true);
    performance.mark('mirage:list');
    this.renderDetail(selected !== undefined && selected === sameKeyBefore ? scroll : undefined);
    performance.mark('mirage:detail');
    this.updateButtons();
    this.persist();
  }

  private selectFromHost(key: string): void {
    if (!findSeries(this.data, key)) return;
    if (!this.visible.some((s) => seriesKey(s) === key)) {
      // The filter hides the requested task: clear it rather than select something invisible.
      this.filterField.value = '';
      this.verdictSelect.value = 'all';
      this.state = { ...this.state, view: { ...this.state.view, filter: '', verdict: 'all' } };
      this.visible = this.data ? visibleSeries(this.data.series, this.state.view) : [];
      this.list.setItems(this.visible, this.state.selected, this.emptyListText());
      this.renderListCount();
    }
    this.select(key, true);
  }

  private select(key: string, reveal: boolean): void {
    if (key === this.state.selected) {
      if (reveal) this.list.setSelected(key, true);
      return;
    }
    this.state = { ...this.state, selected: key };
    this.list.setSelected(key, reveal);
    this.renderDetail(0);
    this.updateButtons();
    this.persist();
  }

  private setView(patch: Partial<ViewState['view']>): void {
    this.state = { ...this.state, view: { ...this.state.view, ...patch } };
    this.visible = this.data ? visibleSeries(this.data.series, this.state.view) : [];
    this.renderList(false);
    this.persist();
  }

  private persist(): void {
    setState(this.state);
    const key = this.state.selected;
    if (key !== undefined && key !== this.lastPosted) {
      this.lastPosted = key;
      postMessage({ type: 'selected', key });
    }
  }

  /** Labels the verdict options with their counts (relabelled in place: new data makes no elements). */
  private fillVerdictOptions(): void {
    const counts = this.data ? summarize(this.data).byVerdict : undefined;
    const total = this.data?.series.length;
    const label = (text: string, n: number | undefined): string => (n === undefined ? text : `${text} (${n})`);
    const texts = [label('All', total), ...VERDICTS.map((v) => label(VERDICT_META[v].label, counts?.[v]))];
    this.verdictOptions.forEach((o, i) => {
      const text = texts[i] ?? '';
      if (o.textContent !== text) o.textContent = text;
    });
    this.verdictSelect.value = this.state.view.verdict;
  }

  private renderSummary(): void {
    if (!this.data) {
      this.summaryHost.replaceChildren(el('div', { class: 'summary' }, el('span', { class: 'summary-title' }, 'Mirage Lens')));
      return;
    }
    this.summaryHost.replaceChildren(node(renderSummary(this.data, this.dropped)));
  }

  private emptyListText(): string {
    if (!this.data) return this.received ? 'Nothing analysed.' : 'Waiting for the analysis…';
    if (!this.data.series.length) return 'No task × family series in the inputs.';
    return 'No tasks match the filter.';
  }

  private renderListCount(): void {
    const total = this.data?.series.length ?? 0;
    this.listCount.textContent = total === this.visible.length ? `${total} ${total === 1 ? 'series' : 'series'}` : `${this.visible.length} of ${total} series`;
  }

  private renderList(reveal: boolean): void {
    this.list.setItems(this.visible, this.state.selected, this.emptyListText(), reveal);
    this.renderListCount();
  }

  private updateButtons(): void {
    const s = findSeries(this.data, this.state.selected);
    const set = (b: HTMLElement, enabled: boolean): void => {
      b.toggleAttribute('disabled', !enabled);
    };
    set(this.buttons.reveal, !!s && s.sources.length > 0);
    set(this.buttons.copy, !!this.data && this.data.series.length > 0);
    set(this.buttons.chart, !!s && s.metrics.length > 0);
    set(this.buttons.report, !!this.data);
  }

  /** The metrics the chart section shows: one when the user picked it (and it exists), else all. */
  private shownMetrics(s: SeriesReport): { metrics: ReturnType<typeof orderedMetrics>; single: boolean } {
    const all = orderedMetrics(s, this.settings.defaultMetrics);
    const one = all.find((m) => m.name === this.state.metric);
    return one ? { metrics: [one], single: true } : { metrics: all, single: false };
  }

  /** Renders the selected series; `scrollTop` (if given) is where the detail scrolls to. */
  private renderDetail(scrollTop?: number): void {
    cancelIdleCallback(this.idleDraw);
    this.idleDraw = 0;
    for (const c of this.charts) c.destroy();
    this.charts = [];
    const s = findSeries(this.data, this.state.selected);
    if (!this.data || !s) {
      this.detail.replaceChildren(
        el(
          'div',
          { class: 'placeholder' },
          !this.data
            ? this.received
              ? 'No analysis yet. Run “Check for Mirage” on an eval log or a folder.'
              : 'Waiting for the analysis…'
            : this.data.series.length
              ? 'Select a task on the left.'
              : 'The inputs held no task × family series to check.',
        ),
      );
      return;
    }
    const { metrics, single } = this.shownMetrics(s);
    const metricSelect = el('vscode-single-select', { class: 'metric-select', attrs: { 'aria-label': 'Metric shown' } });
    metricSelect.append(
      el('vscode-option', { attrs: { value: 'all' } }, `All metrics (${s.metrics.length})`),
      ...orderedMetrics(s, this.settings.defaultMetrics).map((m) => el('vscode-option', { attrs: { value: m.name } }, m.name)),
    );
    metricSelect.value = single && metrics[0] ? metrics[0].name : 'all';
    metricSelect.addEventListener('change', () => {
      this.state = { ...this.state, metric: metricSelect.value };
      this.persist();
      this.renderDetail(this.detail.scrollTop);
    });

    const grid = el('div', { class: `chart-grid${single ? ' single' : ''}` });
    const data = this.data;
    this.charts = metrics.map((m) => {
      const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': `${m.name} against scale` } });
      const view = new MetricChartView(canvas, m, data.xAxis, this.theme, single);
      grid.append(
        el(
          'figure',
          { class: 'chart-card' },
          node(renderChartHead(m, m.name === s.headlineMetric)),
          el('div', { class: 'chart-box' }, canvas),
          el('div', { class: 'legend-host' }, node(renderLegend(view.legend))),
        ),
      );
      return view;
    });

    this.detail.replaceChildren(
      node(renderVerdictCard(s, data)),
      el(
        'section',
        { class: 'card charts', attrs: { 'aria-label': 'Charts' } },
        el(
          'header',
          { class: 'section-head' },
          el('h3', null, 'Metrics against scale'),
          el('span', { class: 'dim legend-note' }, seriesSubtitle(s)),
          metricSelect,
        ),
        metrics.length ? grid : el('p', { class: 'dim' }, 'No metrics in this series.'),
      ),
      node(renderFlipTable(s.flips, s.headlineMetric)),
    );
    if (scrollTop !== undefined) this.detail.scrollTop = scrollTop;
    if (this.charts.length) this.drawCharts();
  }

  /**
   * Draws the first chart in view now, before the panel paints, and the others after it, one per
   * idle slice (the rest of those in view first). A Chart costs tens of milliseconds, most on the
   * panel's first paint while chart.js is still cold; the next one shows a moment later. Charts
   * need their canvas in the document to size themselves: all boxes are measured in one layout.
   */
  private drawCharts(): void {
    const area = this.detail.getBoundingClientRect();
    const top = Math.max(area.top, 0);
    const bottom = Math.min(area.bottom, window.innerHeight);
    const inView = this.charts.filter((c) => {
      const box = c.canvas.parentElement?.getBoundingClientRect();
      return !box || (box.bottom > top && box.top < bottom);
    });
    inView[0]?.draw();
    const later = [...inView.slice(1), ...this.charts.filter((c) => !inView.includes(c))];
    const drawNext = (): void => {
      this.idleDraw = 0;
      later.shift()?.draw();
      if (later.length) this.idleDraw = requestIdleCallback(drawNext, { timeout: 100 });
    };
    if (later.length) this.idleDraw = requestIdleCallback(drawNext, { timeout: 100 });
  }

  private exportChart(): void {
    const s = findSeries(this.data, this.state.selected);
    if (!s || !this.charts.length) return;
    for (const c of this.charts) c.draw();
    try {
      const heading = `${s.task} · ${seriesSubtitle(s)} — ${VERDICT_META[s.verdict].label}`;
      const dataUrl = composePng(
        this.charts.map((c) => ({ canvas: c.canvas, title: c.metric.name, legend: c.legend })),
        heading,
        this.theme,
      );
      postMessage({ type: 'exportChart', key: seriesKey(s), dataUrl });
    } catch (err) {
      this.errorBanner.replaceChildren(el('strong', null, 'Export failed: '), String(err instanceof Error ? err.message : err));
      this.errorBanner.hidden = false;
    }
  }
}

// `ready` goes out from a microtask, not inline: with an inspector attached (webview developer tools,
// the harness's Chromium), postMessage records its caller's source location, and for a call at the
// top level of this bundle V8 re-parses the whole bundle to find it (~50 ms). Queued before the
// panel is built, it still runs before the elements' first render, as an inline call would.
queueMicrotask(() => postMessage({ type: 'ready' }));
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
new MiragePanel(root);
