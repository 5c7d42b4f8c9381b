import assert from 'node:assert/strict';
import { analyzePaths } from '../../../src/core/analyze';
import { tempDir } from './tmp';

describe('x axes', () => {
  it('plots against training FLOPs or pre-training loss when asked', async () => {
    const t = tempDir();
    const rows = ['model,family,params,flops,loss,task,metric,value,n'];
    for (let i = 0; i < 6; i++) {
      const N = 10 ** (8 + i / 2);
      rows.push(`f-${i},f,${N},${6 * N * 3e11},${(3.5 - 0.3 * i).toFixed(2)},t,accuracy,${(0.2 + 0.08 * i).toFixed(3)},1000`);
    }
    const p = t.write('axes.csv', rows.join('\n'));
    const byFlops = await analyzePaths([p], { x: 'flops', resamples: 0 });
    assert.equal(byFlops.options.x, 'flops');
    assert.equal(byFlops.series[0]!.metrics[0]!.points[0]!.scale, 6 * 1e8 * 3e11);
    const byLoss = await analyzePaths([p], { x: 'loss', resamples: 0 });
    const pts = byLoss.series[0]!.metrics[0]!.points;
    // Ordered from the highest loss (least capable) to the lowest.
    assert.deepEqual(pts.map((q) => q.scale), [3.5, 3.2, 2.9, 2.6, 2.3, 2].map((x) => +x.toFixed(2)));
    assert.equal(byLoss.series[0]!.verdict, 'smooth');
  });

  it('leaves out models without the chosen scale and says so', async () => {
    const t = tempDir();
    const rows = ['model,family,params,task,metric,value,n', 'a,f,,t,accuracy,0.2,100', 'b-1b,f,1e9,t,accuracy,0.3,100'];
    const r = await analyzePaths([t.write('noscale.csv', rows.join('\n'))], { resamples: 0 });
    assert.match(r.series[0]!.reasons.join(' '), /Left out for want of a scale: a \(no params/);
  });
});
