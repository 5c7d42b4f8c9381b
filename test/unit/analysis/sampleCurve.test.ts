import assert from 'node:assert/strict';
import { plotValue, sampleCurve } from '../../../src/core/analysis/metricCheck';

describe('sampleCurve and plotValue', () => {
  it('keeps 5 significant digits, and 0, -0 and non-finite values as they are', () => {
    assert.equal(plotValue(0.289345678912), 0.28935);
    assert.equal(plotValue(70000000.00000001), 70000000);
    assert.equal(plotValue(2.168404344971009e-19), 2.1684e-19);
    assert.equal(plotValue(-123456.7), -123460);
    assert.equal(plotValue(0), 0);
    assert.ok(Object.is(plotValue(-0), -0));
    assert.equal(plotValue(Infinity), Infinity);
    assert.ok(Number.isNaN(plotValue(NaN)));
  });

  it('samples 48 points from the first to the last u, rounded for drawing, and skips non-finite ones', () => {
    // u from 7 to 9 (10^7 .. 10^9); f(u) = (u - 7) / 3: the ends are exactly 0 and 2/3 -> 0.66667.
    const c = sampleCurve({ predict: (u) => (u - 7) / 3 }, [7, 8, 9], 'line');
    assert.equal(c.label, 'line');
    assert.equal(c.scale.length, 48);
    assert.equal(c.scale[0], 1e7);
    assert.equal(c.scale[47], 1e9);
    assert.equal(c.value[0], 0);
    assert.equal(c.value[47], 0.66667);
    for (const v of [...c.scale, ...c.value]) assert.equal(v, Number(v.toPrecision(5)));
    const holes = sampleCurve({ predict: (u) => (u < 8 ? NaN : u) }, [7, 9], 'holes');
    assert.ok(holes.value.length > 0 && holes.value.length < 48);
    assert.ok(holes.value.every(Number.isFinite));
  });
});
