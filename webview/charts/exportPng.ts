/**
 * The PNG behind "Export chart": the shown charts composed on one canvas with the editor background
 * (a bare chart canvas is transparent, unreadable once saved), a title line, each metric's name above
 * its chart and its legend below. Drawn with fillText: no log text passes through HTML.
 */
import { lineStyle, type ChartTheme, type LegendItem } from './config';
import { withAlpha } from './color';

export interface ExportPanel {
  canvas: HTMLCanvasElement;
  title: string;
  legend: readonly LegendItem[];
}

interface Placed {
  item: LegendItem;
  x: number;
  y: number;
  text: string;
}

/** Lays legend entries out in rows within `width`; returns positions and the total height. */
function layoutLegend(
  ctx: CanvasRenderingContext2D,
  items: readonly LegendItem[],
  width: number,
  s: number,
): { placed: Placed[]; height: number } {
  const sw = 22 * s;
  const rowH = 18 * s;
  const gap = 14 * s;
  const placed: Placed[] = [];
  let x = 0;
  let y = 0;
  for (const item of items) {
    let text = item.label;
    while (text.length > 4 && ctx.measureText(text).width + sw + 6 * s > width) text = `${text.slice(0, -2)}…`;
    const w = sw + 6 * s + ctx.measureText(text).width;
    if (x > 0 && x + w > width) {
      x = 0;
      y += rowH;
    }
    placed.push({ item, x, y, text });
    x += w + gap;
  }
  return { placed, height: items.length ? y + rowH : 0 };
}

function drawSwatch(ctx: CanvasRenderingContext2D, item: LegendItem, x: number, y: number, s: number, t: ChartTheme): void {
  const { color, dash } = lineStyle(item.kind, t);
  const w = 22 * s;
  ctx.save();
  if (item.kind === 'band' || item.kind === 'jump' || item.kind === 'step') {
    ctx.fillStyle = t.highContrast ? t.background : withAlpha(color, item.kind === 'step' ? 0.12 : 0.25);
    ctx.fillRect(x, y - 5 * s, w, 10 * s);
    ctx.strokeStyle = color;
    ctx.lineWidth = s;
    ctx.setLineDash(item.kind === 'band' ? [] : dash.map((d) => d * s));
    ctx.strokeRect(x + 0.5, y - 5 * s + 0.5, w - 1, 10 * s - 1);
  } else {
    ctx.strokeStyle = color;
    ctx.lineWidth = (t.highContrast ? 3 : 2) * s;
    ctx.setLineDash(dash.map((d) => d * s));
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + w, y);
    ctx.stroke();
    if (item.kind === 'observed') {
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.arc(x + w / 2, y, 3.5 * s, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.restore();
}

export function composePng(panels: readonly ExportPanel[], heading: string, theme: ChartTheme): string {
  if (!panels.length) throw new Error('no chart to export');
  if (panels.some((p) => p.canvas.width === 0 || p.canvas.height === 0)) {
    throw new Error('a chart has not been laid out yet');
  }
  const s = window.devicePixelRatio || 1;
  const cols = panels.length === 1 ? 1 : 2;
  const rows = Math.ceil(panels.length / cols);
  const cellW = Math.max(...panels.map((p) => p.canvas.width));
  const cellH = Math.max(...panels.map((p) => p.canvas.height));
  const pad = Math.round(16 * s);
  const headH = Math.round(30 * s);
  const titleH = Math.round(22 * s);
  const legendFont = `${Math.round(11 * s)}px ${theme.fontFamily}`;

  const measure = document.createElement('canvas').getContext('2d');
  if (!measure) throw new Error('canvas 2d context unavailable');
  measure.font = legendFont;
  const legends = panels.map((p) => layoutLegend(measure, p.legend, cellW, s));
  const legendH = Math.max(...legends.map((l) => l.height)) + (legends.some((l) => l.height) ? 6 * s : 0);

  const out = document.createElement('canvas');
  out.width = cols * cellW + (cols + 1) * pad;
  out.height = headH + rows * (titleH + cellH + legendH) + (rows + 1) * pad;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('canvas 2d context unavailable');
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = theme.foreground;
  ctx.textBaseline = 'middle';
  ctx.font = `600 ${Math.round(15 * s)}px ${theme.fontFamily}`;
  ctx.fillText(heading, pad, pad + headH / 2, out.width - 2 * pad);
  panels.forEach((p, i) => {
    const x = pad + (i % cols) * (cellW + pad);
    const y = pad + headH + Math.floor(i / cols) * (titleH + cellH + legendH + pad);
    ctx.fillStyle = theme.foreground;
    ctx.font = `600 ${Math.round(12 * s)}px ${theme.fontFamily}`;
    ctx.fillText(p.title, x, y + titleH / 2, cellW);
    ctx.drawImage(p.canvas, x, y + titleH);
    ctx.font = legendFont;
    const top = y + titleH + cellH + 6 * s + 9 * s;
    for (const e of legends[i]?.placed ?? []) {
      drawSwatch(ctx, e.item, x + e.x, top + e.y, s, theme);
      ctx.fillStyle = theme.foreground;
      ctx.fillText(e.text, x + e.x + 28 * s, top + e.y);
    }
  });
  return out.toDataURL('image/png');
}
