import type * as TS from 'typescript';
import { skipOuter } from '../components';
import type { ReactRule } from '../rule';

/** Calls too cheap to be worth a lazy initialiser. */
const CHEAP_CALLS = new Set(['Boolean', 'Number', 'String', 'Symbol', 'BigInt', 'Date.now', 'Math.random', 'useId']);
/** Methods of a string or number that cost next to nothing (`value.toString()`). */
const CHEAP_METHODS = new Set(['toString', 'toFixed', 'trim', 'toLowerCase', 'toUpperCase', 'valueOf']);

/**
 * `useState(compute())`: the argument is evaluated on every render, and thrown away after the first, because
 * React only uses the initial value once. `useState(() => compute())` runs it once.
 */
export const useStateWithoutLazyInit: ReactRule = {
  id: 'use-state-without-lazy-init',
  assistant: 'react',
  title: 'useState initial value computed on every render',
  defaultSeverity: 'warning',
  impact: 'low',
  effort: 'small',
  roadmap: {
    task: 'Make {count} useState initialiser(s) lazy',
    baseHours: 0.5,
    hoursPerPlace: 0.1,
    risk: 'low',
    mitigation: 'The lazy form gives the same initial state; nothing else changes.',
    skills: ['React'],
  },
  docs: `
## Why it matters

\`useState(initial)\` evaluates \`initial\` on every render of the component, like any other argument, but
React uses it only on the first. When it is a call — \`JSON.parse(localStorage.getItem(key))\`,
\`buildIndex(items)\`, \`new Map(entries)\`, \`[...items].sort()\` — that work is repeated on every render for
nothing, and it runs during rendering, where it delays every update of the component.

Calls that cost nothing (\`Boolean(x)\`, \`Number(x)\`, \`Date.now()\`, an empty \`Array()\` or \`new Map()\`) are not
reported.

## How to fix it

Pass a function: \`useState(() => compute())\`. React calls it once, for the first render. The quick fix adds
the \`() =>\`.

## When to ignore it

When the call is trivially cheap and you prefer the shorter form.
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const hook of model.hooks) {
      if (hook.name !== 'useState' || !hook.owner) continue;
      const argument = hook.call.arguments[0];
      if (!argument) continue;
      const call = evaluatedCall(ts, argument, model.source);
      if (!call) continue;
      report({
        range: edits.rangeOf(argument),
        message: `\`${call}\` runs on every render of ${hook.owner.name}, and its result is thrown away after the first: useState reads its initial value once. Pass a function, \`useState(() => …)\`, so it runs once.`,
        fixes: [
          {
            title: 'Make the initial value lazy: useState(() => …)',
            edits: [edits.insertAt(argument.getStart(model.source), '() => ')],
            isPreferred: true,
          },
        ],
      });
    }
  },
};

/** The call an initial value makes (`buildIndex(…)`, `new Map(…)`), or undefined for a value or a cheap call. */
function evaluatedCall(ts: typeof TS, argument: TS.Expression, source: TS.SourceFile): string | undefined {
  const node = skipOuter(ts, argument);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return undefined;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const callee = node.expression.getText(source);
    if (CHEAP_CALLS.has(callee)) return undefined;
    if (ts.isPropertyAccessExpression(node.expression) && CHEAP_METHODS.has(node.expression.name.text))
      return undefined;
    // `new Map()`, `Array<string>()`: an empty container costs what the literal `[]` does.
    if (!node.arguments?.length && (ts.isNewExpression(node) || /^(Array|Object)$/.test(callee))) return undefined;
    return `${ts.isNewExpression(node) ? 'new ' : ''}${callee}(…)`;
  }
  return undefined;
}
