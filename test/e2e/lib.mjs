// Helpers for the end-to-end suite: start code-server with the packaged extension in a private,
// throw-away profile, drive it from headless Chromium (playwright-core), and read what a user
// sees (squiggles, Problems entries, hovers, menus) from the DOM.
//
// Invariants: nothing here sleeps to synchronise. Every wait polls a DOM state or a file with a
// timeout (`until`), and only idempotent UI actions (opening a menu or a picker) are retried.
// Everything the run writes (profile, workspace, HOME, XDG folders) lives in one temp folder.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** The timeout of one wait: generous, the machine is small and shared. */
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 30_000);

/**
 * Polls `fn` until it returns a truthy value (which is returned) or `timeout` ms pass. The pause
 * between polls only paces the polling; the condition decides when the wait ends.
 */
export async function until(what, fn, { timeout = TIMEOUT, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? `: ${last.message}` : last !== undefined ? ` (last: ${JSON.stringify(last)})` : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${detail}`);
    }
    await delay(interval);
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** User settings that keep VS Code quiet and deterministic: no welcome pages, trust prompts, telemetry, auto-save or updates. */
export const USER_SETTINGS = {
  'files.autoSave': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 150,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.autoIndentOnPaste': false,
  'editor.formatOnPaste': false,
  'editor.acceptSuggestionOnEnter': 'on',
  'editor.codeLens': true,
  'editor.lightbulb.enabled': 'on',
  'editor.formatOnSave': false,
  'files.trimTrailingWhitespace': false,
  'files.insertFinalNewline': false,
  'files.trimFinalNewlines': false,
  'files.eol': '\n',
  'editor.detectIndentation': false,
  'editor.autoIndent': 'none',
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'git.enabled': false,
  'problems.defaultViewMode': 'tree',
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'redhat.telemetry.enabled': false,
  'markdown.preview.openMarkdownLinks': 'inPreview',
};

/**
 * Starts code-server on a free port with a private profile and the .vsix installed; returns
 * `{ url, folder, stop }`. `installs` comes from setup.mjs `ensureInstalls()`.
 */
export async function startCodeServer({ installs, vsix, workspace, root, log = () => undefined }) {
  const home = join(root, 'home');
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  for (const d of [home, userData, extensions, join(userData, 'User'), join(home, '.config'), join(home, '.cache'), join(home, '.local', 'share')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const env = {
    ...installs.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: join(root, 'run'),
  };
  mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
  const inst = spawnSync(installs.codeServer, [...common, '--install-extension', vsix, '--force'], { env, encoding: 'utf8' });
  if (inst.status !== 0) throw new Error(`code-server --install-extension failed (${inst.status}):\n${inst.stdout}\n${inst.stderr}`);
  log(inst.stdout.trim());
  const port = await freePort();
  const args = [
    ...common,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  const proc = spawn(installs.codeServer, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  proc.stdout.on('data', (b) => (output += b));
  proc.stderr.on('data', (b) => (output += b));
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  await until('code-server to answer /healthz', async () => {
    if (proc.exitCode !== null) throw new Error(`code-server exited (${proc.exitCode}):\n${output}`);
    const r = await fetch(`${url}/healthz`).catch(() => undefined);
    return r?.ok;
  }, { timeout: 60_000, interval: 100 });
  return {
    url: `${url}/?folder=${encodeURIComponent(workspace)}`,
    output: () => output,
    async stop() {
      if (proc.exitCode === null) {
        try {
          process.kill(-proc.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const t = setTimeout(() => {
          try {
            process.kill(-proc.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }, 5000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export function chromiumPath() {
  return process.env.CHROMIUM || '/usr/bin/chromium';
}

/** A temp folder for one run; the workspace folder inside it gets copies of `files` ({dest: src}). */
export function makeRunRoot() {
  return mkdtempSync(join(tmpdir(), 'calico-e2e-'));
}

export function copyInto(dir, files) {
  mkdirSync(dir, { recursive: true });
  for (const [dest, src] of Object.entries(files)) cpSync(src, join(dir, dest));
}

export function readText(p) {
  return readFileSync(p, 'utf8');
}

/** Keyboard modifiers: code-server in Chromium on Linux uses Control. */
const MOD = 'Control';

/**
 * The VS Code window in the page: actions a user would take, and reads of what is on screen.
 * Methods wait for the state they produce before returning.
 */
export class Workbench {
  constructor(page, folder) {
    this.page = page;
    this.folder = folder;
  }

  async ready() {
    await this.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    // The explorer shows the folder once the workbench has restored the workspace.
    await this.page.waitForSelector('.explorer-folders-view, .explorer-viewlet', { timeout: 90_000 });
    await this.closeNotifications();
  }

  async closeNotifications() {
    await this.page.keyboard.press('Escape').catch(() => undefined);
  }

  /** Focuses the active editor's text area. */
  async focusEditor() {
    const ta = this.page.locator('.editor-group-container.active .monaco-editor textarea.inputarea, .editor-group-container.active .monaco-editor .native-edit-context').first();
    await ta.focus();
  }

  /**
   * Opens a quick input (F1, Ctrl+P, Ctrl+T...) and fills in `prefix`; retried (opening is
   * idempotent) while the input is missing, closing or not yet editable.
   */
  async openQuickInput(key, prefix = '') {
    const widget = this.page.locator('.quick-input-widget');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await until('no quick input open', async () => !(await widget.isVisible().catch(() => false)));
    await until(`the quick input (${key})`, async () => {
      if (!(await widget.isVisible().catch(() => false))) await this.page.keyboard.press(key);
      if (!(await input.isVisible().catch(() => false))) return false;
      try {
        await input.fill(prefix, { timeout: 2000 });
        return true;
      } catch {
        return false;
      }
    }, { interval: 500 });
    return input;
  }

  /** The labels of the quick input's list rows. */
  async quickPickRows() {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
  }

  /** Waits for a row matching `match` (a string contained in its label, or a predicate) and picks it with Enter. */
  async pickQuickRow(match, what, { closed } = {}) {
    const pred = typeof match === 'function' ? match : (l) => l.includes(match);
    await until(what ?? `a quick pick row matching ${match}`, async () => {
      const rows = await this.quickPickRows();
      const focused = await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').getAttribute('aria-label', { timeout: 500 }).catch(() => null);
      if (focused !== null && pred(focused)) return true;
      const i = rows.findIndex(pred);
      if (i < 0) return false;
      // Move the focus down to the row, then let the next poll confirm it.
      await this.page.keyboard.press('ArrowDown');
      return false;
    });
    await this.page.keyboard.press('Enter');
    await until('the quick input to close', closed ?? (async () => !(await this.page.locator('.quick-input-widget').isVisible())));
  }

  /** Runs a command from the Command Palette by its label. */
  async runCommand(label) {
    const input = await this.openQuickInput('F1', '>');
    await input.fill(`>${label}`);
    // The command may open a quick input of its own: the palette is gone once its input no longer starts with ">".
    const closed = async () => !(await this.page.locator('.quick-input-widget').isVisible()) || !(await input.inputValue().catch(() => '')).startsWith('>');
    await this.pickQuickRow((l) => l.toLowerCase().startsWith(label.toLowerCase()) || l.toLowerCase().includes(label.toLowerCase()), `command "${label}" in the palette`, { closed });
  }

  /** Opens a workspace file with Quick Open and waits for its editor to be active. */
  async openFile(name) {
    const input = await this.openQuickInput(`${MOD}+P`);
    await input.fill(name);
    await this.pickQuickRow((l) => l.split(/[,\s]/)[0] === name || l.startsWith(`${name},`) || l.startsWith(name), `"${name}" in Quick Open`);
    await until(`the editor of ${name} to be active`, async () => (await this.activeTabName()) === name);
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor();
    await this.focusEditor();
  }

  async activeTabName() {
    return this.page.locator('.editor-group-container.active .tab.active').first().getAttribute('data-resource-name', { timeout: 1000 }).catch(() => null);
  }

  /** Moves the cursor with "Go to Line/Column" (Ctrl+G), 1-based line and column. */
  async goTo(line, column = 1) {
    const input = await this.openQuickInput(`${MOD}+G`, ':');
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await until('Go to Line to close', async () => !(await this.page.locator('.quick-input-widget').isVisible()));
    await until(`the cursor at ${line}:${column}`, async () => {
      const s = await this.cursorPosition();
      return s && s.line === line && s.column === column;
    });
  }

  /** The cursor's position as the status bar shows it ("Ln 3, Col 7"). */
  async cursorPosition() {
    const t = await this.page.locator('#status\\.editor\\.selection').textContent({ timeout: 1000 }).catch(() => null);
    const m = t && /Ln (\d+), Col (\d+)/.exec(t);
    return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
  }

  async press(keys) {
    await this.page.keyboard.press(keys);
  }

  /** Types text into the editor as key strokes. */
  async typeText(text) {
    await this.page.keyboard.type(text);
  }

  /** Inserts text in one step (as typing it would, so VS Code may indent new lines). */
  async insertText(text) {
    await this.page.keyboard.insertText(text);
  }

  /** Pastes text through the clipboard: lines arrive exactly as given. */
  async pasteText(text) {
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await this.page.keyboard.press('Control+V');
  }

  /** Saves the active editor and waits until its tab is no longer dirty. */
  async saveFile() {
    await this.page.keyboard.press(`${MOD}+S`);
    await until('the editor to be saved', async () => (await this.page.locator('.editor-group-container.active .tab.active.dirty').count()) === 0);
  }

  /** Whether the active tab has unsaved changes. */
  async isDirty() {
    return (await this.page.locator('.editor-group-container.active .tab.active.dirty').count()) > 0;
  }

  /**
   * The squiggles in the active editor's rendered lines: `{ severity, line, start, end }`, line
   * 1-based, start/end 0-based character columns. The overlay row of a squiggle and its line's
   * number share their `top`; columns come from pixels over the width of one character (the
   * editor font is monospaced and the examples are ASCII).
   */
  async squiggles() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first().evaluate((editor) => {
      const lineAt = new Map();
      for (const row of editor.querySelectorAll('.margin-view-overlays > div')) {
        const n = row.querySelector('.line-numbers');
        if (n) lineAt.set(parseFloat(row.style.top), Number(n.textContent));
      }
      let charWidth = 0;
      for (const line of editor.querySelectorAll('.view-lines .view-line')) {
        const text = line.textContent ?? '';
        const span = line.firstElementChild;
        if (span && text.length > 10) {
          charWidth = span.getBoundingClientRect().width / text.length;
          break;
        }
      }
      const out = [];
      for (const el of editor.querySelectorAll('.view-overlays .squiggly-error, .view-overlays .squiggly-warning, .view-overlays .squiggly-info, .view-overlays .squiggly-hint')) {
        const row = el.parentElement;
        const severity = /squiggly-(error|warning|info|hint)/.exec(el.className)[1];
        const left = parseFloat(el.style.left);
        const width = parseFloat(el.style.width);
        out.push({
          severity: severity === 'info' ? 'information' : severity,
          line: lineAt.get(parseFloat(row.style.top)) ?? null,
          start: Math.round(left / charWidth),
          end: Math.round((left + width) / charWidth),
        });
      }
      return out.sort((a, b) => a.line - b.line || a.start - b.start);
    });
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and waits for it. */
  async openProblems() {
    await until('the Problems panel', async () => {
      const visible = await this.page.locator('.markers-panel').isVisible().catch(() => false);
      if (!visible) await this.runCommand('View: Focus Problems');
      return this.page.locator('.markers-panel').isVisible();
    }, { interval: 500 });
  }

  /**
   * The Problems panel's entries: `{ file, severity, message, code, line, column }` (1-based, as
   * shown). Reads the tree rows; the panel is made tall enough by the caller for all of them.
   */
  async problemsEntries() {
    return this.page.locator('.markers-panel .monaco-list').first().evaluate((list) => {
      const out = [];
      let file = null;
      const rows = [...list.querySelectorAll('.monaco-list-row')].sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
      for (const row of rows) {
        const level = row.getAttribute('aria-level');
        if (level === '1') {
          file = row.querySelector('.label-name')?.textContent ?? null;
          continue;
        }
        if (level !== '2') continue; // related information under an entry
        const cls = row.querySelector('.marker-icon')?.className ?? '';
        const severity = /\berror\b/.test(cls) ? 'error' : /\bwarning\b/.test(cls) ? 'warning' : /\binfo\b/.test(cls) ? 'information' : cls;
        const message = row.querySelector('.marker-message')?.textContent ?? '';
        const source = row.querySelector('.marker-source')?.textContent ?? '';
        const code = row.querySelector('.marker-code')?.textContent ?? '';
        const href = row.querySelector('.marker-message-line a.monaco-link')?.getAttribute('href') ?? null;
        const m = /Ln (\d+), Col (\d+)/.exec(row.querySelector('.marker-line')?.textContent ?? '');
        out.push({ file, severity, message, source, code, href, line: m ? Number(m[1]) : null, column: m ? Number(m[2]) : null });
      }
      return out;
    });
  }

  /** The number of rows the Problems panel has (files, entries, related information) by its list's size. */
  async problemsRowCount() {
    return this.page.locator('.markers-panel .monaco-list-row').count();
  }

  /** The texts of the code lenses drawn in the active editor. */
  async codeLensTexts() {
    return this.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a, .editor-group-container.active .monaco-editor .codelens-decoration span').evaluateAll((els) => [...new Set(els.map((e) => e.textContent.trim()).filter(Boolean))]);
  }

  async clickCodeLens(text) {
    await this.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a', { hasText: text }).first().click();
  }

  /** VS Code's own activation time of an extension, from "Developer: Show Running Extensions". */
  async extensionActivationMs(displayName) {
    await this.runCommand('Developer: Show Running Extensions');
    const text = await until(`${displayName} in the running extensions`, async () => {
      const rows = await this.page.locator('.runtime-extensions-editor .monaco-list-row').evaluateAll((rs) => rs.map((r) => r.innerText));
      return rows.find((r) => r.startsWith(displayName) && /Activation: \d+ms/.test(r));
    });
    await this.page.keyboard.press('Control+W');
    await until('the running extensions editor to close', async () => (await this.page.locator('.runtime-extensions-editor').count()) === 0);
    await this.focusEditor();
    return Number(/Activation: (\d+)ms/.exec(text)[1]);
  }

  async maximizePanel(on) {
    const maximized = async () => this.page.locator('.monaco-workbench.maximized-panel, .monaco-workbench .part.panel.maximized').count().then((n) => n > 0).catch(() => false);
    if ((await maximized()) !== on) await this.runCommand('View: Toggle Maximized Panel');
  }

  async closePanel() {
    const visible = () => this.page.locator('.part.panel').isVisible().catch(() => false);
    await until('the panel to close', async () => {
      if (await visible()) await this.page.keyboard.press('Control+J');
      return !(await visible());
    }, { interval: 500 });
    // Back to the text editor, when the active editor is one (not a preview).
    if (await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().isVisible().catch(() => false)) await this.focusEditor();
  }

  /** Waits for the code action menu and returns its action titles. */
  async waitForActionMenu() {
    return until('the code action menu', async () => {
      const rows = await this.page.locator('.action-widget .monaco-list-row.action').evaluateAll((rs) => rs.map((r) => r.textContent.trim()));
      return rows.length > 0 && rows;
    });
  }

  /**
   * Opens the code action menu with `key` (Ctrl+.), retried while neither it nor VS Code's "No
   * code actions available" message is shown; returns its titles ([] for that message).
   */
  async openCodeActionMenu(key) {
    const menu = this.page.locator('.action-widget .monaco-list-row.action');
    const none = this.page.locator('.monaco-editor-overlaymessage', { hasText: 'No code actions available' });
    let titles;
    await until('the code action menu to open', async () => {
      if (await none.isVisible().catch(() => false)) return (titles = []);
      if (!(await menu.first().isVisible().catch(() => false))) {
        await this.focusEditor();
        await this.page.keyboard.press(key);
      }
      titles = await until('the code action menu', async () => {
        if (await none.isVisible().catch(() => false)) return [];
        const rows = await menu.evaluateAll((rs) => rs.map((r) => r.textContent.trim()));
        return rows.length > 0 && rows;
      }, { timeout: 5000 }).catch(() => undefined);
      return titles;
    }, { interval: 250 });
    if (titles.length === 0) await this.page.keyboard.press('Escape');
    return titles;
  }

  async pickAction(title) {
    await this.page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first().click();
    await until('the code action menu to close', async () => (await this.page.locator('.action-widget .monaco-list-row.action').count()) === 0 || !(await this.page.locator('.action-widget').isVisible()));
  }

  /** Shows the hover at the cursor (Ctrl+K Ctrl+I) and waits for its content. */
  async showHover() {
    await until('the hover', async () => {
      if (!(await this.page.locator('.monaco-hover .hover-contents').first().isVisible().catch(() => false))) {
        await this.focusEditor();
        await this.page.keyboard.press('Control+K');
        await this.page.keyboard.press('Control+I');
      }
      return this.page.locator('.monaco-hover .hover-contents').first().isVisible({ timeout: 2000 });
    }, { interval: 250 });
    return this.page.locator('.monaco-hover:visible').first().innerText();
  }

  /** The hover text at a position (1-based). */
  async hoverAt(line, column) {
    await this.page.keyboard.press('Escape');
    await this.goTo(line, column);
    const text = await this.showHover();
    await this.page.keyboard.press('Escape');
    await until('the hover to close', async () => !(await this.page.locator('.monaco-hover .hover-contents').first().isVisible().catch(() => false)));
    return text;
  }

  /** Opens the suggest widget (Ctrl+Space) and returns its labels. */
  async openSuggest() {
    return until('the suggestions', async () => {
      if (!(await this.page.locator('.editor-widget.suggest-widget.visible').isVisible().catch(() => false))) await this.page.keyboard.press('Control+Space');
      const labels = await this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row .label-name').evaluateAll((els) => els.map((e) => e.textContent.trim()));
      return labels.length > 0 && labels;
    }, { interval: 250 });
  }

  /** Accepts the suggestion labelled `label` (moving the selection to it with the arrow keys). */
  async pickSuggestion(label) {
    await until(`the suggestion "${label}" focused`, async () => {
      const focused = await this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row.focused .label-name').textContent({ timeout: 1000 }).catch(() => null);
      if (focused?.trim() === label) return true;
      await this.page.keyboard.press('ArrowDown');
      return false;
    }, { interval: 100 });
    await this.page.keyboard.press('Enter');
    await until('the suggestions to close', async () => !(await this.page.locator('.editor-widget.suggest-widget.visible').isVisible().catch(() => false)));
  }

  /**
   * Where "references" took the user: VS Code peeks at several results but may go straight to a
   * single one. Returns `{ rows }` (the peek's rows) or `{ at }` (the cursor after the jump).
   */
  async referencesShown(from) {
    return until('the references (a peek, or the cursor moved to the one result)', async () => {
      const rows = await this.page.locator('.zone-widget .monaco-list-row').evaluateAll((rs) => rs.map((r) => r.textContent.trim())).catch(() => []);
      if (rows.length > 0) return { rows };
      const at = await this.cursorPosition();
      return at && (at.line !== from.line || at.column !== from.column) && { at };
    });
  }

  /** The rows of the references peek (file rows and reference previews). */
  async referencesPeek() {
    return until('the references peek', async () => {
      const rows = await this.page.locator('.zone-widget .monaco-list-row').evaluateAll((rs) => rs.map((r) => r.textContent.trim()));
      return rows.length > 0 && rows;
    });
  }

  /** The text of the first visible notification matching `re`, or null. */
  async notificationMatching(re) {
    const texts = await this.page.locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message').evaluateAll((els) => els.map((e) => e.textContent));
    return texts.find((t) => re.test(t)) ?? null;
  }

  async tabNames() {
    return this.page.locator('.tabs-container .tab').evaluateAll((ts) => ts.map((t) => t.getAttribute('aria-label') ?? t.textContent));
  }

  /** The text of the webview (a Markdown preview) whose document matches `re`. */
  async webviewText(re) {
    return until('the webview content', async () => {
      for (const frame of this.page.frames()) {
        const t = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        if (re.test(t) && frame !== this.page.mainFrame()) return t;
      }
      return false;
    });
  }

  /** The text of the Output panel's editor (visible lines; wrapped lines joined, white space collapsed). */
  async outputText() {
    const t = await this.page.locator('.part.panel .output-view .view-lines, .part.panel .monaco-editor .view-lines').first().innerText().catch(() => '');
    return t.replace(/\s+/g, ' ');
  }

  async screenshot(path, options = {}) {
    await this.page.screenshot({ path, ...options });
  }
}
