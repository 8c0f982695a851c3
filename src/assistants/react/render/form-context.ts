import type { Workspace } from '../../../core/workspace';
import type { ComponentGraph } from '../component-graph';

/**
 * react-hook-form's hooks that read the form from its context: null outside a `<FormProvider>` (shadcn's `<Form>`),
 * where `useFormContext().getFieldState` throws. `useController`, `useWatch` and `useFormState` read it too when no
 * `control` is passed.
 */
const READS_FORM_CONTEXT = /\buse(?:FormContext|Controller|Watch|FormState)\s*\(|<(?:[\w$]+\.)?Controller[\s/>]/;

/**
 * The component's module, or one of the workspace modules it imports (shadcn's `components/ui/form`), or the call
 * site's module, reads a form's context: the harness gives it one (protocol.ts formContext). One hop only: a form
 * field a few components further down sits inside its own `<Form>` in the app.
 */
export async function readsFormContext(
  graph: ComponentGraph | undefined,
  workspace: Workspace | undefined,
  texts: ReadonlyArray<{ file: string; text: string }>,
): Promise<boolean> {
  if (texts.some((t) => READS_FORM_CONTEXT.test(t.text))) return true;
  if (!graph || !workspace) return false;
  const imported = new Set<string>();
  for (const { file } of texts)
    for (const reference of graph.modules.module(file)?.references ?? [])
      if (reference.target && !reference.external && !reference.typeOnly) imported.add(reference.target);
  if (!imported.size) return false;
  for (const entry of await workspace.files(/\.[cm]?[jt]sx?$/)) {
    if (!imported.has(entry.file)) continue;
    const text = await entry.read().catch(() => undefined);
    if (text !== undefined && READS_FORM_CONTEXT.test(text)) return true;
  }
  return false;
}
