/**
 * A generated React workspace for the frontend optimizer's benchmarks: component files of about 90 lines
 * (props, hooks, lists, handlers, images, a context) importing memoised and plain children from a UI package
 * through a barrel, and one large TSX file made of many such components. Deterministic for a given size.
 *
 * Every component mixes clean code with the patterns the rules look for (an inline prop on a memoised child,
 * an index key, derived state in an effect, an unsized image…), at rates that vary by component, so a run of
 * the rules has real work to do and a detection comparison has something to find.
 */

export interface ReactCorpus {
  /** Workspace-relative path → text: configs, the UI package, the contexts and the component files. */
  files: Map<string, string>;
  /** The generated component files, in order (each about `linesPerComponent` lines). */
  components: string[];
  /** Every problem the generator planted in the component files, for the detection comparison. */
  planted: Planted[];
}

/**
 * The kinds of problem the generator plants, each a real cost by the frontend optimizer's definition: a new
 * object or function passed to a child that is memoised in another file (React.memo, PureComponent), a
 * context value rebuilt on every render, a component defined inside another's render, a list element without a
 * key or keyed by index where the item has an id, state copied from props in an effect, the whole of lodash
 * imported, an image without a size, an expensive useState initialiser run on every render.
 */
export const PLANTED_CATEGORIES = [
  'inline-prop-to-memo-child',
  'unstable-context-value',
  'component-in-render',
  'missing-key',
  'index-key',
  'derived-state-in-effect',
  'whole-library-import',
  'img-without-size',
  'lazy-use-state',
] as const;

export type PlantedCategory = (typeof PLANTED_CATEGORIES)[number];

/**
 * One planted problem: its file and the 1-based lines it spans (a finding anywhere in them has found it), and
 * the lines where it shows besides (a component defined in render is also found where it is rendered).
 */
export interface Planted {
  file: string;
  category: PlantedCategory;
  line: number;
  endLine: number;
  alsoAt?: number[];
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

/** The shared UI package: one file per component (memo, forwardRef, PureComponent or plain) behind a barrel. */
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
  files.set('src/ui/index.ts', UI_COMPONENTS.map(({ name }) => `export * from './${name}';\n`).join(''));
  files.set(
    'src/context/theme.tsx',
    `import { createContext } from 'react';\n\nexport interface Theme {\n  dark: boolean;\n  accent: string;\n}\n\nexport const ThemeContext = createContext<Theme>({ dark: false, accent: '#333' });\n`,
  );
}

/** Told each planted problem's category and its 1-based lines within the component's text. */
export type PlantSink = (category: PlantedCategory, line: number, endLine: number, alsoAt?: number[]) => void;

/**
 * One component of about 90 lines named `name`. `random` decides which patterns it holds; `imports` says
 * whether to emit the file's import lines (the large single file emits them once at its top); `plant`, when
 * given, is told where each problem went.
 */
export function componentSource(name: string, random: () => number, imports = true, plant?: PlantSink): string {
  const lines: string[] = [];
  // The next line pushed is lines.length + 1; a pushed string may hold several lines.
  const lineCount = () => lines.join('\n').split('\n').length + (lines.length ? 1 : 0) - 1;
  const mark = (category: PlantedCategory, text: string) => {
    const line = lineCount() + 1;
    lines.push(text);
    plant?.(category, line, line + text.split('\n').length - 1);
  };
  const lodash = random() < 0.15;
  if (imports) {
    lines.push(`import React, { useState, useEffect, useMemo, useCallback, useContext } from 'react';`);
    lines.push(`import { Card, Badge, Avatar, PriceTag, Toolbar, Row } from '../../ui';`);
    lines.push(`import { ThemeContext } from '../../context/theme';`);
    if (lodash) mark('whole-library-import', `import _ from 'lodash';`);
    lines.push('');
  }
  lines.push(`interface ${name}Item {\n  id: string;\n  name: string;\n  price: number;\n  tags: string[];\n}`);
  lines.push('');
  lines.push(`interface ${name}Props {\n  items: ${name}Item[];\n  title: string;\n  onSelect(id: string): void;\n}`);
  lines.push('');
  lines.push(`function total${name}(items: ${name}Item[]): number {`);
  lines.push(`  let sum = 0;\n  for (const item of items) sum += item.price;\n  return sum;\n}`);
  lines.push('');
  lines.push(`function label${name}(item: ${name}Item): string {`);
  lines.push(`  const tags = item.tags.filter((tag) => tag.length > 0).join(', ');`);
  lines.push(`  return tags ? \`\${item.name} (\${tags})\` : item.name;\n}`);
  lines.push('');
  lines.push(`export function ${name}({ items, title, onSelect }: ${name}Props) {`);
  lines.push(`  const [query, setQuery] = useState('');`);
  lines.push(`  const [open, setOpen] = useState(false);`);
  const lazyMissing = random() < 0.2;
  if (lazyMissing) mark('lazy-use-state', `  const [cache] = useState(total${name}(items));`);
  else lines.push(`  const [cache] = useState(() => total${name}(items));`);
  const derived = random() < 0.3;
  if (derived) {
    mark(
      'derived-state-in-effect',
      `  const [count, setCount] = useState(0);\n  useEffect(() => {\n    setCount(items.length);\n  }, [items]);`,
    );
  } else lines.push(`  const count = items.length;`);
  lines.push(`  const theme = useContext(ThemeContext);`);
  lines.push(`  const visible = useMemo(`);
  lines.push(`    () => items.filter((item) => item.name.toLowerCase().includes(query.toLowerCase())),`);
  lines.push(`    [items, query],\n  );`);
  lines.push(`  const handleSelect = useCallback((id: string) => onSelect(id), [onSelect]);`);
  lines.push(`  useEffect(() => {\n    document.title = \`\${title} (\${count})\`;\n  }, [title, count]);`);
  const nested = random() < 0.1;
  const nestedAt = lineCount() + 1;
  if (nested) lines.push(`  const Empty = () => <p className="empty">Nothing here</p>;`);
  lines.push('');
  lines.push(`  return (`);
  lines.push(`    <section className={theme.dark ? 'dark' : 'light'}>`);
  lines.push(`      <Toolbar label={title} onClick={() => setOpen(!open)} />`);
  lines.push(`      <input value={query} onChange={(event) => setQuery(event.target.value)} />`);
  lines.push(`      <p>{count} items, {cache} in total</p>`);
  const inlineMemo = random() < 0.4;
  const key = random() < 0.25 ? 'index' : random() < 0.1 ? 'none' : 'id';
  lines.push(`      <ul>`);
  lines.push(`        {visible.map((item, index) => (`);
  const keyAttribute = key === 'index' ? ' key={index}' : key === 'id' ? ' key={item.id}' : '';
  const card = inlineMemo
    ? `          <Card${keyAttribute} style={{ padding: 4 }} onClick={() => handleSelect(item.id)} label={label${name}(item)} />`
    : `          <Card${keyAttribute} label={label${name}(item)} item={item} />`;
  // One line may hold several problems: each is planted on it.
  const line = lineCount() + 1;
  lines.push(card);
  if (inlineMemo) plant?.('inline-prop-to-memo-child', line, line);
  if (key === 'index') plant?.('index-key', line, line);
  if (key === 'none') plant?.('missing-key', line, line);
  lines.push(`        ))}`);
  lines.push(`      </ul>`);
  lines.push(`      <Badge label={String(visible.length)} style={{ color: theme.accent }} />`);
  lines.push(`      <PriceTag label={String(total${name}(visible))} />`);
  lines.push(`      <Avatar label={title} />`);
  // Row is a PureComponent: a function bound in render is new on every render.
  mark('inline-prop-to-memo-child', `      <Row label="footer" onClick={handleSelect.bind(null, 'footer')} />`);
  if (random() < 0.3) mark('img-without-size', `      <img src="/banner.png" alt="" />`);
  else lines.push(`      <img src="/banner.png" alt="" width={640} height={120} />`);
  if (nested) {
    plant?.('component-in-render', nestedAt, nestedAt, [lineCount() + 1]);
    lines.push(`      {visible.length === 0 && <Empty />}`);
  }
  if (lodash) lines.push(`      <p>{_.uniq(items.map((item) => item.name)).length} names</p>`);
  lines.push(`      {open && (`);
  lines.push(`        <div className="details">`);
  mark(
    'unstable-context-value',
    `          <ThemeContext.Provider value={{ dark: !theme.dark, accent: theme.accent }}>`,
  );
  lines.push(`            <Card label="details" />`);
  lines.push(`          </ThemeContext.Provider>`);
  lines.push(`        </div>`);
  lines.push(`      )}`);
  lines.push(`    </section>`);
  lines.push(`  );`);
  lines.push(`}`);
  lines.push('');
  // Plain helpers and a small sub-component fill the file to an ordinary component's length.
  lines.push(`export function ${name}Summary({ items }: { items: ${name}Item[] }) {`);
  lines.push(`  const names = items.map((item) => item.name).join(', ');`);
  lines.push(`  return (\n    <footer>\n      <strong>{items.length}</strong> {names}\n    </footer>\n  );\n}`);
  lines.push('');
  for (let k = 0; k < 3; k++) {
    lines.push(`export function sort${name}By${k}(items: ${name}Item[]): ${name}Item[] {`);
    lines.push(`  return [...items].sort((a, b) => (a.price - b.price) * ${k + 1} || a.name.localeCompare(b.name));`);
    lines.push(`}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The workspace: configs, the UI package, and `componentCount` component files under src/features/. */
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
  const components: string[] = [];
  const planted: Planted[] = [];
  for (let i = 0; i < componentCount; i++) {
    const file = `src/features/f${Math.floor(i / 20)}/Component${i}.tsx`;
    const sink: PlantSink = (category, line, endLine, alsoAt) =>
      planted.push({ file, category, line, endLine, ...(alsoAt ? { alsoAt } : {}) });
    files.set(file, componentSource(`Component${i}`, random, true, sink));
    components.push(file);
  }
  return { files, components, planted };
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
