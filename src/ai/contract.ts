/**
 * The contract of a deep review with Claude, shared by the AI layer (`src/ai`), the editor and the CLI.
 * No vscode, no SDK types here: the editor and the CLI depend on this file only, and the SDK stays inside
 * `src/ai`.
 */
import type { AssistantId, Finding, Range } from '../core/finding';

/** What a deep review is about: one of the assistants, or the roadmap's narrative. */
export type ReviewSubject = AssistantId | 'roadmap';

/**
 * Every way a request can end other than success. `message` is for the user and names the action that
 * helps; it never contains the API key or the text sent.
 */
export type AiFailure =
  | { kind: 'disabled'; message: string }
  | { kind: 'untrusted'; message: string }
  | { kind: 'no-key'; message: string }
  | { kind: 'consent-declined'; message: string }
  | { kind: 'cancelled'; message: string }
  | { kind: 'rate-limited'; message: string; retryAfterSeconds?: number }
  | { kind: 'overloaded'; message: string }
  | { kind: 'auth'; message: string }
  | { kind: 'network'; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'server'; message: string; status?: number }
  | { kind: 'invalid-answer'; message: string }
  | { kind: 'truncated'; message: string }
  | { kind: 'too-large'; message: string }
  /** Anything else (a broken prompt template, an unexpected error): a bug to report, never a crash. */
  | { kind: 'internal'; message: string };

export type AiFailureKind = AiFailure['kind'];

/** A change Claude proposes: applied only as a previewed edit, never executed. */
export interface ProposedEdit {
  title: string;
  file: string;
  range: Range;
  newText: string;
  /** SQL rewrites: the query optimizer's verdict (parse + equivalence on synthetic data). */
  verified?: { equivalent: boolean | null; note?: string };
}

/** A finding Claude reported that we placed on a validated range of the document. */
export interface AiFinding extends Finding {
  /** Longer explanation for the hover. */
  explanation: string;
  edits: ProposedEdit[];
}

/**
 * Something Claude said that could not be placed on the document (a line that does not exist, a bad path),
 * or an edit that was not offered (its finding may still be shown, without it).
 */
export interface UnplacedItem {
  title: string;
  explanation: string;
  reason: string;
  /**
   * Set for an edit the edit guard refused as destructive (it removes most of the file, deletes or renames
   * an object, changes a statement's kind, widens a DELETE/UPDATE, adds a destructive statement): shown as
   * refused rather than as not placed.
   */
  refused?: true;
}

export interface ReviewSuccess {
  ok: true;
  subject: ReviewSubject;
  model: string;
  findings: AiFinding[];
  unplaced: UnplacedItem[];
  /** Free text (the roadmap narrative, a summary), Markdown. */
  summary?: string;
  usage?: { inputTokens: number; outputTokens: number };
}

export type ReviewResult = ReviewSuccess | { ok: false; subject: ReviewSubject; failure: AiFailure };

/** What will be sent, for the consent modal and the log (after redaction). */
export interface OutgoingRequest {
  subject: ReviewSubject;
  files: string[];
  bytes: number;
  /** An estimate (characters / 4), and labelled so. */
  estimatedTokens: number;
  redactions: { kind: string; count: number }[];
}

/** Everything a deep review needs, supplied by the editor or the CLI. */
export interface DeepReviewRequest {
  subject: ReviewSubject;
  document: { file: string; text: string; languageId?: string };
  /** Review only this part (the selection); the whole document when absent. */
  selection?: Range;
  /** The static findings our engine already established for the document (the facts Claude is given). */
  findings: readonly Finding[];
  /** Subject-specific facts as text blocks (schema, plan, object graph, roadmap plan JSON), already built. */
  facts?: Readonly<Record<string, string>>;
  apiKey: string;
  model: string;
  /** Endpoint override (tests: the loopback stub); the SDK default otherwise. */
  baseURL?: string;
  signal?: AbortSignal;
  /** Streamed progress for the notification ("receiving… 1,200 tokens"). */
  onProgress?: (message: string) => void;
  /** Asked once before anything is sent; false ends the review with `consent-declined`. */
  consent: (outgoing: OutgoingRequest) => Promise<boolean>;
  /** Where the redacted request and the outcome are logged (never the key). */
  log: (line: string) => void;
  /** Checks a proposed SQL replacement with the query optimizer (parse + equivalence). */
  verifyRewrite?: (
    range: Range,
    newText: string,
  ) => Promise<{ parses: boolean; equivalent: boolean | null; note?: string }>;
  /** Request timeout, ms. */
  timeoutMs?: number;
  /** Directory of the prompt templates (`prompts/` of the extension or the CLI's package). */
  promptsDir: string;
  /**
   * Who asks: failure messages name the action that helps there ("Set Anthropic API Key" in the editor,
   * `ANTHROPIC_API_KEY` for the CLI). Default 'editor'.
   */
  host?: 'editor' | 'cli';
}
