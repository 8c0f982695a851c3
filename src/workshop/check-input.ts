import type { AssistantId } from '../core/finding';
import type { Workspace } from '../core/workspace';
import type { Translate } from '../core/translate';

/** What a check is given: the participant's workspace, the sample as shipped, and how to speak. */
export interface CheckInput {
  /** The participant's workspace, paths relative to its folder (`k8s/api.yaml`). */
  workspace: Workspace;
  /** The extension's own copy of the sample, the same paths: the "before" of every comparison. */
  original: Workspace;
  t: Translate;
  /** Assistant settings as the editor or the CLI read them (`scalingAssistant.sql.*` → `sql`). */
  settings?: Partial<Record<AssistantId, Record<string, unknown>>>;
  /** Whether an assistant is built (the catalog's `available`); tests pass their own. */
  available?: (id: AssistantId) => boolean;
  /** False: skip the long sandbox measurement (the criterion is then "not measured", never passed). */
  measure?: boolean;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}
