/**
 * DOM building without HTML strings. Everything shown in the panel that comes from the user's code (file
 * paths, finding messages, task titles built from names in manifests) goes into text nodes or attributes
 * through these helpers; nothing is ever assigned to innerHTML.
 */
type AttrValue = string | number | boolean | undefined | null;
export type Child = Node | string | number | null | undefined | false;

function applyAttrs(el: Element, attrs: Record<string, AttrValue> | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(el: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'number' ? String(child) : child);
  }
}

/** An HTML element with attributes (set with setAttribute) and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, AttrValue>,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, AttrValue>, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs?: Record<string, AttrValue>, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element, the same way. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Record<string, AttrValue>,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

/** A codicon (shipped under dist/webview/codicons), hidden from screen readers: the text next to it speaks. */
export function icon(name: string, extraClass = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name} ${extraClass}`.trim(), 'aria-hidden': 'true' });
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/** Locale-independent, like the Markdown export: 100000 → "100,000", 2.5 → "2.5". */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  const [whole, fraction] = Math.abs(rounded).toString().split('.');
  return `${rounded < 0 ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
}

export function formatHours(hours: number): string {
  return `${formatNumber(hours)} h`;
}
