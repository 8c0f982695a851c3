import type { AssistantId } from '../core/finding';
import type { AiFinding, DeepReviewRequest, ProposedEdit, ReviewSuccess, UnplacedItem } from './contract';
import type { Range } from '../core/finding';
import type { GuardedEdit, GuardVerdict } from './guard/edit-guard';
import { EditGuard } from './guard/edit-guard';
import { DocumentView } from './placement';
import type { Answer, AnswerFinding } from './subjects/schema';
import type { SubjectSpec } from './subjects/types';
import { validate } from './validate';

/** The answer failed validation: the whole answer is refused, nothing of it is used. */
export class InvalidAnswer extends Error {}

/** Checks the tool input against the subject's schema (the same object sent as `input_schema`). */
export function parseAnswer(input: unknown, spec: SubjectSpec): Answer {
  const problems = validate(input, spec.schema);
  if (problems.length > 0) throw new InvalidAnswer(problems.join('; '));
  return input as Answer;
}

/**
 * Places every finding and edit of a validated answer on the document. Whatever cannot be placed becomes an
 * UnplacedItem with the reason; every edit passes the edit guard (refused ones are listed as refused, their
 * findings kept without them); SQL rewrites are then verified by the query optimizer and are offered only
 * when they parse and are not shown to change the result. Everything is decided before anything is returned.
 */
export async function placeAnswer(
  answer: Answer,
  request: DeepReviewRequest,
  spec: SubjectSpec,
  redactedDocument: string,
  model: string,
): Promise<Pick<ReviewSuccess, 'findings' | 'unplaced' | 'summary'>> {
  const view = new DocumentView(request.document.text, redactedDocument, request.document.file);
  const allowed = request.selection
    ? {
        first: request.selection.start.line,
        last: Math.max(
          request.selection.start.line,
          request.selection.end.character === 0 && request.selection.end.line > request.selection.start.line
            ? request.selection.end.line - 1
            : request.selection.end.line,
        ),
      }
    : { first: 0, last: view.lineCount - 1 };
  const findings: AiFinding[] = [];
  const unplaced: UnplacedItem[] = [];
  const assistant = request.subject === 'roadmap' ? undefined : (request.subject as AssistantId);
  const guard = new EditGuard(request.document);

  for (const item of answer.findings ?? []) {
    const placed = view.place(item.location, spec.paths);
    if (!placed.ok || !assistant) {
      unplaced.push({
        title: item.title,
        explanation: item.explanation,
        reason: placed.ok ? 'the roadmap narrative has no places in a document' : placed.reason,
      });
      continue;
    }
    const edits: ProposedEdit[] = [];
    if (item.edit && spec.edits) {
      const edit = await proposedEdit(item, view, allowed, request, guard, unplaced);
      if (edit) edits.push(edit);
    }
    findings.push({
      file: request.document.file,
      assistant,
      ruleId: `claude/${item.category}`,
      severity: item.severity,
      message: item.title,
      range: placed.range,
      impact: item.impact,
      effort: item.effort,
      evidence: { notes: [`Reported by Claude (${model}), not established by a rule: review before acting on it.`] },
      explanation: item.explanation,
      edits,
    });
  }
  return { findings, unplaced, summary: answer.summary };
}

async function proposedEdit(
  item: AnswerFinding,
  view: DocumentView,
  allowed: { first: number; last: number },
  request: DeepReviewRequest,
  guard: EditGuard,
  unplaced: UnplacedItem[],
): Promise<ProposedEdit | undefined> {
  const edit = item.edit;
  if (!edit) return undefined;
  const checked = view.edit(edit, allowed);
  const refuse = (reason: string) => {
    unplaced.push({ title: `Edit not offered: ${item.title}`, explanation: item.explanation, reason });
    return undefined;
  };
  if (!checked.ok) return refuse(checked.reason);
  const guarded: GuardedEdit = {
    start: view.original.offsetAt(checked.range.start),
    end: view.original.offsetAt(checked.range.end),
    newText: checked.newText,
  };
  let judged: GuardVerdict;
  try {
    judged = await guard.check(guarded);
  } catch (error) {
    // A guard that cannot decide does not let the edit through.
    judged = { ok: false, reason: `the edit could not be checked: ${(error as Error).message ?? String(error)}` };
  }
  if (!judged.ok) {
    unplaced.push({
      title: `Edit refused: ${item.title}`,
      explanation: item.explanation,
      reason: judged.reason,
      refused: true,
    });
    return undefined;
  }
  const proposed: ProposedEdit = {
    title: `Apply Claude's change: ${item.title}`,
    file: request.document.file,
    range: checked.range,
    newText: checked.newText,
  };
  if (request.subject !== 'sql') {
    guard.offer(guarded);
    return proposed;
  }
  if (!request.verifyRewrite) return refuse('the query optimizer could not verify the rewrite, so it is not offered');
  let verdict: Awaited<ReturnType<NonNullable<DeepReviewRequest['verifyRewrite']>>>;
  try {
    const statement = withoutTerminator(view, checked.range, checked.newText);
    verdict = await request.verifyRewrite(statement.range, statement.newText);
  } catch (error) {
    return refuse(`verifying the rewrite failed: ${(error as Error).message ?? String(error)}`);
  }
  if (!verdict.parses) return refuse(`the rewritten SQL does not parse${verdict.note ? `: ${verdict.note}` : ''}`);
  if (verdict.equivalent === false)
    return refuse(`the rewrite returns different rows on the sandbox's data${verdict.note ? `: ${verdict.note}` : ''}`);
  guard.offer(guarded);
  return {
    ...proposed,
    title: verdict.equivalent
      ? `${proposed.title} (verified equivalent)`
      : `${proposed.title} (equivalence not proven)`,
    verified: { equivalent: verdict.equivalent, ...(verdict.note ? { note: verdict.note } : {}) },
  };
}

/**
 * Whole-line edits usually end with the statement's `;`, which the optimizer does not count as part of the
 * statement: the statement is checked without it (and without the replacement's own, if it has one).
 */
function withoutTerminator(view: DocumentView, range: Range, newText: string): { range: Range; newText: string } {
  const start = view.original.offsetAt(range.start);
  const end = view.original.offsetAt(range.end);
  const replaced = /;\s*$/.exec(view.text.slice(start, end));
  const replacement = /;\s*$/.exec(newText);
  if (!replaced) return { range, newText };
  return {
    range: { start: range.start, end: view.original.positionAt(end - replaced[0].length) },
    newText: replacement ? newText.slice(0, newText.length - replacement[0].length) : newText,
  };
}
