/**
 * A generated React workspace for the frontend optimizer's benchmarks: component files of about 90 lines
 * (props, hooks, lists, handlers, images, a context) importing memoised and plain children from a UI package
 * through a barrel, and one large TSX file made of many such components. Deterministic for a given size.
 *
 * Every component mixes clean code with the patterns the rules look for (an inline prop on a memoised child,
 * an index key, derived state in an effect, an unsized image…), at rates that vary by component, so a run of
 * the rules has real work to do and a detection comparison has something to find.
 */

/**
 * The kinds of problem the generator plants, one for each rule of the frontend optimizer that can fire on a
 * workspace without packages installed, each a real cost by the optimizer's definition: a new object or function
 * passed to a child memoised in another file (React.memo, PureComponent), or to an unmemoised child that renders
 * several components; a context value rebuilt on every render; a component defined inside another's render; a
 * list element without a key, keyed by index where the item has an id, or sharing its key with a sibling; the
 * effects that cost a render (state derived in an effect, a chain of effects, an effect run as an event handler,
 * state passed up to a parent in an effect), state set during render; dependency lists that miss a value, name
 * one that never triggers the hook, or hold an object made on every render; expensive work in render, an
 * expensive useState initialiser, a list rendered in full; the whole of lodash imported, a workspace barrel that
 * brings a module running code at load, a heavy component loaded with the page but shown only on demand; an
 * image without a size, the likely LCP image lazy-loaded, a render-blocking third-party script; a default prop
 * that is a new object on every render. (`compiler-bailout` is not planted: it reports only when the React
 * Compiler is installed and configured, and with it the manual-memoisation findings above would be silent.)
 */
export const PLANTED_CATEGORIES = [
  'inline-prop-to-memo-child',
  'inline-prop-to-unmemoised-child',
  'unstable-context-value',
  'unstable-default-prop',
  'component-in-render',
  'missing-key',
  'index-key',
  'duplicate-key',
  'derived-state-in-effect',
  'effect-chain',
  'effect-as-event-handler',
  'state-passed-up-in-effect',
  'set-state-in-render',
  'missing-dependency',
  'unnecessary-dependency',
  'dependency-changes-every-render',
  'expensive-render-work',
  'lazy-use-state',
  'unvirtualised-list',
  'whole-library-import',
  'barrel-import',
  'lazy-load-heavy-component',
  'img-without-size',
  'lcp-image-lazy',
  'render-blocking-script',
] as const;

export type PlantedCategory = (typeof PLANTED_CATEGORIES)[number];

/**
 * One planted problem, or one near-miss (`clean`: code a careless check of the category would flag and that
 * costs nothing, such as a memoised computation or a bounded list): its file and the 1-based lines it spans (a
 * finding anywhere in them has found it), and the lines where it shows besides (a component defined in render
 * is also found where it is rendered).
 */
export interface Planted {
  file: string;
  category: PlantedCategory;
  line: number;
  endLine: number;
  alsoAt?: number[];
}

export interface ReactCorpus {
  /** Workspace-relative path → text: configs, the UI package, the widgets, the context and the component files. */
  files: Map<string, string>;
  /** The generated component files, in order (each about `linesPerComponent` lines). */
  components: string[];
  /** Every problem the generator planted in the component files, for the detection comparison. */
  planted: Planted[];
  /** Every near-miss it wrote: clean code a careless check of the category would report. */
  clean: Planted[];
}

const UI_COMPONENTS = [
  { name: 'Card', memo: 'memo' },
  { name: 'Badge', memo: 'none' },
  { name: 'Avatar', memo: 'forwardRef' },
  { name: 'PriceTag', memo: 'memo' },
  { name: 'Toolbar', memo: 'none' },
  { name: 'Row', memo: 'class-pure' },
] as const;

function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/**
 * The shared UI package: one file per component (memo, forwardRef, PureComponent or plain) behind a barrel,
 * and a plain Panel that renders several of them (memo() on it would save renders, were its props stable).
 */
function uiPackage(files: Map<string, string>): void {
  for (const { name, memo } of UI_COMPONENTS) {
    const props = `export interface ${name}Props {\n  label?: string;\n  style?: { padding?: number; color?: string };\n  onClick?: () => void;\n  item?: { id: string; name: string };\n  children?: React.ReactNode;\n}\n`;
    const body = `<div className="${name.toLowerCase()}" style={props.style} onClick={props.onClick}>{props.label}{props.children}</div>`;
    let component: string;
    if (memo === 'memo')
      component = `function ${name}Inner(props: ${name}Props) {\n  return ${body};\n}\n\nexport const ${name} = memo(${name}Inner);\n`;
    else if (memo === 'forwardRef')
      component = `export const ${name} = forwardRef<HTMLDivElement, ${name}Props>(function ${name}(props, ref) {\n  return <div ref={ref}>{props.label}</div>;\n});\n`;
    else if (memo === 'class-pure')
      component = `export class ${name} extends PureComponent<${name}Props> {\n  render() {\n    const props = this.props;\n    return ${body};\n  }\n}\n`;
    else component = `export function ${name}(props: ${name}Props) {\n  return ${body};\n}\n`;
    files.set(
      `src/ui/${name}.tsx`,
      `import React, { memo, forwardRef, PureComponent } from 'react';\n\n${props}\n${component}`,
    );
  }
  files.set(
    'src/ui/Panel.tsx',
    `import { Avatar } from './Avatar';\nimport { Badge } from './Badge';\nimport { Toolbar } from './Toolbar';\n\nexport interface PanelProps {\n  title: string;\n  onClose?: () => void;\n}\n\nexport function Panel({ title, onClose }: PanelProps) {\n  return (\n    <aside>\n      <Avatar label={title} />\n      <Badge label={title} />\n      <Toolbar label="close" onClick={onClose} />\n    </aside>\n  );\n}\n`,
  );
  files.set(
    'src/ui/index.ts',
    [...UI_COMPONENTS.map(({ name }) => name), 'Panel'].map((name) => `export * from './${name}';\n`).join(''),
  );
  files.set(
    'src/context/theme.tsx',
    `import { createContext } from 'react';\n\nexport interface Theme {\n  dark: boolean;\n  accent: string;\n}\n\nexport const ThemeContext = createContext<Theme>({ dark: false, accent: '#333' });\n`,
  );
}

/**
 * The widgets: a light Sparkline and a RouteMap whose module registers itself and its route data when it loads
 * (about 35 kB gzipped: encoded polylines do not compress), behind a barrel. Importing the Sparkline from the
 * barrel brings the map along; importing the map statically brings it into the page's chunk.
 */
function widgets(files: Map<string, string>, seed: number): void {
  // Not `seeded`: its products exceed a double's exact integers and it falls into short cycles, which gzip
  // would find. A 32-bit xorshift keeps the data as incompressible as real encoded routes.
  let state = seed;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const rows: string[] = [];
  for (let row = 0; row < 480; row++) {
    let text = '';
    // Polyline encoding's alphabet (63–126) without the backslash, as a string literal holds it.
    for (let k = 0; k < 96; k++) text += String.fromCharCode(63 + Math.floor(random() * 64)).replace('\\', '~');
    rows.push(`  '${text}',`);
  }
  files.set('src/widgets/routes-data.ts', `export const ROUTE_POLYLINES: string[] = [\n${rows.join('\n')}\n];\n`);
  files.set(
    'src/widgets/registry.ts',
    `export const MAPS: { name: string; routes: string[] }[] = [];\n\nexport function registerMap(name: string, routes: string[]): void {\n  MAPS.push({ name, routes });\n}\n`,
  );
  files.set(
    'src/widgets/RouteMap.tsx',
    `import { registerMap } from './registry';\nimport { ROUTE_POLYLINES } from './routes-data';\n\n// Runs when the module loads: a bundler keeps it, and the routes, for anyone importing the module.\nregisterMap('routes', ROUTE_POLYLINES);\n\nexport function RouteMap({ region }: { region: string }) {\n  return (\n    <figure>\n      <figcaption>{region}</figcaption>\n      <p>{ROUTE_POLYLINES.length} routes</p>\n    </figure>\n  );\n}\n`,
  );
  files.set(
    'src/widgets/Sparkline.tsx',
    `export function Sparkline({ values }: { values: number[] }) {\n  const points = values.map((value, index) => \`\${index * 4},\${40 - value}\`).join(' ');\n  return (\n    <svg width={120} height={40}>\n      <polyline points={points} />\n    </svg>\n  );\n}\n`,
  );
  files.set('src/widgets/index.ts', `export * from './Sparkline';\nexport * from './RouteMap';\n`);
}

/** One planted problem (or near-miss, `clean`) in a component's text, its lines 1-based within that text. */
export interface PlantSite {
  category: PlantedCategory;
  line: number;
  endLine: number;
  alsoAt?: number[];
  clean?: boolean;
}

export type PlantSink = (site: PlantSite) => void;

/**
 * One component of about 90 lines named `name`. `random` decides which patterns it holds, each a planted
 * problem or a near-miss of it at rates that vary by pattern; `imports` says whether to emit the file's import
 * lines (the large single file emits them once at its top); `plant`, when given, is told where each went.
 */
export function componentSource(name: string, random: () => number, imports = true, plant?: PlantSink): string {
  const lines: string[] = [];
  // The next line pushed is lines.length + 1; a pushed string may hold several lines.
  const lineCount = () => lines.join('\n').split('\n').length + (lines.length ? 1 : 0) - 1;
  /** Pushes `text`, planting each of `problems` and each of `nearMisses` on its lines. */
  const emit = (text: string, problems: PlantedCategory[], nearMisses: PlantedCategory[] = []) => {
    const line = lineCount() + 1;
    lines.push(text);
    const endLine = line + text.split('\n').length - 1;
    for (const category of problems) plant?.({ category, line, endLine });
    for (const category of nearMisses) plant?.({ category, line, endLine, clean: true });
  };
  const mark = (category: PlantedCategory, text: string) => emit(text, [category]);
  const nearMiss = (category: PlantedCategory, text: string) => emit(text, [], [category]);
  /** Which of a planted problem (`'bad'`), its near-miss (`'near'`) or neither a pattern holds. */
  const pick = (bad: number, near: number): 'bad' | 'near' | 'none' => {
    const r = random();
    return r < bad ? 'bad' : r < bad + near ? 'near' : 'none';
  };
  const lodash = pick(0.15, 0.1);
  // A file holds at most one of the widget imports: a lazy chunk counts what the file's other imports bring.
  const widget = imports ? pick(0.05, 0.1) : 'none';
  const routeMap = widget === 'none' && imports ? pick(0.05, 0) : 'none';
  if (imports) {
    lines.push(`import React, { useState, useEffect, useMemo, useCallback, useContext, useRef } from 'react';`);
    nearMiss('barrel-import', `import { Card, Badge, Avatar, PriceTag, Toolbar, Row, Panel } from '../../ui';`);
    lines.push(`import { ThemeContext } from '../../context/theme';`);
    if (lodash === 'bad') mark('whole-library-import', `import _ from 'lodash';`);
    if (lodash === 'near') nearMiss('whole-library-import', `import { uniq } from 'lodash-es';`);
    if (widget === 'bad') mark('barrel-import', `import { Sparkline } from '../../widgets';`);
    if (widget === 'near') nearMiss('barrel-import', `import { Sparkline } from '../../widgets/Sparkline';`);
    if (routeMap === 'bad') lines.push(`import { RouteMap } from '../../widgets/RouteMap';`);
    lines.push('');
  }
  lines.push(`interface ${name}Item {\n  id: string;\n  name: string;\n  price: number;\n  tags: string[];\n}`);
  lines.push('');
  lines.push(
    `interface ${name}Props {\n  items: ${name}Item[];\n  title: string;\n  onSelect(id: string): void;\n  onQueryChange(query: string): void;\n}`,
  );
  lines.push('');
  lines.push(`function total${name}(items: ${name}Item[]): number {`);
  lines.push(`  let sum = 0;\n  for (const item of items) sum += item.price;\n  return sum;\n}`);
  lines.push('');
  lines.push(`function label${name}(item: ${name}Item): string {`);
  lines.push(`  const tags = item.tags.filter((tag) => tag.length > 0).join(', ');`);
  lines.push(`  return tags ? \`\${item.name} (\${tags})\` : item.name;\n}`);
  lines.push('');
  lines.push(`export function ${name}({ items, title, onSelect, onQueryChange }: ${name}Props) {`);
  lines.push(`  const [query, setQuery] = useState('');`);
  lines.push(`  const [open, setOpen] = useState(false);`);
  lines.push(`  const inputRef = useRef<HTMLInputElement>(null);`);
  if (random() < 0.2) mark('lazy-use-state', `  const [cache] = useState(total${name}(items));`);
  else nearMiss('lazy-use-state', `  const [cache] = useState(() => total${name}(items));`);
  const derived = pick(0.3, 0.08);
  if (derived === 'bad') {
    mark(
      'derived-state-in-effect',
      `  const [count, setCount] = useState(0);\n  useEffect(() => {\n    setCount(items.length);\n  }, [items]);`,
    );
  } else lines.push(`  const count = items.length;`);
  // State set from a subscription, not from props: what effects are for.
  if (derived === 'near')
    emit(
      `  const [width, setWidth] = useState(0);\n  useEffect(() => {\n    const onResize = () => setWidth(window.innerWidth);\n    window.addEventListener('resize', onResize);\n    return () => window.removeEventListener('resize', onResize);\n  }, []);`,
      [],
      ['derived-state-in-effect', 'effect-chain'],
    );
  const chain = pick(0.08, 0);
  if (chain === 'bad') {
    lines.push(
      `  const [page, setPage] = useState(0);\n  const [selected, setSelected] = useState<string | null>(null);\n  const [loaded, setLoaded] = useState(true);`,
    );
    // The chain is the three effects: a finding on its first link has found it too.
    mark(
      'effect-chain',
      `  useEffect(() => {\n    if (query) setPage(0);\n  }, [query]);\n  useEffect(() => {\n    if (page === 0) setSelected(null);\n  }, [page]);\n  useEffect(() => {\n    if (selected === null) setLoaded(false);\n  }, [selected]);`,
    );
  }
  const reset = pick(0.1, 0.15);
  if (reset === 'bad') mark('set-state-in-render', `  if (items.length === 0) setOpen(false);`);
  // React's own pattern for adjusting state when a prop changes: guarded by state the update makes false.
  if (reset === 'near')
    nearMiss(
      'set-state-in-render',
      `  const [previousItems, setPreviousItems] = useState(items);\n  if (previousItems !== items) {\n    setPreviousItems(items);\n    setQuery('');\n  }`,
    );
  lines.push(`  const theme = useContext(ThemeContext);`);
  lines.push(`  const visible = useMemo(`);
  lines.push(`    () => items.filter((item) => item.name.toLowerCase().includes(query.toLowerCase())),`);
  lines.push(`    [items, query],\n  );`);
  const ranked = pick(0.35, 0.35);
  if (ranked === 'bad')
    mark(
      'expensive-render-work',
      `  const ranked = items.filter((item) => item.price > 0).sort((a, b) => b.price - a.price);`,
    );
  if (ranked === 'near')
    nearMiss(
      'expensive-render-work',
      `  const ranked = useMemo(\n    () => items.filter((item) => item.price > 0).sort((a, b) => b.price - a.price),\n    [items],\n  );`,
    );
  // The setter is stable: a dependency list may leave it out.
  if (random() < 0.2)
    nearMiss(
      'missing-dependency',
      `  const handleSelect = useCallback(\n    (id: string) => {\n      setOpen(false);\n      onSelect(id);\n    },\n    [onSelect],\n  );`,
    );
  else lines.push(`  const handleSelect = useCallback((id: string) => onSelect(id), [onSelect]);`);
  const titleDeps = pick(0.15, 0);
  const titleEffect = `  useEffect(() => {\n    document.title = \`\${title} (\${count})\`;\n  }, [title${titleDeps === 'bad' ? '' : ', count'}]);`;
  if (titleDeps === 'bad') mark('missing-dependency', titleEffect);
  else lines.push(titleEffect);
  const focus = pick(0.15, 0.3);
  const focusEffect = `  useEffect(() => {\n    if (open) inputRef.current?.focus();\n  }, [open${focus === 'bad' ? ', inputRef.current' : ''}]);`;
  if (focus === 'bad') mark('unnecessary-dependency', focusEffect);
  // A ref read in an effect on a flag: synchronising with the DOM, not an event's action.
  if (focus === 'near') emit(focusEffect, [], ['unnecessary-dependency', 'effect-as-event-handler']);
  const filters = pick(0.15, 0.2);
  if (filters !== 'none') {
    const declaration =
      filters === 'bad'
        ? `  const filters = { query, open };`
        : `  const filters = useMemo(() => ({ query, open }), [query, open]);`;
    emit(
      `${declaration}\n  useEffect(() => {\n    sessionStorage.setItem('${name}', JSON.stringify(filters));\n  }, [filters]);`,
      filters === 'bad' ? ['dependency-changes-every-render'] : [],
      filters === 'near' ? ['dependency-changes-every-render'] : [],
    );
  }
  const passUp = pick(0.15, 0.15);
  if (passUp === 'bad')
    mark('state-passed-up-in-effect', `  useEffect(() => {\n    onQueryChange(query);\n  }, [query, onQueryChange]);`);
  // Debounced: the effect synchronises with a timer.
  if (passUp === 'near')
    nearMiss(
      'state-passed-up-in-effect',
      `  useEffect(() => {\n    const timer = setTimeout(() => onQueryChange(query), 300);\n    return () => clearTimeout(timer);\n  }, [query, onQueryChange]);`,
    );
  const submit = pick(0.1, 0);
  if (submit === 'bad') {
    lines.push(`  const [submitted, setSubmitted] = useState(false);`);
    mark(
      'effect-as-event-handler',
      `  useEffect(() => {\n    if (submitted) onSelect(query);\n  }, [submitted, query, onSelect]);`,
    );
  }
  const nested = pick(0.1, 0.1);
  const nestedAt = lineCount() + 1;
  if (nested === 'bad') lines.push(`  const Empty = () => <p className="empty">Nothing here</p>;`);
  // Called, not rendered as an element: no component type is made.
  if (nested === 'near')
    nearMiss('component-in-render', `  const renderEmpty = () => <p className="empty">Nothing here</p>;`);
  const context = pick(0.6, 0.4);
  if (context === 'near')
    lines.push(`  const details = useMemo(() => ({ dark: !theme.dark, accent: theme.accent }), [theme]);`);
  lines.push('');
  lines.push(`  return (`);
  lines.push(`    <section className={theme.dark ? 'dark' : 'light'}>`);
  // Toolbar renders DOM elements only: a new function costs it nothing.
  emit(`      <Toolbar label={title} onClick={() => setOpen(!open)} />`, [], ['inline-prop-to-unmemoised-child']);
  lines.push(`      <input ref={inputRef} value={query} onChange={(event) => setQuery(event.target.value)} />`);
  if (submit === 'bad') lines.push(`      <button onClick={() => setSubmitted(true)}>Search</button>`);
  lines.push(`      <p>{count} items, {cache} in total</p>`);
  if (ranked !== 'none') lines.push(`      <p>Top: {ranked[0]?.name}</p>`);
  const inlineMemo = random() < 0.4;
  const key = random() < 0.25 ? 'index' : random() < 0.1 ? 'none' : 'id';
  const bounded = random() < 0.5;
  lines.push(`      <ul>`);
  const mapAt = lineCount() + 1;
  lines.push(`        {visible${bounded ? '.slice(0, 20)' : ''}.map((item, index) => (`);
  const keyAttribute = key === 'index' ? ' key={index}' : key === 'id' ? ' key={item.id}' : '';
  const card = inlineMemo
    ? `          <Card${keyAttribute} style={{ padding: 4 }} onClick={() => handleSelect(item.id)} label={label${name}(item)} />`
    : `          <Card${keyAttribute} label={label${name}(item)} item={item} />`;
  // One line may hold several problems: each is planted on it.
  emit(
    card,
    [
      ...(inlineMemo ? (['inline-prop-to-memo-child'] as const) : []),
      ...(key === 'index' ? (['index-key'] as const) : []),
      ...(key === 'none' ? (['missing-key'] as const) : []),
    ],
    inlineMemo ? [] : ['inline-prop-to-memo-child'],
  );
  lines.push(`        ))}`);
  plant?.({ category: 'unvirtualised-list', line: mapAt, endLine: mapAt + 1, ...(bounded ? { clean: true } : {}) });
  lines.push(`      </ul>`);
  // Two lists under one parent: each list's keys are its own, so equal ids across them are not duplicates.
  const tags = pick(0.1, 0.2);
  if (tags === 'bad')
    mark('duplicate-key', `      <Badge key="new" label="New" />\n      <Badge key="new" label="Sale" />`);
  if (tags === 'near')
    emit(
      `      {visible.slice(0, 3).map((item) => <Badge key={item.id} label={item.name} />)}\n      {visible.slice(-3).map((item) => <Badge key={item.id} label={String(item.price)} />)}`,
      [],
      ['duplicate-key'],
    );
  emit(
    `      <Badge label={String(visible.length)} style={{ color: theme.accent }} />`,
    [],
    ['inline-prop-to-unmemoised-child'],
  );
  lines.push(`      <PriceTag label={String(total${name}(visible))} />`);
  lines.push(`      <Avatar label={title} />`);
  if (random() < 0.2)
    mark('inline-prop-to-unmemoised-child', `      <Panel title={title} onClose={() => setOpen(false)} />`);
  // Row is a PureComponent: a function bound in render is new on every render.
  mark('inline-prop-to-memo-child', `      <Row label="footer" onClick={handleSelect.bind(null, 'footer')} />`);
  if (random() < 0.3) mark('img-without-size', `      <img src="/banner.png" alt="" />`);
  else nearMiss('img-without-size', `      <img src="/banner.png" alt="" width={640} height={120} />`);
  if (nested === 'bad') {
    plant?.({ category: 'component-in-render', line: nestedAt, endLine: nestedAt, alsoAt: [lineCount() + 1] });
    lines.push(`      {visible.length === 0 && <Empty />}`);
  }
  if (nested === 'near') lines.push(`      {visible.length === 0 && renderEmpty()}`);
  if (lodash === 'bad') lines.push(`      <p>{_.uniq(items.map((item) => item.name)).length} names</p>`);
  if (lodash === 'near') lines.push(`      <p>{uniq(items.map((item) => item.name)).length} names</p>`);
  const sparkline = `<Sparkline values={visible.map((item) => item.price)} />`;
  if (widget === 'bad') lines.push(`      ${sparkline}`);
  lines.push(`      {open && (`);
  lines.push(`        <div className="details">`);
  // A light component behind a condition: not worth a chunk of its own.
  if (widget === 'near') nearMiss('lazy-load-heavy-component', `          ${sparkline}`);
  if (routeMap === 'bad') mark('lazy-load-heavy-component', `          <RouteMap region={title} />`);
  if (context === 'bad')
    mark(
      'unstable-context-value',
      `          <ThemeContext.Provider value={{ dark: !theme.dark, accent: theme.accent }}>`,
    );
  else nearMiss('unstable-context-value', `          <ThemeContext.Provider value={details}>`);
  lines.push(`            <Card label="details" />`);
  lines.push(`          </ThemeContext.Provider>`);
  lines.push(`        </div>`);
  lines.push(`      )}`);
  lines.push(`    </section>`);
  lines.push(`  );`);
  lines.push(`}`);
  lines.push('');
  // A sub-component with a defaulted style: a new object whenever the parent leaves it out.
  const style = pick(0.15, 0.15);
  const styleParam = style === 'none' ? '' : ', style = {}';
  const styleType = style === 'none' ? '' : '; style?: { padding?: number }';
  const signature = `export function ${name}Summary({ items${styleParam} }: { items: ${name}Item[]${styleType} }) {`;
  if (style === 'bad') mark('unstable-default-prop', signature);
  else if (style === 'near') nearMiss('unstable-default-prop', signature);
  else lines.push(signature);
  // A .map that makes a string, not elements: nothing to key.
  nearMiss('missing-key', `  const names = items.map((item) => item.name).join(', ');`);
  // Passed to a memoised child, the default is new on every render; on a DOM element it costs nothing.
  const summaryChild =
    style === 'bad'
      ? `      <PriceTag label={names} style={style} />`
      : `      <strong>{items.length}</strong> {names}`;
  lines.push(`  return (\n    <footer${style === 'near' ? ' style={style}' : ''}>\n${summaryChild}`);
  // The index keys tags, which have nothing else to key by: no finding where the item has no id.
  if (random() < 0.25)
    nearMiss('index-key', `      {items[0]?.tags.slice(0, 3).map((tag, index) => <em key={index}>{tag}</em>)}`);
  lines.push(`    </footer>\n  );\n}`);
  lines.push('');
  // A hero image lazy-loaded delays the page's largest paint; a small lazy thumbnail does not.
  const banner = pick(0.15, 0.15);
  if (banner !== 'none') {
    lines.push(`export function ${name}Banner({ src }: { src: string }) {`);
    if (banner === 'bad')
      mark('lcp-image-lazy', `  return <img src={src} alt="" width={1200} height={400} loading="lazy" />;`);
    else nearMiss('lcp-image-lazy', `  return <img src={src} alt="" width={48} height={48} loading="lazy" />;`);
    lines.push(`}`);
    lines.push('');
  }
  const script = pick(0.1, 0.1);
  if (script !== 'none') {
    lines.push(`export function ${name}Analytics() {`);
    const src = `https://www.googletagmanager.com/gtag/js?id=G-${name.toUpperCase()}`;
    if (script === 'bad') mark('render-blocking-script', `  return <script src="${src}" />;`);
    else nearMiss('render-blocking-script', `  return <script async src="${src}" />;`);
    lines.push(`}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The workspace: configs, the UI package, the widgets, and `componentCount` component files under src/features/. */
export function generateReactCorpus(componentCount = 400, seed = 7): ReactCorpus {
  const files = new Map<string, string>();
  const random = seeded(seed);
  files.set('package.json', JSON.stringify({ name: 'bench-react', private: true, dependencies: { react: '^19.0.0' } }));
  files.set(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: { jsx: 'react-jsx', strict: true, module: 'esnext', moduleResolution: 'bundler' },
    }),
  );
  uiPackage(files);
  widgets(files, seed);
  const components: string[] = [];
  const planted: Planted[] = [];
  const clean: Planted[] = [];
  for (let i = 0; i < componentCount; i++) {
    const file = `src/features/f${Math.floor(i / 20)}/Component${i}.tsx`;
    const sink: PlantSink = ({ clean: isClean, ...site }) => (isClean ? clean : planted).push({ file, ...site });
    files.set(file, componentSource(`Component${i}`, random, true, sink));
    components.push(file);
  }
  return { files, components, planted, clean };
}

/** One TSX file of at least `lineCount` lines: the imports once, then components until the count is reached. */
export function generateLargeFile(lineCount = 8000, seed = 11): string {
  const random = seeded(seed);
  const parts = [componentSource('Large0', random, true)];
  let lines = parts[0].split('\n').length;
  for (let i = 1; lines < lineCount; i++) {
    const part = componentSource(`Large${i}`, random, false);
    parts.push(part);
    lines += part.split('\n').length + 1;
  }
  return parts.join('\n\n');
}
