#!/usr/bin/env node
// The roadmap panel's front end under load: dist/webview/webview.js in headless Chromium (playwright-core, Debian's
// Chromium) on a local page with the panel's CSP and a stub acquireVsCodeApi, fed plans built by the real buildPlan
// from synthetic findings:
//   • 1,000 findings over the HPA reviewer's rules, one task holding 600 of them;
//   • 5,000 findings over 300 synthetic rules (300 tasks: the phase columns render their cards lazily).
// Measured per plan (median of --repeat runs, each on a fresh page): the message handled (validation + DOM) and
// the next frame painted; a severity filter toggled; the biggest task selected (its places list stays virtual:
// the number of rows in the DOM is printed); the chart tab opened. Figures are printed, never asserted.
//
//   npm run bench:roadmap [-- --repeat 5] [-- --screenshot]       (runs under tsx: it imports src/roadmap/*.ts)
/* global window, document, requestAnimationFrame -- functions handed to page.evaluate run in the browser */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { K8S_RULES } from '../../src/assistants/k8s/rules/index.ts';
import { buildPlan } from '../../src/roadmap/plan.ts';
import { launchChromium } from '../../scripts/lib/code-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEBVIEW = path.join(ROOT, 'dist', 'webview');
const repeat = Number(process.argv[process.argv.indexOf('--repeat') + 1]) || 5;
const screenshot = process.argv.includes('--screenshot');

// --- plans --------------------------------------------------------------------------------------------------------

/** A small deterministic PRNG, so every run measures the same plans. */
function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function finding(rule, i, random, files) {
  const line = Math.floor(random() * 400);
  return {
    file: `k8s/services/service-${String(i % files).padStart(4, '0')}.yaml`,
    assistant: rule.assistant,
    ruleId: rule.id,
    severity: rule.defaultSeverity,
    message: `${rule.title} (object ${i}): a generated finding with a message about as long as the real ones, naming a Deployment and its HPA.`,
    range: { start: { line, character: 2 }, end: { line, character: 14 } },
    impact: rule.impact,
    effort: rule.effort,
  };
}

function thousandFindings() {
  const random = rng(1);
  const rules = K8S_RULES;
  const findings = [];
  for (let i = 0; i < 1000; i++) {
    // 60% on one rule (a task with 600 places), the rest spread over the others.
    const rule = i < 600 ? rules[0] : rules[1 + (i % (rules.length - 1))];
    findings.push(finding(rule, i, random, 250));
  }
  return { name: '1,000 findings, HPA reviewer rules', plan: buildPlan({ findings, rules, files: 250 }) };
}

function fiveThousandFindings() {
  const random = rng(2);
  const severities = ['error', 'warning', 'info', 'hint'];
  const impacts = ['high', 'medium', 'low'];
  const efforts = ['small', 'medium', 'large'];
  const rules = Array.from({ length: 300 }, (_, i) => ({
    id: `synthetic-rule-${String(i).padStart(3, '0')}`,
    assistant: 'k8s',
    title: `Synthetic rule ${i}: a scaling problem of kind ${i % 17}`,
    defaultSeverity: severities[i % 4],
    impact: impacts[i % 3],
    effort: efforts[(i * 7) % 3],
    docs: '',
  }));
  const findings = [];
  for (let i = 0; i < 5000; i++) {
    // A long tail: the first rule gets 1,000 places, the rest share 4,000.
    const rule = i < 1000 ? rules[0] : rules[1 + Math.floor(random() * (rules.length - 1))];
    findings.push(finding(rule, i, random, 1000));
  }
  return { name: '5,000 findings, 300 rules', plan: buildPlan({ findings, rules, files: 1000 }) };
}

// --- the page -----------------------------------------------------------------------------------------------------

/** A subset of VS Code's Dark Modern theme variables, so the page lays out and paints as in the editor. */
const THEME = `
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-font-weight: normal;
  --vscode-editor-font-family: monospace; --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d;
  --vscode-editor-background: #1f1f1f; --vscode-sideBar-background: #181818; --vscode-editorWidget-background: #202020;
  --vscode-panel-border: #2b2b2b; --vscode-widget-border: #313131; --vscode-focusBorder: #0078d4;
  --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff; --vscode-button-secondaryBackground: #313131;
  --vscode-button-secondaryForeground: #cccccc; --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8;
  --vscode-list-hoverBackground: #2a2d2e; --vscode-list-inactiveSelectionBackground: #37373d;
  --vscode-list-activeSelectionBackground: #04395e; --vscode-list-activeSelectionForeground: #ffffff;
  --vscode-editorError-foreground: #f14c4c; --vscode-editorWarning-foreground: #cca700; --vscode-editorInfo-foreground: #3794ff;
  --vscode-charts-green: #89d185; --vscode-charts-blue: #3794ff; --vscode-charts-purple: #b180d7; --vscode-charts-orange: #d18616;
  --vscode-textLink-foreground: #4daafc; --vscode-input-background: #313131; --vscode-input-border: #3c3c3c;
  --vscode-toolbar-hoverBackground: #5a5d5e50; --vscode-errorForeground: #f85149; --vscode-checkbox-border: #3c3c3c;
  --vscode-textBlockQuote-background: #2b2b2b;`;

function page(nonce) {
  return `<!DOCTYPE html><html lang="en" style="${THEME.replace(/\s+/g, ' ')}"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'self' 'nonce-${nonce}'; img-src 'self' data:; font-src 'self'">
<link rel="stylesheet" nonce="${nonce}" href="/codicons/codicon.css" id="vscode-codicon-stylesheet">
<link rel="stylesheet" nonce="${nonce}" href="/webview.css"></head>
<body class="vscode-dark"><div id="app"></div>
<script nonce="${nonce}">
  window.__posted = []; let state;
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => state, setState: (s) => (state = s) });
</script>
<script nonce="${nonce}" src="/webview.js"></script></body></html>`;
}

function serve() {
  const nonce = 'YmVuY2gtbm9uY2UtMTIzNDU2';
  const types = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page(nonce));
      return;
    }
    const file = path.join(WEBVIEW, path.normalize(url.pathname));
    if (!file.startsWith(WEBVIEW) || !fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// --- measuring ----------------------------------------------------------------------------------------------------

/** Runs `action` in the page and returns [ms until handled, ms until the next frame is painted]. */
async function timeInPage(page, action, arg) {
  return page.evaluate(
    async ({ action, arg }) => {
      const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const t0 = performance.now();
      let handled = 0;
      if (action === 'plan') {
        await new Promise((resolve) => {
          // Registered after the app's own listener: runs once the app has handled the message.
          window.addEventListener(
            'message',
            () => {
              handled = performance.now();
              resolve();
            },
            { once: true },
          );
          window.postMessage(arg, '*');
        });
      } else {
        const el = document.querySelector(arg);
        if (!el) throw new Error(`no ${arg}`);
        el.click();
        handled = performance.now();
      }
      await nextFrame();
      return [handled - t0, performance.now() - t0];
    },
    { action, arg },
  );
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(browser, origin, { name, plan }) {
  const message = {
    type: 'plan',
    plan,
    assessment: { file: '.scaling-assistant/assessment.json', exists: false, errors: [] },
    scan: { state: 'done', done: plan.summary.files, total: plan.summary.files },
    workspace: 'bench',
  };
  const bytes = JSON.stringify(message).length;
  const biggest = plan.phases.flatMap((p) => p.tasks).sort((a, b) => b.findings.length - a.findings.length)[0];
  const rows = { load: [], plan: [], planFrame: [], validate: [], render: [], filter: [], select: [], chart: [] };
  let domRows = 0;
  let cards = 0;
  for (let run = 0; run < repeat; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const t0 = Date.now();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    rows.load.push(Date.now() - t0);
    const [handled, frame] = await timeInPage(page, 'plan', message);
    rows.plan.push(handled);
    rows.planFrame.push(frame);
    const measures = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('measure').map((m) => [m.name, m.duration])),
    );
    rows.validate.push(measures['roadmap:validate'] ?? 0);
    rows.render.push(measures['roadmap:render'] ?? 0);
    cards = await page.locator('.card').count();
    rows.filter.push((await timeInPage(page, 'click', '[data-key="chip-severities-warning"]'))[1]);
    await timeInPage(page, 'click', '[data-key="chip-severities-warning"]');
    rows.select.push((await timeInPage(page, 'click', `.card[data-task="${biggest.id}"]`))[1]);
    domRows = await page.locator('.vlist-row').count();
    rows.chart.push((await timeInPage(page, 'click', '[data-key="tab-chart"]'))[1]);
    if (screenshot && run === 0) {
      await timeInPage(page, 'click', '[data-key="tab-roadmap"]');
      const file = path.join(ROOT, 'test-results', 'bench', `roadmap-${plan.summary.findings}.png`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file, fullPage: true });
      console.log(`  screenshot: ${path.relative(ROOT, file)}`);
    }
    if (errors.length) console.log(`  page errors: ${errors.slice(0, 3).join(' | ')}`);
    await context.close();
  }
  const f = (values) => `${median(values).toFixed(1).padStart(7)} ms`;
  console.log(
    `\n${name}: ${plan.summary.tasks} tasks, ${plan.summary.findings} findings, message ${(bytes / 1024).toFixed(0)} KiB`,
  );
  console.log(`  page load to 'ready'                   ${f(rows.load)}`);
  console.log(`  plan message handled (validate + DOM)  ${f(rows.plan)}`);
  console.log(`    of which: validation                 ${f(rows.validate)}`);
  console.log(`    of which: building the DOM           ${f(rows.render)}`);
  console.log(`  plan to first painted frame            ${f(rows.planFrame)}   (${cards} cards in the DOM)`);
  console.log(`  toggle a severity filter               ${f(rows.filter)}`);
  console.log(
    `  select the biggest task (${String(biggest.findings.length).padStart(4)} places)  ${f(rows.select)}   (${domRows} place rows in the DOM)`,
  );
  console.log(`  open the impact/effort chart           ${f(rows.chart)}`);
}

async function main() {
  if (!fs.existsSync(path.join(WEBVIEW, 'webview.js')))
    throw new Error('dist/webview/webview.js is missing: run `npm run build` first');
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  console.log(`roadmap panel benchmark: Chromium ${browser.version()}, ${repeat} runs each, medians`);
  try {
    for (const scenario of [thousandFindings(), fiveThousandFindings()]) await measure(browser, origin, scenario);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
