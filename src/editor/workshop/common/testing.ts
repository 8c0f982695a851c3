import type { ExerciseResult } from '../../../workshop/result';

/** For the integration tests (ExtensionMode.Test only): the workshop folder found, and the progress kept. */
export interface WorkshopTestHooks {
  /** Looks for the workshop folder again and republishes progress; its URI, if found. */
  refresh(): Promise<string | undefined>;
  results(): ExerciseResult[];
  /** The walkthrough's context keys (`scalingAssistant.workshop.<exercise>.passed`) as last set. */
  contextKeys(): Record<string, boolean>;
  /** Answers Reset Exercise's question without the modal (undefined: the modal again). */
  answerReset(answer: boolean | undefined): void;
  /** The status item's text while it shows ("Workshop: 1 of 4"). */
  statusText(): string | undefined;
}
