/**
 * What the server tells the client's log (VS Code's "Calico Language Server" output channel):
 * one start-up line with the version, the settings in effect and how many workspace files were
 * indexed in how long; warnings for files it left out or read with replacement characters and for
 * bad settings. Also the `ruleDocsBase` initialization option, which decides the rule links of
 * diagnostics (the VS Code extension uses it to open pages rendered). Every wait is on a message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, REPO_ROOT, testUri } from '../support/lspClient';
import { CLEAN, HEP_TYPO, NOT_CALICO } from '../cli/fixtures';

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const started = (m: string) => m.startsWith('calico-language-server ');

function workspaceWith(files: Record<string, string | Buffer>): { dir: string; folder: string } {
  const dir = mkdtempSync(join(tmpdir(), 'calico-log-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return { dir, folder: pathToFileURL(dir).href };
}

test('the start-up line names the version, the settings in effect and the files indexed', async (t) => {
  const { folder } = workspaceWith({ 'a.yaml': CLEAN, 'b.yml': HEP_TYPO, 'c.yaml': NOT_CALICO, 'notes.txt': 'not yaml' });
  const client = await LspClient.start({ workspaceFolders: [folder], settings: { calico: { rules: { 'failsafe-port': 'off' }, debounceMs: 50 } } });
  t.after(() => client.dispose());
  const line = await client.logWhere(started);
  assert.ok(line.startsWith(`calico-language-server ${VERSION} started: `), line);
  assert.match(line, /validation on; rule severities failsafe-port=off; workspace index on \(at most 5000 files\); debounce 50 ms; maxDocumentSize 1048576 characters; push diagnostics; /);
  assert.match(line, /; 3 workspace files indexed from 1 folder in \d+ ms\.$/);
  assert.equal(client.logs.filter(started).length, 1, 'one start-up line');
  const changed = client.logWhere((m) => m.startsWith('Settings changed: '));
  client.changeSettings({ calico: { validate: { enable: false } } });
  assert.match(await changed, /^Settings changed: validation off; default rule severities; /);
});

test('without workspace folders, or with indexing off, the line says so', async (t) => {
  const bare = await LspClient.start({ pull: true });
  t.after(() => bare.dispose());
  assert.match(await bare.logWhere(started), /; pull diagnostics; no workspace folder, so no workspace files indexed\.$/);
  const { folder } = workspaceWith({ 'a.yaml': CLEAN });
  const off = await LspClient.start({ workspaceFolders: [folder], settings: { calico: { workspaceIndex: { enable: false } } } });
  t.after(() => off.dispose());
  assert.match(await off.logWhere(started), /workspace index off; .*; no workspace files indexed \(indexing is off\)\.$/);
});

test('files left out, files not valid in their encoding and bad settings are logged as warnings', async (t) => {
  const big = Buffer.alloc(8 * 1024 * 1024 + 1, 0x20);
  const { folder } = workspaceWith({
    'a.yaml': CLEAN,
    'b.yaml': HEP_TYPO,
    'c.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xc3, 0x28, 0x0a]),
    'd.yaml': NOT_CALICO,
    'huge.yaml': big,
  });
  const client = await LspClient.start({ workspaceFolders: [folder], settings: { calico: { rules: { 'no-such-rule': 'error' } } } });
  t.after(() => client.dispose());
  const line = await client.logWhere(started);
  // Four files fit in 8 MiB; one of them is read with replacement characters, and counts.
  assert.match(line, /; 4 workspace files indexed from 1 folder in \d+ ms\.$/);
  assert.match(await client.logWhere((m) => m.startsWith('Skipped ')), /^Skipped 1 workspace file larger than 8 MiB: file:\/\/.*\/huge\.yaml\.$/);
  assert.match(await client.logWhere((m) => m.includes('not valid UTF-8')), /^1 workspace file holds bytes that are not valid UTF-8 or UTF-16 \(read with replacement characters\): file:\/\/.*\/c\.yaml\.$/);
  assert.match(await client.logWhere((m) => m.startsWith('calico.rules')), /no-such-rule/);
});

test('stopping at maxFiles is a warning, and the count is what was read', async (t) => {
  const { folder } = workspaceWith({ 'a.yaml': CLEAN, 'b.yaml': HEP_TYPO, 'c.yaml': NOT_CALICO });
  const client = await LspClient.start({ workspaceFolders: [folder], settings: { calico: { workspaceIndex: { maxFiles: 2 } } } });
  t.after(() => client.dispose());
  assert.match(await client.logWhere(started), /; 2 workspace files indexed from 1 folder in \d+ ms\.$/);
  assert.equal(await client.logWhere((m) => m.startsWith('Stopped')), 'Stopped reading workspace files at calico.workspaceIndex.maxFiles (2); cross-file checks do not see the rest.');
});

test('ruleDocsBase decides the rule links; a malformed one is logged and ignored', async (t) => {
  const base = 'vscode://calico-policy-tools.calico-policy-tools/rules/';
  const client = await LspClient.start({ initializationOptions: { ruleDocsBase: base } });
  t.after(() => client.dispose());
  const [d] = (await client.openAndWait(testUri('typo.yaml'), HEP_TYPO)).filter((x) => x.code === 'unknown-field');
  assert.equal(d?.codeDescription?.href, `${base}unknown-field.md`);

  const bad = await LspClient.start({ initializationOptions: { ruleDocsBase: 'no scheme here' } });
  t.after(() => bad.dispose());
  assert.match(await bad.logWhere((m) => m.includes('ruleDocsBase')), /not an absolute URL/);
  const [e] = (await bad.openAndWait(testUri('typo.yaml'), HEP_TYPO)).filter((x) => x.code === 'unknown-field');
  assert.equal(e?.codeDescription?.href, pathToFileURL(join(REPO_ROOT, 'docs', 'rules', 'unknown-field.md')).href);
});
