import type * as TS from 'typescript';
import type { ComponentDef } from '../components';
import { skipOuter } from '../components';
import { renderedLists } from '../lists';
import { lodashFunction } from '../lodash';
import type { FileModel } from '../model';
import { hookName } from '../model';
import type { ReactRule } from '../rule';
import type { FunctionLike } from '../scopes';
import { bindingNames, isFunctionLike } from '../scopes';

/** Packages that render only the visible rows of a long list. */
const VIRTUALISERS =
  /^(react-window|react-virtualized|react-virtuoso|@tanstack\/react-virtual|react-virtual|@virtuoso\.dev\/.*|virtua(\/.*)?|react-cool-virtual|rc-virtual-list|@shopify\/flash-list|react-native)$/;
/** Methods that cap how many items come through. */
const BOUNDING_METHODS = new Set(['slice', 'take', 'first', 'limit', 'splice']);
/** Words in a query or its options that page or cap what it returns. */
const PAGING = /\b(limit|take|first|last|top|pageSize|page_size|perPage|per_page|page|offset|skip|cursor|range)\b/i;
/**
 * Collections small by what they are (a table's columns, a menu's links, a form's fields): the last name of
 * the collection, singular or plural.
 */
const SMALL_BY_NAME =
  /^(columns?|cols|headers?|headerGroups?|tabs?|steps?|links?|navItems?|navigation|nav|routes?|menus?|menuItems?|breadcrumbs?|actions?|buttons?|fields?|days|weekdays|months|sizes|colou?rs|variants|socials?|sections?|categories|features|plans|languages|locales|themes|options|choices|palette|shades|toasts|teams|icons|filters|operators|keys|tags|labels|tools|cells|platforms|errors|warnings)$/i;
/** Names that say the list is one page of something (\`paginatedChannels\`, \`pagedRows\`, \`pageItems\`). */
const PAGE_NAME = /^(paginated|paged|page)(?=[A-Z])/;
/**
 * Rows that are parts of a fixed frame: header cells, tabs and their panels (a strip of tabs holds a handful: one
 * per mime type, per status code), breadcrumbs.
 */
const FRAME_TAGS =
  /^(th|TableHead|TableHeader|TabsTrigger|TabsContent|Tab|TabItem|TabPanel|Tabs\.(Tab|Panel|Trigger|Content)|BreadcrumbItem|col|option)$/;
/** Rows of menus, selects, navigation and radio groups: a handful of choices by design. */
const CHOICE_TAGS =
  /(Menu|Select|Nav|Navigation|Radio|Toggle|Dropdown|Toast|Option|Breadcrumb)[A-Za-z]*(\.[A-Za-z]+)?$/;
/**
 * Components that are a page's frame (navigation, menus, toolbars, tab strips, dropdowns and pickers: their lists
 * are choices, not data) or a chart's (a legend, a tooltip, the chart itself: one row per series or segment shown,
 * as many as a reader can tell apart).
 */
const FRAME_COMPONENTS =
  /Nav|Menu|Sidebar|Toolbar|Header|Footer|Tabs|TabList|TabBar|Breadcrumb|Dropdown|Picker|Legend|Tooltip|Chart$|Select$|Filters?(?![a-z])|Toc(?![a-z])|TableOfContents/;
/** Table libraries' column and header models, small by design. */
const TABLE_FRAME =
  /\b(getHeaderGroups|getFooterGroups|getAllColumns|getAllLeafColumns|getVisibleLeafColumns|getVisibleFlatColumns)\(/;
/**
 * Table libraries' hooks for the rows on screen: material-react-table's are one page unless the file turns its
 * pagination off (it is on by default).
 */
const PAGED_ROW_HOOKS = new Set(['useMRT_Rows']);
const PAGINATION_OFF = /\benablePagination\s*:\s*false\b/;
/** React Router's and Remix's hooks for what the route's `loader` returned. */
const LOADER_DATA_HOOKS = new Set(['useLoaderData', 'useTypedLoaderData']);
/** The route module's exports that load its data. */
const LOADERS = new Set(['loader', 'clientLoader']);
/** Router hooks whose lists are as long as the route is deep: the matched routes, for breadcrumbs. */
const ROUTE_HOOKS = new Set(['useMatches']);
/** Hooks whose value is local state, not data from elsewhere. */
const STATE_HOOKS = new Set(['useState', 'useReducer']);

/** Where a rendered list's items come from, or undefined when they are bounded or not data. */
interface Origin {
  /** `a prop`, `state`, `data from useQuery`. */
  what: string;
  name: string;
}

/**
 * `.map` over props, state or fetched data rendering one element per item, with nothing bounding how many:
 * no `slice`, no pagination or limit in the query the data came from, and no virtualisation library in the
 * file. Every row is rendered and kept in the DOM, so render time, memory and layout grow with the data.
 * Whether that matters depends on how large the data gets: the finding is a hint that says so.
 */
export const unvirtualisedList: ReactRule = {
  id: 'unvirtualised-list',
  assistant: 'react',
  title: 'List rendered in full with no bound or virtualisation',
  defaultSeverity: 'info',
  impact: 'medium',
  effort: 'medium',
  roadmap: {
    task: 'Virtualise or paginate {count} list(s) that grow with the data',
    baseHours: 2,
    hoursPerPlace: 2,
    risk: 'medium',
    mitigation:
      'Measure with realistic data first (React Profiler, the Performance panel): virtualise only lists that reach hundreds of rows, and keep keyboard navigation, find-in-page and scroll restoration working.',
    skills: ['React', 'Web performance'],
  },
  docs: `
## Why it matters

\`items.map(item => <Row … />)\` renders one element per item, and the browser lays out and keeps every one
of them, visible or not. With ten items that is nothing; with a few thousand rows the first render takes
hundreds of milliseconds, every update of the parent re-renders them all, and scrolling, typing and memory
suffer. Virtualisation renders only the rows in view (plus a few), whatever the length of the data;
pagination or a limit keeps the data itself small.

The rule reports a \`.map\` over props, state or data from a hook (\`useQuery\`, \`useSWR\`, \`useSelector\`, a
loader) with nothing that bounds it: no \`slice\`/\`take\`/\`limit\` on the way, no paging word (\`limit\`,
\`page\`, \`pageSize\`, \`first\`, \`cursor\`…) in the hook call it came from, and no virtualisation library
(react-window, react-virtuoso, @tanstack/react-virtual, react-virtualized, virtua) imported by the file. Lists
over module constants or literal arrays have the size they are written with and are not reported, nor are
collections small by what they are (\`columns\`, \`links\`, \`tabs\`, \`steps\`, \`fields\`, \`options\`, \`filters\`,
\`tags\`, \`labels\`, a form's \`errors\` and \`warnings\`, a chart's \`categories\` or \`keys\`, a toolbar's \`tools\`, a
row's \`cells\`, the \`platforms\` a build targets…, compound names ending in one: \`selectedFields\`, and names of
the item with \`List\` or \`Array\`: \`categoryList\`; a name destructured from the props object,
\`const { categories } = props\`, counts as that name), names that say they hold one page (\`paginatedChannels\`,
\`pageItems\`), the rows of menus, selects, navigation and radio groups (by the row's tag or the element holding
the list: \`<Select>{….map(…)}</Select>\`), any list of a component named like a frame (\`…Nav\`, \`…Menu\`,
\`Sidebar…\`, \`…Toolbar\`, \`…Header\`, \`…Footer\`, \`…Dropdown\`, \`…Picker\`, \`…Select\`, a filter bar
\`…Filter…\` or \`…Filters\`, a tab strip \`…TabList\`, a table of contents \`…Toc…\`) or a chart (\`…Chart\`,
\`…Legend\`, \`…Tooltip\`: one row per series or segment), header cells, tabs and their panels (\`<Tab>\`,
\`<TabItem>\`, \`<TabPanel>\`, \`<Tabs.Tab>\`: a strip of tabs holds a handful), a table library's header
groups, its row model when the file uses its pagination model, the route matches of React Router's
\`useMatches()\` (as many as the route is deep), and material-react-table's \`useMRT_Rows\` unless
the file sets \`enablePagination: false\`. Capped lists are not reported either: state whose every update is
bounded (\`setItems(found.slice(0, 8))\`, an updater that returns \`[...prev, x].slice(-100)\` or shifts while the
array is over a limit), and a \`let\` the render caps (\`if (lines.length > max) lines = lines.slice(-max)\`). In a
React Router or Remix route module, \`loaderData\` (the route component's prop) and \`useLoaderData()\` come from
the file's \`loader\`: a paging word in the loader's statements that name the list's property
(\`cacheKeys = await getCacheKeys(limit)\`) bounds it. Whether it matters depends on how many items the data can
hold, which the code does not say: the finding is a hint.

## How to fix it

- Lists that reach hundreds of rows: virtualise them (\`@tanstack/react-virtual\`, \`react-window\`,
  \`react-virtuoso\`).
- Or paginate / limit where the data is fetched, or render the first N with a "show more".

## When to ignore it

When the data is small by nature (the days of a week, a user's few addresses), or when the list is already
virtualised by a component in another file that renders this one.
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    if ([...model.imports.values()].some((binding) => VIRTUALISERS.test(binding.specifier))) return;
    const owners = new Map<TS.Node, ComponentDef>();
    for (const def of model.components) if (def.render && def.kind !== 'class') owners.set(def.render, def);
    for (const list of renderedLists(model)) {
      const owner = ownerOf(list.call, owners);
      if (!owner?.render || FRAME_COMPONENTS.test(owner.name)) continue;
      const receiver = (list.call.expression as TS.PropertyAccessExpression).expression;
      const origin = originOf(model, owner.render, receiver, 0);
      if (!origin) continue;
      const row = list.elements[0];
      const tagName = ts.isJsxFragment(row)
        ? ''
        : (ts.isJsxElement(row) ? row.openingElement : row).tagName.getText(model.source);
      const last =
        origin.name
          .split(/[.?[\]'"]+/)
          .filter(Boolean)
          .pop() ?? origin.name;
      if (smallByName(last) || PAGE_NAME.test(last) || FRAME_TAGS.test(tagName) || CHOICE_TAGS.test(tagName)) continue;
      if (CHOICE_TAGS.test(containerTag(ts, model, list.call))) continue;
      const receiverText = receiver.getText(model.source);
      if (TABLE_FRAME.test(receiverText)) continue;
      // A table library's row model with its pagination model in the file: the rows are one page.
      if (/\bgetRowModel\(/.test(receiverText) && /\bgetPaginationRowModel\b/.test(model.text)) continue;
      const tag = tagName ? `<${tagName}>` : 'fragment';
      report({
        range: edits.rangeOf(list.call.expression),
        message: `${owner.name} renders one ${tag} per item of \`${origin.name}\` (${origin.what}) with no bound: nothing slices, pages or virtualises it, so render time and DOM size grow with the data. Fine for tens of items; if it can reach hundreds or thousands, virtualise the list (e.g. @tanstack/react-virtual, react-window) or paginate where the data comes from.`,
      });
    }
  },
};

/**
 * `columns`, a compound name ending in such a word (`selectedColumns`, `configFields`), and one that names the
 * collection after its item (`categoryList`, `tabArray`).
 */
function smallByName(name: string): boolean {
  const base = name.replace(/(?<=[a-z0-9])(List|Array)$/, '');
  const last = base.replace(/^.*[a-z0-9](?=[A-Z])/, '');
  return [name, base, last, plural(base), plural(last)].some((n) => SMALL_BY_NAME.test(n));
}

function plural(word: string): string {
  return /[^aeiou]y$/i.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`;
}

/** The tag of the JSX element whose children hold the list: a `<Select>`'s rows are its choices. */
function containerTag(ts: typeof TS, model: FileModel, call: TS.Node): string {
  for (let current = call.parent; current; current = current.parent) {
    if (ts.isJsxElement(current)) return current.openingElement.tagName.getText(model.source);
    if (isFunctionLike(ts, current)) break;
  }
  return '';
}

function ownerOf(node: TS.Node, owners: Map<TS.Node, ComponentDef>): ComponentDef | undefined {
  for (let current = node.parent; current; current = current.parent) {
    const owner = owners.get(current);
    if (owner) return owner;
  }
  return undefined;
}

/**
 * Follows a list's receiver back to props, state or a hook's data (through locals, property reads,
 * `filter`/`sort`/…, `Object.values(…)`, `useMemo`); undefined when something bounds it on the way or it is
 * not data (a constant, a literal).
 */
function originOf(
  model: FileModel,
  render: FunctionLike,
  expression: TS.Expression,
  depth: number,
): Origin | undefined {
  const ts = model.ts;
  if (depth > 6) return undefined;
  const node = skipOuter(ts, expression);
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      if (BOUNDING_METHODS.has(callee.name.text)) return undefined;
      // `Object.values(byId)`, `Array.from(set)`: the collection is the argument.
      if (ts.isIdentifier(callee.expression) && /^(Object|Array)$/.test(callee.expression.text))
        return node.arguments[0] ? originOf(model, render, node.arguments[0], depth + 1) : undefined;
      if (!collectionHelper(model, callee)) return originOf(model, render, callee.expression, depth + 1);
    }
    // `_.orderBy(products, …)`, `sortBy(products, …)`: the collection is the first argument.
    if (collectionHelper(model, callee) && node.arguments[0])
      return originOf(model, render, node.arguments[0], depth + 1);
    return undefined;
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const inner = skipOuter(ts, node.expression);
    if (inner.kind === ts.SyntaxKind.ThisKeyword) return undefined;
    if (
      ts.isPropertyAccessExpression(inner) &&
      inner.expression.kind === ts.SyntaxKind.ThisKeyword &&
      /^(props|state)$/.test(inner.name.text)
    )
      return { what: inner.name.text === 'props' ? 'a prop' : 'state', name: node.getText(model.source) };
    const origin = originOf(model, render, node.expression, depth + 1);
    return origin && { ...origin, name: node.getText(model.source) };
  }
  if (!ts.isIdentifier(node)) return undefined;
  const name = node.text;
  for (const parameter of render.parameters)
    if (bindingNames(ts, parameter.name).includes(name)) {
      // React Router's route component: `loaderData` is what the file's loader returned.
      if (name === 'loaderData' && loaderPages(model, firstKey(ts, node))) return undefined;
      return { what: 'a prop', name };
    }
  const initializer = declarationIn(ts, render, name);
  if (!initializer) return undefined;
  if (cappedByReassignment(ts, render, initializer.declaration, name)) return undefined;
  const init = skipOuter(ts, initializer.value);
  if (ts.isCallExpression(init)) {
    const hook = hookName(ts, init.expression);
    if (hook === 'useMemo' || hook === 'useDeferredValue') {
      const argument = init.arguments[0] && skipOuter(ts, init.arguments[0]);
      if (argument && isFunctionLike(ts, argument) && argument.body && !ts.isBlock(argument.body))
        return originOf(model, render, argument.body, depth + 1);
      return argument && !isFunctionLike(ts, argument) ? originOf(model, render, argument, depth + 1) : undefined;
    }
    if (hook) {
      if (ROUTE_HOOKS.has(hook)) return undefined;
      if (STATE_HOOKS.has(hook))
        return boundedState(model, render, initializer.declaration) ? undefined : { what: 'state', name };
      if (PAGING.test(init.getText(model.source))) return undefined;
      if (PAGED_ROW_HOOKS.has(hook) && !PAGINATION_OFF.test(model.text)) return undefined;
      if (LOADER_DATA_HOOKS.has(hook)) {
        const pattern = initializer.declaration.name;
        const key = ts.isObjectBindingPattern(pattern) ? destructuredKey(ts, pattern, name) : firstKey(ts, node);
        if (loaderPages(model, key)) return undefined;
      }
      return { what: `data from ${hook}`, name };
    }
  }
  const origin = originOf(model, render, initializer.value, depth + 1);
  // `const { categories } = props`: the collection is what the pattern takes out, not the whole object, and
  // its name is what says whether it is small by nature.
  const key = destructuredKey(ts, initializer.declaration.name, name);
  return origin && key ? { ...origin, name: key } : origin;
}

/** `items` of `loaderData.items.map(…)`: the property read right off the identifier, if any. */
function firstKey(ts: typeof TS, identifier: TS.Identifier): string | undefined {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === identifier) return parent.name.text;
  return undefined;
}

/**
 * Whether the route module's `loader` (or `clientLoader`) pages or caps what it returns under `key`: a paging
 * word (`take`, `limit`, `page`…) in a statement of the loader that names `key` (the whole loader without one).
 * The list then holds one page of the data, however large the data is.
 */
function loaderPages(model: FileModel, key: string | undefined): boolean {
  const ts = model.ts;
  const mentions = key && new RegExp(`\\b${key.replace(/[$]/g, '\\$&')}\\b`);
  for (const statement of model.source.statements) {
    const body = loaderBody(ts, statement);
    if (!body) continue;
    const statements = ts.isBlock(body) ? body.statements : [body];
    for (const inner of statements) {
      const text = inner.getText(model.source);
      if ((!mentions || mentions.test(text)) && PAGING.test(text)) return true;
    }
  }
  return false;
}

/** The body of `export async function loader(…)` or `export const loader = async (…) => …`. */
function loaderBody(ts: typeof TS, statement: TS.Statement): TS.ConciseBody | undefined {
  if (ts.isFunctionDeclaration(statement))
    return statement.name && LOADERS.has(statement.name.text) ? statement.body : undefined;
  if (!ts.isVariableStatement(statement)) return undefined;
  for (const declaration of statement.declarationList.declarations) {
    if (!ts.isIdentifier(declaration.name) || !LOADERS.has(declaration.name.text) || !declaration.initializer) continue;
    const value = skipOuter(ts, declaration.initializer);
    if (isFunctionLike(ts, value)) return value.body;
  }
  return undefined;
}

/**
 * A `let` the render caps by assigning it a bounded value (`if (lines.length > max) lines = lines.slice(-max)`):
 * whatever it started as, what is rendered has at most that many items.
 */
function cappedByReassignment(
  ts: typeof TS,
  render: FunctionLike,
  declaration: TS.VariableDeclaration,
  name: string,
): boolean {
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Using)) return false;
  let capped = false;
  const visit = (node: TS.Node): void => {
    if (capped || (node !== render.body && (isFunctionLike(ts, node) || ts.isClassLike(node)))) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(skipOuter(ts, node.left)) &&
      (skipOuter(ts, node.left) as TS.Identifier).text === name &&
      callsBoundingMethod(ts, node.right)
    ) {
      capped = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (render.body) visit(render.body);
  return capped;
}

function callsBoundingMethod(ts: typeof TS, node: TS.Node): boolean {
  if (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    BOUNDING_METHODS.has(node.expression.name.text)
  )
    return true;
  if (isFunctionLike(ts, node)) return false;
  return ts.forEachChild(node, (child) => callsBoundingMethod(ts, child) || undefined) ?? false;
}

/** The property a destructuring pattern reads into `name` (`{ rows: items }` → `rows`), if it does. */
function destructuredKey(ts: typeof TS, pattern: TS.BindingName, name: string): string | undefined {
  if (!ts.isObjectBindingPattern(pattern)) return undefined;
  for (const element of pattern.elements) {
    if (!bindingNames(ts, element.name).includes(name)) continue;
    if (!ts.isIdentifier(element.name)) return destructuredKey(ts, element.name, name);
    const property = element.propertyName;
    if (!property) return name;
    return ts.isIdentifier(property) || ts.isStringLiteral(property) ? property.text : undefined;
  }
  return undefined;
}

/** The initialiser of a name the render declares (a destructured one: the whole initialiser). */
function declarationIn(
  ts: typeof TS,
  render: FunctionLike,
  name: string,
): { value: TS.Expression; declaration: TS.VariableDeclaration } | undefined {
  const body = render.body;
  if (!body || !ts.isBlock(body)) return undefined;
  let found: { value: TS.Expression; declaration: TS.VariableDeclaration } | undefined;
  const visit = (node: TS.Node): void => {
    if (found || (node !== body && (isFunctionLike(ts, node) || ts.isClassLike(node)))) return;
    if (ts.isVariableDeclaration(node) && node.initializer && bindingNames(ts, node.name).includes(name)) {
      found = { value: node.initializer, declaration: node };
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** lodash's collection functions whose first argument is the collection. */
const COLLECTION_HELPERS = new Set([
  'sortBy',
  'orderBy',
  'filter',
  'reject',
  'map',
  'uniq',
  'uniqBy',
  'compact',
  'reverse',
]);

function collectionHelper(model: FileModel, callee: TS.Expression): boolean {
  const name = lodashFunction(model, callee);
  return name !== undefined && COLLECTION_HELPERS.has(name);
}

/**
 * State whose every update is bounded (`setItems(found.slice(0, 8))`, `setItems([])`): it never holds more
 * than those bounds. A setter passed on (`.then(setItems)`) may set anything.
 */
function boundedState(model: FileModel, render: FunctionLike, declaration: TS.VariableDeclaration): boolean {
  const ts = model.ts;
  if (!ts.isArrayBindingPattern(declaration.name)) return false;
  const setter = declaration.name.elements[1];
  if (!setter || ts.isOmittedExpression(setter) || !ts.isIdentifier(setter.name)) return false;
  const name = setter.name.text;
  let calls = 0;
  let unbounded = false;
  const visit = (node: TS.Node): void => {
    if (unbounded) return;
    if (ts.isIdentifier(node) && node.text === name && node.parent !== setter) {
      const call = node.parent;
      if (!ts.isCallExpression(call) || call.expression !== node || !call.arguments[0]) unbounded = true;
      else if (bounded(ts, call.arguments[0]) || cappedUpdater(ts, call.arguments[0])) calls++;
      else unbounded = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (render.body) visit(render.body);
  return calls > 0 && !unbounded;
}

/**
 * An updater that caps what it returns: `(prev) => [...prev, log].slice(-100)`, or one that drops items while the
 * array is over a limit (`while (next.length > MAX) next.shift()`).
 */
function cappedUpdater(ts: typeof TS, expression: TS.Expression): boolean {
  const fn = skipOuter(ts, expression);
  if (!isFunctionLike(ts, fn) || !fn.body) return false;
  if (!ts.isBlock(fn.body)) return bounded(ts, fn.body);
  let returnsBounded = false;
  let trims = false;
  let overLimit = false;
  const visit = (node: TS.Node): void => {
    if (isFunctionLike(ts, node)) return;
    if (ts.isReturnStatement(node) && node.expression && bounded(ts, node.expression)) returnsBounded = true;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      /^(shift|pop|splice|slice)$/.test(node.expression.name.text)
    )
      trims = true;
    if (
      ts.isBinaryExpression(node) &&
      (node.operatorToken.kind === ts.SyntaxKind.GreaterThanToken ||
        node.operatorToken.kind === ts.SyntaxKind.GreaterThanEqualsToken) &&
      ts.isPropertyAccessExpression(skipOuter(ts, node.left)) &&
      (skipOuter(ts, node.left) as TS.PropertyAccessExpression).name.text === 'length'
    )
      overLimit = true;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return returnsBounded || (trims && overLimit);
}

function bounded(ts: typeof TS, expression: TS.Expression): boolean {
  const node = skipOuter(ts, expression);
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((e) => !ts.isSpreadElement(e));
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression))
    return BOUNDING_METHODS.has(node.expression.name.text);
  return false;
}
