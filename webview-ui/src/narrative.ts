import { h } from './dom';
import type { Block, Inline } from './narrative-markdown';
import { parseNarrative } from './narrative-markdown';

/** Claude's narrative as elements: every piece of its text goes into a text node, never into markup. */
export function renderNarrativeBlocks(markdown: string): HTMLElement[] {
  return parseNarrative(markdown).map(renderBlock);
}

function renderBlock(block: Block): HTMLElement {
  switch (block.kind) {
    case 'heading':
      return h(block.level === 3 ? 'h3' : 'h4', {}, ...block.inline.map(renderInline));
    case 'paragraph':
      return h('p', {}, ...block.inline.map(renderInline));
    case 'list':
      return h(block.ordered ? 'ol' : 'ul', {}, ...block.items.map((item) => h('li', {}, ...item.map(renderInline))));
  }
}

function renderInline(inline: Inline): Node {
  switch (inline.kind) {
    case 'text':
      return document.createTextNode(inline.text);
    case 'strong':
      return h('strong', {}, inline.text);
    case 'em':
      return h('em', {}, inline.text);
    case 'code':
      return h('code', {}, inline.text);
  }
}
