import type { ReviewSubject } from '../contract';
import { decompositionSubject } from './decomposition';
import { k8sSubject } from './k8s';
import { reactSubject } from './react';
import { roadmapSubject } from './roadmap';
import { sqlSubject } from './sql';
import type { SubjectSpec } from './types';

/** Every subject a deep review can have; a new assistant adds its spec here and a prompts/<id>.md. */
export const SUBJECTS: Readonly<Record<ReviewSubject, SubjectSpec>> = {
  sql: sqlSubject,
  k8s: k8sSubject,
  react: reactSubject,
  decomposition: decompositionSubject,
  roadmap: roadmapSubject,
};

export type { SubjectSpec } from './types';
