import type { AssistantId } from '../core/finding';
import type { Workspace } from '../core/workspace';
import type { Translate } from '../core/translate';
import type { FrontendMeasures } from './frontend-figures';

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
  /**
   * The participant's folder on disk (absolute): where the frontend exercise's measurements find web/node_modules.
   * Absent (a virtual folder): those figures say they were not measured.
   */
  folder?: string;
  /** The workspace's own code may run: the render measurement imports its components and packages. */
  trusted?: boolean;
  /** How the frontend exercise measures; the frontend optimizer's engine unless a test hands in its own. */
  frontendMeasures?: FrontendMeasures;
}
