// What a user sees on the workshop sample: the Deployment that pins spec.replicas under an HPA carries a warning
// squiggle on the replicas line, the lightbulb offers the fix, and applying it removes the line (comments kept) and
// the warning.
import { expect, test } from './lib/harness.mjs';

const FILE = 'k8s/api.yaml';

test('the replicas finding shows on the sample manifest and its quick fix removes it', async (wb) => {
  const original = wb.readWorkspaceFile(FILE);
  const lines = original.split('\n');
  const replicasLine = lines.findIndex((l) => /^\s+replicas:\s*\d+/.test(l));
  expect.ok(replicasLine > 0, 'the sample pins spec.replicas');

  await wb.openFile(FILE);
  await wb.waitForSquiggle('warning');
  await wb.waitForProblems((c) => c.warnings >= 1);
  const before = await wb.waitForSettledProblems();

  // Put the cursor on the replicas line (Ctrl+G), the way a keyboard user would reach the finding.
  await wb.page.keyboard.press('Control+G');
  await wb.page.keyboard.type(`${replicasLine + 1}:${lines[replicasLine].indexOf('replicas') + 2}`);
  await wb.page.keyboard.press('Enter');

  const labels = await wb.openQuickFixMenu();
  expect.ok(
    labels.some((l) => l.startsWith('Remove spec.replicas')),
    `the fix is offered; menu: ${JSON.stringify(labels)}`,
  );
  expect.ok(labels.includes('Disable workload-replicas-with-hpa for this line'), 'the suppression is offered');
  expect.ok(labels.includes('Show documentation for workload-replicas-with-hpa'), 'the documentation is offered');
  await wb.screenshot('replicas-quick-fix-menu');

  await wb.applyQuickFix('Remove spec.replicas');
  const after = await wb.waitForProblems((c) => c.warnings === before.warnings - 1);
  expect.equal(after.errors, before.errors, 'no new errors');
  await wb.save();
  const fixed = wb.readWorkspaceFile(FILE);
  expect.ok(!/^\s+replicas:\s*\d+/m.test(fixed.split('---')[0]), 'the Deployment no longer pins replicas');
  const comments = (text) => text.split('\n').filter((l) => l.trim().startsWith('#')).length;
  expect.ok(comments(fixed) >= comments(original), 'every comment is kept');
  expect.equal(
    fixed.split('\n').length,
    original.split('\n').length - 1 + (/replicas:\s*\d+\s+#/.test(lines[replicasLine]) ? 1 : 0),
    'exactly the replicas line went',
  );
  await wb.screenshot('replicas-quick-fix-applied');
});
