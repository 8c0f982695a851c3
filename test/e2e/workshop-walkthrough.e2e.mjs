// What a workshop participant sees first: *Scaling Workshop: Open Workshop Walkthrough* opens the walkthrough on the
// Welcome page with a step per session, the frontend step's button that runs the frontend optimizer, and
// the first step's themed media. The screenshot goes to test-results/e2e/ for review.
import { expect, test } from './lib/harness.mjs';

const STEPS = [
  'Readiness assessment',
  'Query optimisation',
  'Frontend optimisation',
  'HPA review and the cost of the peak',
  'Monolith decomposition',
  'The roadmap and its export',
];

test('the workshop walkthrough opens with a step per session', async (wb) => {
  await wb.runExtensionCommand('Scaling Workshop: Open Workshop Walkthrough');
  const page = wb.page;
  await page.getByText('Scaling workshop: from 500 to 100,000 users').first().waitFor({ timeout: 30_000 });
  for (const title of STEPS)
    expect.ok(await page.getByText(title, { exact: true }).first().isVisible(), `step "${title}" is listed`);
  await page.getByText('Frontend optimisation', { exact: true }).first().click();
  await page.getByText('Optimize ProductList').first().waitFor({ timeout: 10_000 });
  await page.getByText('Query optimisation', { exact: true }).first().click();
  await page.getByText('Optimize the Category Query').first().waitFor({ timeout: 10_000 });
  await wb.screenshot('workshop-walkthrough');
});
