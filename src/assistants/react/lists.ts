import type * as TS from 'typescript';
import { skipOuter } from './components';
import type { FileModel } from './model';
import { jsxName } from './model';

/**
 * Lists rendered with `.map`: the elements each callback returns, its item and index parameters, and the
 * item's stable identity field, read from the item's declared type (an interface or type literal of the file,
 * through the array's annotation or the callback's, or the array it was filtered, sorted or copied from) or,
 * failing that, from the callback's own use of it.
 */

/** Field names that identify an item across renders. */
const STABLE_FIELDS = ['id', '_id', 'uuid', 'key', 'slug', 'sku'];

export interface RenderedList {
  call: TS.CallExpression;
  callback: TS.ArrowFunction | TS.FunctionExpression;
  /** The elements the callback returns (each branch of a conditional, each return). */
  elements: (TS.JsxElement | TS.JsxSelfClosingElement | TS.JsxFragment)[];
  index?: string;
  stable?: StableField;
}

export interface StableField {
  field: string;
  /** The expression naming it in the callback: `item.id`, or `id` when the parameter is destructured. */
  expression: string;
  /** Where it was learnt: the item's declared type, or the callback's use of it. */
  from: 'type' | 'use';
}

// Kept per tree: four rules ask for the same file's lists (missing and index keys, virtualisation, render work),
// and the walk over the whole file with each item type's lookup was 5% of the React bench's run.
const LISTS = new WeakMap<TS.SourceFile, readonly RenderedList[]>();

export function renderedLists(model: FileModel): readonly RenderedList[] {
  let lists = LISTS.get(model.source);
  if (!lists) LISTS.set(model.source, (lists = findLists(model)));
  return lists;
}

function findLists(model: FileModel): RenderedList[] {
  const ts = model.ts;
  const out: RenderedList[] = [];
  for (const call of model.maps) {
    const callback = skipOuter(ts, call.arguments[0]);
    if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) continue;
    const elements = returnedElements(ts, callback);
    if (!elements.length) continue;
    const index = callback.parameters[1];
    out.push({
      call,
      callback,
      elements,
      ...(index && ts.isIdentifier(index.name) ? { index: index.name.text } : {}),
      ...withStable(stableField(model, call, callback)),
    });
  }
  return out;
}

function withStable(stable: StableField | undefined): { stable?: StableField } {
  return stable ? { stable } : {};
}

type Rendered = TS.JsxElement | TS.JsxSelfClosingElement | TS.JsxFragment;

function returnedElements(ts: typeof TS, callback: TS.ArrowFunction | TS.FunctionExpression): Rendered[] {
  const out: Rendered[] = [];
  const collect = (expression: TS.Expression | undefined): void => {
    if (!expression) return;
    const node = skipOuter(ts, expression);
    if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node)) out.push(node);
    else if (ts.isConditionalExpression(node)) {
      collect(node.whenTrue);
      collect(node.whenFalse);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
      collect(node.right);
  };
  if (!ts.isBlock(callback.body)) collect(callback.body);
  else {
    const visit = (node: TS.Node): void => {
      if (ts.isReturnStatement(node)) collect(node.expression);
      else if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
    };
    visit(callback.body);
  }
  return out;
}

export function keyAttribute(ts: typeof TS, element: Rendered): TS.JsxAttribute | undefined {
  if (ts.isJsxFragment(element)) return undefined;
  const opening = ts.isJsxElement(element) ? element.openingElement : element;
  return opening.attributes.properties.find(
    (p): p is TS.JsxAttribute => ts.isJsxAttribute(p) && jsxName(ts, p.name) === 'key',
  );
}

function stableField(
  model: FileModel,
  call: TS.CallExpression,
  callback: TS.ArrowFunction | TS.FunctionExpression,
): StableField | undefined {
  const ts = model.ts;
  const parameter = callback.parameters[0];
  if (!parameter) return undefined;
  if (ts.isObjectBindingPattern(parameter.name)) {
    for (const element of parameter.name.elements) {
      const property = (element.propertyName ?? element.name).getText(model.source);
      if (STABLE_FIELDS.includes(property) && ts.isIdentifier(element.name))
        return { field: property, expression: element.name.text, from: 'use' };
    }
    return undefined;
  }
  if (!ts.isIdentifier(parameter.name)) return undefined;
  const item = parameter.name.text;
  const declared =
    parameter.type ?? elementType(ts, arrayType(model, (call.expression as TS.PropertyAccessExpression).expression));
  if (declared) {
    const members = typeMembers(model, declared);
    if (members) {
      const field = STABLE_FIELDS.find((f) => members.get(f) === 'key-like');
      return field ? { field, expression: `${item}.${field}`, from: 'type' } : undefined;
    }
  }
  let used: string | undefined;
  const visit = (node: TS.Node): void => {
    if (used) return;
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === item &&
      STABLE_FIELDS.includes(node.name.text)
    )
      used = node.name.text;
    else ts.forEachChild(node, visit);
  };
  visit(callback.body);
  return used ? { field: used, expression: `${item}.${used}`, from: 'use' } : undefined;
}

/**
 * The declared type of the array a `.map` is called on: a parameter's, a destructured prop's or a variable's,
 * followed through a variable made of another array's items (`useMemo(() => items.filter(…))`, `[...items]`).
 */
function arrayType(model: FileModel, receiver: TS.Expression, depth = 0): TS.TypeNode | undefined {
  const ts = model.ts;
  if (depth > 5) return undefined;
  // `visible.slice(0, 20).map(…)`: the items of the array sliced, filtered or sorted on the way.
  const same = ts.isIdentifier(receiver) ? undefined : sameItemsAs(ts, receiver);
  if (same) return arrayType(model, same, depth + 1);
  if (!ts.isIdentifier(receiver)) {
    if (ts.isPropertyAccessExpression(receiver) && ts.isIdentifier(receiver.expression)) {
      // `props.items`: the member of the props' type.
      const owner = declarationOf(model, receiver.expression.text);
      const members = owner?.type ? typeMemberNodes(model, owner.type) : undefined;
      return members?.get(receiver.name.text);
    }
    return undefined;
  }
  const declaration = declarationOf(model, receiver.text);
  if (!declaration) return undefined;
  if (declaration.type) return declaration.type;
  // `{ items }: Props` — the member of the destructured parameter's type.
  const binding = declaration.binding;
  if (binding?.type) return typeMemberNodes(model, binding.type)?.get(receiver.text);
  const source = declaration.initializer && sameItemsAs(ts, declaration.initializer);
  return source ? arrayType(model, source, depth + 1) : undefined;
}

/** Array methods whose result holds items of the array they are called on. */
const SAME_ITEMS = ['filter', 'slice', 'sort', 'toSorted', 'reverse', 'toReversed', 'concat'];

/** The array whose items `value` holds: `x.filter(…)`, `[...x]`, `useMemo(() => x.sort(…), deps)`. */
function sameItemsAs(ts: typeof TS, value: TS.Expression): TS.Expression | undefined {
  const node = skipOuter(ts, value);
  if (ts.isArrayLiteralExpression(node) && node.elements.length === 1 && ts.isSpreadElement(node.elements[0]))
    return node.elements[0].expression;
  if (!ts.isCallExpression(node)) return undefined;
  const callee = node.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  if (name === 'useMemo') {
    const factory = node.arguments[0] && skipOuter(ts, node.arguments[0]);
    if (!factory || !(ts.isArrowFunction(factory) || ts.isFunctionExpression(factory))) return undefined;
    if (!ts.isBlock(factory.body)) return sameItemsAs(ts, factory.body) ?? factory.body;
    const only = factory.body.statements.length === 1 ? factory.body.statements[0] : undefined;
    return only && ts.isReturnStatement(only) && only.expression
      ? (sameItemsAs(ts, only.expression) ?? only.expression)
      : undefined;
  }
  if (ts.isPropertyAccessExpression(callee) && SAME_ITEMS.includes(name))
    return sameItemsAs(ts, callee.expression) ?? callee.expression;
  return undefined;
}

type Declaration = { type?: TS.TypeNode; binding?: TS.ParameterDeclaration; initializer?: TS.Expression };

/** The declaration of a name in the file: a variable or parameter with its type, or a destructured parameter. */
function declarationOf(model: FileModel, name: string): Declaration | undefined {
  const ts = model.ts;
  let index = DECLARATIONS.get(model.source);
  if (!index) DECLARATIONS.set(model.source, (index = { found: new Map(), stack: [model.source] }));
  const { found, stack } = index;
  const children: TS.Node[] = [];
  const collect = (child: TS.Node): undefined => {
    children.push(child);
    return undefined;
  };
  // Depth first in source order, as far as the name's first declaration: the walk goes on from there for the
  // next name, so the file is walked at most once however many names the lists ask for.
  while (!found.has(name) && stack.length) {
    const node = stack.pop()!;
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node)) && ts.isIdentifier(node.name)) {
      if (!found.has(node.name.text))
        found.set(node.name.text, {
          ...(node.type ? { type: node.type } : {}),
          ...(ts.isVariableDeclaration(node) && node.initializer ? { initializer: node.initializer } : {}),
        });
    } else if (
      ts.isBindingElement(node) &&
      ts.isIdentifier(node.name) &&
      ts.isObjectBindingPattern(node.parent) &&
      ts.isParameter(node.parent.parent)
    ) {
      if (!found.has(node.name.text)) found.set(node.name.text, { binding: node.parent.parent });
    }
    children.length = 0;
    ts.forEachChild(node, collect);
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]);
  }
  return found.get(name);
}

// Kept per tree: each list's receiver and the arrays it was made from were each looked for by a walk of the file
// from its start.
const DECLARATIONS = new WeakMap<TS.SourceFile, { found: Map<string, Declaration>; stack: TS.Node[] }>();

function elementType(ts: typeof TS, type: TS.TypeNode | undefined): TS.TypeNode | undefined {
  if (!type) return undefined;
  if (ts.isArrayTypeNode(type)) return type.elementType;
  if (ts.isTypeOperatorNode(type)) return elementType(ts, type.type);
  if (
    ts.isTypeReferenceNode(type) &&
    ts.isIdentifier(type.typeName) &&
    (type.typeName.text === 'Array' || type.typeName.text === 'ReadonlyArray')
  )
    return type.typeArguments?.[0];
  return undefined;
}

/** Member name → its type node, for a type literal or an interface / type alias declared in the file. */
function typeMemberNodes(model: FileModel, type: TS.TypeNode, depth = 0): Map<string, TS.TypeNode> | undefined {
  const ts = model.ts;
  if (depth > 5) return undefined;
  const fromMembers = (members: readonly TS.TypeElement[]) =>
    new Map(
      members.flatMap((m) =>
        ts.isPropertySignature(m) && m.type && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))
          ? [[m.name.text, m.type] as const]
          : [],
      ),
    );
  if (ts.isTypeLiteralNode(type)) return fromMembers(type.members);
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const name = type.typeName.text;
  for (const statement of model.source.statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) return fromMembers(statement.members);
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name)
      return typeMemberNodes(model, statement.type, depth + 1);
  }
  return undefined;
}

/** Member name → whether its type can be a key (`string`, `number`), for a type the file declares. */
function typeMembers(model: FileModel, type: TS.TypeNode): Map<string, 'key-like' | 'other'> | undefined {
  const ts = model.ts;
  const nodes = typeMemberNodes(model, type);
  if (!nodes) return undefined;
  return new Map(
    [...nodes].map(([name, node]) => [
      name,
      node.kind === ts.SyntaxKind.StringKeyword || node.kind === ts.SyntaxKind.NumberKeyword ? 'key-like' : 'other',
    ]),
  );
}
