import type { DecompositionTestHooks } from '../decomposition/testing';
import type { DeepReviewTestHooks } from '../deep-review/testing';
import type { ReactTestHooks } from '../react/common/testing';
import type { RoadmapTestHooks } from '../roadmap/common/testing';
import type { SqlAdviceTestHooks } from '../sql-advice/testing';
import type { WorkshopTestHooks } from '../workshop/common/testing';

/**
 * What the extension exports in `ExtensionMode.Test` beside its documented API: the handles the integration
 * tests drive the features by. Built only in that mode (see extension.ts): in production no feature records
 * anything for tests and no other extension can reach a hook.
 */
export interface TestApi {
  roadmapForTests: RoadmapTestHooks;
  deepReviewForTests: DeepReviewTestHooks;
  sqlAdviceForTests: SqlAdviceTestHooks;
  decompositionForTests: DecompositionTestHooks;
  reactForTests: ReactTestHooks;
  workshopForTests: WorkshopTestHooks;
}

/** Where features leave their test hooks during registration. */
export class TestHooks {
  private readonly hooks: Partial<TestApi> = {};

  set<K extends keyof TestApi>(key: K, hooks: TestApi[K]): void {
    this.hooks[key] = hooks;
  }

  api(): Partial<TestApi> {
    return { ...this.hooks };
  }
}
