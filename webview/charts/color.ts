/**
 * Colour helpers for the canvas. Theme colours arrive as CSS strings ("#3794ff", "#3794ff80",
 * "rgba(204, 204, 204, 0.5)"); bands and shading need the same colour with an alpha. Pure.
 */

/** The colour with its alpha multiplied by `alpha`; unknown syntaxes come back unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const rgba = parseColor(color);
  if (!rgba) return color;
  const [r, g, b, a] = rgba;
  return `rgba(${r}, ${g}, ${b}, ${round(a * alpha)})`;
}

/** The colour fully opaque (high contrast: no transparency). */
export function opaque(color: string): string {
  const rgba = parseColor(color);
  return rgba ? `rgb(${rgba[0]}, ${rgba[1]}, ${rgba[2]})` : color;
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}

/** [r, g, b, a] with r, g, b in 0..255 and a in 0..1, or undefined. */
export function parseColor(color: string): [number, number, number, number] | undefined {
  const c = color.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,4})$/.exec(c);
  if (m?.[1]) {
    const d = m[1].split('').map((x) => parseInt(x + x, 16));
    return [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0, d.length === 4 ? (d[3] ?? 255) / 255 : 1];
  }
  m = /^#([0-9a-f]{6}|[0-9a-f]{8})$/.exec(c);
  if (m?.[1]) {
    const hex = m[1];
    const byte = (i: number): number => parseInt(hex.slice(i, i + 2), 16);
    return [byte(0), byte(2), byte(4), hex.length === 8 ? byte(6) / 255 : 1];
  }
  m = /^rgba?\(([^)]*)\)$/.exec(c);
  if (m?.[1] !== undefined) {
    const parts = m[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length < 3) return undefined;
    const channel = (s: string): number => (s.endsWith('%') ? (parseFloat(s) * 255) / 100 : parseFloat(s));
    const [r, g, b] = parts.slice(0, 3).map(channel);
    const aStr = parts[3];
    const a = aStr === undefined ? 1 : aStr.endsWith('%') ? parseFloat(aStr) / 100 : parseFloat(aStr);
    if ([r, g, b, a].some((v) => v === undefined || Number.isNaN(v))) return undefined;
    return [Math.round(r ?? 0), Math.round(g ?? 0), Math.round(b ?? 0), a];
  }
  return undefined;
}
