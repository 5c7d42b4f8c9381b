/**
 * chart.js in the panel: registers only the parts we draw with, and keeps one Chart per metric of the
 * selected series. Canvas cannot read CSS variables, so a theme change rebuilds the configuration
 * from theme.ts's colours and calls chart.update().
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
  private readonly chart: Chart<'line', unknown[]>;
  /** What the chart draws, for the HTML legend and the PNG export. */
  readonly legend: LegendItem[];

  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly metric: MetricReport,
    private readonly xAxis: string,
    theme: ChartTheme,
    private readonly large: boolean,
  ) {
    const { config, legend } = buildMetricChart(metric, { theme, xAxis, large });
    this.legend = legend;
    this.chart = new Chart(canvas, config as never);
  }

  /** Re-colours the chart for a new theme. */
  setTheme(theme: ChartTheme): void {
    const { config } = buildMetricChart(this.metric, { theme, xAxis: this.xAxis, large: this.large });
    this.chart.data = config.data as never;
    this.chart.options = config.options as never;
    this.chart.update('none');
  }

  destroy(): void {
    this.chart.destroy();
  }
}
