// What a user sees of the scaling roadmap on the workshop sample: *Show Scaling Roadmap* from the Command Palette
// opens the panel with its four phases and the tasks of the sample's findings; choosing the replicas task and one of
// its places opens k8s/api.yaml with the cursor on the replicas line. Screenshots in the dark, light and high
// contrast themes go to test-results/e2e/ for review.
import { expect, test } from './lib/harness.mjs';

const REPLICAS_TASK = 'k8s:workload-replicas-with-hpa';
const FILE = 'k8s/api.yaml';

/** The panel's document: webviews sit two frames deep in the workbench. */
function panel(wb) {
  return wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

async function openRoadmap(wb) {
  await wb.runExtensionCommand('Scaling Assistant: Show Scaling Roadmap');
  const view = panel(wb);
  await view.locator('.phase-column').first().waitFor({ state: 'visible', timeout: 60_000 });
  await view.locator(`.card[data-task="${REPLICAS_TASK}"]`).waitFor({ state: 'visible', timeout: 60_000 });
  // The scan is finished when the banner is gone (a plan can arrive while it still runs).
  await view.locator('.scan-scanning').waitFor({ state: 'detached', timeout: 60_000 });
  return view;
}

/** The cursor's line as the status bar says it ("Ln 14, Col 3 (11 selected)"). */
async function cursorLine(wb) {
  const text = await wb.page.locator('#status\\.editor\\.selection').first().innerText();
  return Number(/Ln (\d+)/.exec(text)?.[1]);
}

test('Show Scaling Roadmap shows the phases, and a place of the replicas task opens k8s/api.yaml at the replicas line', async (wb) => {
  const lines = wb.readWorkspaceFile(FILE).split('\n');
  const replicasLine = lines.findIndex((l) => /^\s+replicas:\s*\d+/.test(l)) + 1;
  expect.ok(replicasLine > 0, 'the sample pins spec.replicas');

  await wb.useColorTheme('Dark Modern', 'vscode-theme-defaults-themes-dark_modern-json');
  const view = await openRoadmap(wb);
  const phases = await view.locator('.phase-column h3').allInnerTexts();
  expect.deepEqual(phases, [
    'Quick wins and foundation',
    'Core infrastructure scaling',
    'Advanced optimisation',
    'Strategic evolution',
  ]);
  const glance = await view.locator('.glance').innerText();
  expect.match(glance, /tasks/);
  expect.match(glance, /findings/);
  await wb.screenshot('roadmap-dark');

  // Choose the task with the keyboard (Tab reaches the cards, Enter selects), as a keyboard user would.
  const card = view.locator(`.card[data-task="${REPLICAS_TASK}"]`);
  await card.focus();
  await wb.page.keyboard.press('Enter');
  await expect.doesNotReject(
    view.locator(`.detail[data-task="${REPLICAS_TASK}"]`).waitFor({ state: 'visible', timeout: 10_000 }),
  );
  expect.equal(await card.getAttribute('aria-pressed'), 'true', 'the card says it is selected');
  const place = view.locator('.vlist-row', { hasText: FILE }).first();
  await place.scrollIntoViewIfNeeded();
  await wb.screenshot('roadmap-dark-task');

  await place.click();
  await wb.waitForActiveEditor(FILE);
  let line = 0;
  for (let i = 0; i < 40 && line !== replicasLine; i++) {
    line = await cursorLine(wb);
    if (line !== replicasLine) await wb.page.waitForTimeout(250);
  }
  expect.equal(line, replicasLine, `the cursor is on the replicas line (${replicasLine})`);
  await wb.screenshot('roadmap-dark-opened-place');
});

test('the roadmap panel in the dark theme: chart and assessment form', async (wb) => {
  await wb.useColorTheme('Dark Modern', 'vscode-theme-defaults-themes-dark_modern-json');
  const view = await openRoadmap(wb);
  await view.locator('[data-key="tab-chart"]').click();
  await view.locator('svg.chart .dot').first().waitFor({ state: 'visible', timeout: 10_000 });
  const dots = await view.locator('svg.chart .dot').count();
  expect.ok(dots > 0, 'one dot per task');
  // Keyboard: focus a dot, Enter selects its task.
  await view.locator('svg.chart .dot[tabindex="0"]').focus();
  await wb.page.keyboard.press('Enter');
  await view.locator('.detail[data-task]').waitFor({ state: 'visible', timeout: 10_000 });
  await wb.screenshot('roadmap-dark-chart');

  await view.locator('[data-key="tab-assessment"]').click();
  await view.locator('#field-constraints-teamSize').waitFor({ state: 'visible', timeout: 10_000 });
  await wb.screenshot('roadmap-dark-assessment');

  // After a window reload the serializer brings the panel back, and its view state (the assessment tab) with it.
  await wb.reloadWindow();
  const restored = panel(wb);
  const teamSize = restored.locator('#field-constraints-teamSize');
  await teamSize.waitFor({ state: 'visible', timeout: 60_000 });
  // The form is drawn before the assessment file's values arrive (after the workspace is read): wait for them.
  let value = '';
  for (let waited = 0; waited < 30_000 && value === ''; waited += 250) {
    value = await teamSize.evaluate((el) => el.value);
    if (value === '') await wb.page.waitForTimeout(250);
  }
  expect.equal(value, '6', 'the form shows the sample team size');
});

test('the roadmap panel in the light theme', async (wb) => {
  await wb.useColorTheme('Light Modern', 'vscode-theme-defaults-themes-light_modern-json');
  const view = await openRoadmap(wb);
  await view.locator(`.card[data-task="${REPLICAS_TASK}"]`).click();
  await view.locator(`.detail[data-task="${REPLICAS_TASK}"]`).waitFor({ state: 'visible', timeout: 10_000 });
  const background = await view.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
  expect.match(background, /rgb\((2[0-9]{2}), (2[0-9]{2}), (2[0-9]{2})\)/, `a light background, got ${background}`);
  await wb.screenshot('roadmap-light');
  await view.locator('[data-key="tab-chart"]').click();
  await view.locator('svg.chart .dot').first().waitFor({ state: 'visible', timeout: 10_000 });
  await wb.screenshot('roadmap-light-chart');
});

test('the roadmap panel in the high contrast theme', async (wb) => {
  await wb.useColorTheme('Dark High Contrast', 'vscode-theme-defaults-themes-hc_black-json');
  const view = await openRoadmap(wb);
  await view.locator(`.card[data-task="${REPLICAS_TASK}"]`).click();
  await wb.screenshot('roadmap-high-contrast');
});
