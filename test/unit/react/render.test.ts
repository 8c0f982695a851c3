import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { createReactAssistant } from '../../../src/assistants/react/index';
import { buildFileModel } from '../../../src/assistants/react/model';
import { parseScript } from '../../../src/assistants/react/parse';
import { literalProps, providersAbove } from '../../../src/assistants/react/render/call-site';
import { explain } from '../../../src/assistants/react/render/advise';
import { harnessSource } from '../../../src/assistants/react/render/harness';
import { RENDER_COUNTER, instrumentRenders } from '../../../src/assistants/react/render/instrument';
import type { RenderMeasurement, RenderRequest } from '../../../src/assistants/react/render/protocol';
import { typedInputs } from '../../../src/assistants/react/render/typed-inputs';
import { DEFAULT_VALUE_OPTIONS } from '../../../src/assistants/react/render/values';
import { TimeBudget } from '../../../src/core/budget';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { memoryWorkspace } from '../../../src/core/workspace';

const SHOP = path.resolve(__dirname, '../../fixtures/react-render/shop');
const file = (name: string) => path.join(SHOP, name);

async function shopWorkspace() {
  const texts: Record<string, string> = {};
  for (const name of await fs.readdir(SHOP)) texts[file(name)] = await fs.readFile(file(name), 'utf8');
  return { texts, workspace: memoryWorkspace(texts) };
}

function evaluate(source: string): unknown {
  return new Function(`return (${source});`)();
}

describe('measured renders: the harness pieces', function () {
  this.timeout(60_000);

  describe('props from the prop types', () => {
    it('generates every required prop: a list of N distinct items, strings, booleans false', () => {
      const inputs = typedInputs(ts, file('List.tsx'), 'List', new Set(), { ...DEFAULT_VALUE_OPTIONS, listItems: 25 });
      assert.deepEqual(Object.keys(inputs.props).sort(), ['compact', 'items', 'title']);
      const items = evaluate(inputs.props.items) as Array<{ id: number; name: string; price: number; tags: string[] }>;
      assert.equal(items.length, 25);
      assert.equal(new Set(items.map((i) => i.id)).size, 25, 'ids differ, so keys are unique');
      assert.equal(typeof items[3].name, 'string');
      assert.notEqual(items[0].name, items[1].name);
      assert.equal(typeof items[0].price, 'number');
      assert.equal(items[0].tags.length, DEFAULT_VALUE_OPTIONS.nestedItems, 'nested lists stay short');
      assert.equal(evaluate(inputs.props.compact), false);
      assert.equal(evaluate(inputs.props.title), 'title');
    });

    it('leaves the props a call site gives to the call site, and makes functions no-ops', () => {
      const inputs = typedInputs(ts, file('Row.tsx'), 'Row', new Set(['item']), DEFAULT_VALUE_OPTIONS);
      assert.deepEqual(Object.keys(inputs.props), ['onPick']);
      const onPick = evaluate(inputs.props.onPick) as (id: number) => unknown;
      assert.equal(onPick(1), undefined);
    });

    it('generates an optional prop the call site passes computed, and leaves the other optional ones out', async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-props-'));
      try {
        const table = path.join(dir, 'Table.tsx');
        await fs.writeFile(
          table,
          'export function Table({ rows = [], note }: { rows?: Array<{ id: string }>; note?: string }) {\n  return <p>{note}{rows.length}</p>;\n}\n',
        );
        const options = { ...DEFAULT_VALUE_OPTIONS, listItems: 4 };
        const passed = typedInputs(ts, table, 'Table', new Set(), options, new Set(['rows']));
        assert.deepEqual(Object.keys(passed.props), ['rows']);
        assert.equal((evaluate(passed.props.rows) as unknown[]).length, 4);
        assert.deepEqual(typedInputs(ts, table, 'Table', new Set(), options).props, {}, 'not passed: its default');
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the call site', () => {
    it('takes literal props, leaves computed ones and empty lists to the types, and finds the provider above', async () => {
      const { texts } = await shopWorkspace();
      const page = file('Page.tsx');
      const model = buildFileModel(ts, page, texts[page], parseScript(ts, page, texts[page]));
      const use = model.jsx.find((u) => u.tag === 'List')!;
      assert.deepEqual(literalProps(ts, use), { title: '"Shop"', compact: 'false' });
      const providers = providersAbove(ts, { model, use });
      assert.deepEqual(
        providers.map((p) => [p.name, p.exportName, p.file]),
        [['ThemeProvider', 'ThemeProvider', file('Theme')]],
      );
    });

    it('names the props a provider above gets computed, so the harness leaves that provider out', () => {
      const page = file('Shell.tsx');
      const text = [
        "import { QueryProvider, ThemeProvider } from './providers';",
        "import { List } from './List';",
        'export function Shell({ client }: { client: object }) {',
        '  return (',
        '    <QueryProvider client={client} retries={2}>',
        '      <ThemeProvider mode="dark">',
        '        <List title="Shop" />',
        '      </ThemeProvider>',
        '    </QueryProvider>',
        '  );',
        '}',
      ].join('\n');
      const model = buildFileModel(ts, page, text, parseScript(ts, page, text));
      const use = model.jsx.find((u) => u.tag === 'List')!;
      assert.deepEqual(
        providersAbove(ts, { model, use }).map((p) => [p.name, p.props, p.computed]),
        [
          ['QueryProvider', { retries: '2' }, ['client']],
          ['ThemeProvider', { mode: '"dark"' }, undefined],
        ],
      );
    });
  });

  describe('render counting', () => {
    it('counts every component under the name its parents render, once per render', () => {
      const row = file('Row.tsx');
      const text = instrumentRenders(ts, row, `export const Cell = () => <td />;\n${readFileSync(row, 'utf8')}`)!;
      assert.equal(
        text.split(`${RENDER_COUNTER}("Row")`).length - 1,
        1,
        'RowView is counted as Row, the memo around it',
      );
      assert.match(
        text,
        /=> \{ const __saStarted = __saRendered\("Cell"\); try \{ return \(<td \/>\); \} finally \{ __saRendered\.done\("Cell", __saStarted\); \} \}/,
        'an expression body becomes a block that returns it, timed',
      );
      assert.equal(instrumentRenders(ts, 'util.ts', 'export const sum = (a: number) => a + 1;'), undefined);
    });
  });

  describe('candidates', () => {
    it('measures the code as written and each fix applied in memory, and puts the figures on the finding', async () => {
      const { texts, workspace } = await shopWorkspace();
      const list = file('List.tsx');
      const requests: RenderRequest[] = [];
      const measure = async (request: RenderRequest): Promise<RenderMeasurement> => {
        requests.push(request);
        return {
          engine: request.engine,
          generatedProps: ['items'],
          stubbedLoaders: [],
          consumerProbes: [],
          variants: request.variants.map((v, i) => ({
            label: v.label,
            rendersPerUpdate: { List: 1, Row: i === 0 ? 1000 : 0 },
            mountRenders: { List: 1, Row: 1000 },
            renderMsPerUpdate: { List: 0.5, Row: i === 0 ? 30 : 0 },
            updateMs: i === 0 ? 40 : 2,
            mountMs: 50,
          })),
        };
      };
      const engine = createReactAssistant({ importCost: false, measure });
      const result = await engine.advise!(
        { file: list, text: texts[list] },
        { config: DEFAULT_CONFIG, budget: new TimeBudget(60_000), workspace },
      );
      assert.equal(result.report.notRendered, undefined);
      assert.equal(result.report.component, 'List');
      assert.equal(result.report.callSite, 'Page.tsx:10');
      assert.deepEqual(result.report.providers, ['ThemeProvider']);
      const [request] = requests;
      assert.deepEqual(request.callSiteProps, { title: '"Shop"', compact: 'false' });
      assert.deepEqual(request.callSitePasses, ['items', 'title', 'compact']);
      assert.equal(request.variants.length, 2);
      assert.equal(request.variants[0].overrides[list], texts[list], 'as written: the document as the editor holds it');
      const fixed = request.variants[1].overrides[list];
      assert.notEqual(fixed, texts[list]);
      assert.doesNotMatch(fixed, /onPick=\{\(id\) =>/, 'the inline handler left the render');
      const finding = result.findings.find((f) => f.ruleId === 'unstable-prop-to-memo-child')!;
      assert.deepEqual(finding.evidence?.measured && { ...finding.evidence.measured, engine: '' }, {
        beforeMs: 40,
        afterMs: 2,
        speedup: 20,
        engine: '',
      });
      assert.match(
        finding.message,
        /Row renders per parent update 1,000 → 0 \(in its render 30\.0 ms → 0\.00 ms\), render time 40\.0 ms → 2\.00 ms per update on 1,000 items \(measured, happy-dom/,
      );
      assert.match(result.report.candidates[0].line, /1,000 → 0/);
    });

    it('mounts with ReactDOM.render before React 18, and says which versions are too old for the Profiler', async () => {
      const legacy = harnessSource({ file: '/p/List.tsx', exportName: 'List', name: 'List' }, {}, [], 'legacy');
      assert.match(legacy, /import \* as ReactDOM from 'react-dom';/);
      assert.match(legacy, /export const legacyRender = ReactDOM\.render;/);
      assert.doesNotMatch(legacy, /react-dom\/client/, 'React 17 has no react-dom/client');
      assert.match(harnessSource({ file: '/p/List.tsx', exportName: 'List', name: 'List' }, {}, []), /createRoot/);

      const root = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-react-old-'));
      try {
        for (const name of ['react', 'react-dom']) {
          await fs.mkdir(path.join(root, 'node_modules', name), { recursive: true });
          await fs.writeFile(
            path.join(root, 'node_modules', name, 'package.json'),
            JSON.stringify({ name, version: '16.4.2' }),
          );
        }
        const list = path.join(root, 'List.tsx');
        const text = 'export function List({ title }: { title: string }) {\n  return <h2>{title}</h2>;\n}\n';
        const engine = createReactAssistant({
          importCost: false,
          measure: () => Promise.reject(new Error('the sandbox must not be started')),
        });
        const result = await engine.advise!(
          { file: list, text },
          { config: DEFAULT_CONFIG, budget: new TimeBudget(60_000), workspace: memoryWorkspace({ [list]: text }) },
        );
        assert.equal(
          result.report.notRendered,
          'react-dom 16.4.2 is older than 16.5, which brought React.Profiler: renders are measured with React 16.5 and later',
        );
      } finally {
        await fs.rm(root, { recursive: true, force: true });
      }
    });

    it("names the framework when a component needs Next's router", () => {
      assert.match(explain('invariant expected app router to be mounted'), /Next\.js's router: .* next\/navigation/);
      assert.match(explain('useTheme must be used inside <ThemeProvider>'), /provider that was not found/);
    });

    it('names a left-out provider as a candidate only: the error says which context, not which provider', () => {
      const message = explain(
        "Cannot destructure property 'getFieldState' of 'useFormContext(...)' as it is null.",
        [],
        ["AppProvider (around the app's router)"],
      );
      assert.match(
        message,
        /either one that was left out \(AppProvider .*\), where the harness cannot make the value, or one not found above a call site/,
      );
    });

    it('says exactly why a component is not rendered, and keeps the static findings', async () => {
      const { texts, workspace } = await shopWorkspace();
      const engine = createReactAssistant({
        importCost: false,
        measure: () => Promise.reject(new Error('the sandbox must not be started')),
      });
      const server = file('Server.tsx');
      const result = await engine.advise!(
        { file: server, text: texts[server] },
        { config: DEFAULT_CONFIG, budget: new TimeBudget(60_000), workspace },
      );
      assert.equal(
        result.report.notRendered,
        'Report is an async server component: it renders on the server, not in a DOM',
      );
    });
  });
});
