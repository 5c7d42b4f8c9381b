import assert from 'node:assert/strict';
import { formatCount, formatFlops, formatNum, formatP, formatParams, formatScale, formatTick, formatWithCi, sig } from '../../../webview/format';

describe('webview format', () => {
  it('labels parameter counts the way papers do', () => {
    assert.deepEqual(
      [70e6, 160e6, 410e6, 1e9, 1.4e9, 2.8e9, 6.9e9, 12e9, 175e9, 1.5e12, 999.9e6, 1500].map(formatParams),
      ['70M', '160M', '410M', '1B', '1.4B', '2.8B', '6.9B', '12B', '175B', '1.5T', '1B', '1.5K'],
    );
  });

  it('labels FLOPs and loss axes', () => {
    assert.equal(formatFlops(6e21), '6e21');
    assert.equal(formatFlops(1.23e22), '1.2e22');
    assert.equal(formatScale(-2.345, 'loss'), '-2.35');
    assert.equal(formatScale(1.4e9, 'params'), '1.4B');
  });

  it('formats scores, p-values and intervals', () => {
    assert.equal(sig(0.0000123, 3), '1.23e-5');
    assert.equal(sig(0.000123, 3), '0.000123');
    assert.equal(formatNum(null), '—');
    assert.equal(formatNum(-3.14159), '−3.14');
    assert.equal(formatNum(Infinity), '∞');
    assert.equal(formatP(0.00001), '< 1e-4');
    assert.equal(formatP(0.0412), '0.041');
    assert.equal(formatWithCi(12.44, [8.1, 19.02]), '12.4 [8.1, 19]');
    assert.equal(formatWithCi(12.44, null), '12.4');
  });

  it('groups counts like en-US', () => {
    assert.deepEqual([0, 7, 999, 1000, 12000, 1234567.4, -4321, null].map(formatCount), ['0', '7', '999', '1,000', '12,000', '1,234,567', '-4,321', '—']);
  });

  it("writes y ticks as chart.js's numeric formatter does in English", () => {
    const ticks = (...vs: number[]): { value: number }[] => vs.map((value) => ({ value }));
    const t = ticks(0, 0.2, 0.4, 0.6000000000000001, 0.8);
    assert.deepEqual(t.map((x) => formatTick(x.value, t)), ['0', '0.2', '0.4', '0.6', '0.8']);
    const big = ticks(0, 500, 1000, 1500);
    assert.deepEqual(big.map((x) => formatTick(x.value, big)), ['0', '500', '1,000', '1,500']);
    const neg = ticks(-0.04, -0.02, 0, 0.02);
    assert.deepEqual(neg.map((x) => formatTick(x.value, neg)), ['-0.04', '-0.02', '0', '0.02']);
    assert.equal(formatTick(12.5, ticks(10, 12.5, 15)), '12.5');
    assert.equal(formatTick(2e-5, ticks(1e-5, 2e-5)), '2e-5');
  });
});
