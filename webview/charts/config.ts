/**
 * Builds the chart.js configuration for one metric against scale: observed points, the 95% interval
 * as a filled band, the fitted curves (smooth fit, break fit, p^L overlay), the chance line and the
 * resolution floor as datasets, and the jump as options for our `mirageJump` plugin. Pure (types
 * only from chart.js): tested in the unit tier without a canvas.
 */
import type { ChartConfiguration, ChartDataset, ChartType, Scale, TooltipItem } from 'chart.js';
import type { CurveReport, MetricReport } from '../../src/core/report';
import { axisTitle, formatNum, formatScale, formatTick } from '../format';
import { opaque, withAlpha } from './color';

/** Colours and fonts read from VS Code's theme (see theme.ts). */
export interface ChartTheme {
  foreground: string;
  /** Grid and secondary lines. */
  lines: string;
  background: string;
  blue: string;
  red: string;
  green: string;
  yellow: string;
  orange: string;
  purple: string;
  fontFamily: string;
  fontSize: number;
  highContrast: boolean;
}

/** Options of the `mirageJump` plugin: a shaded band between two x values. */
export interface JumpOptions {
  from: number;
  to: number;
  label: string;
  fill: string;
  stroke: string;
  textColor: string;
  font: string;
}

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    mirageJump?: JumpOptions | false;
  }
}

/** A plotted point; the extras feed the tooltip. */
export interface Pt {
  x: number;
  y: number | null;
  model?: string;
  n?: number | null;
  lo?: number | null;
  hi?: number | null;
}

/** What each dataset is, by index (for legend and tooltip filters, and tests). */
export type Role = 'bandLow' | 'bandHigh' | 'observed' | 'curve' | 'chance' | 'floor';

/** What a legend entry shows; the panel draws the legend in HTML and the PNG export on canvas. */
export type LegendKind = 'observed' | 'band' | 'smooth' | 'break' | 'power' | 'chance' | 'floor' | 'jump' | 'step';

export interface LegendItem {
  kind: LegendKind;
  label: string;
}

export interface MetricChart {
  config: ChartConfiguration<'line', Pt[]>;
  roles: Role[];
  legend: LegendItem[];
}

/** How each kind of line is drawn: the theme colour and dash pattern (shared with the PNG legend). */
export function lineStyle(kind: LegendKind, t: ChartTheme): { color: string; dash: number[] } {
  switch (kind) {
    case 'observed':
    case 'band':
      return { color: t.blue, dash: [] };
    case 'smooth':
      return { color: t.green, dash: [6, 4] };
    case 'break':
      return { color: t.orange, dash: [2, 3] };
    case 'power':
      return { color: t.purple, dash: [] };
    case 'chance':
      return { color: t.highContrast ? t.foreground : t.lines, dash: [5, 4] };
    case 'floor':
      return { color: t.yellow, dash: [1.5, 3] };
    case 'jump':
    case 'step':
      return { color: t.red, dash: [3, 3] };
  }
}

/**
 * Which tick values to label so that no two labels overlap, from the axis' pixel positions (log or
 * linear). Labels are placed by priority: the `prefer` values (the jump's two models), then the
 * largest and smallest model, then the rest from the left; a label that would overlap a placed one
 * is dropped. Pure, so tested without a canvas.
 */
export function thinTicks(
  values: readonly number[],
  min: number,
  max: number,
  width: number,
  labelWidth: (v: number) => number,
  log: boolean,
  prefer: readonly number[] = [],
  gap = 8,
): number[] {
  const span = log ? Math.log(max) - Math.log(min) : max - min;
  if (!(span > 0) || !(width > 0)) return [...values];
  const pos = (v: number): number => ((log ? Math.log(v) - Math.log(min) : v - min) / span) * width;
  const first = values[0];
  const last = values[values.length - 1];
  const order = [
    ...prefer.filter((v) => values.includes(v)),
    ...(last === undefined ? [] : [last]),
    ...(first === undefined ? [] : [first]),
    ...values,
  ];
  const placed: Array<[number, number]> = [];
  const kept = new Set<number>();
  for (const v of order) {
    if (kept.has(v)) continue;
    const c = pos(v);
    const half = labelWidth(v) / 2;
    if (placed.every(([l, r]) => c + half + gap <= l || c - half - gap >= r)) {
      placed.push([c - half, c + half]);
      kept.add(v);
    }
  }
  return values.filter((v) => kept.has(v));
}

type Kind = 'smooth' | 'break' | 'power';

/**
 * What a fitted curve is, from its label. The analysis labels them "smooth: ...", "break: ..." and
 * "p^L from ..."; the prefix wins (a smooth fit may itself be a power law), then looser words, then
 * the report's order (smooth fit, break fit, p^L overlay).
 */
export function curveKind(c: CurveReport, index: number): Kind {
  const label = c.label.trim();
  if (/^smooth\b/i.test(label)) return 'smooth';
  if (/^break\b/i.test(label)) return 'break';
  if (/\bp\s*\^\s*l\b/i.test(label)) return 'power';
  if (/break|hinge|segment|sigmoid|piecewise|knee/i.test(label)) return 'break';
  if (/smooth|linear/i.test(label)) return 'smooth';
  return (['smooth', 'break', 'power'] as const)[index % 3] ?? 'smooth';
}

/** Whether the x axis can be logarithmic (params and FLOPs; -loss is negative). */
export function useLogX(axis: string, xs: readonly number[]): boolean {
  return axis !== 'loss' && xs.length > 0 && xs.every((x) => x > 0);
}

/** Axis bounds with a little room on both sides (multiplicative on a log axis). */
export function xBounds(xs: readonly number[], log: boolean): [number, number] | undefined {
  if (!xs.length) return undefined;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  if (log) {
    const pad = Math.max(1.15, Math.pow(hi / lo, 0.05));
    return [lo / pad, hi * pad];
  }
  const pad = (hi - lo) * 0.05 || Math.abs(lo) * 0.05 || 1;
  return [lo - pad, hi + pad];
}

function isFiniteNum(x: number | null | undefined): x is number {
  return x !== null && x !== undefined && Number.isFinite(x);
}

export interface BuildOptions {
  theme: ChartTheme;
  xAxis: string;
  /** Bigger fonts and points for the single-metric view. */
  large?: boolean;
}

export function buildMetricChart(m: MetricReport, opts: BuildOptions): MetricChart {
  const t = opts.theme;
  const hc = t.highContrast;
  const alpha = (c: string, a: number): string => (hc ? opaque(c) : withAlpha(c, a));
  const lineW = hc ? 3 : 1.5;
  const fitW = hc ? 2.5 : opts.large ? 2.25 : 2;
  const fontSize = opts.large ? t.fontSize + 1 : t.fontSize;

  const points = m.points.filter((p) => Number.isFinite(p.scale) && Number.isFinite(p.value));
  const xsAll = [
    ...points.map((p) => p.scale),
    ...m.curves.flatMap((c) => c.scale.filter((x) => Number.isFinite(x))),
  ];
  const log = useLogX(opts.xAxis, points.length ? points.map((p) => p.scale) : xsAll);
  const xsPlot = log ? xsAll.filter((x) => x > 0) : xsAll;
  const bounds = xBounds(points.length ? points.map((p) => p.scale) : xsPlot, log);

  const datasets: ChartDataset<'line', Pt[]>[] = [];
  const roles: Role[] = [];
  const legend: LegendItem[] = [];
  const add = (role: Role, ds: ChartDataset<'line', Pt[]>): number => {
    roles.push(role);
    return datasets.push(ds) - 1;
  };

  // Interval band: the low edge first (hidden from the legend), then the high edge filled down to it.
  if (points.some((p) => isFiniteNum(p.ciLow) && isFiniteNum(p.ciHigh))) {
    const edge = (get: (p: (typeof points)[number]) => number | null): Pt[] =>
      points.map((p) => {
        const v = get(p);
        return { x: p.scale, y: isFiniteNum(v) ? v : null };
      });
    const common = {
      borderColor: hc ? t.blue : withAlpha(t.blue, 0.35),
      borderWidth: hc ? 1.5 : 1,
      borderDash: hc ? [4, 3] : [],
      pointRadius: 0,
      pointHitRadius: 0,
      pointStyle: 'rect' as const,
      tension: 0,
      spanGaps: false,
      order: 4,
    };
    const low = add('bandLow', { ...common, label: '', data: edge((p) => p.ciLow), fill: false });
    add('bandHigh', {
      ...common,
      label: '95% interval',
      data: edge((p) => p.ciHigh),
      fill: hc ? false : { target: low },
      backgroundColor: hc ? t.blue : withAlpha(t.blue, 0.16),
    });
    legend.push({ kind: 'band', label: '95% interval' });
  }

  add('observed', {
    label: m.name,
    data: points.map((p) => ({ x: p.scale, y: p.value, model: p.model, n: p.n, lo: p.ciLow, hi: p.ciHigh })),
    borderColor: t.blue,
    backgroundColor: t.blue,
    // Thinner than the fits so a p^L overlay under it stays visible; the points carry the data.
    borderWidth: lineW,
    pointRadius: hc ? 5 : opts.large ? 4.5 : 3.5,
    pointHoverRadius: hc ? 7 : 6,
    pointBorderColor: hc ? t.foreground : t.background,
    pointBorderWidth: hc ? 2 : 1,
    pointStyle: 'circle',
    tension: 0,
    fill: false,
    order: 0,
  });
  legend.unshift({ kind: 'observed', label: m.name });

  m.curves.forEach((c, i) => {
    const kind = curveKind(c, i);
    const style = lineStyle(kind, t);
    const data: Pt[] = [];
    c.scale.forEach((x, j) => {
      const y = c.value[j];
      if (y !== undefined && Number.isFinite(x) && Number.isFinite(y) && (!log || x > 0)) data.push({ x, y });
    });
    if (!data.length) return;
    add('curve', {
      label: c.label,
      data,
      borderColor: style.color,
      backgroundColor: style.color,
      borderWidth: fitW,
      borderDash: style.dash,
      pointRadius: 0,
      pointHitRadius: 0,
      pointStyle: 'line',
      tension: 0,
      fill: false,
      order: 1,
    });
    legend.push({ kind, label: c.label });
  });

  const hline = (role: 'chance' | 'floor', label: string, y: number): void => {
    if (!bounds) return;
    const { color, dash } = lineStyle(role, t);
    legend.push({ kind: role, label });
    add(role, {
      label,
      data: [
        { x: bounds[0], y },
        { x: bounds[1], y },
      ],
      borderColor: color,
      backgroundColor: color,
      borderWidth: hc ? 2 : 1.25,
      borderDash: dash,
      pointRadius: 0,
      pointHitRadius: 0,
      pointStyle: 'line',
      fill: false,
      order: 2,
    });
  };
  if (isFiniteNum(m.chance) && m.chance > 0) {
    hline('chance', `chance (${formatNum(m.chance, 3)})`, m.chance);
  }
  if (isFiniteNum(m.floor) && m.floor > 0) {
    hline('floor', `resolution floor 1/n (${formatNum(m.floor, 2)})`, m.floor);
  }

  const jumpFrom = m.jumpIndex === null ? undefined : points[m.jumpIndex];
  const jumpTo = m.jumpIndex === null ? undefined : points[m.jumpIndex + 1];
  const jump: JumpOptions | false =
    jumpFrom && jumpTo
      ? {
          from: jumpFrom.scale,
          to: jumpTo.scale,
          label: m.claim ? 'jump' : 'largest step',
          fill: hc ? 'transparent' : withAlpha(t.red, m.claim ? 0.16 : 0.07),
          stroke: m.claim || hc ? (hc ? t.red : withAlpha(t.red, 0.6)) : 'transparent',
          textColor: m.claim ? t.red : t.foreground,
          font: `${fontSize - 1}px ${t.fontFamily}`,
        }
      : false;
  if (jump) {
    legend.push({
      kind: m.claim ? 'jump' : 'step',
      label: `${m.claim ? 'jump' : 'largest step'}: ${jumpFrom?.model ?? ''} → ${jumpTo?.model ?? ''}`,
    });
  }

  const proportion = m.kind === 'discrete' && points.length > 0 && points.every((p) => p.value >= 0 && p.value <= 1);
  // Non-negative metrics (accuracies, distances, Brier) start at 0; a fit or band below it is clipped.
  const fromZero = points.length > 0 && points.every((p) => p.value >= 0);
  const tickFont = { family: t.fontFamily, size: fontSize - 1 };
  const xsTicks = [...new Set(points.map((p) => p.scale))].sort((a, b) => a - b);

  const config: ChartConfiguration<'line', Pt[]> = {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      color: t.foreground,
      font: { family: t.fontFamily, size: fontSize },
      layout: { padding: { top: 4, right: 8, left: 0, bottom: 0 } },
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: log ? 'logarithmic' : 'linear',
          min: bounds?.[0],
          max: bounds?.[1],
          title: { display: true, text: axisTitle(opts.xAxis), color: t.foreground, font: tickFont },
          grid: { color: alpha(t.lines, hc ? 1 : 0.35), lineWidth: hc ? 1 : 0.75 },
          border: { color: t.lines },
          ticks: {
            color: t.foreground,
            font: tickFont,
            maxRotation: 0,
            autoSkip: true,
            autoSkipPadding: 6,
            callback: (v) => formatScale(Number(v), opts.xAxis),
          },
          // Ticks at the models' own scales (70M, 410M, 1.4B), not at 1-2-5 decades.
          afterBuildTicks:
            xsTicks.length && bounds
              ? (axis: Scale) => {
                  const charW = (fontSize - 1) * 0.62;
                  const keep = thinTicks(
                    xsTicks,
                    bounds[0],
                    bounds[1],
                    axis.width || 300,
                    (v) => formatScale(v, opts.xAxis).length * charW + 2,
                    log,
                    jumpFrom && jumpTo ? [jumpFrom.scale, jumpTo.scale] : [],
                  );
                  axis.ticks = keep.map((value) => ({ value }));
                }
              : undefined,
        },
        y: {
          type: 'linear',
          // Proportions start at 0 (a fitted line may dip below it: clipped); other metrics get air.
          min: fromZero ? 0 : undefined,
          max: proportion && points.some((p) => p.value > 0.9) ? 1 : undefined,
          grace: fromZero ? 0 : '5%',
          title: {
            display: true,
            text: `${m.name} ${m.higherIsBetter ? '↑' : '↓'}`,
            color: t.foreground,
            font: tickFont,
          },
          grid: { color: alpha(t.lines, hc ? 1 : 0.35), lineWidth: hc ? 1 : 0.75 },
          border: { color: t.lines },
          ticks: {
            color: t.foreground,
            font: tickFont,
            maxTicksLimit: 7,
            callback: (v, _i, ticks) => formatTick(Number(v), ticks),
          },
        },
      },
      plugins: {
        // The legend is HTML (chartHead.ts) so it wraps like text and themes through CSS.
        legend: { display: false },
        tooltip: {
          filter: (item: TooltipItem<'line'>) => roles[item.datasetIndex] === 'observed',
          backgroundColor: hc ? t.background : withAlpha(t.background, 0.96),
          titleColor: t.foreground,
          bodyColor: t.foreground,
          borderColor: t.lines,
          borderWidth: 1,
          titleFont: { family: t.fontFamily, size: fontSize, weight: 'bold' },
          bodyFont: { family: t.fontFamily, size: fontSize },
          displayColors: false,
          callbacks: {
            title: (items) => {
              const raw = items[0]?.raw as Pt | undefined;
              return raw ? `${raw.model ?? ''}  (${formatScale(raw.x, opts.xAxis)})` : '';
            },
            label: (item) => {
              const raw = item.raw as Pt;
              return `${m.name}: ${formatNum(raw.y, 4)}`;
            },
            afterLabel: (item) => {
              const raw = item.raw as Pt;
              const lines: string[] = [];
              if (isFiniteNum(raw.lo ?? null) && isFiniteNum(raw.hi ?? null)) {
                lines.push(`95% interval [${formatNum(raw.lo, 3)}, ${formatNum(raw.hi, 3)}]`);
              }
              if (raw.n !== null && raw.n !== undefined) lines.push(`n = ${raw.n}`);
              return lines;
            },
          },
        },
        mirageJump: jump,
      },
    },
  };
  return { config, roles, legend };
}
