import type * as TS from 'typescript';
import { distinctRenders, unwrapComponent } from '../components';
import type { ComponentDef } from '../components';
import type { ReactRule, ReactRuleContext } from '../rule';
import { freeIdentifiers, isFunctionLike, localsOf, moduleNames } from '../scopes';

/**
 * A component declared inside another component's render and rendered there as `<Inner />`: each render makes
 * a new component type, so React unmounts the old subtree and mounts a new one every time — state and DOM
 * thrown away, effects run again, focus lost.
 */
export const componentDefinedInRender: ReactRule = {
  id: 'component-defined-in-render',
  assistant: 'react',
  title: 'Component defined inside another component’s render',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Move {count} nested component definition(s) to module scope',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Values the inner component used from the outer one become props; test the interaction that lost state (typing, focus) before and after.',
    skills: ['React'],
  },
  docs: `
## Why it matters

React decides whether to keep a subtree by the element's type. A component declared inside another
component's render is a new function on every render, so \`<Inner />\` has a new type each time: React unmounts
the old subtree and mounts a fresh one. Its state resets, its effects run again, the DOM is rebuilt, and an
input inside it loses focus on every keystroke. The cost grows with what the inner component renders.

Reported when the inner component is rendered as an element in the outer one; calling it as a function
(\`{renderRow()}\`) does not create a component type and is not a finding.

## How to fix it

Move the component to module scope. When it uses nothing of the outer component, the quick fix moves it
as it is; otherwise pass the values it uses as props (the finding lists them).

## When to ignore it

Never for components with state or effects; rarely otherwise.
`,
  check(context) {
    const { model } = context;
    for (const def of distinctRenders(model.components)) if (def.render) checkRender(context, def);
  },
};

function checkRender({ model, edits, report }: ReactRuleContext, def: ComponentDef): void {
  const ts = model.ts;
  const render = def.render!;
  if (!render.body) return;
  const renderedTags = new Set(
    model.jsx.filter((use) => use.owner === def && !use.intrinsic).map((use) => use.tag.split('.')[0]),
  );
  const locals = localsOf(ts, render);
  const atModule = moduleNames(ts, model.source);
  const stack: TS.Node[] = [render.body];
  while (stack.length) {
    const node = stack.pop()!;
    const found = innerComponent(ts, node);
    if (found && renderedTags.has(found.name.text)) {
      const name = found.name.text;
      const captured = freeIdentifiers(ts, found.definition).filter((n) => locals.has(n) && n !== name);
      const movable = captured.length === 0 && !atModule.has(name) && found.statement;
      report({
        range: edits.rangeOf(found.name),
        message: `${name} is defined inside ${def.name}'s render and rendered there as <${name} />: every render of ${def.name} makes a new component type, so React unmounts and remounts ${name}'s whole subtree (state reset, effects run again, focus lost). Move it to module scope${captured.length ? ` and pass ${captured.map((n) => `\`${n}\``).join(', ')} as props` : ''}.`,
        ...(movable ? { fixes: [moveToModule(edits, found.statement!, def)] } : {}),
      });
    }
    if (node !== render.body && isFunctionLike(ts, node)) continue;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
}

/** A capitalised function, arrow or wrapped component declared by `node`, with its statement when it is alone in it. */
function innerComponent(
  ts: typeof TS,
  node: TS.Node,
): { name: TS.Identifier; definition: TS.Node; statement?: TS.Statement } | undefined {
  if (ts.isFunctionDeclaration(node) && node.name && /^[A-Z]/.test(node.name.text))
    return { name: node.name, definition: node, statement: node };
  if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name) || !node.initializer) return undefined;
  if (!/^[A-Z]/.test(node.name.text)) return undefined;
  const { inner } = unwrapComponent(ts, node.initializer);
  if (!ts.isArrowFunction(inner) && !ts.isFunctionExpression(inner) && !ts.isClassExpression(inner)) return undefined;
  const list = node.parent;
  const statement =
    ts.isVariableDeclarationList(list) && list.declarations.length === 1 && ts.isVariableStatement(list.parent)
      ? list.parent
      : undefined;
  return { name: node.name, definition: node.initializer, statement };
}

function moveToModule(edits: ReactRuleContext['edits'], statement: TS.Statement, def: ComponentDef) {
  const source = edits.model.source;
  const indent = edits.indentOf(statement.getStart(source));
  const text = statement
    .getText(source)
    .split(/\r?\n/)
    .map((line, i) => (i > 0 && line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
  return {
    title: 'Move it to module scope',
    edits: [edits.insertBefore(def.statement, text, true), edits.deleteLines(statement)],
    isPreferred: true,
  };
}
