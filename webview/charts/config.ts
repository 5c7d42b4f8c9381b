/**
 * Builds the chart.js configuration for one metric against scale: observed points, the 95% interval
 * as a filled band, the fitted curves (smooth fit, break fit, p^L overlay), the chance line and the
 * resolution floor as datasets, and the jump as options for our `mirageJump` plugin. Pure (types
 * only from chart.js): tested in the unit tier without a canvas.
 */
import type { ChartConfiguration, ChartDataset, ChartType, Scale, TooltipItem } from 'chart.js';
import type { CurveReport, MetricReport } from '../../src/core/report';
import { axisTitle, formatNum, formatScale } from '../format';
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

export interface MetricChart {
  config: ChartConfiguration<'line', Pt[]>;
  roles: Role[];
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

function isFiniteNum(x: number | null): x is number {
  return x !== null && Number.isFinite(x);
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
  const lineW = hc ? 3 : opts.large ? 2.25 : 2;
  const fitW = hc ? 2.5 : 1.75;
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
  }

  add('observed', {
    label: m.name,
    data: points.map((p) => ({ x: p.scale, y: p.value, model: p.model, n: p.n, lo: p.ciLow, hi: p.ciHigh })),
    borderColor: t.blue,
    backgroundColor: t.blue,
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

  const curveStyle: Record<Kind, { color: string; dash: number[] }> = {
    smooth: { color: t.green, dash: [6, 4] },
    break: { color: t.orange, dash: [2, 3] },
    power: { color: t.purple, dash: [] },
  };
  m.curves.forEach((c, i) => {
    const style = curveStyle[curveKind(c, i)];
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
  });

  const hline = (role: Role, label: string, y: number, color: string, dash: number[]): void => {
    if (!bounds) return;
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
    hline('chance', `chance (${formatNum(m.chance, 3)})`, m.chance, hc ? t.foreground : t.lines, [5, 4]);
  }
  if (isFiniteNum(m.floor) && m.floor > 0) {
    hline('floor', `resolution floor 1/n (${formatNum(m.floor, 2)})`, m.floor, t.yellow, [1.5, 3]);
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

  const proportion = m.kind === 'discrete' && points.every((p) => p.value >= 0 && p.value <= 1);
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
          afterBuildTicks: xsTicks.length
            ? (axis: Scale) => {
                axis.ticks = xsTicks.map((value) => ({ value }));
              }
            : undefined,
        },
        y: {
          type: 'linear',
          suggestedMin: proportion ? 0 : undefined,
          grace: '4%',
          title: {
            display: true,
            text: `${m.name} ${m.higherIsBetter ? '↑' : '↓'}`,
            color: t.foreground,
            font: tickFont,
          },
          grid: { color: alpha(t.lines, hc ? 1 : 0.35), lineWidth: hc ? 1 : 0.75 },
          border: { color: t.lines },
          ticks: { color: t.foreground, font: tickFont, maxTicksLimit: 7 },
        },
      },
      plugins: {
        legend: {
          position: 'bottom',
          align: 'start',
          labels: {
            color: t.foreground,
            font: { family: t.fontFamily, size: fontSize - 1 },
            usePointStyle: true,
            pointStyleWidth: 22,
            boxHeight: 8,
            padding: 10,
            filter: (item) => roles[item.datasetIndex ?? -1] !== 'bandLow',
          },
        },
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
  return { config, roles };
}
