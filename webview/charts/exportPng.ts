/**
 * The PNG behind "Export chart": the shown charts composed on one canvas with the editor background
 * (a bare chart canvas is transparent, unreadable once saved), a title line, and each metric's name
 * above its chart. Drawn with fillText: no log text passes through HTML.
 */
import type { ChartTheme } from './config';

export interface ExportPanel {
  canvas: HTMLCanvasElement;
  title: string;
}

export function composePng(panels: readonly ExportPanel[], heading: string, theme: ChartTheme): string {
  const first = panels[0];
  if (!first) throw new Error('no chart to export');
  if (panels.some((p) => p.canvas.width === 0 || p.canvas.height === 0)) {
    throw new Error('a chart has not been laid out yet');
  }
  const scale = window.devicePixelRatio || 1;
  const cols = panels.length === 1 ? 1 : 2;
  const rows = Math.ceil(panels.length / cols);
  const cellW = Math.max(...panels.map((p) => p.canvas.width));
  const cellH = Math.max(...panels.map((p) => p.canvas.height));
  const pad = Math.round(16 * scale);
  const headH = Math.round(30 * scale);
  const titleH = Math.round(22 * scale);

  const out = document.createElement('canvas');
  out.width = cols * cellW + (cols + 1) * pad;
  out.height = headH + rows * (cellH + titleH) + (rows + 1) * pad;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('canvas 2d context unavailable');
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = theme.foreground;
  ctx.textBaseline = 'middle';
  ctx.font = `600 ${Math.round(15 * scale)}px ${theme.fontFamily}`;
  ctx.fillText(heading, pad, pad + headH / 2, out.width - 2 * pad);
  ctx.font = `600 ${Math.round(12 * scale)}px ${theme.fontFamily}`;
  panels.forEach((p, i) => {
    const x = pad + (i % cols) * (cellW + pad);
    const y = pad + headH + Math.floor(i / cols) * (cellH + titleH + pad);
    ctx.fillText(p.title, x, y + titleH / 2, cellW);
    ctx.drawImage(p.canvas, x, y + titleH);
  });
  return out.toDataURL('image/png');
}
