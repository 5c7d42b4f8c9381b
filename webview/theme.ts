/**
 * VS Code's theme for the canvas. CSS reads var(--vscode-*) directly; chart.js cannot, so this reads
 * the variables from the html element's computed style and re-reads them when VS Code switches theme
 * (it rewrites the html `style` attribute and the body class), then tells the charts to update.
 */
import type { ChartTheme } from './charts/config';

/** Reads the current theme. A missing chart colour falls back to the text colour, never a constant. */
export function readTheme(): ChartTheme {
  const root = getComputedStyle(document.documentElement);
  const v = (name: string): string => root.getPropertyValue(`--vscode-${name}`).trim();
  const text = v('charts-foreground') || v('foreground') || getComputedStyle(document.body).color;
  const color = (name: string): string => v(`charts-${name}`) || text;
  const size = parseFloat(v('font-size'));
  return {
    foreground: text,
    lines: v('charts-lines') || text,
    background: v('editor-background') || getComputedStyle(document.body).backgroundColor,
    blue: color('blue'),
    red: color('red'),
    green: color('green'),
    yellow: color('yellow'),
    orange: color('orange'),
    purple: color('purple'),
    fontFamily: v('font-family') || getComputedStyle(document.body).fontFamily,
    fontSize: Number.isFinite(size) && size > 0 ? size : 13,
    highContrast: isHighContrast(),
  };
}

export function isHighContrast(): boolean {
  const b = document.body;
  return (
    b.classList.contains('vscode-high-contrast') ||
    b.classList.contains('vscode-high-contrast-light') ||
    (b.dataset.vscodeThemeKind ?? '').startsWith('vscode-high-contrast')
  );
}

/** Calls `onChange` (at most once a frame) when the theme changes; returns a disposer. */
export function watchTheme(onChange: (theme: ChartTheme) => void): () => void {
  let pending = 0;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      onChange(readTheme());
    });
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  return () => {
    observer.disconnect();
    if (pending) cancelAnimationFrame(pending);
  };
}
