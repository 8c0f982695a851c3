import { defineSubject } from './schema';
import type { SubjectSpec } from './types';

/** The roadmap's narrative: a text only, no findings and no edits (the plan itself is computed, not asked for). */
export const roadmapSubject: SubjectSpec = defineSubject({
  subject: 'roadmap',
  displayName: 'scaling roadmap',
  toolName: 'write_roadmap_narrative',
  toolDescription: 'Write the narrative of the scaling roadmap in Markdown.',
  facts: {
    plan: 'the roadmap plan our planner computed (phases, tasks, estimates, dependencies) as JSON',
    assessment: 'the readiness assessment the team filled in, as JSON',
  },
  categories: [],
  paths: false,
  edits: false,
  summary:
    'The narrative in Markdown: one section per phase explaining why its tasks come first, the expected effect, the risks and how to measure success. Cite task titles exactly.',
});
