import type { ExtractionStep } from '../assistants/decomposition/contract';
import type { PhaseId, StrategicTaskSpec, TaskEvidence } from './model';

/**
 * Roadmap tasks from the decomposition planner's strangler-fig steps: a phase 3 step (a module behind a façade
 * in the modular monolith) becomes a task of advanced optimisation, a phase 4 step (the network split) one of
 * strategic evolution. Hours come from the step's effort size (its edge counts) and say they are estimates.
 */
export interface DecompositionTaskSpec extends StrategicTaskSpec {
  id: string;
  description: string;
  earliestPhase: PhaseId;
  after: string[];
  findings: TaskEvidence[];
}

/** Hours per effort size: making a module (phase 3), and splitting it out with its data (phase 4). */
export const DECOMPOSITION_HOURS: Record<3 | 4, Record<ExtractionStep['effort']['size'], number>> = {
  3: { small: 16, medium: 40, large: 80 },
  4: { small: 40, medium: 80, large: 160 },
};

const taskId = (step: ExtractionStep) => `decomposition:${step.service}:${step.phase === 3 ? 'module' : 'split'}`;

export function decompositionTasks(steps: readonly ExtractionStep[]): DecompositionTaskSpec[] {
  const ordered = [...steps].sort((a, b) => a.order - b.order);
  const previous = new Map<number, ExtractionStep>();
  return ordered.map((step) => {
    const after: string[] = [];
    const before = previous.get(step.phase);
    if (before) after.push(taskId(before));
    if (step.phase === 4) {
      const module = ordered.find((s) => s.phase === 3 && s.service === step.service);
      if (module) after.push(taskId(module));
    }
    previous.set(step.phase, step);
    const hours = DECOMPOSITION_HOURS[step.phase][step.effort.size];
    const risky = step.dataMigrations.length > 0 && step.phase === 4;
    return {
      id: taskId(step),
      title:
        step.phase === 3
          ? `Make ${step.service} a module behind a façade (step ${step.order})`
          : `Split ${step.service} out as a service (step ${step.order})`,
      description: step.preconditions[0] ?? `Strangler-fig step ${step.order} for ${step.service}`,
      hours,
      hoursBasis: `estimate: ${hours} h for a ${step.effort.size} step (${step.effort.basis})`,
      impact: step.phase === 3 ? 'medium' : 'high',
      severity: 'info',
      risk: risky ? 'high' : 'medium',
      mitigation: step.rollback.join('; '),
      skills: step.phase === 3 ? ['Architecture', 'TypeScript'] : ['Architecture', 'Data migration', 'Operations'],
      earliestPhase: step.phase === 3 ? 'advanced-optimisation' : 'strategic-evolution',
      after,
      findings: step.places.map((place) => ({ file: place.file, range: place.range, message: place.why })),
    };
  });
}
