/**
 * chart.js in the panel: registers only the parts we draw with, and keeps one Chart per metric of the
 * selected series. Canvas cannot read CSS variables, so a theme change rebuilds the configuration
 * from theme.ts's colours and calls chart.update().
 *
 * A view knows its legend as soon as it exists, but creates its Chart only on `draw()`: a Chart costs
 * tens of milliseconds (more on the panel's first paint, when chart.js is still cold), so the panel
 * draws one chart before it paints and the others just after (main.ts).
 */
import {
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { MetricReport } from '../../src/core/report';
import { buildMetricChart, type ChartTheme, type LegendItem } from './config';
import { jumpPlugin } from './plugins';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Tooltip, jumpPlugin);

export class MetricChartView {
  private chart: Chart<'line', unknown[]> | undefined;
  private destroyed = false;
  /** What the chart draws, for the HTML legend and the PNG export. */
  readonly legend: LegendItem[];

  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly metric: MetricReport,
    private readonly xAxis: string,
    private theme: ChartTheme,
    private readonly large: boolean,
  ) {
    this.legend = buildMetricChart(metric, { theme, xAxis, large }).legend;
  }

  /** Creates the Chart; the canvas must be in the document (chart.js sizes it from its box). */
  draw(): void {
    if (this.chart || this.destroyed) return;
    const { config } = buildMetricChart(this.metric, { theme: this.theme, xAxis: this.xAxis, large: this.large });
    this.chart = new Chart(this.canvas, config as never);
  }

  /** Re-colours the chart for a new theme (an undrawn one takes it when drawn). */
  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    if (!this.chart) return;
    const { config } = buildMetricChart(this.metric, { theme, xAxis: this.xAxis, large: this.large });
    this.chart.data = config.data as never;
    this.chart.options = config.options as never;
    this.chart.update('none');
  }

  destroy(): void {
    this.destroyed = true;
    this.chart?.destroy();
    this.chart = undefined;
  }
}
