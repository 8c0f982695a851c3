import { isMap, parseAllDocuments } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import type { AnalysisError } from '../../core/finding';
import { LineIndex } from '../../core/text';
import { seqItems, stringAt, valueAt } from './yaml-nodes';

/** One Kubernetes object from a (multi-document) manifest, with the AST it came from. */
export interface K8sObject {
  file: string;
  apiVersion: string;
  kind: string;
  name: string;
  /** Effective namespace: a kustomization's, else `metadata.namespace`, else `default` (set by the graph). */
  namespace: string;
  /** `metadata.namespace` as written, if any. */
  declaredNamespace?: string;
  root: YAMLMap;
  doc: Document.Parsed;
  /** Index of the YAML document in its file. */
  documentIndex: number;
}

export interface ParsedManifest {
  file: string;
  lines: LineIndex;
  objects: K8sObject[];
  errors: AnalysisError[];
  /** True when the file is a Helm/Go template that YAML parsing would misread. */
  template: boolean;
}

// `{{ ... }}` outside a comment: Helm and other Go-template sources are not YAML until rendered.
// `${{ ... }}` is a GitHub Actions expression inside a plain YAML string, not a template.
const TEMPLATE = /^[^#\n]*(?<!\$)\{\{[-\s]*[.$a-zA-Z/(]/m;

/** Parses every document; syntax errors become one error each, documents that parse still yield objects. */
export function parseManifest(file: string, text: string): ParsedManifest {
  const lines = new LineIndex(text);
  const template = TEMPLATE.exec(text);
  if (template) {
    // Point at the first template expression so the one notice has a place the user recognises.
    const at = template.index + template[0].indexOf('{{');
    return {
      file,
      lines,
      objects: [],
      template: true,
      errors: [
        {
          file,
          kind: 'unsupported',
          message: 'not analysed: template ({{ … }}); render it (helm template) and review the output',
          range: lines.rangeOf(at, at + 2),
        },
      ],
    };
  }
  const errors: AnalysisError[] = [];
  const objects: K8sObject[] = [];
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  const list = Array.isArray(docs) ? docs : [];
  list.forEach((doc, documentIndex) => {
    if (doc.errors.length > 0) {
      // The first error of a document is the one worth reading; later ones are usually its echoes.
      const error = doc.errors[0];
      const range = lines.rangeOf(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1));
      // The yaml library composes nested collections recursively and stops where the stack runs out.
      if (error.code === 'RESOURCE_EXHAUSTION') {
        errors.push({
          file,
          kind: 'unsupported',
          message: 'not analysed: the YAML is nested too deeply to read (the parser ran out of stack here)',
          range,
        });
        return;
      }
      errors.push({ file, kind: 'parse', message: `YAML syntax error: ${error.message.split('\n')[0]}`, range });
      return;
    }
    const root = doc.contents;
    if (!isMap(root)) return;
    const add = (node: YAMLMap): void => {
      const apiVersion = stringAt(node, ['apiVersion'], doc);
      const kind = stringAt(node, ['kind'], doc);
      // Not every YAML file is Kubernetes (CI workflows, compose files): without both, skip quietly.
      if (!apiVersion || !kind) return;
      const declaredNamespace = stringAt(node, ['metadata', 'namespace'], doc);
      objects.push({
        file,
        apiVersion,
        kind,
        name: stringAt(node, ['metadata', 'name'], doc) ?? '',
        namespace: declaredNamespace ?? 'default',
        declaredNamespace,
        root: node,
        doc,
        documentIndex,
      });
    };
    // `kubectl get -o yaml` and some generators wrap objects in a v1 List (or <Kind>List): review its items.
    const kind = stringAt(root, ['kind'], doc);
    if (kind && /List$/.test(kind) && stringAt(root, ['apiVersion'], doc) === 'v1') {
      for (const item of seqItems(valueAt(root, ['items'], doc), doc)) if (isMap(item)) add(item);
      return;
    }
    add(root);
  });
  return { file, lines, objects, errors, template: false };
}
