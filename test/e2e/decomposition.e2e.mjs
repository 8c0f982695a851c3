// What a user sees of the decomposition planner on the workshop sample: *Plan Monolith Decomposition* from the
// Command Palette asks which folder (the workspace's top folders with their source files), and on monolith/ opens
// the panel with the service map, the metrics against both baselines and the what-if list. A service on the map is
// chosen with the keyboard, and a file is moved to another service with its picker, then another by drag and drop: the
// moves list and the map follow. After a window reload the panel comes back with the move.
// Screenshots in the dark and high contrast themes go to test-results/e2e/ for review.
import { expect, test } from './lib/harness.mjs';

function panel(wb) {
  return wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

async function planMonolith(wb) {
  for (let attempt = 1; ; attempt++) {
    try {
      await wb.runCommand('Scaling Assistant: Plan Monolith Decomposition', { timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
      await wb.dismiss();
      await wb.page.waitForTimeout(1000);
    }
  }
  const monolith = wb.page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row', {
      has: wb.page.locator('.label-name', { hasText: /^monolith$/ }),
    })
    .first();
  await monolith.waitFor({ state: 'visible', timeout: 30_000 });
  const rows = await wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts();
  expect.ok(
    rows.some((r) => /source files/.test(r)),
    `folders are offered with their source files: ${rows.join(' | ')}`,
  );
  await monolith.click();
  const view = panel(wb);
  await view.locator('.service-map .node').first().waitFor({ state: 'visible', timeout: 90_000 });
  return view;
}

test('Plan Monolith Decomposition on monolith/ shows the map and metrics, and a what-if move from the keyboard', async (wb) => {
  await wb.useColorTheme('Dark Modern', 'vscode-theme-defaults-themes-dark_modern-json');
  const view = await planMonolith(wb);
  const services = await view.locator('.service-map .node').count();
  expect.ok(services >= 2, `services on the map: ${services}`);
  const headers = await view.locator('table.metrics thead th').allInnerTexts();
  expect.deepEqual(headers.slice(1), ['Proposed', 'One service per folder', 'Louvain on imports']);
  await wb.screenshot('decomposition-dark');

  // The keyboard: a service on the map, Enter opens its details.
  const node = view.locator('.service-map .node').first();
  const name = (await node.getAttribute('aria-label')).split(':')[0];
  await node.focus();
  await wb.page.keyboard.press('Enter');
  await view.locator('details.service[open] summary', { hasText: name }).waitFor({ state: 'visible', timeout: 10_000 });

  // What-if: the first file's picker, another service; the moves list shows it once the plan comes back.
  const picker = view.locator('table.movable select[data-key^="move:monolith/src/"]').last();
  const path = (await picker.getAttribute('data-key')).slice('move:'.length);
  const current = await picker.inputValue();
  const options = await picker.locator('option:not([disabled])').allInnerTexts();
  const other = options.find((o) => o !== current);
  await picker.focus();
  await picker.selectOption(other);
  await view.locator('.moves ol li', { hasText: path }).waitFor({ state: 'visible', timeout: 30_000 });
  expect.equal(
    await view.locator(`select[data-key="move:${path}"]`).inputValue(),
    other,
    'the file is in its new service',
  );
  await view.locator('#whatIf').scrollIntoViewIfNeeded();
  await wb.screenshot('decomposition-dark-what-if');

  await view.locator('[data-key="undo"]').click();
  await view.locator('.moves ol').waitFor({ state: 'detached', timeout: 30_000 });

  // What-if by drag: a file of the open service dropped on another service in the list.
  const dragged = view.locator('details.service[open] button.link[draggable="true"]').first();
  const draggedPath = await dragged.getAttribute('title');
  const target = view.locator('details.service:not([open])').first();
  const targetName = await target.locator('.service-name').innerText();
  await dragged.scrollIntoViewIfNeeded();
  await dragged.dragTo(target.locator('summary'));
  await view.locator('.moves ol li', { hasText: draggedPath }).waitFor({ state: 'visible', timeout: 30_000 });
  expect.equal(
    await view.locator(`select[data-key="move:${draggedPath}"]`).inputValue(),
    targetName,
    'the dropped file is in the service it was dropped on',
  );

  // After a window reload the serializer brings the panel back with its folder planned again and the move applied.
  await wb.reloadWindow();
  const restored = panel(wb);
  await restored.locator('.moves ol li', { hasText: draggedPath }).waitFor({ state: 'visible', timeout: 90_000 });
  expect.equal(await restored.locator(`select[data-key="move:${draggedPath}"]`).inputValue(), targetName);
  await restored.locator('[data-key="undo"]').click();
  await restored.locator('.moves ol').waitFor({ state: 'detached', timeout: 30_000 });

  await wb.useColorTheme('Dark High Contrast', 'vscode-theme-defaults-themes-hc_black-json');
  await panel(wb).locator('.service-map .node').first().waitFor({ state: 'visible', timeout: 30_000 });
  await wb.screenshot('decomposition-high-contrast');
});
