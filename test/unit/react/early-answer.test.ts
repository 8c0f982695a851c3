import { strict as assert } from 'node:assert';
import { createReactAssistant } from '../../../src/assistants/react/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * Before the workspace is read (`contextPending`: the editor's first file while the module graph is built) the
 * engine answers at once with the rules that need no other file, and says which follow; afterwards the same file
 * gets those as well.
 */
const ROW = [
  "import { memo } from 'react';",
  'export const Row = memo(function Row({ label, style }: { label: string; style: { color: string } }) {',
  '  return <li style={style}>{label}</li>;',
  '});',
].join('\n');
const LIST = [
  "import { Row } from './Row';",
  'export function List({ labels }: { labels: string[] }) {',
  "  return <ul>{labels.map((label) => <Row label={label} style={{ color: 'teal' }} />)}</ul>;",
  '}',
].join('\n');

// Loading TypeScript cold on a busy machine takes seconds of the first analysis' budget.
const CONFIG = { ...DEFAULT_CONFIG, budgetMs: 120_000 };

describe('early answer before the workspace is read', () => {
  it("gives the file's own findings at once and the cross-file ones once the workspace is read", async () => {
    const workspace = memoryWorkspace({ 'src/Row.tsx': ROW, 'src/List.tsx': LIST });
    const engine = createReactAssistant({ importCost: false, compiler: false, readFile: false });
    const doc = { file: 'src/List.tsx', text: LIST };
    const early = await analyzeDocument(engine, doc, CONFIG, undefined, { workspace, contextPending: true });
    const earlyRules = early.findings.map((f) => f.ruleId);
    assert.ok(earlyRules.includes('missing-key'), JSON.stringify(early));
    assert.ok(!earlyRules.includes('unstable-prop-to-memo-child'), earlyRules.join(', '));
    assert.match(early.partial ?? '', /unstable-prop-to-memo-child/);

    await engine.prepare?.(workspace);
    const full = await analyzeDocument(engine, doc, CONFIG, undefined, { workspace });
    const fullRules = full.findings.map((f) => f.ruleId);
    assert.ok(
      fullRules.includes('missing-key') && fullRules.includes('unstable-prop-to-memo-child'),
      fullRules.join(', '),
    );
    assert.equal(full.partial, undefined);
  });
});
