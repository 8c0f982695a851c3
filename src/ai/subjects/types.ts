import type { ReviewSubject } from '../contract';
import type { JsonSchema } from '../validate';

/**
 * What one subject (an assistant, or the roadmap) adds to the shared deep-review machinery: its facts, its
 * tool, and what its answer may contain. Adding an assistant is a file like sql.ts, a template
 * prompts/<id>.md and a line in subjects/index.ts; placement, validation, redaction and the client are shared.
 */
export interface SubjectSpec {
  subject: ReviewSubject;
  /** For messages: "query optimizer". */
  displayName: string;
  /** The tool Claude must call with its structured answer. */
  toolName: string;
  toolDescription: string;
  /** Facts the subject's template names (keys of `DeepReviewRequest.facts`), each with what it is. */
  facts: Readonly<Record<string, string>>;
  /** Categories a finding may have; the CLI's rule id is `claude/<category>`. Empty: no findings, a narrative only. */
  categories: readonly string[];
  /** Findings may cite a YAML/JSON path (`spec.metrics[0]`) instead of a line. */
  paths: boolean;
  /** Claude may propose line replacements (offered as previewed edits). */
  edits: boolean;
  /** The tool's input schema (built from the fields above by schema.ts). */
  schema: JsonSchema;
}
