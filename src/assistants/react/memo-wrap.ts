import type * as TS from 'typescript';
import type { TextEdit } from '../../core/finding';
import type { ComponentDef } from './components';
import type { ReactEdits } from './edits';
import type { FunctionLike } from './scopes';
import { isFunctionLike } from './scopes';

/**
 * An unmemoised component whose render is worth skipping, and the edits that wrap it in `memo()`. Worth
 * skipping means it renders a list, or several components: a component that renders DOM elements, or wraps a
 * single other component (a `Button` around a `Slot`, a form field around a `Controller`), costs about what the
 * comparison would, so memoising it saves nothing measurable.
 */

/** Component elements (providers left out) from which a render counts as several. */
const SEVERAL = 3;

/** The render holds a `.map` whose callback returns JSX, or `SEVERAL` component elements (nested functions included). */
export function rendersMuch(ts: typeof TS, render: FunctionLike): boolean {
  let components = 0;
  const visit = (node: TS.Node): boolean => {
    if (ts.isJsxSelfClosingElement(node) || ts.isJsxOpeningElement(node)) {
      const tag = node.tagName;
      const intrinsic = ts.isIdentifier(tag) && /^[a-z]/.test(tag.text);
      if (!intrinsic && !/\.Provider$/.test(tag.getText()) && ++components >= SEVERAL) return true;
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'map' &&
      node.arguments.some((a) => isFunctionLike(ts, a) && holdsJsx(ts, a))
    )
      return true;
    return ts.forEachChild(node, visit) ?? false;
  };
  return render.body ? visit(render.body) : false;
}

function holdsJsx(ts: typeof TS, node: TS.Node): boolean {
  if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node)) return true;
  return ts.forEachChild(node, (child) => holdsJsx(ts, child) || undefined) ?? false;
}

/**
 * Edits that make `def` a `memo()` component, keeping its name and exports: `const Row = (…) => …` gets
 * `memo(…)` around the arrow; `function Row(…) {…}` becomes `const Row = memo(function Row(…) {…});`. Undefined
 * for shapes these edits would change the meaning of (a default-exported or overloaded function, a class, a
 * component already wrapped).
 */
export function memoWrapEdits(edits: ReactEdits, def: ComponentDef): TextEdit[] | undefined {
  const ts = edits.model.ts;
  const render = def.render;
  if (def.kind !== 'function' || def.wrappers.length || !render) return undefined;
  const source = edits.model.source;
  if (ts.isFunctionDeclaration(render)) {
    const modifiers = ts.getModifiers(render) ?? [];
    if (
      !render.name ||
      modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword || m.kind === ts.SyntaxKind.AsyncKeyword)
    )
      return undefined;
    const memo = edits.react('memo');
    // The `function` keyword: after `export`, before the name.
    const keyword = render.getChildren(source).find((c) => c.kind === ts.SyntaxKind.FunctionKeyword);
    if (!keyword) return undefined;
    return [
      edits.insertAt(keyword.getStart(source), `const ${render.name.text} = ${memo.text}(`),
      edits.insertAt(render.end, ');'),
      ...memo.edits,
    ];
  }
  const declaration = render.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer !== render) return undefined;
  const memo = edits.react('memo');
  return [edits.insertAt(render.getStart(source), `${memo.text}(`), edits.insertAt(render.end, ')'), ...memo.edits];
}
