import { strict as assert } from 'node:assert';
import { ComponentGraph } from '../../../src/assistants/react/component-graph';
import { buildFileModel } from '../../../src/assistants/react/model';
import type { FileModel } from '../../../src/assistants/react/model';
import { parseScript } from '../../../src/assistants/react/parse';
import { loadTypeScript } from '../../../src/core/module-graph/typescript';
import type { Workspace, WorkspaceFile } from '../../../src/core/workspace';
import { hashText } from '../../../src/core/workspace';

/**
 * The component graph: every JSX element of a file resolved to the component it renders, through imports,
 * barrels, default exports, tsconfig paths and workspace packages, with the memo kind of its definition; kept
 * by stamp, so an edit re-reads the edited file only.
 */

/** A workspace over a mutable map that counts reads, like the editor's (stamps from the text). */
function countingWorkspace(texts: Map<string, string>): { workspace: Workspace; reads: string[] } {
  const reads: string[] = [];
  const workspace: Workspace = {
    async files(pattern) {
      return [...texts.keys()]
        .sort()
        .filter((file) => pattern.test(file))
        .map((file): WorkspaceFile => ({
          file,
          stamp: hashText(texts.get(file)!),
          read: async () => {
            reads.push(file);
            return texts.get(file);
          },
        }));
    },
  };
  return { workspace, reads };
}

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'shop', private: true, workspaces: ['packages/*'] }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: { jsx: 'react-jsx', baseUrl: '.', paths: { '@ui/*': ['src/ui/*'] } },
  }),
  'packages/design/package.json': JSON.stringify({ name: '@shop/design', main: 'src/index.ts' }),
  'packages/design/src/index.ts': "export { Button } from './Button';\nexport { default as Panel } from './Panel';\n",
  'packages/design/src/Button.tsx':
    "import { memo } from 'react';\nexport const Button = memo(function Button(p: { onClick(): void }) { return <button onClick={p.onClick} />; });\n",
  'packages/design/src/Panel.tsx':
    "import { PureComponent } from 'react';\nexport default class Panel extends PureComponent<{ title: string }> { render() { return <div>{this.props.title}</div>; } }\n",
  'src/ui/Card.tsx':
    "import React from 'react';\nfunction Card(p: { label: string }) { return <div>{p.label}</div>; }\nexport default React.memo(Card);\n",
  'src/ui/Plain.tsx': 'export function Plain() { return <p />; }\n',
  'src/ui/Ref.tsx':
    "import { forwardRef } from 'react';\nexport const Ref = forwardRef<HTMLDivElement, {}>(function Ref(_p, ref) { return <div ref={ref} />; });\n",
  'src/ui/Connected.tsx':
    "import { connect } from 'react-redux';\nimport { withRouter } from 'react-router';\nfunction View() { return <i />; }\nexport const Connected = connect(() => ({}))(View);\nexport const Routed = withRouter(View);\n",
  'src/ui/index.ts':
    "export { default as Card } from './Card';\nexport * from './Plain';\nexport * from './Ref';\nexport * from './Connected';\n",
  'src/App.tsx': [
    "import { Card, Plain, Ref, Connected, Routed } from './ui';",
    "import Direct from '@ui/Card';",
    "import { Button, Panel } from '@shop/design';",
    "import * as Design from '@shop/design';",
    "import { Chart } from 'chart-lib';",
    'const Local = () => <span />;',
    'export function App() {',
    '  return <div><Card label="a" /><Plain /><Ref /><Connected /><Routed /><Direct label="b" /><Button onClick={() => 1} /><Panel title="t" /><Design.Button onClick={() => 2} /><Chart /><Local /><Missing /></div>;',
    '}',
  ].join('\n'),
};

describe('component graph', () => {
  let ts: Awaited<ReturnType<typeof loadTypeScript>>;
  before(async () => {
    ts = await loadTypeScript();
  });

  const modelOf = (file: string, text: string): FileModel =>
    buildFileModel(ts, file, text, parseScript(ts, file, text));

  async function resolved(graph: ComponentGraph, texts: Map<string, string>): Promise<Record<string, string>> {
    const model = modelOf('src/App.tsx', texts.get('src/App.tsx')!);
    await graph.resolveFor(model);
    const out: Record<string, string> = {};
    for (const use of model.jsx) {
      if (use.intrinsic) continue;
      const definition = graph.definitionOf(model, use);
      out[use.tag] = definition
        ? `${definition.packageName ? `package ${definition.packageName}` : definition.file}:${definition.memo}`
        : 'unresolved';
    }
    return out;
  }

  it('follows each element through barrels, default exports, paths and workspace packages to its memo kind', async () => {
    const texts = new Map(Object.entries(FILES));
    const graph = new ComponentGraph(ts);
    await graph.update(countingWorkspace(texts).workspace);
    assert.deepEqual(await resolved(graph, texts), {
      Card: 'src/ui/Card.tsx:memo',
      Plain: 'src/ui/Plain.tsx:none',
      Ref: 'src/ui/Ref.tsx:none',
      Connected: 'src/ui/Connected.tsx:memo',
      Routed: 'src/ui/Connected.tsx:unknown',
      Direct: 'src/ui/Card.tsx:memo',
      Button: 'packages/design/src/Button.tsx:memo',
      Panel: 'packages/design/src/Panel.tsx:pure',
      'Design.Button': 'packages/design/src/Button.tsx:memo',
      Chart: 'package chart-lib:unknown',
      Local: 'src/App.tsx:none',
      Missing: 'unresolved',
    });
  });

  it('re-reads only the edited file, and sees the change', async () => {
    const texts = new Map(Object.entries(FILES));
    const { workspace, reads } = countingWorkspace(texts);
    const graph = new ComponentGraph(ts);
    await graph.update(workspace);
    await resolved(graph, texts);
    reads.length = 0;
    texts.set('src/ui/Plain.tsx', "import { memo } from 'react';\nexport const Plain = memo(() => <p />);\n");
    await graph.update(workspace);
    const after = await resolved(graph, texts);
    assert.equal(after.Plain, 'src/ui/Plain.tsx:memo');
    // Once by the module graph (imports and exports), once for the component summary.
    assert.deepEqual([...new Set(reads)], ['src/ui/Plain.tsx']);
  });

  it('knows contexts created in another file', async () => {
    const texts = new Map([
      ['src/theme.ts', "import { createContext } from 'react';\nexport const Theme = createContext('light');\n"],
      [
        'src/App.tsx',
        'import { Theme } from \'./theme\';\nexport const App = () => <Theme.Provider value="dark" />;\n',
      ],
    ]);
    const graph = new ComponentGraph(ts);
    await graph.update(countingWorkspace(texts).workspace);
    const model = modelOf('src/App.tsx', texts.get('src/App.tsx')!);
    await graph.resolveNames(model, ['Theme']);
    assert.equal(graph.isContext(model, 'Theme'), true);
    assert.equal(graph.isContext(model, 'App'), false);
  });
  it('parses each React file once between the workspace read and its analysis', async () => {
    const texts = new Map(Object.entries(FILES));
    const parsed: string[] = [];
    const counting = {
      ...ts,
      createSourceFile: (...args: Parameters<typeof ts.createSourceFile>) => {
        parsed.push(args[0]);
        return ts.createSourceFile(...args);
      },
    } as typeof ts;
    const { workspace } = countingWorkspace(texts);
    const graph = new ComponentGraph(counting);
    await graph.update(workspace);
    // The tsx files and the barrels that mention JSX or React; plain modules are the module graph's own parse.
    const react = [...texts.keys()].filter((f) => /\.tsx$/.test(f)).sort();
    assert.deepEqual(parsed.filter((f) => f.endsWith('.tsx')).sort(), react);
    const app = texts.get('src/App.tsx')!;
    const source = graph.takeSource('src/App.tsx', app);
    assert.equal(source?.text, app);
    assert.ok(source.statements[0].parent, 'parent pointers set: the rules walk up the tree');
    // Summaries of the files App renders come from the kept trees too.
    parsed.length = 0;
    await resolved(graph, texts);
    assert.deepEqual(parsed, []);
    assert.ok(graph.takeSource('src/ui/Card.tsx', texts.get('src/ui/Card.tsx')!));
    // A file not kept (here: taken already) drops the rest: the analyses that follow the read have used theirs.
    assert.equal(graph.takeSource('src/App.tsx', app), undefined, 'taken once');
    assert.equal(graph.takeSource('src/ui/Plain.tsx', texts.get('src/ui/Plain.tsx')!), undefined);

    // An edit: the analysis hands its tree to the update, which parses nothing itself.
    const edited = app.replace('<Local />', '<Local /><Local />');
    texts.set('src/App.tsx', edited);
    const mine = ts.createSourceFile('src/App.tsx', edited, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    parsed.length = 0;
    await graph.update(workspace, { file: 'src/App.tsx', text: edited, source: mine });
    assert.deepEqual(parsed, []);
    assert.equal((await resolved(graph, texts)).Card, 'src/ui/Card.tsx:memo');
  });
});
