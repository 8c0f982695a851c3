import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createReactAssistant } from '../../../src/assistants/react/index';
import { TimeBudget } from '../../../src/core/budget';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { memoryWorkspace } from '../../../src/core/workspace';

const SHOP = path.resolve(__dirname, '../../fixtures/react-render/shop');
/** A component reading the router's location, beside a stand-in react-router (no router above any call site). */
const ROUTED = path.resolve(__dirname, '../../fixtures/react-render/routed');

// A real measurement: the fixture shop rendered in the sandbox's worker thread with this project's react and
// react-dom (devDependencies, found from the fixture's folder upward as a workspace's would be).
describe('measured renders in the sandbox (happy-dom, worker thread)', function () {
  this.timeout(180_000);

  async function advise(name: string, settings: Record<string, unknown> = {}, folder = SHOP) {
    const texts: Record<string, string> = {};
    for (const entry of await fs.readdir(folder, { withFileTypes: true }))
      if (entry.isFile())
        texts[path.join(folder, entry.name)] = await fs.readFile(path.join(folder, entry.name), 'utf8');
    const file = path.join(folder, name);
    const engine = createReactAssistant({ importCost: false });
    return engine.advise!(
      { file, text: texts[file] },
      { config: DEFAULT_CONFIG, budget: new TimeBudget(180_000), workspace: memoryWorkspace(texts), settings },
    );
  }

  it('measures the memoised rows rendering on every parent update, and none once the handler is hoisted', async () => {
    const { report, findings } = await advise('List.tsx', { renderItems: 200, renderUpdates: 3 });
    assert.equal(report.notRendered, undefined, report.notRendered);
    assert.match(report.engine, /^happy-dom, react-dom 18\.\d+\.\d+ profiling build$/);
    assert.deepEqual(report.providers, ['ThemeProvider']);
    assert.deepEqual(report.generatedProps, ['items']);
    const baseline = report.baseline!;
    assert.equal(baseline.error, undefined);
    assert.equal(baseline.mountRenders.Row, 200, 'one row per generated item');
    assert.equal(baseline.rendersPerUpdate.List, 1);
    assert.equal(baseline.rendersPerUpdate.Row, 200, 'a new onPick each time: memo never skips');
    assert.ok('Row' in baseline.renderMsPerUpdate, "the rows' own render time is read");
    const [hoisted] = report.candidates;
    assert.equal(hoisted.ruleId, 'unstable-prop-to-memo-child');
    assert.equal(hoisted.measurement.rendersPerUpdate.Row, 0, 'with a stable handler every row is skipped');
    assert.equal(hoisted.measurement.renderMsPerUpdate.Row, 0, 'a skipped row spends no time in its render');
    assert.match(
      hoisted.line,
      /^Row renders per parent update 200 → 0 \(in its render .* ms → 0\.00 ms\), render time .* per update on 200 items \(measured, happy-dom/,
    );
    const finding = findings.find((f) => f.ruleId === 'unstable-prop-to-memo-child')!;
    assert.ok(finding.evidence?.measured, 'the finding carries the measurement');
    assert.ok(finding.evidence.measured.beforeMs > 0);
  });

  it("measures a provider's value made anew on every render by a consumer below it, and none with useMemo", async () => {
    const { report, findings } = await advise('Auth.tsx', { renderUpdates: 2 });
    assert.equal(report.notRendered, undefined, report.notRendered);
    assert.equal(report.component, 'AuthProvider');
    assert.deepEqual(report.consumerProbes, ['AuthContext']);
    assert.equal(report.baseline!.rendersPerUpdate['AuthContext consumer'], 1, 'a new value object on each render');
    const [memoised] = report.candidates;
    assert.equal(memoised.ruleId, 'unstable-context-value');
    assert.equal(memoised.measurement.rendersPerUpdate['AuthContext consumer'] ?? 0, 0, 'the memoised value is kept');
    assert.match(memoised.line, /^AuthContext consumer renders per parent update 1 → 0 /);
    const finding = findings.find((f) => f.ruleId === 'unstable-context-value')!;
    assert.ok(finding.evidence?.measured, 'the finding carries the measurement');
  });

  it('says which provider is missing when the component throws without one (no call site renders it)', async () => {
    const { report } = await advise('Orphan.tsx', { renderUpdates: 1 });
    assert.equal(
      report.notRendered,
      'Orphan could not be rendered alone: useTheme must be used inside <ThemeProvider> (it needs a provider that was not found above a call site: its context had its default value)',
    );
  });

  it("renders a component that needs a router inside a memory router of the workspace's react-router", async () => {
    const { report } = await advise('Searched.tsx', { renderItems: 20, renderUpdates: 2 }, ROUTED);
    assert.equal(report.notRendered, undefined, report.notRendered);
    assert.deepEqual(report.providers, ['a memory router (react-router 7.0.0-stand-in, at /)']);
    const baseline = report.baseline!;
    assert.equal(baseline.error, undefined);
    assert.equal(baseline.mountRenders.Searched, 1);
    // The router renders its route's element from its own state: the parent's updates still reach the component.
    assert.equal(baseline.rendersPerUpdate.Searched, 1);
  });

  it('says what the route threw where the router would have shown its own error page', async () => {
    const { report } = await advise('Unready.tsx', { renderUpdates: 1 }, ROUTED);
    assert.equal(report.notRendered, 'Unready could not be rendered alone: the data client is missing');
  });
});
