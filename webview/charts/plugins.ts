/**
 * Our own small chart.js plugin for the jump: a shaded vertical band between the two models of the
 * largest step, drawn under the datasets, with a label at the top. (We draw it ourselves rather than
 * add chartjs-plugin-annotation for one rectangle.)
 */
import type { Chart, Plugin } from 'chart.js';
import type { JumpOptions } from './config';

function isJump(o: unknown): o is JumpOptions {
  const j = o as Partial<JumpOptions> | false | undefined;
  return !!j && typeof j.from === 'number' && typeof j.to === 'number' && typeof j.label === 'string';
}

export const jumpPlugin: Plugin<'line'> = {
  id: 'mirageJump',
  beforeDatasetsDraw(chart: Chart<'line'>, _args, raw) {
    if (!isJump(raw)) return;
    const options = raw;
    const x = chart.scales.x;
    const area = chart.chartArea;
    if (!x || !area) return;
    const x0 = Math.max(area.left, Math.min(x.getPixelForValue(options.from), x.getPixelForValue(options.to)));
    const x1 = Math.min(area.right, Math.max(x.getPixelForValue(options.from), x.getPixelForValue(options.to)));
    if (!(x1 > x0)) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    ctx.fillStyle = options.fill;
    ctx.fillRect(x0, area.top, x1 - x0, area.bottom - area.top);
    if (options.stroke !== 'transparent') {
      ctx.strokeStyle = options.stroke;
      ctx.lineWidth = 1;
      ctx.setLineDash([3, 3]);
      for (const px of [x0, x1]) {
        ctx.beginPath();
        ctx.moveTo(Math.round(px) + 0.5, area.top);
        ctx.lineTo(Math.round(px) + 0.5, area.bottom);
        ctx.stroke();
      }
    }
    ctx.setLineDash([]);
    ctx.font = options.font;
    ctx.fillStyle = options.textColor;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'center';
    const width = ctx.measureText(options.label).width;
    if (width + 4 <= x1 - x0) {
      ctx.fillText(options.label, (x0 + x1) / 2, area.top + 3);
    } else {
      // The band is narrower than its label: put the label beside it, inside the chart area.
      const right = x1 + 4 + width <= area.right;
      ctx.textAlign = right ? 'left' : 'right';
      ctx.fillText(options.label, right ? x1 + 4 : x0 - 4, area.top + 3);
    }
    ctx.restore();
  },
};
