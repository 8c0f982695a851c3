import type { ExerciseResult } from '../../../workshop/result';

/** For the integration tests (ExtensionMode.Test only): the workshop folder found, and the progress kept. */
export interface WorkshopTestHooks {
  /** Looks for the workshop folder again and republishes progress; its URI, if found. */
  refresh(): Promise<string | undefined>;
  results(): ExerciseResult[];
}
