import type * as TS from 'typescript';
import type { Fix } from '../../../core/finding';
import type { DependencyHook } from '../dependencies';
import {
  EFFECT_HOOKS,
  changesBetweenRenders,
  covers,
  declarationOf,
  SILENCED_LISTS_DOC,
  judgedLists,
  listedPath,
  outermost,
  requiredDependencies,
} from '../dependencies';
import type { ReactEdits } from '../edits';
import type { FileModel } from '../model';
import { bodyStatementOf } from '../model';
import type { ReactRule } from '../rule';
import { freeIdentifiers } from '../scopes';
import { describeUnstable, isUnstableLocal, memoCall, returnsBefore, unstableKind } from '../stabilise';

/**
 * A dependency list holding an object, array or function made during render (`const options = { id }`,
 * `function load() {}`): it is new on every render, so the effect runs after every render and the memoised value
 * or callback is recomputed every time. The list protects nothing; the hook costs more than no hook.
 */
export const hookDependencyChangesEveryRender: ReactRule = {
  id: 'hook-dependency-changes-every-render',
  assistant: 'react',
  title: 'Dependency list holds an object or function made on every render',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  manualMemo: true,
  roadmap: {
    task: 'Stabilise {count} hook dependenc(ies) made on every render',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Moving the value into the effect or memoising it with its own dependencies keeps behaviour; check that the effect now runs only when those change.',
    skills: ['React'],
  },
  docs: `
## Why it matters

A dependency list is compared with \`Object.is\`. An object literal, array literal, arrow function or function
declaration written in the component's body is a new value on every render, so a list that holds it always
differs: the effect runs after every render (a request, a subscription torn down and set up again, a layout
read), and a \`useMemo\`/\`useCallback\` recomputes every time, paying for the memoisation on top of the work. When
the effect sets state, this is how an infinite render loop starts.

## How to fix it

- When only the effect uses the value, move its declaration inside the effect and list what it reads instead
  (the preferred quick fix, offered when nothing else in the component reads it).
- Otherwise wrap the declaration in \`useMemo\` (objects, arrays) or \`useCallback\` (functions) with its own
  dependencies (the other quick fix, when those are stable themselves).
- A value that uses nothing of the component can move to module scope.

## When to ignore it

When the component compiles with the React Compiler, which memoises such values itself.

${SILENCED_LISTS_DOC}
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const found of judgedLists(model)) {
      found.list.elements.forEach((element, index) => {
        const name = listedPath(ts, element);
        if (name === undefined || name.includes('.') || !isUnstableLocal(ts, found.scope, name)) return;
        const declared = declarationOf(ts, found.scope, name)!;
        const initializer = declared.declaration?.initializer;
        const kind = initializer ? unstableKind(ts, initializer) : 'function';
        const what = kind ? describeUnstable(kind) : 'a new value';
        const fixes = [
          moveIntoEffect(model, edits, found, name, index),
          memoise(model, edits, found.scope, declared.declaration),
        ].filter((f): f is Fix => f !== undefined);
        if (fixes.length) fixes[0] = { ...fixes[0], isPreferred: true };
        report({
          range: edits.rangeOf(element),
          message: `\`${name}\` is ${what} made on every render, so ${found.name}'s dependency list always changes: ${EFFECT_HOOKS.has(found.name) ? 'the effect runs after every render' : `${found.name} recomputes on every render and its memoisation is pure overhead`}. Move it inside the callback, or wrap it in ${kind === 'function' ? 'useCallback' : 'useMemo'}.`,
          ...(fixes.length ? { fixes } : {}),
        });
      });
    }
  },
};

/**
 * Moves a declaration only this effect reads into the effect, drops it from the list and lists what it reads
 * instead; only for a block-bodied effect declared after it.
 */
function moveIntoEffect(
  model: FileModel,
  edits: ReactEdits,
  found: DependencyHook,
  name: string,
  index: number,
): Fix | undefined {
  const ts = model.ts;
  if (!EFFECT_HOOKS.has(found.name) || !ts.isBlock(found.callback.body) || !found.callback.body.statements.length)
    return undefined;
  const declared = declarationOf(ts, found.scope, name)!;
  const { statement } = declared;
  if (declared.declaration && (statement as TS.VariableStatement).declarationList.declarations.length !== 1)
    return undefined;
  const hookStatement = bodyStatementOf(found.hook.call, found.scope);
  const body = found.scope.body as TS.Block;
  if (!hookStatement || body.statements.indexOf(statement) > body.statements.indexOf(hookStatement)) return undefined;
  const readElsewhere = body.statements.some(
    (s) => s !== statement && s !== hookStatement && freeIdentifiers(ts, s).includes(name),
  );
  if (readElsewhere || readOutsideCallback(ts, hookStatement, found, name)) return undefined;
  const listed = found.list.elements
    .map((e) => listedPath(ts, e))
    .filter((p, i): p is string => i !== index && p !== undefined);
  const needed = outermost(
    requiredDependencies(model, found.scope, statement).filter(
      (d) => d.name !== name && !listed.some((p) => covers(p, d)) && changesBetweenRenders(model, found.scope, d.name),
    ),
  );
  // Listing a value that is itself new on every render would keep the effect running every time.
  if (needed.some((d) => isUnstableLocal(ts, found.scope, d.name))) return undefined;
  const paths = needed.map((d) => d.path);
  return {
    title: `Move ${name} inside the effect${paths.length ? ` and list ${paths.join(', ')}` : ''}`,
    edits: [
      edits.deleteLines(statement),
      edits.insertBefore(found.callback.body.statements[0], reindented(model, edits, statement)),
      ...(paths.length
        ? [edits.replace(found.list, `[${[...listed, ...paths].join(', ')}]`)]
        : edits.removeFromList(found.list, [index])),
    ],
  };
}

/** Whether the hook's statement reads `name` anywhere but its callback and its list. */
function readOutsideCallback(ts: typeof TS, statement: TS.Statement, found: DependencyHook, name: string): boolean {
  const visit = (node: TS.Node): boolean => {
    if (node === found.callback || node === found.list) return false;
    if (ts.isIdentifier(node) && node.text === name) return true;
    return ts.forEachChild(node, (child) => visit(child) || undefined) ?? false;
  };
  return visit(statement);
}

/** A statement's text with its continuation lines relative to its first, to be put at another indentation. */
function reindented(model: FileModel, edits: ReactEdits, statement: TS.Statement): string {
  const start = statement.getStart(model.source);
  const indent = edits.indentOf(start);
  return model.text
    .slice(start, statement.end)
    .split(/\r\n?|\n/)
    .map((line, i) => (i > 0 && line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
}

/** `const x = {…}` → `const x = useMemo(() => ({…}), [deps])`, when its own dependencies are stable. */
function memoise(
  model: FileModel,
  edits: ReactEdits,
  scope: DependencyHook['scope'],
  declaration: TS.VariableDeclaration | undefined,
): Fix | undefined {
  const ts = model.ts;
  const initializer = declaration?.initializer;
  const kind = initializer && unstableKind(ts, initializer);
  const statement = declaration && bodyStatementOf(declaration, scope);
  if (!kind || !statement || returnsBefore(ts, scope, statement)) return undefined;
  const dependencies = outermost(requiredDependencies(model, scope, initializer));
  if (dependencies.some((d) => isUnstableLocal(ts, scope, d.name))) return undefined;
  const paths = dependencies.map((d) => d.path);
  const call = memoCall(edits, kind, initializer.getText(model.source), paths);
  return {
    title: `Wrap ${(declaration.name as TS.Identifier).text} in ${call.hook}${paths.length ? ` with [${paths.join(', ')}]` : ''}`,
    edits: [edits.replace(initializer, call.text), ...call.edits],
  };
}
