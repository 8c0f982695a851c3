import dagre from '@dagrejs/dagre';
import type { MapEdge, MapView } from './messages';

/**
 * Lays out the service map with dagre (a maintained layered-graph layout, MIT, no eval and no workers), in the
 * extension host: the webview gets coordinates and draws SVG, so its CSP never has to allow more than its own
 * script. Layered suits a service map: callers above the services they call, which is the order the strangler
 * fig cuts them in. Sizes grow with the square root of the files so one large service does not crowd out the rest.
 */
export function layoutServiceMap(
  services: readonly { service: string; files: number }[],
  edges: readonly Omit<MapEdge, 'points'>[],
): MapView {
  const graph = new dagre.graphlib.Graph({ multigraph: false, directed: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 64, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const { service, files } of services) graph.setNode(service, nodeSize(service, files));
  const known = new Set(services.map((s) => s.service));
  const drawn = edges.filter((e) => e.from !== e.to && known.has(e.from) && known.has(e.to));
  for (const edge of drawn) graph.setEdge(edge.from, edge.to, { weight: Math.max(1, edge.operations) });
  dagre.layout(graph);

  const label = graph.graph() as { width?: number; height?: number };
  return {
    width: round(label.width ?? 0),
    height: round(label.height ?? 0),
    nodes: services.map(({ service, files }) => {
      const node = graph.node(service) as { x: number; y: number; width: number; height: number };
      return {
        service,
        files,
        x: round(node.x - node.width / 2),
        y: round(node.y - node.height / 2),
        width: node.width,
        height: node.height,
      };
    }),
    edges: drawn.map((edge) => {
      const laid = graph.edge(edge.from, edge.to) as { points?: { x: number; y: number }[] } | undefined;
      return { ...edge, points: (laid?.points ?? []).map((p) => ({ x: round(p.x), y: round(p.y) })) };
    }),
  };
}

/** Wide enough for the name at the panel's font size, larger with more files. */
export function nodeSize(service: string, files: number): { width: number; height: number } {
  const scale = Math.sqrt(Math.max(1, files));
  return {
    width: Math.round(Math.max(service.length * 8 + 32, 96 + 10 * scale)),
    height: Math.round(44 + 4 * scale),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
