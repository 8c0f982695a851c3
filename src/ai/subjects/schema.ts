import type { JsonSchema } from '../validate';
import type { SubjectSpec } from './types';

/** Shared shape of a subject's answer; `toolSchema` tailors it (categories, paths, edits). */
export interface AnswerLocation {
  line?: number;
  endLine?: number;
  quote?: string;
  path?: string;
}

export interface AnswerEdit {
  line: number;
  endLine: number;
  replacement: string;
}

export interface AnswerFinding {
  title: string;
  category: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  impact: 'high' | 'medium' | 'low';
  effort: 'small' | 'medium' | 'large';
  explanation: string;
  location: AnswerLocation;
  edit?: AnswerEdit;
}

export interface Answer {
  summary: string;
  findings?: AnswerFinding[];
}

export const MAX_FINDINGS = 40;

export function toolSchema(options: {
  categories: readonly string[];
  paths: boolean;
  edits: boolean;
  summary: string;
}): JsonSchema {
  const location: JsonSchema = {
    type: 'object',
    description: options.paths
      ? 'Where the problem is: a line of the numbered document with a verbatim quote from it, or a YAML/JSON path such as spec.metrics[0].resource.'
      : 'Where the problem is: a line of the numbered document and a verbatim quote from that line.',
    properties: {
      line: { type: 'integer', minimum: 1, description: 'Line number as shown in the numbered document.' },
      endLine: { type: 'integer', minimum: 1, description: 'Last line, when the problem spans several lines.' },
      quote: {
        type: 'string',
        minLength: 1,
        maxLength: 300,
        description: 'Text copied exactly from the cited line (no line number prefix).',
      },
      ...(options.paths
        ? {
            path: {
              type: 'string',
              minLength: 1,
              maxLength: 300,
              description: 'YAML/JSON path of the node, e.g. spec.behavior.scaleDown.',
            },
          }
        : {}),
    },
    additionalProperties: false,
  };
  const finding: JsonSchema = {
    type: 'object',
    properties: {
      title: {
        type: 'string',
        minLength: 3,
        maxLength: 160,
        description: 'One line, shown as the diagnostic message.',
      },
      category: { type: 'string', enum: options.categories },
      severity: { type: 'string', enum: ['error', 'warning', 'info', 'hint'] },
      impact: { type: 'string', enum: ['high', 'medium', 'low'] },
      effort: { type: 'string', enum: ['small', 'medium', 'large'] },
      explanation: {
        type: 'string',
        minLength: 1,
        maxLength: 4000,
        description: 'Markdown for the hover: why, what it costs at scale, what to do.',
      },
      location,
      ...(options.edits
        ? {
            edit: {
              type: 'object',
              description:
                'Optional: replace whole lines line..endLine of the document with `replacement` (offered to the user as a previewed edit).',
              properties: {
                line: { type: 'integer', minimum: 1 },
                endLine: { type: 'integer', minimum: 1 },
                replacement: {
                  type: 'string',
                  maxLength: 20000,
                  description: 'The new text of those lines, without line numbers.',
                },
              },
              required: ['line', 'endLine', 'replacement'],
              additionalProperties: false,
            } satisfies JsonSchema,
          }
        : {}),
    },
    required: ['title', 'category', 'severity', 'impact', 'effort', 'explanation', 'location'],
    additionalProperties: false,
  };
  return {
    type: 'object',
    properties: {
      summary: { type: 'string', minLength: 1, maxLength: 20000, description: options.summary },
      ...(options.categories.length > 0 ? { findings: { type: 'array', maxItems: MAX_FINDINGS, items: finding } } : {}),
    },
    required: options.categories.length > 0 ? ['summary', 'findings'] : ['summary'],
    additionalProperties: false,
  };
}

/** A subject with its tool's schema built from its own categories, paths and edits, so the two cannot disagree. */
export function defineSubject(spec: Omit<SubjectSpec, 'schema'> & { summary: string }): SubjectSpec {
  const { summary, ...rest } = spec;
  return {
    ...rest,
    schema: toolSchema({ categories: spec.categories, paths: spec.paths, edits: spec.edits, summary }),
  };
}
