import type * as TS from 'typescript';
import type { TextEdit } from '../../../core/finding';
import type { ComponentDef } from '../components';
import { comparesProps, distinctRenders } from '../components';
import { dependencyHooks, listedPath } from '../dependencies';
import type { ReactEdits } from '../edits';
import type { ReactRule, ReactRuleContext } from '../rule';
import { describeUnstable, unstableKind } from '../stabilise';

/**
 * `function List({ items = [] })`: a default written in the parameter list is evaluated on every render in which
 * the parent leaves the prop out, so it is a new array (object, function) each time. Harmless on its own; where
 * the value reaches a memoised child, a context value or a dependency list, it defeats them on exactly those
 * renders. A module constant is the same value every time.
 */
export const unstableDefaultProp: ReactRule = {
  id: 'unstable-default-prop',
  crossFile: true,
  assistant: 'react',
  title: 'Default prop value is a new object, array or function on every render',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Hoist {count} default prop value(s) to module constants',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'The default is the same value, created once; check that the component never mutates it, since every instance now shares it.',
    skills: ['React'],
  },
  docs: `
## Why it matters

A default in a component's parameter list (\`{ items = [] }\`, \`{ style = {} }\`, \`{ onChange = () => {} }\`) is
evaluated on every render in which the parent leaves the prop out, so the component gets a new array, object or
function each time. Passed on to a memoised child it makes the child render every time; as a context value it
renders every consumer; in a dependency list it runs the effect (or recomputes the memo) after every render, and
an effect that sets state from it loops.

Reported only when the defaulted prop reaches one of those places in the same component; the cost is paid on
the renders where the parent omits the prop.

## How to fix it

Hoist the default to a module constant (\`const defaultItems: Item[] = [];\` then \`{ items = defaultItems }\`), the
quick fix. Every instance shares the constant, so the component must not mutate it.

## When to ignore it

When the parent always passes the prop.
`,
  check(context) {
    const { model, edits, report } = context;
    const ts = model.ts;
    for (const owner of distinctRenders(model.components)) {
      const parameter = owner.render?.parameters[0];
      if (!parameter || owner.kind === 'class' || !ts.isObjectBindingPattern(parameter.name)) continue;
      for (const element of parameter.name.elements) {
        if (!element.initializer || !ts.isIdentifier(element.name) || element.dotDotDotToken) continue;
        const kind = unstableKind(ts, element.initializer);
        if (!kind || kind === 'jsx' || kind === 'bind') continue;
        const name = element.name.text;
        const reaches = whereItGoes(context, owner, name);
        if (!reaches.length) continue;
        const constant = edits.freshName(`default${name[0].toUpperCase()}${name.slice(1)}`);
        const type = /\.[cm]?tsx?$/i.test(model.file)
          ? declaredType(model.ts, edits, owner, parameter, name)
          : undefined;
        report({
          range: edits.rangeOf(element.initializer),
          message: `The default of \`${name}\` is ${describeUnstable(kind)}, a new value on every render in which the parent leaves \`${name}\` out, and it reaches ${reaches.join(', ')}: there it changes on each of those renders. Hoist it to a module constant.`,
          fixes: [
            {
              title: `Hoist the default to module scope as \`${constant}\``,
              edits: [
                edits.insertBefore(
                  owner.statement,
                  `const ${constant}${type ? `: ${type.text}` : ''} = ${element.initializer.getText(model.source)};`,
                  true,
                ),
                edits.replace(element.initializer, constant),
                ...(type?.edits ?? []),
              ],
              isPreferred: true,
              detail: 'Every instance shares the constant: the component must not mutate it.',
            },
          ],
        });
      }
    }
  },
};

/** The places in `owner` where a new value of `name` costs something: a memoised child, a context, a list. */
function whereItGoes({ model, graph }: ReactRuleContext, owner: ComponentDef, name: string): string[] {
  const ts = model.ts;
  const out = new Set<string>();
  for (const use of model.jsx) {
    if (use.owner !== owner || use.intrinsic) continue;
    const passed = use.attributes.filter((a) => a.value && ts.isIdentifier(a.value) && a.value.text === name);
    if (!passed.length) continue;
    const provider = use.tag.endsWith('.Provider') || graph.isContext(model, use.tag.replace(/\.Provider$/, ''));
    if (provider && passed.some((a) => a.name === 'value')) out.add(`${use.tag}'s context value`);
    else if (comparesProps(graph.definitionOf(model, use)?.memo ?? 'none'))
      out.add(`the memoised ${use.tag}'s \`${passed[0].name}\``);
  }
  for (const found of dependencyHooks(model))
    if (found.scope === owner.render && found.list.elements.some((e) => listedPath(ts, e) === name))
      out.add(`${found.name}'s dependency list`);
  return [...out];
}

/** The prop's declared type, for the constant to keep it (`[]` alone would be `never[]`). */
function declaredType(
  ts: typeof TS,
  edits: ReactEdits,
  owner: ComponentDef,
  parameter: TS.ParameterDeclaration,
  name: string,
): { text: string; edits: TextEdit[] } | undefined {
  const source = edits.model.source;
  const annotation = parameter.type;
  if (annotation && ts.isTypeLiteralNode(annotation)) {
    const member = annotation.members.find(
      (m): m is TS.PropertySignature => ts.isPropertySignature(m) && m.name.getText(source) === name,
    );
    const text = member?.type?.getText(source);
    if (!text) return undefined;
    return { text: /\bundefined\b/.test(text) ? `NonNullable<${text}>` : text, edits: [] };
  }
  if (annotation) return { text: `NonNullable<${annotation.getText(source)}['${name}']>`, edits: [] };
  if (owner.name === 'default') return undefined;
  const props = edits.react('ComponentProps', true);
  return { text: `NonNullable<${props.text}<typeof ${owner.name}>['${name}']>`, edits: props.edits };
}
