// Smoke test of the e2e tier: the real workbench loads in Chromium with the sample workspace and this extension
// (loaded from source), and the Explorer shows the workspace folder.
import { expect, test } from './lib/harness.mjs';

test('the workbench loads and the Explorer shows the workspace folder', async (wb) => {
  const folderName = await wb.explorerFolderName();
  expect.equal(folderName, wb.workspaceName, 'Explorer section header names the opened folder');
  const items = await wb.explorerItems();
  if (wb.workspaceHasFiles) expect.ok(items.length > 0, 'the Explorer lists the files of the workspace');
  const counts = await wb.problemCounts();
  expect.equal(typeof counts.errors, 'number', 'the status bar shows the Problems counts');
  await wb.screenshot('workbench-smoke');
});
