/**
 * The task list: a virtualised listbox (fixed row height; only the rows in view plus a margin exist in
 * the DOM), so 500 or 50,000 series paint as fast as 20. Keyboard: arrows, Page Up/Down, Home/End.
 * The list keeps its own copy of its height (from a ResizeObserver) and scroll offset (from scroll
 * events): reading them from the element would force a layout on every render, and new data renders
 * while the rest of the panel is still being built.
 */
import type { SeriesReport } from '../src/core/report';
import { seriesKey } from '../src/protocol';
import { renderTaskRow } from './taskRow';

/** Row height in px; also set as --row-h so the CSS agrees. */
export const ROW_HEIGHT = 48;
const OVERSCAN = 8;

export class TaskList {
  readonly el: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly windowEl: HTMLElement;
  private readonly empty: HTMLElement;
  private items: readonly SeriesReport[] = [];
  private keys: string[] = [];
  private selectedIndex = -1;
  private frame = 0;
  /** The list's height as last observed (0 until the first observation) and its scroll offset. */
  private viewHeight = 0;
  private scrollTop = 0;
  /** What the DOM shows: rows first..last of `items` with `selectedIndex` selected. */
  private shown = { items: this.items, first: 0, last: 0, selected: -1 };

  constructor(private readonly onSelect: (key: string) => void) {
    this.el = document.createElement('div');
    this.el.className = 'task-list';
    this.el.tabIndex = 0;
    this.el.setAttribute('role', 'listbox');
    this.el.setAttribute('aria-label', 'Tasks');
    this.el.style.setProperty('--row-h', `${ROW_HEIGHT}px`);
    this.spacer = document.createElement('div');
    this.spacer.className = 'task-spacer';
    this.windowEl = document.createElement('div');
    this.windowEl.className = 'task-window';
    this.empty = document.createElement('div');
    this.empty.className = 'task-empty';
    this.empty.hidden = true;
    this.spacer.append(this.windowEl);
    this.el.append(this.spacer, this.empty);

    this.el.addEventListener(
      'scroll',
      () => {
        this.scrollTop = this.el.scrollTop;
        this.schedule();
      },
      { passive: true },
    );
    this.el.addEventListener('click', (e) => {
      const row = (e.target as Element | null)?.closest<HTMLElement>('.task-row');
      const i = Number(row?.dataset.index);
      const key = this.keys[i];
      if (row && key !== undefined) this.onSelect(key);
    });
    this.el.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver((entries) => {
      for (const e of entries) this.viewHeight = e.contentRect.height;
      this.schedule();
    }).observe(this.el);
  }

  /**
   * Replaces the rows; keeps the scroll position unless `reveal` asks to scroll the selection into
   * view.
   */
  setItems(items: readonly SeriesReport[], selected: string | undefined, emptyText: string, reveal = false): void {
    this.items = items;
    this.keys = items.map(seriesKey);
    this.spacer.style.height = `${items.length * ROW_HEIGHT}px`;
    this.empty.hidden = items.length > 0;
    this.empty.textContent = emptyText;
    this.markSelected(selected, reveal);
    this.render();
  }

  /** Marks a row selected; `reveal` scrolls it into view. */
  setSelected(key: string | undefined, reveal: boolean): void {
    this.markSelected(key, reveal);
    this.render();
  }

  private markSelected(key: string | undefined, reveal: boolean): void {
    this.selectedIndex = key === undefined ? -1 : this.keys.indexOf(key);
    if (this.selectedIndex >= 0) this.el.setAttribute('aria-activedescendant', `task-row-${this.selectedIndex}`);
    else this.el.removeAttribute('aria-activedescendant');
    if (reveal) this.reveal(this.selectedIndex);
  }

  /** The visible height; the window's until the list has been laid out once. */
  private view(): number {
    return this.viewHeight || window.innerHeight;
  }

  /** The scroll offset, clamped as the browser will clamp it once fewer rows are laid out. */
  private top(): number {
    return Math.max(0, Math.min(this.scrollTop, this.items.length * ROW_HEIGHT - this.view()));
  }

  private scrollTo(top: number): void {
    this.scrollTop = top;
    this.el.scrollTop = top;
  }

  private reveal(i: number): void {
    if (i < 0) return;
    const top = i * ROW_HEIGHT;
    const view = this.view();
    const current = this.top();
    if (top < current) this.scrollTo(top);
    else if (top + ROW_HEIGHT > current + view) this.scrollTo(top + ROW_HEIGHT - view);
  }

  private schedule(): void {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.render();
      });
    }
  }

  private render(): void {
    const top = this.top();
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.items.length, Math.ceil((top + this.view()) / ROW_HEIGHT) + OVERSCAN);
    const was = this.shown;
    // A resize or scroll that keeps the same rows in view (the scrollbar appearing, say) costs nothing.
    if (was.items === this.items && was.first === first && was.last === last && was.selected === this.selectedIndex) return;
    this.shown = { items: this.items, first, last, selected: this.selectedIndex };
    const rows: Node[] = [];
    for (let i = first; i < last; i++) {
      const s = this.items[i];
      if (s) rows.push(renderTaskRow(s, i, i === this.selectedIndex) as unknown as Node);
    }
    this.windowEl.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    this.windowEl.replaceChildren(...rows);
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.view() / ROW_HEIGHT) - 1);
    const cur = this.selectedIndex;
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = cur + 1;
        break;
      case 'ArrowUp':
        next = cur - 1;
        break;
      case 'PageDown':
        next = cur + page;
        break;
      case 'PageUp':
        next = cur - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.items.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    next = Math.max(0, Math.min(this.items.length - 1, next));
    const key = this.keys[next];
    if (key !== undefined && next !== cur) {
      this.onSelect(key);
      this.reveal(next);
    }
  }
}
