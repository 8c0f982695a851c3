import { Parser } from 'yaml';

/**
 * Where a manifest is a Go template (Helm, and tools that borrow its syntax) rather than YAML: decided by
 * parsing, not by spotting `{{`. A `{{` inside a quoted string, a block scalar, a plain scalar or a comment
 * is data (a Grafana `legendFormat: "{{state}}"`, a PrometheusRule description, a sed placeholder in a shell
 * line); one that YAML reads as the start of a flow mapping (`replicas: {{ .Values.n }}`, `{{- if … }}` on a
 * line of its own) is template syntax the YAML parser would misread.
 */

/** Offsets of every `{{` that YAML reads as two nested flow-mapping starts. */
export function templateExpressionOffsets(text: string): number[] {
  // Most manifests have no `{{` at all: they never pay for the second tokenisation.
  if (!text.includes('{{')) return [];
  const starts = new Set<number>();
  // The CST is walked with an explicit stack: a hostile file may nest flow collections thousands deep.
  const stack: unknown[] = [...new Parser().parse(text)];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    const token = node as { type?: unknown; offset?: unknown };
    if (token.type === 'flow-map-start' && typeof token.offset === 'number') starts.add(token.offset);
    for (const value of Object.values(node)) if (value && typeof value === 'object') stack.push(value);
  }
  return [...starts].filter((offset) => starts.has(offset + 1)).sort((a, b) => a - b);
}

// `{{ ... }}` outside a comment, the test a Helm chart's template files have always had to pass: inside a
// chart every such file is a template, whether or not one of its documents happens to parse as YAML.
// `${{ ... }}` is a GitHub Actions expression, not a template.
const CHART_TEMPLATE = /^[^#\n]*(?<!\$)\{\{[-\s]*[.$a-zA-Z/(]/m;

/** The offset of the first template expression of a Helm chart's template file, if it has one. */
export function chartTemplateOffset(text: string): number | undefined {
  const match = CHART_TEMPLATE.exec(text);
  return match ? match.index + match[0].indexOf('{{') : undefined;
}

/** Folders of the workspace's Helm charts (the folder of each `Chart.yaml`), each ending in '/'. */
export function chartFolders(files: Iterable<string>): string[] {
  const out: string[] = [];
  for (const file of files) {
    const match = /(^|\/)Chart\.ya?ml$/.exec(file);
    if (match) out.push(file.slice(0, match.index + match[1].length));
  }
  return out;
}

/** True when the file lies under `templates/` of a chart whose `Chart.yaml` is in the workspace. */
export function inChartTemplates(file: string, charts: readonly string[]): boolean {
  return charts.some((folder) => file.startsWith(`${folder}templates/`));
}
