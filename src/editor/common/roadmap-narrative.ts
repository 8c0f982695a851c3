import type { AiFailure } from '../../ai/contract';
import type { RoadmapPlan } from '../../roadmap/model';

/**
 * How the roadmap panel asks the deep review for its narrative: an internal command between two features, so
 * neither holds the other (the roadmap chunk must not own the AI layer either).
 */
export const NARRATE_ROADMAP_COMMAND = 'scalingAssistant.deepReview.narrateRoadmap';

/** What the roadmap panel hands over for a narrative: the plan, its Markdown export and the assessment. */
export interface NarrativeInput {
  plan: RoadmapPlan;
  markdown: string;
  assessment?: unknown;
}

export type NarrativeOutcome =
  { ok: true; text: string; model: string } | { ok: false; failure: AiFailure; message: string };

/** Writes the roadmap narrative for a plan. */
export type RoadmapNarrator = (input: NarrativeInput) => Promise<NarrativeOutcome>;
