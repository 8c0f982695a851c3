import type { CheckInput } from './check-input';
import { engineFindings } from './engine-findings';
import { STOREFRONT, frontendFigures } from './frontend-figures';
import type { Criterion, Figure } from './result';

/** One criterion: the frontend optimizer's rules that must report nothing on the storefront, and the file it needs. */
interface FrontendCriterion {
  id: string;
  rules: readonly string[];
  /** A file whose removal would silence the rules without solving anything: the criterion needs it. */
  keeps?: string;
  /** The measured figures the report shows with it. */
  figures?: 'imports' | 'renders';
  label: (t: CheckInput['t']) => string;
  solved: (t: CheckInput['t']) => string;
}

const CRITERIA: readonly FrontendCriterion[] = [
  {
    id: 'no-whole-library-import',
    rules: ['whole-library-import'],
    figures: 'imports',
    label: (t) => t('The storefront no longer imports all of lodash and moment'),
    solved: (t) => t('Every import takes only what the component uses.'),
  },
  {
    id: 'stable-props-to-memo-child',
    rules: ['unstable-prop-to-memo-child'],
    keeps: 'web/src/ProductList.tsx',
    figures: 'renders',
    label: (t) => t('ProductList passes stable props to the memoised ProductCard'),
    solved: (t) => t('ProductCard re-renders only when its product changes.'),
  },
  {
    id: 'stable-context-value',
    rules: ['unstable-context-value'],
    keeps: 'web/src/Cart.tsx',
    label: (t) => t('The cart context value keeps its identity between renders'),
    solved: (t) => t('Components reading the cart re-render only when the cart changes.'),
  },
  {
    id: 'no-derived-state-in-effect',
    rules: ['derived-state-in-effect'],
    keeps: 'web/src/SearchBox.tsx',
    label: (t) => t('SearchBox computes what it shows during render, not in an effect'),
    solved: (t) => t('No state is copied from props or other state in an effect.'),
  },
];

/**
 * Exercise 2: the frontend optimizer's findings on the storefront (web/src) after the participant's changes, with
 * what they changed measured by its engine: the bundle's package imports and ProductList's renders.
 */
export async function checkFrontend(input: CheckInput): Promise<Criterion[]> {
  const { t } = input;
  const run = await engineFindings('react', input.workspace, STOREFRONT, input.settings?.react, input.signal);
  const present = new Set((await input.workspace.files(STOREFRONT)).map((f) => f.file));
  const errorHint = run.errors[0]
    ? t('{0} could not be analysed: {1}', run.errors[0].file, run.errors[0].message)
    : undefined;
  const figures: Record<'imports' | 'renders', Figure[]> = await frontendFigures(input);
  return CRITERIA.map((c): Criterion => {
    const found = run.findings.find((f) => c.rules.includes(f.ruleId));
    const missing = c.keeps && !present.has(c.keeps) ? c.keeps : undefined;
    return {
      id: c.id,
      passed: !found && !missing && !errorHint,
      label: c.label(t),
      hint: found
        ? t('{0}: {1}', found.file, found.message)
        : missing
          ? t('{0} is missing.', missing)
          : (errorHint ?? c.solved(t)),
      place: found ? { file: found.file, line: found.range.start.line } : c.keeps ? { file: c.keeps } : undefined,
      ...(c.figures ? { figures: figures[c.figures] } : {}),
    };
  });
}
