import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { AnalysisError, Finding, Fix, Range, Severity } from '../core/finding';
import type { RuleMeta } from '../core/rule';
import { renderRuleDoc } from '../core/rule';
import { LineIndex } from '../core/text';
import type { CheckReport } from './check';

/**
 * SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps, SonarQube imports). Locations are relative
 * to %SRCROOT% so a log made in CI points at the repository, not at the runner's disk.
 */

const SRCROOT = '%SRCROOT%';
const FINGERPRINT_KEY = 'scalingAssistant/v1';

export interface SarifOptions {
  cwd: string;
  version: string;
}

export function formatSarif(report: CheckReport, options: SarifOptions): string {
  return `${JSON.stringify(sarifLog(report, options), null, 2)}\n`;
}

export function sarifLog(report: CheckReport, options: SarifOptions): Sarif.Log {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const fingerprints = new Fingerprints(report.sources);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Scaling Assistant',
            version: options.version,
            semanticVersion: options.version,
            rules: report.rules.map(sarifRule),
          },
        },
        invocations: [
          {
            executionSuccessful: !report.errors.some((e) => e.kind === 'internal'),
            toolExecutionNotifications: report.errors.map(notification),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: folderUri(options.cwd) } },
        // Same unit as the model's ranges (LSP / VS Code), stated so consumers do not guess.
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((finding) => sarifResult(finding, ruleIndex, fingerprints)),
      },
    ],
  };
}

function sarifRule(rule: RuleMeta): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: firstParagraph(rule.docs) ?? rule.title },
    help: { text: rule.docs.trim(), markdown: renderRuleDoc(rule) },
    defaultConfiguration: { level: level(rule.defaultSeverity) },
    properties: {
      impact: rule.impact,
      effort: rule.effort,
      assistant: rule.assistant,
      tags: ['scaling', rule.assistant],
    },
  };
}

function sarifResult(
  finding: Finding,
  ruleIndex: ReadonlyMap<string, number>,
  fingerprints: Fingerprints,
): Sarif.Result {
  const index = ruleIndex.get(finding.ruleId);
  const related = finding.related ?? [];
  const fixes = finding.fixes ?? [];
  return {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: level(finding.severity),
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding.file, finding.range) }],
    ...(related.length > 0
      ? {
          relatedLocations: related.map((r, id) => ({
            id,
            physicalLocation: physicalLocation(r.file, r.range),
            message: { text: r.message },
          })),
        }
      : {}),
    ...(fixes.length > 0 ? { fixes: fixes.map(sarifFix) } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprints.of(finding) },
    properties: {
      assistant: finding.assistant,
      impact: finding.impact,
      effort: finding.effort,
      ...(finding.evidence ? { evidence: finding.evidence } : {}),
    },
  };
}

function sarifFix(fix: Fix): Sarif.Fix {
  const byFile = new Map<string, Sarif.Replacement[]>();
  for (const edit of fix.edits) {
    const replacements = byFile.get(edit.file) ?? [];
    replacements.push({
      deletedRegion: region(edit.range),
      ...(edit.newText ? { insertedContent: { text: edit.newText } } : {}),
    });
    byFile.set(edit.file, replacements);
  }
  return {
    description: { text: fix.title },
    artifactChanges: [...byFile].map(([file, replacements]) => ({
      artifactLocation: artifactLocation(file),
      replacements,
    })),
    ...(fix.detail ? { properties: { detail: fix.detail } } : {}),
  };
}

function notification(error: AnalysisError): Sarif.Notification {
  return {
    level: error.kind === 'unsupported' || error.kind === 'partial' ? 'warning' : 'error',
    message: { text: error.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(error.file),
          ...(error.range ? { region: region(error.range) } : {}),
        },
      },
    ],
    properties: { kind: error.kind },
  };
}

function physicalLocation(file: string, range: Range): Sarif.PhysicalLocation {
  return { artifactLocation: artifactLocation(file), region: region(range) };
}

function artifactLocation(file: string): Sarif.ArtifactLocation {
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/**
 * 0-based LSP range → SARIF region: 1-based lines and columns, end column exclusive. A whole-line deletion
 * ends at column 1 of the next line, which SARIF allows as is. Clamped so a malformed range from an engine
 * still yields a region a schema validator accepts.
 */
export function region(range: Range): Sarif.Region {
  const startLine = Math.max(0, range.start.line) + 1;
  const startColumn = Math.max(0, range.start.character) + 1;
  let endLine = Math.max(0, range.end.line) + 1;
  let endColumn = Math.max(0, range.end.character) + 1;
  if (endLine < startLine || (endLine === startLine && endColumn < startColumn)) {
    endLine = startLine;
    endColumn = startColumn;
  }
  return { startLine, startColumn, endLine, endColumn };
}

function level(severity: Severity): Sarif.Result.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

export function pascalCase(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** The first prose paragraph of a rule's Markdown docs, on one line. */
function firstParagraph(markdown: string): string | undefined {
  const paragraph = markdown
    .trim()
    .split(/\n\s*\n/)
    .find((block) => !block.trimStart().startsWith('#'));
  return paragraph?.replace(/\s+/g, ' ').trim();
}

/**
 * Fingerprints from rule, file and the trimmed text of the finding's first line, not its line number, so an
 * alert keeps its identity when lines are added above it. Identical lines in one file (two Deployments
 * both pinning `replicas: 3`) are told apart by their order: `<hash>:1`, `<hash>:2`.
 */
class Fingerprints {
  private readonly lines = new Map<string, LineIndex>();
  private readonly seen = new Map<string, number>();

  constructor(private readonly sources: ReadonlyMap<string, string>) {}

  of(finding: Finding): string {
    const text = this.lineText(finding.file, finding.range.start.line);
    const hash = createHash('sha256')
      .update(`${finding.ruleId}\0${finding.file}\0${text.trim()}`)
      .digest('hex')
      .slice(0, 32);
    const occurrence = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  }

  private lineText(file: string, line: number): string {
    const source = this.sources.get(file);
    if (source === undefined) return '';
    let index = this.lines.get(file);
    if (!index) {
      index = new LineIndex(source);
      this.lines.set(file, index);
    }
    return index.lineText(line);
  }
}
