/**
 * Number formatting for the panel: scale labels (70M, 1.4B), scores, p-values. Pure: no DOM, so the
 * unit tier tests it in plain Node.
 */

const SI: ReadonlyArray<readonly [number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** Trims a fixed-point string: "1.40" -> "1.4", "12.0" -> "12". */
function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Up to `digits` significant digits, without trailing zeros or exponent for ordinary magnitudes. */
export function sig(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-4) return x.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return trimZeros(x.toFixed(Math.min(decimals, 20)));
}

/** Parameter counts the way papers write them: 70M, 410M, 1.4B, 12B. */
export function formatParams(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  for (const [v, unit] of SI) {
    // 999.6M rounds to 1000M at 3 digits; promote it to the next unit.
    if (abs >= v * 0.9995) return `${sig(x / v, 3)}${unit}`;
  }
  return sig(x, 3);
}

/** Training compute: 6e21, 1.2e22. */
export function formatFlops(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  return x.toExponential(1).replace(/\.0e/, 'e').replace('e+', 'e');
}

/** Scale label for the panel's x axis ("params", "flops", "loss"). */
export function formatScale(x: number, axis: string): string {
  switch (axis) {
    case 'flops':
      return formatFlops(x);
    case 'loss':
      return sig(x, 3);
    default:
      return formatParams(x);
  }
}

/** Words for the x axis title. */
export function axisTitle(axis: string): string {
  switch (axis) {
    case 'params':
      return 'parameters (log)';
    case 'flops':
      return 'training FLOPs (log)';
    case 'loss':
      return '−pre-training loss';
    default:
      return axis;
  }
}

/** A score, or an em dash for null. */
export function formatNum(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined) return '—';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (Number.isNaN(x)) return 'NaN';
  return sig(x, digits).replace(/^-/, '−');
}

/** A p- or q-value: 3 significant digits, "< 1e-4" below that. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p < 1e-4) return '< 1e-4';
  return sig(p, 2);
}

/** ES with its bootstrap interval: "12.4 [8.1, 19]". */
export function formatWithCi(x: number | null, ci: readonly [number, number] | null): string {
  const v = formatNum(x);
  return ci ? `${v} [${formatNum(ci[0], 2)}, ${formatNum(ci[1], 2)}]` : v;
}

/**
 * Counts: 12,000. Grouped by hand: the first toLocaleString of a page loads ICU's number formatting
 * (~10 ms), and the summary line that uses this is part of the panel's first paint.
 */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const r = Math.round(n);
  // Beyond 1e21 String() switches to exponent notation; no count gets there, but stay exact.
  if (Math.abs(r) >= 1e21) return r.toLocaleString('en-US');
  return String(r).replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * A y-axis tick label the way chart.js's default numeric formatter writes it in English (decimals
 * from the step between ticks: 0, 0.2, 0.4; 1,000), without Intl: the first Intl.NumberFormat of a
 * page loads ICU's number data (~10 ms) inside the first chart, which is part of the first paint.
 * Outside 1e-4..1e15 chart.js switches to scientific notation; there we use `sig`.
 */
export function formatTick(value: number, ticks: readonly { value: number }[]): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  let delta = value;
  if (ticks.length > 1) {
    const first = ticks[0]?.value ?? 0;
    const last = ticks[ticks.length - 1]?.value ?? 0;
    const maxTick = Math.max(Math.abs(first), Math.abs(last));
    if (maxTick < 1e-4 || maxTick > 1e15) return sig(value, 3);
    const a = ticks.length > 3 ? ticks[1] : ticks[0];
    const b = ticks.length > 3 ? ticks[2] : ticks[1];
    delta = (b?.value ?? 0) - (a?.value ?? 0);
    if (Math.abs(delta) >= 1 && value !== Math.floor(value)) delta = value - Math.floor(value);
  }
  const logDelta = Math.log10(Math.abs(delta));
  const decimals = Number.isNaN(logDelta) ? 1 : Math.max(Math.min(-Math.floor(logDelta), 20), 0);
  const [int = '', frac] = value.toFixed(decimals).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** "1 task" / "3 tasks". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}
