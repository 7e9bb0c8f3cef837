// The end-to-end suite: the packaged extension in real VS Code (code-server) driven by headless
// Chromium, checked against what calico-lint says about the same files. Run by test/e2e/run.mjs
// (`npm run test:e2e`), which makes sure the .vsix and the installs exist first.
//
// The workspace is a temp folder holding copies of examples/ plus empty scratch files; the CLI
// runs over a pristine copy of the same folder (one run, one cluster, as the editor's workspace
// index sees it). Tests run in order and each leaves the workspace files as it found them.
// Every wait polls a DOM state or a file (lib.mjs `until`); a failing test leaves a screenshot
// in test-results/e2e/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureInstalls } from './setup.mjs';
import { CHROMIUM_ARGS, TIMEOUT, Workbench, chromiumPath, copyInto, makeRunRoot, startCodeServer, until } from './lib.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VSIX = process.env.E2E_VSIX || join(REPO, 'dist', 'calico-policy-tools.vsix');
const RESULTS = join(REPO, 'test-results', 'e2e');
const SHOTS = process.env.E2E_SCREENSHOTS ? resolve(REPO, process.env.E2E_SCREENSHOTS) : undefined;

const CANONICAL = 'memcached-untracked.yaml';
const EXAMPLES = {
  [CANONICAL]: 'examples/memcached-untracked.yaml',
  'schema-mistakes.yaml': 'examples/schema-mistakes.yaml',
  'untracked-mistakes.yaml': 'examples/untracked-mistakes.yaml',
  'not-calico.yaml': 'examples/not-calico.yaml',
};
/** Empty files the tests type into (empty files are not Calico, so they add nothing to the cluster). */
const SCRATCH = ['snippet.yaml', 'junk.yaml', 'gaps.yaml'];

const timings = {};
let root;
let workspace;
let server;
let browser;
let page;
/** @type {Workbench} */
let wb;
let cli;
let fixed;
const started = Date.now();

function runCli(args, cwd) {
  const r = spawnSync(process.execPath, [join(REPO, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`calico-lint ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

/** Writes `text` to a workspace file and makes the (clean) editor showing it re-read the disk. */
async function restoreFile(name, text) {
  writeFileSync(join(workspace, name), text);
  await wb.openFile(name);
  await wb.runCommand('File: Revert File');
}

/** A named case: on failure, a screenshot named after it goes to test-results/e2e/. */
function e2e(name, fn) {
  test(name, async () => {
    try {
      await fn();
    } catch (e) {
      const file = join(RESULTS, `${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.png`);
      await page?.screenshot({ path: file }).catch(() => undefined);
      console.error(`screenshot: ${file}`);
      throw e;
    }
  });
}

/** A README screenshot, cropped to the editor area, when E2E_SCREENSHOTS names a folder. */
async function readmeShot(name, clip) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  // The top of the editor area: small PNGs (well under 150 KB) that still show the context.
  const part = await page.locator('.part.editor').boundingBox();
  const box = clip ?? { x: part.x, y: part.y, width: Math.min(part.width, 900), height: Math.min(part.height, 620) };
  await page.screenshot({ path: join(SHOTS, name), clip: box, type: 'png', scale: 'css' });
}

const bySpot = (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** The CLI's diagnostics as the Problems panel shows them (1-based; hints are not listed there). */
function expectedProblems() {
  const out = [];
  for (const f of cli.files) {
    for (const d of f.diagnostics) {
      if (d.severity === 'hint') continue;
      out.push({ file: f.path, severity: d.severity, message: d.message, code: d.code, line: d.range.start.line + 1, column: d.range.start.character + 1 });
    }
  }
  return out.sort(bySpot);
}

function cliDiagnostics(file) {
  return cli.files.find((f) => f.path === file)?.diagnostics ?? [];
}

/** The squiggles the CLI's diagnostics for `file` should draw (single-line ranges). */
function expectedSquiggles(file) {
  return cliDiagnostics(file)
    .map((d) => {
      assert.equal(d.range.start.line, d.range.end.line, `a single-line range for ${d.code}`);
      return { severity: d.severity, line: d.range.start.line + 1, start: d.range.start.character, end: d.range.end.character };
    })
    .sort((a, b) => a.line - b.line || a.start - b.start);
}

async function problemsNow() {
  return (await wb.problemsEntries()).map(({ file, severity, message, code, line, column }) => ({ file, severity, message, code, line, column })).sort(bySpot);
}

before(async () => {
  mkdirSync(RESULTS, { recursive: true });
  assert.ok(statSync(VSIX).isFile(), `${VSIX} exists (npm run package)`);
  timings.vsixBytes = statSync(VSIX).size;
  root = makeRunRoot();
  workspace = join(root, 'workspace');
  copyInto(workspace, EXAMPLES);
  for (const s of SCRATCH) writeFileSync(join(workspace, s), '');
  // The CLI's view of the same cluster: one run over a pristine copy, and --fix over another.
  const pristine = join(root, 'cli');
  cpSync(workspace, pristine, { recursive: true });
  cli = JSON.parse(runCli(['--format', 'json', '.'], pristine).stdout);
  for (const f of cli.files) f.path = f.path.replace(/^\.\//, '');
  const fixDir = join(root, 'cli-fix');
  cpSync(workspace, fixDir, { recursive: true });
  const r = runCli(['--fix', '--format', 'json', '.'], fixDir);
  fixed = {};
  for (const name of Object.keys(EXAMPLES)) {
    const applied = new RegExp(`fixed \\.?/?${name.replace(/\./g, '\\.')}: (.*)`).exec(r.stderr);
    fixed[name] = { text: readFileSync(join(fixDir, name), 'utf8'), applied: applied ? applied[1].split('; ') : [] };
  }
  const t0 = Date.now();
  server = await startCodeServer({ installs: ensureInstalls(), vsix: VSIX, workspace, root });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(server.url);
  wb = new Workbench(page, workspace);
  await wb.ready();
  timings.workbenchReadyMs = Date.now() - t0;
});

after(async () => {
  timings.suiteMs = Date.now() - started;
  writeFileSync(join(RESULTS, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  // The temp folder (profile, workspace, CLI copies) goes; what a failure needs is in RESULTS.
  if (root && !process.env.E2E_KEEP) rmSync(root, { recursive: true, force: true });
});

e2e('1 activation on YAML and squiggles at the right places', async () => {
  // The canonical pair is the first YAML file opened: activation and server start are included.
  const t0 = Date.now();
  await wb.openFile(CANONICAL);
  // The server has analysed the pair when its code lens (resolved from the analysis) is drawn.
  await until('the code lens above the HostEndpoint', async () => (await wb.codeLensTexts()).some((t) => t.includes('1 policy applies (untracked: memcached-server)')));
  timings.canonicalPairFirstResultMs = Date.now() - t0;
  assert.deepEqual(await wb.squiggles(), [], 'no squiggles on the canonical pair');
  timings.activationMs = await wb.extensionActivationMs('Calico Policy Tools');

  for (const name of ['schema-mistakes.yaml', 'untracked-mistakes.yaml']) {
    const expected = expectedSquiggles(name);
    assert.ok(expected.length > 0);
    const t1 = Date.now();
    await wb.openFile(name);
    await until(`a squiggle in ${name}`, async () => (await wb.squiggles()).length > 0);
    if (name === 'schema-mistakes.yaml') timings.laterFileFirstSquiggleMs = Date.now() - t1;
    await until(`the squiggles of ${name} to match calico-lint`, async () => JSON.stringify(await wb.squiggles()) === JSON.stringify(expected)).catch(async (e) => {
      assert.deepEqual(await wb.squiggles(), expected, e.message);
    });
  }
  // A Deployment is not Calico: no squiggles. Its clean state is confirmed after the Problems
  // panel has listed the other files (test 2), since an empty state has no event to wait for.
  await wb.openFile('not-calico.yaml');
  assert.deepEqual(await wb.squiggles(), []);
});

e2e('2 Problems entries equal the CLI JSON', async () => {
  await wb.openProblems();
  await wb.maximizePanel(true);
  const expected = expectedProblems();
  let got;
  await until('the Problems entries to equal calico-lint --format json', async () => {
    got = await problemsNow();
    return JSON.stringify(got) === JSON.stringify(expected);
  }).catch(() => assert.deepEqual(got, expected));
  // Every entry links to its rule page.
  for (const p of await wb.problemsEntries()) assert.match(p.href ?? '', new RegExp(`/rules/${p.code}\\.md$`));
  assert.deepEqual(await wb.squiggles(), [], 'still nothing on the Deployment');
  await wb.maximizePanel(false);
  await wb.closePanel();
});

/** Applies the quick fix titled `title` at 1-based line/column through the Quick Fix menu (Ctrl+.). */
async function applyQuickFix(line, column, title) {
  await wb.goTo(line, column);
  await wb.openCodeActionMenu('Control+.');
  await wb.pickAction(title);
}

e2e('3 quick fixes and Fix all give the bytes of calico-lint --fix', async () => {
  for (const name of ['schema-mistakes.yaml', 'untracked-mistakes.yaml']) {
    const original = readFileSync(join(workspace, name), 'utf8');
    const { text: want, applied } = fixed[name];
    assert.ok(applied.length > 0, `calico-lint --fix changed ${name}`);
    await wb.openFile(name);
    await until(`the squiggles of ${name}`, async () => (await wb.squiggles()).length === expectedSquiggles(name).length);
    // Each fix through the lightbulb menu, from the bottom up so earlier positions stay put.
    const diags = [...cliDiagnostics(name)].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    const done = [];
    for (const d of diags) {
      await wb.goTo(d.range.start.line + 1, d.range.start.character + 1);
      const titles = await wb.openCodeActionMenu('Control+.');
      const title = titles.find((t) => applied.includes(t) && !done.includes(t));
      if (!title) {
        await wb.press('Escape');
        continue;
      }
      const before = (await wb.squiggles()).length;
      await wb.pickAction(title);
      done.push(title);
      await until(`the squiggle fixed by "${title}" to go`, async () => (await wb.squiggles()).length < before);
    }
    assert.deepEqual(done.sort(), [...applied].sort(), 'the editor offered every fix the CLI applied');
    await wb.saveFile();
    assert.equal(readFileSync(join(workspace, name), 'utf8'), want, `${name} after the quick fixes equals calico-lint --fix`);

    // Back to the original, then "Fix all" from the Source Action menu.
    await restoreFile(name, original);
    await until(`the squiggles of ${name} back`, async () => (await wb.squiggles()).length === expectedSquiggles(name).length);
    await wb.runCommand('Source Action...');
    await wb.waitForActionMenu();
    await wb.pickAction('Fix all safe Calico problems');
    await until('the fixes to be applied', () => wb.isDirty());
    await wb.saveFile();
    assert.equal(readFileSync(join(workspace, name), 'utf8'), want, `${name} after Fix all equals calico-lint --fix`);
    await restoreFile(name, original);
    await until(`the squiggles of ${name} back`, async () => (await wb.squiggles()).length === expectedSquiggles(name).length);
  }

  // The one unsafe fix of the examples (a rename that changes what the resource means) is offered
  // but never applied by --fix or Fix all; applied by hand it changes exactly the key.
  const name = 'schema-mistakes.yaml';
  const original = readFileSync(join(workspace, name), 'utf8');
  await wb.openFile(name);
  await applyQuickFix(9, 3, "Rename 'interface' to 'interfaceName'");
  await wb.saveFile();
  assert.equal(readFileSync(join(workspace, name), 'utf8'), original.replace('  interface: eth0', '  interfaceName: eth0'));
  await until('the rename to clear both HostEndpoint errors', async () => !(await wb.squiggles()).some((s) => s.line === 8 || s.line === 9));
  await restoreFile(name, original);
  await until(`the squiggles of ${name} back`, async () => (await wb.squiggles()).length === expectedSquiggles(name).length);
});

e2e('4 hovers: doNotTrack, a selector, a HostEndpoint', async () => {
  await wb.openFile(CANONICAL);
  const dnt = await wb.hoverAt(24, 4);
  assert.match(dnt, /doNotTrack — untracked policy/);
  assert.match(dnt, /mirrored rule for its replies/);
  const sel = await wb.hoverAt(22, 14);
  assert.match(sel, /Selector/);
  assert.match(sel, /HostEndpoint: memcached-node-1-eth0/);
  const hep = await wb.hoverAt(8, 10);
  assert.match(hep, /HostEndpoint memcached-node-1-eth0: what Calico evaluates, in order/);
  assert.match(hep, /Untracked \(ingress\): tier default: memcached-server/);
  await wb.goTo(8, 10);
  await wb.showHover();
  await readmeShot('hover-host-endpoint.png');
  await wb.press('Escape');
});

e2e('5 snippet expansion gives a resource with no diagnostics', async () => {
  await wb.openFile('snippet.yaml');
  await wb.typeText('calico-globalnetworkset');
  const labels = await wb.openSuggest();
  assert.ok(labels.some((l) => l.startsWith('calico-globalnetworkset')), `the snippet is offered: ${labels.join(' | ')}`);
  await wb.pickSuggestion('calico-globalnetworkset');
  await wb.press('Escape');
  await wb.saveFile();
  const text = readFileSync(join(workspace, 'snippet.yaml'), 'utf8');
  assert.match(text, /^apiVersion: projectcalico\.org\/v3\nkind: GlobalNetworkSet\n/);
  // The clean state is the server's answer: a mistake added at the end is reported, and undoing
  // it takes the report away again.
  await wb.goTo(2, 1);
  await wb.typeText('bogus: 1\n');
  await until('a squiggle for the added mistake', async () => (await wb.squiggles()).some((q) => q.line === 2));
  await wb.runCommand('File: Revert File');
  await until('no squiggles after the revert', async () => (await wb.squiggles()).length === 0 && !(await wb.isDirty()));
  const r = runCli(['--format', 'json', 'snippet.yaml'], workspace);
  assert.deepEqual(JSON.parse(r.stdout).files[0].diagnostics, []);
  await restoreFile('snippet.yaml', '');
});

e2e('6 deleting the reply rule shows untracked-asymmetric, undo removes it', async () => {
  await wb.openFile(CANONICAL);
  assert.deepEqual(await wb.squiggles(), []);
  // Lines 33-40 are the egress (reply) rule.
  await wb.goTo(33, 1);
  await wb.press('Shift+Control+End');
  const t0 = Date.now();
  await wb.press('Delete');
  await until('the untracked-asymmetric warning', async () => (await wb.squiggles()).some((s) => s.severity === 'warning' && s.line === 26));
  timings.canonicalPairEditToSquiggleMs = Date.now() - t0;
  await wb.openProblems();
  await until('the Problems entry', async () => (await wb.problemsEntries()).some((p) => p.file === CANONICAL && p.code === 'untracked-asymmetric'));
  await wb.focusEditor();
  await wb.press('Control+Z');
  await until('the warning to go after undo', async () => (await wb.squiggles()).length === 0 && !(await wb.isDirty()));
  await until('the Problems entry to go', async () => !(await wb.problemsEntries()).some((p) => p.file === CANONICAL));
  await wb.closePanel();
});

e2e('7 random junk crashes nothing', async () => {
  await wb.openFile('junk.yaml');
  const rand = seeded(20261207);
  const alphabet = [...'abcXYZ019 :-{}[],"\'#&*!|>%@`?\\\t', '\n', '\n  ', '---\n', 'apiVersion: projectcalico.org/v3\n', 'kind: GlobalNetworkPolicy\n', 'selector: ', "has(x) && a == 'b'", '- action: Allow\n', 'spec:\n', '\u00e9', '\u{1F642}', '\r\n'];
  for (let round = 0; round < 6; round++) {
    let s = '';
    for (let i = 0; i < 120; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
    if (round % 2 === 0) await wb.typeText(s);
    else await wb.insertText(s);
    if (rand() < 0.5) await wb.press('Control+Z');
  }
  // Afterwards a fresh mistake is still reported where it is.
  await wb.press('Control+A');
  await wb.press('Delete');
  await wb.pasteText('apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: after-junk\nspec:\n  netz: []\n');
  await until('the unknown-field squiggle after the junk', async () => JSON.stringify(await wb.squiggles()) === JSON.stringify([{ severity: 'error', line: 6, start: 2, end: 6 }]));
  assert.equal(await wb.notificationMatching(/crash|stopped|error/i), null, 'no crash or error notification');
  await restoreFile('junk.yaml', '');
});

function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

e2e('8 navigation: outline, definition, references, code lens, workspace symbols', async () => {
  await wb.openFile(CANONICAL);
  // Outline: Ctrl+Shift+O lists `Kind name` per resource and its rules.
  await wb.openQuickInput('Control+Shift+O', '@');
  const outline = await until('the outline', async () => {
    const rows = await wb.quickPickRows();
    return rows.some((r) => r.includes('egress[0]')) && rows;
  });
  for (const want of ['HostEndpoint memcached-node-1-eth0', 'GlobalNetworkPolicy memcached-server', 'ingress[0] Allow TCP → 12211', 'egress[0] Allow TCP']) {
    assert.ok(outline.some((r) => r.includes(want)), `outline has ${want}: ${outline.join(' | ')}`);
  }
  await readmeShot('navigation.png');
  await wb.press('Escape');

  // F12 on the policy's selector goes to the HostEndpoint's name.
  await wb.goTo(22, 14);
  await wb.press('F12');
  await until('the cursor on the HostEndpoint name', async () => {
    const p = await wb.cursorPosition();
    return p && p.line === 8 && p.column === 9;
  });

  // Shift+F12 on the HostEndpoint lists the policy that selects it.
  await wb.goTo(8, 12);
  await wb.press('Shift+F12');
  const refs = await wb.referencesShown({ line: 8, column: 12 });
  if (refs.rows) assert.ok(refs.rows.some((r) => r.includes('memcached-server')), `references: ${refs.rows.join(' | ')}`);
  else assert.deepEqual(refs.at, { line: 20, column: 9 }, 'the one reference: the policy selecting the HostEndpoint');
  await wb.press('Escape');
  await wb.goTo(8, 12);

  // Code lenses above both resources; clicking one opens the references.
  const lenses = await wb.codeLensTexts();
  assert.ok(lenses.includes('1 policy applies (untracked: memcached-server)'), lenses.join(' | '));
  assert.ok(lenses.includes('selects 1 host endpoint'), lenses.join(' | '));
  await wb.clickCodeLens('1 policy applies (untracked: memcached-server)');
  const lensRefs = await wb.referencesPeek();
  assert.ok(lensRefs.some((r) => r.includes('memcached-server')), `code lens references: ${lensRefs.join(' | ')}`);
  await wb.press('Escape');

  // Workspace symbols (Ctrl+T) find resources by name across files.
  await wb.openQuickInput('Control+T', '#');
  await page.keyboard.type('redis');
  const symbols = await until('workspace symbols', async () => {
    const rows = await wb.quickPickRows();
    return rows.some((r) => r.includes('redis-sentinel-one-way')) && rows;
  });
  assert.ok(symbols.some((r) => r.includes('redis-server-no-forward')), symbols.join(' | '));
  await wb.press('Escape');
});

e2e('9 editor gaps: value completion, enum quick fix, field docs, rule pages, output channel', async () => {
  await wb.openFile('gaps.yaml');
  await wb.pasteText("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: gaps\nspec:\n  selector: has(gaps)\n  types: [");
  const typeValues = await wb.openSuggest();
  assert.ok(typeValues.includes('Ingress') && typeValues.includes('Egress'), `types in a flow list: ${typeValues.join(' | ')}`);
  await wb.pickSuggestion('Egress');
  await wb.pasteText(']\n  egress:\n    - action: allow\n      protocol: ');
  const protocols = await wb.openSuggest();
  for (const p of ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite']) assert.ok(protocols.includes(p), `protocol ${p}: ${protocols.join(' | ')}`);
  await wb.pickSuggestion('UDP');
  await wb.saveFile();
  assert.match(readFileSync(join(workspace, 'gaps.yaml'), 'utf8'), /types: \[Egress\]\n {2}egress:\n {4}- action: allow\n {6}protocol: UDP/);
  // "Did you mean 'Allow'?" comes with its quick fix.
  await until('the invalid action squiggle', async () => (await wb.squiggles()).some((s) => s.line === 9));
  await applyQuickFix(9, 15, "Change to 'Allow'");
  await until('the action fixed', async () => (await wb.squiggles()).length === 0);
  await wb.saveFile();
  assert.match(readFileSync(join(workspace, 'gaps.yaml'), 'utf8'), /- action: Allow\n/);
  await restoreFile('gaps.yaml', '');

  // Field hover docs in our words, with the reference link.
  await wb.openFile(CANONICAL);
  const source = await wb.hoverAt(28, 8);
  assert.match(source, /Conditions on where the packet comes from/);
  assert.match(source, /Calico reference: GlobalNetworkPolicy: Rule/);

  // The rule page a Problems entry links to opens rendered, in a read-only preview.
  await wb.openFile('schema-mistakes.yaml');
  await wb.openProblems();
  await until('the Problems entries', async () => (await wb.problemsEntries()).some((p) => p.code === 'out-of-range'));
  await page.locator('.markers-panel .monaco-list-row a.monaco-link:has-text("out-of-range")').first().click();
  await until('the rule page preview tab', async () => (await wb.tabNames()).some((t) => /out-of-range\.md/.test(t) && /Preview/.test(t)));
  const pageText = await wb.webviewText(/out-of-range/);
  assert.match(pageText, /out-of-range/);
  await wb.closePanel();

  // The output channel has the server's start-up line.
  await wb.runCommand('Output: Show Output Channels...');
  await until('the output channel picker, filtered', () => page.locator('.quick-input-widget .quick-input-box input').fill('Calico Language Server', { timeout: 2000 }).then(() => true));
  await wb.pickQuickRow('Calico Language Server');
  const log = await until('the start-up line in the output channel', async () => {
    const t = await wb.outputText();
    return /calico-language-server \S+ started: validation on.*workspace files? indexed from 1 folder in \d+ ms/.test(t) && t;
  });
  assert.match(log, /push diagnostics|pull diagnostics/);
  await wb.closePanel();
});

e2e('README screenshots', async () => {
  if (!SHOTS) return;
  await wb.openFile('schema-mistakes.yaml');
  // Both code lenses resolved, so the pictures show their text.
  await until('the code lenses of schema-mistakes.yaml', async () => (await wb.codeLensTexts()).length === 2);
  await wb.goTo(23, 12);
  await wb.showHover();
  await readmeShot('diagnostics.png');
  await wb.press('Escape');
  await wb.goTo(21, 12);
  await wb.openCodeActionMenu('Control+.');
  await readmeShot('quick-fix.png');
  await wb.press('Escape');
});
