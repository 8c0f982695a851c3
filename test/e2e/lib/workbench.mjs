// Helpers that drive VS Code's web workbench (code-server 4.100.3 = VS Code 1.100.3) through playwright-core the
// way a user would: keyboard shortcuts, Quick Open, the command palette, hovers and the quick fix menu.
//
// Selectors are VS Code's own DOM classes/ids of 1.100; they are collected here so a VS Code upgrade means fixing one
// file. Every wait has a timeout and fails with a message saying what was awaited.
import fs from 'node:fs';
import path from 'node:path';

export const SELECTORS = {
  workbench: '.monaco-workbench',
  explorerHeader: '.pane-header[aria-label^="Explorer Section"]',
  explorerRows: '.explorer-folders-view .monaco-list-row',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRows: '.quick-input-widget .quick-input-list .monaco-list-row',
  activeTab: '.tabs-container .tab.active',
  activeEditor: '.editor-group-container.active .editor-instance .monaco-editor',
  problemsStatus: '#status\\.problems',
  squiggle: {
    error: '.squiggly-error',
    warning: '.squiggly-warning',
    info: '.squiggly-info',
    hint: '.squiggly-hint',
    any: '.squiggly-error, .squiggly-warning, .squiggly-info',
  },
  hover: '.monaco-hover:not(.hidden)',
  actionWidget: '.action-widget',
  actionWidgetRows: '.action-widget .monaco-list-row.action',
  notificationToasts: '.notifications-toasts .notification-toast',
};

const isMac = process.platform === 'darwin';
const MOD = isMac ? 'Meta' : 'Control';

export class Workbench {
  /**
   * @param {object} o
   * @param {import('playwright-core').Page} o.page
   * @param {string} o.workspaceFolder  absolute path of the opened folder (a temp copy; tests may change it)
   * @param {string} o.screenshotDir    where screenshot(name) writes <name>.png
   * @param {object} [o.server]         the code-server handle from scripts/lib/code-server.mjs
   */
  constructor({ page, workspaceFolder, screenshotDir, server }) {
    this.page = page;
    this.workspaceFolder = workspaceFolder;
    this.screenshotDir = screenshotDir;
    this.server = server;
  }

  // --- the workbench ------------------------------------------------------------------------------------------------

  /** Waits until the workbench is rendered, the folder shows in the Explorer and the status bar is up. */
  async waitForWorkbench({ timeout = 60_000 } = {}) {
    await this.#waitFor(SELECTORS.workbench, 'the workbench', timeout);
    await this.#waitFor(SELECTORS.explorerHeader, 'the Explorer with the workspace folder', timeout);
    await this.#waitFor(SELECTORS.problemsStatus, 'the Problems item in the status bar', timeout);
    // The editor area and the extension host finish starting just after the first paint; give focus a stable home.
    await this.page.waitForTimeout(500);
  }

  /** The workspace folder's name as the Explorer's section header shows it. */
  async explorerFolderName() {
    const label = await this.page.locator(SELECTORS.explorerHeader).first().getAttribute('aria-label');
    return label.replace(/^Explorer Section:\s*/, '');
  }

  /** Names (aria-labels) of the rows currently visible in the Explorer tree. */
  /** The Explorer's rows, once it shows any (the tree fills in after the folder's header on a busy machine). */
  async explorerItems(timeout = 30_000) {
    const rows = this.page.locator(SELECTORS.explorerRows);
    await rows
      .first()
      .waitFor({ timeout })
      .catch(() => undefined);
    return rows.evaluateAll((items) => items.map((r) => r.getAttribute('aria-label')));
  }

  /** Saves a PNG of the whole window to <screenshotDir>/<name>.png and returns its path. */
  async screenshot(name) {
    fs.mkdirSync(this.screenshotDir, { recursive: true });
    const file = path.join(this.screenshotDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  // --- Quick Open and the command palette ---------------------------------------------------------------------------

  /**
   * Opens a workspace file through Quick Open (Ctrl+P), as a user would, and waits until its editor is active.
   * @param {string} relativePath path inside the workspace folder, with forward slashes
   */
  async openFile(relativePath, { timeout = 30_000 } = {}) {
    const absolute = path.join(this.workspaceFolder, relativePath);
    if (!fs.existsSync(absolute)) throw new Error(`openFile: ${relativePath} does not exist in the workspace`);
    const basename = path.basename(relativePath);
    await this.#openQuickInput(`${MOD}+P`, timeout);
    await this.page.keyboard.type(relativePath);
    // File search runs on the server (ripgrep); pick the row for exactly this path, not the first fuzzy match.
    const row = this.page
      .locator(SELECTORS.quickInputRows)
      .filter({ hasText: basename })
      .filter({
        has: this.page.locator('.monaco-icon-description-container, .monaco-icon-label-container'),
      });
    await this.#expectVisible(row.first(), `a Quick Open result for ${relativePath}`, timeout);
    const rows = await row.all();
    let target = rows[0];
    const wantedDir = path.posix.dirname(relativePath);
    for (const candidate of rows) {
      const text = (await candidate.getAttribute('aria-label')) ?? (await candidate.innerText());
      if (wantedDir === '.' || text.includes(wantedDir)) {
        target = candidate;
        break;
      }
    }
    await target.click();
    await this.waitForActiveEditor(relativePath, { timeout });
  }

  /** Waits until the active editor shows the given workspace file (matched by the editor's data-uri). */
  async waitForActiveEditor(relativePath, { timeout = 30_000 } = {}) {
    const suffix = encodeURI(`/${relativePath}`.replace(/\/+/g, '/'));
    const editor = this.page.locator(`${SELECTORS.activeEditor}[data-uri$="${suffix}"]`);
    await this.#expectVisible(editor.first(), `an active editor for ${relativePath}`, timeout);
    // Monaco renders lines a frame later than the editor element appears.
    await this.#expectVisible(
      editor.first().locator('.view-lines .view-line').first(),
      `the text of ${relativePath}`,
      timeout,
    );
  }

  /**
   * Reloads the window through VS Code (*Developer: Reload Window*), so it saves its state first (the panels'
   * webview state with it), and waits for the workbench to be back.
   */
  async reloadWindow() {
    await this.page.waitForTimeout(500);
    const reloaded = this.page.waitForEvent('load', { timeout: 60_000 });
    await this.runCommand('Developer: Reload Window').catch(() => {});
    await reloaded;
    await this.waitForWorkbench();
  }

  /**
   * Runs a command by its title through the command palette (F1), e.g. runCommand('View: Toggle Problems').
   * Picks the row whose label is exactly the title, so a similarly named command is never run by accident.
   */
  async runCommand(title, { timeout = 30_000 } = {}) {
    await this.#openQuickInput('F1', timeout);
    await this.page.keyboard.type(title);
    const row = this.page.locator(SELECTORS.quickInputRows).filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    });
    await this.#expectVisible(row.first(), `the command "${title}" in the command palette`, timeout);
    await row.first().click();
    await this.page
      .locator(SELECTORS.quickInput)
      .waitFor({ state: 'hidden', timeout })
      .catch(() => {});
  }

  /**
   * runCommand for an extension's command: the workbench lists them once the development extension has loaded, a
   * moment after the window is up, so the palette is tried again rather than raced.
   */
  async runExtensionCommand(title, { attempts = 4 } = {}) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.runCommand(title, { timeout: 10_000 });
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
        await this.dismiss();
        await this.page.waitForTimeout(1000);
      }
    }
  }

  /**
   * Switches the colour theme the way a user does (Preferences: Color Theme). The harness's `settings` option does not
   * reach an Extension Development Host window in the web workbench (it runs on a temporary profile), so the theme is
   * picked in the palette and the workbench's theme class confirms it.
   */
  async useColorTheme(label, cssClass) {
    // The theme list sometimes stays empty on a busy machine (the picker opened before the themes were read):
    // start again rather than fail the test on it.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#pickColorTheme(label, cssClass);
      } catch (error) {
        if (attempt >= 3) throw error;
        await this.dismiss();
        await this.page.waitForTimeout(1000);
      }
    }
  }

  async #pickColorTheme(label, cssClass) {
    // Not runCommand: this command opens a second quick pick, so the palette never closes behind it.
    const rowLabelled = (text) =>
      this.page
        .locator('.quick-input-widget .quick-input-list .monaco-list-row', {
          has: this.page.locator('.label-name', { hasText: new RegExp(`^${text}$`) }),
        })
        .first();
    await this.page.keyboard.press('F1');
    await this.page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible' });
    await this.page.keyboard.type('Preferences: Color Theme');
    await rowLabelled('Preferences: Color Theme').click();
    // The theme picker replaces the palette with an empty input.
    await this.page.waitForFunction(
      () => document.querySelector('.quick-input-widget .quick-input-box input')?.value === '',
      undefined,
      { timeout: 10_000 },
    );
    await this.page.keyboard.type(label);
    // The theme list fills in after the picker opens; on a busy machine that takes a while (useColorTheme retries).
    await rowLabelled(label).waitFor({ state: 'visible', timeout: 15_000 });
    await rowLabelled(label).click();
    await this.page.locator(`.monaco-workbench.${cssClass}`).waitFor({ state: 'attached', timeout: 15_000 });
    await this.dismiss();
  }

  /** Presses Escape until no Quick Input, hover or action widget is open. */
  async dismiss() {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
  }

  async #openQuickInput(shortcut, timeout) {
    await this.page.keyboard.press(shortcut);
    await this.#expectVisible(this.page.locator(SELECTORS.quickInputBox), `the quick input after ${shortcut}`, timeout);
  }

  // --- Problems -----------------------------------------------------------------------------------------------------

  /** Error and warning counts from the status bar's Problems item (what the user sees at the bottom left). */
  async problemCounts() {
    const text = await this.page.locator(SELECTORS.problemsStatus).first().innerText();
    const numbers = (text.match(/\d+/g) ?? []).map(Number);
    return { errors: numbers[0] ?? 0, warnings: numbers[1] ?? 0, infos: numbers[2] ?? 0 };
  }

  /** Polls the Problems counts until `predicate(counts)` holds; returns the counts. */
  async waitForProblems(predicate, { timeout = 30_000 } = {}) {
    const deadline = Date.now() + timeout;
    let counts;
    while (Date.now() < deadline) {
      counts = await this.problemCounts();
      if (predicate(counts)) return counts;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`waitForProblems: condition not met within ${timeout} ms; last counts ${JSON.stringify(counts)}`);
  }

  /**
   * The Problems counts once they have stopped changing for `quietMs`: the first analysis of a file may run before
   * the workspace context is read (absence-based findings held back), and its second pass adds to the counts.
   */
  async waitForSettledProblems({ quietMs = 2_000, timeout = 30_000 } = {}) {
    const deadline = Date.now() + timeout;
    let counts = await this.problemCounts();
    let since = Date.now();
    while (Date.now() < deadline) {
      await this.page.waitForTimeout(250);
      const now = await this.problemCounts();
      if (JSON.stringify(now) !== JSON.stringify(counts)) {
        counts = now;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) {
        return counts;
      }
    }
    throw new Error(
      `waitForSettledProblems: still changing after ${timeout} ms; last counts ${JSON.stringify(counts)}`,
    );
  }

  // --- squiggles, hovers and quick fixes ----------------------------------------------------------------------------

  /**
   * Waits for a squiggle in the active editor and returns its locator.
   * @param {'error'|'warning'|'info'|'hint'|'any'} kind
   */
  async waitForSquiggle(kind = 'any', { timeout = 30_000, index = 0 } = {}) {
    const selector = SELECTORS.squiggle[kind];
    if (!selector) throw new Error(`waitForSquiggle: unknown kind ${kind}`);
    const squiggle = this.page.locator(`${SELECTORS.activeEditor} .view-overlays`).locator(selector).nth(index);
    await this.#expectVisible(squiggle, `a ${kind} squiggle in the active editor`, timeout);
    return squiggle;
  }

  /** The number of squiggles of a kind in the visible part of the active editor. */
  async squiggleCount(kind = 'any') {
    return this.page.locator(`${SELECTORS.activeEditor} .view-overlays`).locator(SELECTORS.squiggle[kind]).count();
  }

  /**
   * Moves the mouse onto a squiggle and returns the hover's text (diagnostic message, source, quick fix link).
   * @param {'error'|'warning'|'info'|'hint'|'any'|import('playwright-core').Locator} squiggle kind or a locator
   */
  async hoverSquiggle(squiggle = 'any', { timeout = 15_000, contains } = {}) {
    const target = typeof squiggle === 'string' ? await this.waitForSquiggle(squiggle, { timeout }) : squiggle;
    const { x, y } = await centerOf(target);
    // The squiggle sits under the text layer; hovering its coordinates hovers the text it underlines.
    await this.page.mouse.move(x, y);
    const hover = this.page.locator(SELECTORS.hover).filter({ hasText: contains ?? /\S/ });
    await this.#expectVisible(
      hover.first(),
      `a hover over the squiggle${contains ? ` containing "${contains}"` : ''}`,
      timeout,
    );
    return (await hover.first().innerText()).trim();
  }

  /** Puts the cursor on a squiggle by clicking the text it underlines. */
  async clickSquiggle(squiggle = 'any', { timeout = 15_000 } = {}) {
    const target = typeof squiggle === 'string' ? await this.waitForSquiggle(squiggle, { timeout }) : squiggle;
    const { x, y } = await centerOf(target);
    await this.page.mouse.click(x, y);
  }

  /**
   * Opens the lightbulb / quick fix menu (Ctrl+.) at the cursor, or first at a squiggle when one is given, and
   * returns the labels of its items (headers such as "Quick Fix" excluded).
   */
  async openQuickFixMenu({ at, timeout = 15_000 } = {}) {
    if (at) await this.clickSquiggle(at, { timeout });
    await this.page.keyboard.press(`${MOD}+Period`);
    await this.#expectVisible(
      this.page.locator(SELECTORS.actionWidget).first(),
      'the quick fix menu after Ctrl+.',
      timeout,
    );
    // Code actions are computed asynchronously: wait for the first real item, not just the frame.
    await this.#expectVisible(
      this.page.locator(SELECTORS.actionWidgetRows).first(),
      'an item in the quick fix menu',
      timeout,
    );
    return this.quickFixLabels();
  }

  /** Labels of the items in the open quick fix menu. */
  async quickFixLabels() {
    return this.page
      .locator(SELECTORS.actionWidgetRows)
      .evaluateAll((rows) =>
        rows.map((r) =>
          (r.querySelector('.title')?.textContent ?? r.getAttribute('aria-label') ?? r.textContent ?? '').trim(),
        ),
      );
  }

  /**
   * Chooses a quick fix by its label (exact match first, then the first label containing the text), opening the menu
   * at the cursor (or at squiggle `at`) when it is not open yet. Resolves once the menu has closed.
   */
  async applyQuickFix(label, { at, timeout = 15_000 } = {}) {
    if (!(await this.page.locator(SELECTORS.actionWidget).first().isVisible()))
      await this.openQuickFixMenu({ at, timeout });
    const labels = await this.quickFixLabels();
    let index = labels.indexOf(label);
    if (index < 0) index = labels.findIndex((l) => l.includes(label));
    if (index < 0)
      throw new Error(`applyQuickFix: no item "${label}" in the quick fix menu; items: ${JSON.stringify(labels)}`);
    // Keyboard, not a click: while the menu is fresh, VS Code lays a pointer block over it (context-view-pointerBlock)
    // that swallows clicks. Arrow keys move the focus over the items (headers are skipped), Enter applies.
    const rows = this.page.locator(SELECTORS.actionWidgetRows);
    for (let step = 0; step <= labels.length; step++) {
      const focused = await rows.evaluateAll((els) => els.findIndex((el) => el.classList.contains('focused')));
      if (focused === index) break;
      await this.page.keyboard.press(focused < index ? 'ArrowDown' : 'ArrowUp');
    }
    await this.page.keyboard.press('Enter');
    await this.page.locator(SELECTORS.actionWidget).first().waitFor({ state: 'hidden', timeout });
  }

  // --- editor text and files ----------------------------------------------------------------------------------------

  /**
   * The text of the active editor as rendered: the lines in view (Monaco virtualises the rest), in order.
   * Enough for the small fixtures e2e tests use; for long files use editorFullText() or readWorkspaceFile().
   */
  async editorText() {
    return this.page
      .locator(`${SELECTORS.activeEditor} .view-lines`)
      .first()
      .evaluate((el) => {
        const lines = [...el.querySelectorAll('.view-line')].map((line) => ({
          top: parseFloat(line.style.top) || 0,
          text: line.textContent ?? '',
        }));
        return lines
          .sort((a, b) => a.top - b.top)
          .map((l) => l.text.replace(/\u00a0/g, ' '))
          .join('\n');
      });
  }

  /**
   * The whole text of the active editor model, including lines out of view, read through the clipboard
   * (Ctrl+A, Ctrl+C). Moves the cursor to the start of the document afterwards.
   */
  async editorFullText() {
    await this.page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(this.page.url()).origin });
    await this.page
      .locator(SELECTORS.activeEditor)
      .first()
      .locator('.view-lines')
      .first()
      .click({ position: { x: 1, y: 1 } });
    await this.page.keyboard.press(`${MOD}+A`);
    await this.page.keyboard.press(`${MOD}+C`);
    const text = await this.page.evaluate(() => globalThis.navigator.clipboard.readText());
    await this.page.keyboard.press(`${MOD}+Home`);
    return text;
  }

  /** Saves the active editor (Ctrl+S). */
  async save() {
    await this.page.keyboard.press(`${MOD}+S`);
    await this.page.waitForTimeout(300);
  }

  /** Reads a file of the workspace copy from disk (what a save wrote). */
  readWorkspaceFile(relativePath) {
    return fs.readFileSync(path.join(this.workspaceFolder, relativePath), 'utf8');
  }

  // --- internals ----------------------------------------------------------------------------------------------------

  async #waitFor(selector, what, timeout) {
    await this.#expectVisible(this.page.locator(selector).first(), what, timeout);
  }

  async #expectVisible(locator, what, timeout) {
    try {
      await locator.waitFor({ state: 'visible', timeout });
    } catch (error) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}`, { cause: error });
    }
  }
}

async function centerOf(locator) {
  await locator.scrollIntoViewIfNeeded().catch(() => {});
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no bounding box (not rendered)');
  return { x: box.x + Math.min(box.width / 2, Math.max(2, box.width - 2)), y: box.y + box.height / 2 };
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
