import type * as TS from 'typescript';
import { distinctRenders } from '../components';
import type { DependencyHook } from '../dependencies';
import { EFFECT_HOOKS, dependencyHooks, listedPath, stateSlots } from '../dependencies';
import type { ReactRule } from '../rule';
import { isFunctionLike } from '../scopes';

interface Link {
  effect: DependencyHook;
  /** State the effect sets as it runs (not in callbacks it hands on). */
  sets: Set<string>;
  /** State in its dependency list. */
  triggers: Set<string>;
}

/**
 * Effects that set state which another effect lists and which sets state again: one change walks through a
 * render per effect (`a` changes → render → effect sets `b` → render → effect sets `c` → render). Each step shows
 * an intermediate screen and re-renders every child; computing the values in the handler that made the first
 * change, or during render, takes one.
 */
export const effectChain: ReactRule = {
  id: 'effect-chain',
  assistant: 'react',
  title: 'Chain of effects that set state triggering each other',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'medium',
  roadmap: {
    task: 'Collapse {count} chain(s) of effects into handlers or render-time values',
    baseHours: 2,
    hoursPerPlace: 1,
    risk: 'medium',
    mitigation:
      'The end values stay the same with fewer renders; test the sequences of user actions that start each chain, since intermediate states no longer render.',
    skills: ['React'],
  },
  docs: `
## Why it matters

An effect that sets state causes another render after the one that ran it. When a second effect lists that
state and sets state of its own, one change costs a render per link: the user's change renders, the first
effect sets \`b\` and the component renders again, the second sets \`c\` and it renders a third time, with every
child each time and intermediate screens in between. Chains grow as features are added and are hard to follow.

Reported on an effect that runs because of state another effect of the same component sets while it runs, and
that sets state itself. The message names the whole chain and how many renders one change takes. A chain of two
whose second effect only sets state is left to \`derived-state-in-effect\`, whose fix removes that effect.

## How to fix it

Compute what the chain computes in the event handler that starts it (set all the states there: React batches
them into one render), or compute the derived values during render and drop their state. Effects are for
synchronising with things outside React.

## When to ignore it

When a link waits for something outside React (the first effect's state is set from a response, a timer): that
is asynchronous, and this rule only follows state set while an effect runs.
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const owner of distinctRenders(model.components)) {
      if (!owner.render || owner.kind === 'class') continue;
      const slots = stateSlots(model, owner);
      if (!slots.length) continue;
      const valueOf = new Map(slots.map((s) => [s.setter, s.value]));
      const links: Link[] = dependencyHooks(model)
        .filter((h) => EFFECT_HOOKS.has(h.name) && h.scope === owner.render)
        .map((effect) => ({
          effect,
          sets: setsWhileRunning(ts, effect.callback, valueOf),
          triggers: new Set(
            effect.list.elements.map((e) => listedPath(ts, e)).filter((p): p is string => p !== undefined),
          ),
        }));
      const feeding = (link: Link) =>
        links.filter((other) => other !== link && [...other.sets].some((s) => link.triggers.has(s)));
      // The longest chain of feeding effects that ends at each one, each effect at most once.
      const chainTo = (link: Link, seen: Set<Link>): Link[] => {
        let best: Link[] = [];
        for (const before of feeding(link)) {
          if (seen.has(before)) continue;
          const chain = chainTo(before, new Set([...seen, before]));
          if (chain.length > best.length) best = chain;
        }
        return [...best, link];
      };
      for (const link of links) {
        if (!link.sets.size || !feeding(link).length) continue;
        const chain = chainTo(link, new Set([link]));
        // A last link that only sets state is derived-state-in-effect's finding, whose fix ends this chain too.
        if (chain.length === 2 && onlySetsState(ts, link.effect.callback, valueOf)) continue;
        const steps = chain.map((l) => {
          const line = edits.lines.positionAt(l.effect.hook.call.getStart(model.source)).line + 1;
          return `the effect on line ${line} sets ${[...l.sets].map((s) => `\`${s}\``).join(', ')}`;
        });
        const trigger = [...link.triggers].filter((t) => chain[chain.length - 2].sets.has(t));
        report({
          range: edits.rangeOf(link.effect.hook.call.expression),
          message: `This effect runs because ${trigger.map((t) => `\`${t}\``).join(', ')} changed, which another effect sets: ${steps.join(', then ')}. One change takes ${chain.length + 1} renders where one would do. Compute these values in the event handler that starts the chain, or during render.`,
        });
      }
    }
  },
};

/** The state values whose setters an effect's callback calls as it runs, not inside callbacks it hands on. */
function setsWhileRunning(
  ts: typeof TS,
  callback: TS.ArrowFunction | TS.FunctionExpression,
  valueOf: ReadonlyMap<string, string>,
): Set<string> {
  const out = new Set<string>();
  const visit = (node: TS.Node): void => {
    if (node !== callback && isFunctionLike(ts, node)) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const value = valueOf.get(node.expression.text);
      if (value) out.add(value);
    }
    ts.forEachChild(node, visit);
  };
  visit(callback);
  return out;
}

/** An effect whose body is nothing but calls of state setters (`setVisible(items.filter(f))`). */
function onlySetsState(
  ts: typeof TS,
  callback: TS.ArrowFunction | TS.FunctionExpression,
  valueOf: ReadonlyMap<string, string>,
): boolean {
  const setter = (expression: TS.Expression) =>
    ts.isCallExpression(expression) &&
    ts.isIdentifier(expression.expression) &&
    valueOf.has(expression.expression.text);
  if (!ts.isBlock(callback.body)) return setter(callback.body);
  return callback.body.statements.every((s) => ts.isExpressionStatement(s) && setter(s.expression));
}
