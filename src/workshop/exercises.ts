import { descriptorFor } from '../assistants/catalog';
import type { AssistantId } from '../core/finding';
import type { Translate } from '../core/translate';

/** The workshop's exercises, one per session of the walkthrough, in its order. */
export const EXERCISE_IDS = ['readiness', 'queries', 'frontend', 'hpa', 'decomposition', 'roadmap'] as const;
export type ExerciseId = (typeof EXERCISE_IDS)[number];

export interface Exercise {
  id: ExerciseId;
  /** Whether Check My Work has criteria for it (src/workshop/check.ts); without, the walkthrough step decides. */
  checked: boolean;
  /** The assistant whose engine checks it; the exercise is not offered while that assistant is not built. */
  assistant?: AssistantId;
  /** Files (relative to the sample) that *Reset Exercise* restores from the extension's copy of the sample. */
  files: readonly string[];
  /** Folders whose files the participant may add to (a new migration): reset removes the added ones. */
  addedUnder?: readonly string[];
}

export const EXERCISES: readonly Exercise[] = [
  {
    id: 'readiness',
    checked: true,
    files: ['.scaling-assistant/assessment.json'],
  },
  {
    id: 'queries',
    checked: true,
    assistant: 'sql',
    files: [
      'db/queries/catalog.sql',
      'db/migrations/001_init.sql',
      'db/migrations/002_catalog.sql',
      'db/migrations/003_reviews.sql',
      'db/migrations/004_orders.sql',
      'db/migrations/005_carts.sql',
      'db/migrations/006_payments_and_outbox.sql',
      'db/migrations/007_backoffice_release_2_3.sql',
    ],
    addedUnder: ['db/migrations'],
  },
  {
    id: 'frontend',
    checked: true,
    assistant: 'react',
    files: [
      'web/src/App.tsx',
      'web/src/ProductList.tsx',
      'web/src/ProductCard.tsx',
      'web/src/Cart.tsx',
      'web/src/SearchBox.tsx',
    ],
  },
  {
    id: 'hpa',
    checked: true,
    assistant: 'k8s',
    files: ['k8s/api.yaml', 'k8s/web.yaml', 'k8s/pdb.yaml'],
  },
  {
    id: 'decomposition',
    checked: true,
    assistant: 'decomposition',
    files: ['docs/decomposition.json'],
  },
  {
    id: 'roadmap',
    checked: true,
    files: ['docs/roadmap.md'],
  },
];

export function exercise(id: ExerciseId): Exercise {
  const found = EXERCISES.find((e) => e.id === id);
  if (!found) throw new Error(`unknown exercise: ${id}`);
  return found;
}

/** Whether Check My Work can pass this exercise today: it has a check and its assistant is built (catalog). */
export function isCheckable(id: ExerciseId, available: (id: AssistantId) => boolean = catalogAvailable): boolean {
  const { assistant, checked } = exercise(id);
  return checked && (!assistant || available(assistant));
}

export const catalogAvailable = (id: AssistantId): boolean => descriptorFor(id).available;

export function isExerciseId(value: unknown): value is ExerciseId {
  return typeof value === 'string' && (EXERCISE_IDS as readonly string[]).includes(value);
}

/** The folders the exercises read: the rest of the sample (node_modules a participant installed) is not read. */
export const EXERCISE_FOLDERS = ['.scaling-assistant', 'db', 'k8s', 'docs', 'web/src', 'monolith/src'];

/** Where the roadmap exercise expects the exported plan. */
export const ROADMAP_EXPORT_PATH = 'docs/roadmap.md';
/** The monolith the decomposition exercise plans, and where it expects the participant's boundaries. */
export const MONOLITH_ROOT = 'monolith';
export const DECOMPOSITION_PLAN_PATH = 'docs/decomposition.json';
/** The workshop's slow query, and the migration that must become lock-safe. */
export const CATALOG_QUERY_PATH = 'db/queries/catalog.sql';
export const HPA_MANIFEST_PATH = 'k8s/api.yaml';
/** The speedup the workshop's live session reached (3.2 s → 0.3 s), rounded to what the check asks. */
export const REQUIRED_SPEEDUP = 10;

/** The exercise's title as the walkthrough names its step. */
export function exerciseTitle(id: ExerciseId, t: Translate): string {
  switch (id) {
    case 'readiness':
      return t('Readiness assessment');
    case 'queries':
      return t('Query optimisation');
    case 'frontend':
      return t('Frontend optimisation');
    case 'hpa':
      return t('HPA review and the cost of the peak');
    case 'decomposition':
      return t('Monolith decomposition');
    case 'roadmap':
      return t('The roadmap and its export');
  }
}
