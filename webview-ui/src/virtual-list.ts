import { h } from './dom';

export interface VirtualListOptions<T> {
  id: string;
  label: string;
  items: readonly T[];
  rowHeight: number;
  /** Rows shown before the list scrolls. */
  maxVisibleRows: number;
  /** The row's content (the list wraps it in its option element). */
  renderRow(item: T, index: number): Node;
  /** Accessible name of a row (file, line and message). */
  describe(item: T, index: number): string;
  onActivate(item: T, index: number): void;
  onScroll?(scrollTop: number): void;
  initialScrollTop?: number;
}

const OVERSCAN = 6;

/**
 * A listbox that renders only the rows in view (plus a few): a task with 1,000 places keeps ~30 rows in the
 * DOM. Keyboard: Up/Down, Page Up/Down, Home/End move the active row (aria-activedescendant), Enter or Space
 * opens it; click opens too. Each row carries aria-setsize/aria-posinset so a screen reader still says
 * "12 of 1,000".
 */
export class VirtualList<T> {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private items: readonly T[];
  private active = 0;
  private frame = 0;
  private rendered = new Map<number, HTMLElement>();

  constructor(private readonly options: VirtualListOptions<T>) {
    this.items = options.items;
    this.spacer = h('div', { class: 'vlist-spacer' });
    this.element = h(
      'div',
      { class: 'vlist', id: options.id, role: 'listbox', tabindex: 0, 'aria-label': options.label },
      this.spacer,
    );
    this.layout();
    this.element.addEventListener('scroll', () => {
      this.schedule();
      this.options.onScroll?.(this.element.scrollTop);
    });
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('click', (event) => {
      const row = (event.target as Element).closest<HTMLElement>('[data-index]');
      if (!row) return;
      const index = Number(row.dataset.index);
      this.setActive(index, false);
      this.activate(index);
    });
    this.element.addEventListener('focus', () => this.render());
    if (options.initialScrollTop) {
      // Applied once attached and laid out.
      requestAnimationFrame(() => {
        this.element.scrollTop = options.initialScrollTop ?? 0;
        this.render();
      });
    }
    this.render();
  }

  get scrollTop(): number {
    return this.element.scrollTop;
  }

  private layout(): void {
    const { rowHeight, maxVisibleRows } = this.options;
    this.spacer.style.height = `${this.items.length * rowHeight}px`;
    this.element.style.height = `${Math.max(1, Math.min(this.items.length, maxVisibleRows)) * rowHeight + 2}px`;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Renders the rows in the viewport (and the active row, so aria-activedescendant always points at one). */
  render(): void {
    const { rowHeight, maxVisibleRows } = this.options;
    const viewport = this.element.clientHeight || maxVisibleRows * rowHeight;
    const first = Math.max(0, Math.floor(this.element.scrollTop / rowHeight) - OVERSCAN);
    const last = Math.min(this.items.length - 1, Math.ceil((this.element.scrollTop + viewport) / rowHeight) + OVERSCAN);
    const wanted = new Set<number>();
    for (let i = first; i <= last; i++) wanted.add(i);
    if (this.items.length) wanted.add(this.active);
    for (const [index, row] of this.rendered) {
      if (!wanted.has(index)) {
        row.remove();
        this.rendered.delete(index);
      }
    }
    for (const index of wanted) {
      let row = this.rendered.get(index);
      if (!row) {
        row = this.createRow(index);
        this.rendered.set(index, row);
        this.spacer.append(row);
      }
      const selected = index === this.active;
      row.setAttribute('aria-selected', String(selected));
      row.classList.toggle('active', selected);
    }
    if (this.items.length) this.element.setAttribute('aria-activedescendant', this.rowId(this.active));
    else this.element.removeAttribute('aria-activedescendant');
  }

  private rowId(index: number): string {
    return `${this.options.id}-row-${index}`;
  }

  private createRow(index: number): HTMLElement {
    const item = this.items[index];
    const row = h('div', {
      class: 'vlist-row',
      role: 'option',
      id: this.rowId(index),
      'data-index': index,
      'aria-setsize': this.items.length,
      'aria-posinset': index + 1,
      'aria-label': this.options.describe(item, index),
      title: this.options.describe(item, index),
    });
    row.style.top = `${index * this.options.rowHeight}px`;
    row.style.height = `${this.options.rowHeight}px`;
    row.append(this.options.renderRow(item, index));
    return row;
  }

  private setActive(index: number, reveal: boolean): void {
    if (this.items.length === 0) return;
    this.active = Math.max(0, Math.min(this.items.length - 1, index));
    if (reveal) {
      const { rowHeight } = this.options;
      const top = this.active * rowHeight;
      if (top < this.element.scrollTop) this.element.scrollTop = top;
      else if (top + rowHeight > this.element.scrollTop + this.element.clientHeight)
        this.element.scrollTop = top + rowHeight - this.element.clientHeight;
    }
    this.render();
  }

  private activate(index: number): void {
    const item = this.items[index];
    if (item !== undefined) this.options.onActivate(item, index);
  }

  private onKey(event: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.element.clientHeight / this.options.rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: this.active + 1,
      ArrowUp: this.active - 1,
      PageDown: this.active + page,
      PageUp: this.active - page,
      Home: 0,
      End: this.items.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      this.setActive(moves[event.key], true);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.activate(this.active);
    }
  }

  /** Rows currently in the DOM (the benchmark and tests check the list stays virtual). */
  renderedCount(): number {
    return this.rendered.size;
  }
}
