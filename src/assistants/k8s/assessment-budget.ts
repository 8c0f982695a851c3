import type { Range } from '../../core/finding';
import type { WorkspaceFile } from '../../core/workspace';
import { parseAssessment } from '../../roadmap/assessment';
import { ASSESSMENT_PATH } from '../../roadmap/model';

/** The monthly infrastructure budget a readiness assessment states, and where. */
export interface AssessmentBudget {
  monthly: number;
  /** The assessment file, named as the workspace names files. */
  file: string;
  /** The field, for related information. */
  range?: Range;
}

const BUDGET_PATH = ['constraints', 'monthlyInfrastructureBudget'] as const;

/**
 * Reads `constraints.monthlyInfrastructureBudget` from the workspace's readiness assessment
 * (`.scaling-assistant/assessment.json`, the roadmap's file, read with the roadmap's own reader), once per
 * version of the file. The workspace's one assessment counts; with several (one per workspace folder), the one
 * of the folder that holds the analysed file. A broken assessment is the roadmap's to report: here it only means "no budget".
 */
export class AssessmentBudgets {
  private readonly byFile = new Map<string, { stamp: string; budget?: AssessmentBudget }>();

  /** `files` is the engine's listing of the workspace (the assessment is a .json file, so it is in it). */
  async budgetFor(files: readonly WorkspaceFile[], analysed: string): Promise<AssessmentBudget | undefined> {
    const assessments = files.filter((entry) => {
      const root = entry.file.slice(0, entry.file.length - ASSESSMENT_PATH.length);
      return entry.file.endsWith(ASSESSMENT_PATH) && (root === '' || root.endsWith('/'));
    });
    let best = assessments.length === 1 ? assessments[0] : undefined;
    let bestRoot = -1;
    for (const entry of assessments) {
      const root = entry.file.slice(0, entry.file.length - ASSESSMENT_PATH.length);
      if (analysed.startsWith(root) && root.length > bestRoot) {
        best = entry;
        bestRoot = root.length;
      }
    }
    if (!best) return undefined;
    const cached = this.byFile.get(best.file);
    if (cached?.stamp === best.stamp) return cached.budget;
    const text = await best.read();
    const parsed = text === undefined ? undefined : parseAssessment(best.file, text);
    const monthly = parsed?.assessment?.constraints?.monthlyInfrastructureBudget;
    const budget =
      parsed && monthly !== undefined ? { monthly, file: best.file, range: parsed.rangeOf(BUDGET_PATH) } : undefined;
    this.byFile.set(best.file, { stamp: best.stamp, budget });
    return budget;
  }
}
