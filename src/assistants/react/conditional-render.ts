import type * as TS from 'typescript';
import type { FileModel, JsxUse } from './model';
import { isFunctionLike } from './scopes';

/**
 * Whether an element mounts only under a condition, and which: a `cond && <X/>` or a ternary, an `if`, an
 * earlier `if (!cond) return null` in its block, a `case`, a react-router route (`<Route element>` or a route object's `element`), or the content of a
 * dialog, drawer, menu or tab panel (what those components mount only when they open). Undefined when the
 * element renders with its component every time (the first paint included).
 */
export function renderCondition(model: FileModel, use: JsxUse): string | undefined {
  const ts = model.ts;
  const source = model.source;
  const text = (node: TS.Node) => quoteOf(node.getText(source));
  const render = use.owner?.render;
  let passedTrigger = false;
  for (let node: TS.Node = use.element, parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (parent === render) return undefined;
    // Another component's render (a component defined in this one's file): its own mount is not known here.
    if (isFunctionLike(ts, parent) && model.components.some((c) => c.render === parent)) return undefined;
    if (ts.isBinaryExpression(parent) && parent.right === node) {
      const op = parent.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return `when ${text(parent.left)}`;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken)
        return `unless ${text(parent.left)}`;
    }
    if (ts.isConditionalExpression(parent) && node !== parent.condition)
      return `${node === parent.whenTrue ? 'when' : 'unless'} ${text(parent.condition)}`;
    if (ts.isIfStatement(parent) && node !== parent.expression)
      return `${node === parent.thenStatement ? 'when' : 'unless'} ${text(parent.expression)}`;
    if (ts.isBlock(parent) && ts.isStatement(node)) {
      const guard = earlyReturnBefore(ts, source, parent, node);
      if (guard) return guardCondition(ts, source, guard);
    }
    if (ts.isCaseClause(parent) && ts.isSwitchStatement(parent.parent.parent))
      return `when ${text(parent.parent.parent.expression)} is ${text(parent.expression)}`;
    if (ts.isJsxExpression(parent) && ts.isJsxAttribute(parent.parent)) {
      const route = routeOfAttribute(ts, source, parent.parent);
      if (route) return route;
    }
    if (ts.isPropertyAssignment(parent) && parent.initializer === node) {
      const route = routeOfObject(ts, source, parent);
      if (route) return route;
    }
    if (ts.isJsxElement(parent)) {
      const tag = parent.openingElement.tagName.getText(source).replace(/\./g, '');
      if (/Trigger$/.test(tag)) passedTrigger = true;
      else if (!passedTrigger && opensWith(ts, tag, parent)) return `inside \`<${tag}>\``;
    }
  }
  return undefined;
}

/**
 * The last `if (cond) return null;` (no `else`) before `statement` in `block`, when it hides the component:
 * whatever follows it renders only when the guard did not return (`if (!open) return null; return <Chart/>`).
 * A guard that renders something else instead (`if (loading) return <Spinner/>`) or waits for a state every
 * visit reaches (loading, an error, being mounted) leaves the rest as the usual render, not a condition.
 */
function earlyReturnBefore(
  ts: typeof TS,
  source: TS.SourceFile,
  block: TS.Block,
  statement: TS.Statement,
): TS.IfStatement | undefined {
  const index = block.statements.indexOf(statement);
  for (let i = index - 1; i >= 0; i--) {
    const earlier = block.statements[i];
    if (!ts.isIfStatement(earlier) || earlier.elseStatement || !returnsNothing(ts, earlier.thenStatement)) continue;
    if (choosesWhatShows(ts, source, earlier.expression)) return earlier;
  }
  return undefined;
}

/** States every visit passes through: the render after them is the usual one. */
const USUAL_PATH_GUARD = /loading|pending|fetching|error|mounted|hydrated|ready|initiali[sz]ed/i;
/** Names of a choice of what shows (a flag, a dialog's state, a permission), not of data that arrives for everyone. */
const SHOWS_NAME = /^(?:is|can|should|show|open|visible|expanded|active|enabled|selected|allowed|toggled|editing)/i;

/**
 * A guard on a choice of what shows: a flag named so (`!open`, `!isAdmin`, `!showChart`) or a comparison with a
 * literal (`tab !== 'reports'`). A guard on data (`!discussion`, `!user.data`) waits for what every visit gets,
 * and a guard on loading, an error or being mounted is a state every visit passes.
 */
function choosesWhatShows(ts: typeof TS, source: TS.SourceFile, condition: TS.Expression): boolean {
  const text = condition.getText(source);
  if (USUAL_PATH_GUARD.test(text)) return false;
  let expression = condition;
  while (ts.isParenthesizedExpression(expression) || ts.isPrefixUnaryExpression(expression))
    expression = ts.isParenthesizedExpression(expression) ? expression.expression : expression.operand;
  if (ts.isBinaryExpression(expression)) {
    const op = expression.operatorToken.kind;
    const literal = (node: TS.Expression) => ts.isStringLiteralLike(node) || ts.isNumericLiteral(node);
    const compares =
      op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      op === ts.SyntaxKind.EqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsToken;
    if (compares && (literal(expression.left) || literal(expression.right))) return true;
  }
  const name = ts.isPropertyAccessExpression(expression)
    ? expression.name.text
    : ts.isIdentifier(expression)
      ? expression.text
      : undefined;
  return name !== undefined && SHOWS_NAME.test(name);
}

/** `return;`, `return null`, `return false`, `return undefined`, or a block that ends in one. */
function returnsNothing(ts: typeof TS, statement: TS.Statement): boolean {
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && returnsNothing(ts, last);
  }
  if (!ts.isReturnStatement(statement)) return false;
  const value = statement.expression;
  return (
    !value ||
    value.kind === ts.SyntaxKind.NullKeyword ||
    value.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(value) && value.text === 'undefined')
  );
}

/** `if (!open) return null` renders the rest `when \`open\``; `if (closed) return null`, `unless \`closed\``. */
function guardCondition(ts: typeof TS, source: TS.SourceFile, guard: TS.IfStatement): string {
  let expression = guard.expression;
  while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken)
    return `when ${quoteOf(expression.operand.getText(source))}`;
  // `if (tab !== 'report') return null`: when `tab === 'report'`.
  const kind = ts.isBinaryExpression(expression) ? expression.operatorToken.kind : undefined;
  if (
    ts.isBinaryExpression(expression) &&
    (kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken)
  ) {
    const equals = kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ? '===' : '==';
    return `when ${quoteOf(`${expression.left.getText(source)} ${equals} ${expression.right.getText(source)}`)}`;
  }
  return `unless ${quoteOf(expression.getText(source))}`;
}

/** `<Modal>`, `<Dialog>`, `<DialogContent>`, `<TabsContent>`: components that mount their content only when open. */
const OPENS = /^(?:Modal|Dialog|AlertDialog|Drawer|Sheet|Popover|Menu|DropdownMenu|ContextMenu|Offcanvas)$/;
const CONTENT =
  /^(?:\w*(?:Dialog|Drawer|Sheet|Popover|Menu|Tooltip|HoverCard|Tabs|Collapsible|Accordion)Content|TabPanel|TabsPanel|TabPanels?)$/;

const TAB_PANEL = /^(?:\w*TabsContent|TabPanel|TabsPanel)$/;

/**
 * A tab panel whose tab is not the one shown first: its `value` is a literal other than the literal
 * `defaultValue` (or `value`) of the tabs around it. The first tab renders on the first paint; when either
 * value is an expression, which tab comes first is not known here and the panel counts as shown.
 */
function hiddenAtFirst(ts: typeof TS, panel: TS.JsxElement): boolean {
  const own = literalAttribute(ts, panel.openingElement, 'value');
  if (own === undefined) return false;
  for (let node: TS.Node = panel.parent; node; node = node.parent) {
    if (!ts.isJsxElement(node) || !/Tabs(?:Root)?$/.test(node.openingElement.tagName.getText().replace(/\./g, '')))
      continue;
    const first =
      literalAttribute(ts, node.openingElement, 'defaultValue') ?? literalAttribute(ts, node.openingElement, 'value');
    return first !== undefined && first !== own;
  }
  return false;
}

/** The text of `name="…"` (or `name={'…'}`) on an opening element; undefined when absent or not a literal. */
function literalAttribute(ts: typeof TS, opening: TS.JsxOpeningElement, name: string): string | undefined {
  for (const property of opening.attributes.properties) {
    if (!ts.isJsxAttribute(property) || property.name.getText() !== name) continue;
    let value: TS.Node | undefined = property.initializer;
    if (value && ts.isJsxExpression(value)) value = value.expression;
    return value && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) ? value.text : undefined;
  }
  return undefined;
}

/**
 * `element` mounts its content when it opens, and neither it nor the dialog around it keeps the content
 * mounted whatever the state (MUI's `keepMounted` and permanent drawers, Radix's `forceMount`).
 */
function opensWith(ts: typeof TS, tag: string, element: TS.JsxElement): boolean {
  if (!OPENS.test(tag) && !CONTENT.test(tag)) return false;
  if (TAB_PANEL.test(tag) && !hiddenAtFirst(ts, element)) return false;
  for (let node: TS.Node = element, depth = 0; depth < 3 && node; node = node.parent) {
    if (!ts.isJsxElement(node)) continue;
    depth++;
    if (!mountsWhenOpen(ts, node.openingElement)) return false;
  }
  return true;
}

function mountsWhenOpen(ts: typeof TS, opening: TS.JsxOpeningElement): boolean {
  for (const property of opening.attributes.properties) {
    if (!ts.isJsxAttribute(property)) return false;
    const name = property.name.getText();
    if (name === 'keepMounted' || name === 'forceMount') return false;
    const value = property.initializer;
    if (name === 'variant' && value && ts.isStringLiteral(value) && /^(?:permanent|persistent)$/.test(value.text))
      return false;
  }
  return true;
}

/** `<Route path="/reports" element={<X/>}>`: on the route `/reports`. */
function routeOfAttribute(ts: typeof TS, source: TS.SourceFile, attribute: TS.JsxAttribute): string | undefined {
  if (attribute.name.getText(source) !== 'element') return undefined;
  const opening = attribute.parent.parent;
  if (!/(?:^|\.)Route$/.test(opening.tagName.getText(source))) return undefined;
  const path = opening.attributes.properties.find(
    (p): p is TS.JsxAttribute => ts.isJsxAttribute(p) && p.name.getText(source) === 'path',
  );
  const value = path?.initializer;
  return value && ts.isStringLiteral(value) ? `on the route \`${value.text}\`` : 'on its route';
}

/** `{ path: '/reports', element: <X/> }` (react-router's route objects): on the route `/reports`. */
function routeOfObject(ts: typeof TS, source: TS.SourceFile, property: TS.PropertyAssignment): string | undefined {
  if (property.name.getText(source) !== 'element' || !ts.isObjectLiteralExpression(property.parent)) return undefined;
  let path: string | undefined;
  let routeLike = false;
  for (const other of property.parent.properties) {
    if (!ts.isPropertyAssignment(other)) continue;
    const name = other.name.getText(source);
    if (name === 'path' || name === 'index') routeLike = true;
    if (name === 'path' && ts.isStringLiteral(other.initializer)) path = other.initializer.text;
  }
  if (!routeLike) return undefined;
  return path === undefined ? 'on its route' : `on the route \`${path}\``;
}

/** A condition as the message quotes it: one line, at most 60 characters. */
function quoteOf(code: string): string {
  const line = code.replace(/\s+/g, ' ').trim();
  return `\`${line.length > 60 ? `${line.slice(0, 57)}…` : line}\``;
}
