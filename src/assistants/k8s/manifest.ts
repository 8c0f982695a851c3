import { isMap, parseAllDocuments } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import type { AnalysisError } from '../../core/finding';
import { LineIndex } from '../../core/text';
import { chartTemplateOffset, templateExpressionOffsets } from './template-expressions';
import { seqItems, stringAt, valueAt } from './yaml-nodes';

/** One Kubernetes object from a (multi-document) manifest, with the AST it came from. */
export interface K8sObject {
  file: string;
  apiVersion: string;
  kind: string;
  name: string;
  /** Effective namespace: `metadata.namespace` (as built, for kustomize output), else `default`. */
  namespace: string;
  /** `metadata.namespace` as written, if any. */
  declaredNamespace?: string;
  root: YAMLMap;
  doc: Document.Parsed;
  /** Index of the YAML document in its file (-1 for an object a kustomize generator made). */
  documentIndex: number;
  /** Set when the object is kustomize's output rather than a document as written. */
  build?: BuildInfo;
}

/** Where a built object comes from. */
export interface BuildInfo {
  /** The root kustomization that built it. */
  kustomization: string;
  /** Every file that wrote part of it: its base, the patches that changed it, the kustomizations. */
  files: ReadonlySet<string>;
  /** Its name as its base file writes it (before prefixes, suffixes and hashes). */
  writtenName: string;
  /**
   * The values a Helm chart's switched render set (`\`autoscaling.enabled: true\``): the object is deployed only
   * then, so only its own render sees it, and findings on it say when they hold.
   */
  condition?: string;
}

export interface ParsedManifest {
  file: string;
  lines: LineIndex;
  objects: K8sObject[];
  errors: AnalysisError[];
  /** True when no document of the file could be read: all are Helm/Go templates that YAML would misread. */
  template: boolean;
  /**
   * Every document that parsed and is not a template, objects or not: a kustomization, a JSON 6902 patch
   * (a list of operations) and a strategic-merge patch are read from here by the kustomize build.
   */
  documents: Document.Parsed[];
}

export interface ParseOptions {
  /** The file lies under `templates/` of a Helm chart: any `{{` outside a comment makes the whole file a template. */
  chartTemplate?: boolean;
}

/**
 * Parses every document; syntax errors become one error each, documents that parse still yield objects.
 * A document whose `{{ … }}` YAML reads as structure is a template and is skipped (one error for the file
 * names how many); the file's other documents are analysed.
 */
export function parseManifest(file: string, text: string, options: ParseOptions = {}): ParsedManifest {
  const lines = new LineIndex(text);
  const chartAt = options.chartTemplate ? chartTemplateOffset(text) : undefined;
  if (chartAt !== undefined) {
    // Point at the first template expression so the one notice has a place the user recognises.
    return {
      file,
      lines,
      objects: [],
      template: true,
      documents: [],
      errors: [
        {
          file,
          kind: 'unsupported',
          message: 'not analysed: Helm chart template ({{ … }}); render it (helm template) and review the output',
          range: lines.rangeOf(chartAt, chartAt + 2),
        },
      ],
    };
  }
  const errors: AnalysisError[] = [];
  const objects: K8sObject[] = [];
  const documents: Document.Parsed[] = [];
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  const list = Array.isArray(docs) ? docs : [];
  const templated = templatedDocuments(list, templateExpressionOffsets(text));
  list.forEach((doc, documentIndex) => {
    if (templated.has(documentIndex)) return;
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
    documents.push(doc);
    objects.push(...documentObjects(file, doc, documentIndex));
  });
  if (templated.size > 0) errors.unshift(templateError(file, lines, templated, list.length));
  return {
    file,
    lines,
    objects,
    errors,
    template: templated.size > 0 && templated.size === list.length,
    documents,
  };
}

/** Document index → offset of its first template expression. */
function templatedDocuments(docs: readonly Document.Parsed[], offsets: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  let next = 0;
  docs.forEach((_doc, index) => {
    const end = index + 1 < docs.length ? docs[index + 1].range[0] : Number.POSITIVE_INFINITY;
    while (next < offsets.length && offsets[next] < end) {
      if (!out.has(index)) out.set(index, offsets[next]);
      next++;
    }
  });
  return out;
}

function templateError(
  file: string,
  lines: LineIndex,
  templated: ReadonlyMap<number, number>,
  documents: number,
): AnalysisError {
  const at = Math.min(...templated.values());
  const which =
    templated.size === documents
      ? documents === 1
        ? 'template'
        : `template (all ${documents} documents)`
      : `${templated.size} of ${documents} documents are templates (documents ${[...templated.keys()].map((i) => i + 1).join(', ')}; the others are analysed)`;
  return {
    file,
    kind: 'unsupported',
    message: `not analysed: ${which}: {{ … }} stands where YAML expects a value; render it (helm template) and review the output`,
    range: lines.rangeOf(at, at + 2),
  };
}

/**
 * The Kubernetes objects of one parsed document: its root mapping, or the items of a v1 List (`kubectl get -o yaml`
 * and some generators wrap objects in a v1 List or <Kind>List). Not every YAML file is Kubernetes (CI workflows,
 * compose files): a mapping without both apiVersion and kind is skipped quietly.
 */
export function documentObjects(file: string, doc: Document.Parsed, documentIndex: number): K8sObject[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const objects: K8sObject[] = [];
  const add = (node: YAMLMap): void => {
    const apiVersion = stringAt(node, ['apiVersion'], doc);
    const kind = stringAt(node, ['kind'], doc);
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
  const kind = stringAt(root, ['kind'], doc);
  if (kind && /List$/.test(kind) && stringAt(root, ['apiVersion'], doc) === 'v1') {
    for (const item of seqItems(valueAt(root, ['items'], doc), doc)) if (isMap(item)) add(item);
  } else add(root);
  return objects;
}

/**
 * The object's name as its file writes it: what a fix may write into that file (kustomize adds the build's
 * prefix, suffix or hash to it, and renames references to it, at build time).
 */
export function writtenName(object: K8sObject): string {
  return object.build?.writtenName ?? object.name;
}
