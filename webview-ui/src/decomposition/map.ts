import type { MapView } from '../../../src/editor/decomposition/common/messages';
import type { PanelStrings } from '../../../src/editor/decomposition/common/strings';
import { filesText, format } from '../../../src/editor/decomposition/common/strings';
import { formatNumber, h, svg } from '../dom';
import type { DropHandlers } from './drag';
import { serviceDropTarget } from './drag';

/**
 * The service map as SVG, from the host's layout (dagre, computed in the extension host). Each service is a
 * focusable button (Enter or Space opens its details below); edge width grows with the operations one service
 * calls on the other, chatty pairs are dashed. A file or folder dragged onto a service moves it there (drag.ts). Every colour is a theme variable (styles.css).
 */
export function renderMap(
  map: MapView,
  strings: PanelStrings,
  onSelect: (service: string) => void,
  drops: DropHandlers,
): Element {
  if (map.nodes.length === 0) return h('p', { class: 'muted' }, strings.noPlan);
  const marker = svg(
    'marker',
    { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto' },
    svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }),
  );
  const edges = map.edges.map((edge) => {
    const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
    const width = Math.min(6, 1 + Math.log2(1 + edge.operations));
    const label = `${edge.from} → ${edge.to}: ${format(strings.operationsCount, formatNumber(edge.operations))}, ${format(strings.callSitesCount, formatNumber(edge.callSites))}${edge.chatty ? ` (${strings.chatty})` : ''}`;
    const middle = edge.points[Math.floor(edge.points.length / 2)];
    return svg(
      'g',
      { class: `edge${edge.chatty ? ' chatty' : ''}` },
      svg('title', {}, label),
      svg('path', { d, 'stroke-width': String(width), 'marker-end': 'url(#arrow)' }),
      middle
        ? svg(
            'text',
            { x: String(middle.x + 4), y: String(middle.y - 4), class: 'edge-label' },
            String(edge.operations),
          )
        : null,
    );
  });
  const nodes = map.nodes.map((node) => {
    const label = `${node.service}: ${filesText(strings, node.files, formatNumber(node.files))}`;
    const group = svg(
      'g',
      { class: 'node', tabindex: '0', role: 'button', 'aria-label': label, 'data-key': `map:${node.service}` },
      svg('title', {}, label),
      svg('rect', {
        x: String(node.x),
        y: String(node.y),
        width: String(node.width),
        height: String(node.height),
        rx: '6',
      }),
      svg(
        'text',
        { x: String(node.x + node.width / 2), y: String(node.y + node.height / 2 - 4), class: 'node-name' },
        node.service,
      ),
      svg(
        'text',
        { x: String(node.x + node.width / 2), y: String(node.y + node.height / 2 + 12), class: 'node-files' },
        filesText(strings, node.files, formatNumber(node.files)),
      ),
    );
    group.addEventListener('click', () => onSelect(node.service));
    serviceDropTarget(group, node.service, drops);
    group.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onSelect(node.service);
      }
    });
    return group;
  });
  return svg(
    'svg',
    {
      class: 'service-map',
      role: 'group',
      'aria-label': strings.mapLabel,
      viewBox: `0 0 ${Math.max(1, map.width)} ${Math.max(1, map.height)}`,
      width: String(Math.max(1, map.width)),
      height: String(Math.max(1, map.height)),
    },
    svg('defs', {}, marker),
    ...edges,
    ...nodes,
  );
}
