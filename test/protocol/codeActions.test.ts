/**
 * Code actions over the protocol: the rename quick fix for `unknown-field` (found by the
 * diagnostic's code and data, applied here to check the resulting text), and the
 * `source.fixAll.calico` action, which applies only safe fixes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { LspClient, applyTextEdits, testUri } from '../support/lspClient';
import { HOST_ENDPOINT_OK, HOST_ENDPOINT_TYPO, codes, relevant } from './fixtures';

let client: LspClient;
let n = 0;
const uri = (name: string) => testUri(`code-actions/${n++}-${name}`);

before(async () => {
  client = await LspClient.start();
});
after(async () => {
  assert.equal(await client.shutdown(), 0);
  client.dispose();
});

function codeActions(u: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range, context: { diagnostics, ...(only ? { only } : {}) } });
}

function editedText(action: CodeAction, u: string, text: string): string {
  const changes = action.edit?.changes?.[u];
  assert.ok(changes && changes.length > 0, `action '${action.title}' has edits for the document`);
  assert.deepEqual(Object.keys(action.edit!.changes!), [u], 'edits touch only this document');
  return applyTextEdits(text, changes);
}

/** Untracked policy without applyOnForward: Calico rejects it, and the fix (add the key) is safe. */
const UNTRACKED = [
  'apiVersion: projectcalico.org/v3',
  'kind: GlobalNetworkPolicy',
  'metadata:',
  '  name: memcached-server',
  'spec:',
  "  selector: memcached == 'server'",
  '  doNotTrack: true',
  '  ingress:',
  '    - action: Allow',
  '      protocol: TCP',
  '      destination:',
  '        ports: [12211]',
  '  egress:',
  '    - action: Allow',
  '      protocol: TCP',
  '      source:',
  '        ports: [12211]',
  '',
].join('\n');

test('unknown-field with a suggestion offers a rename quick fix that yields the right text', async () => {
  const u = uri('hep.yaml');
  const diagnostics = relevant(await client.openAndWait(u, HOST_ENDPOINT_TYPO));
  assert.deepEqual(diagnostics.map((d) => d.code), ['unknown-field']);
  const actions = await codeActions(u, diagnostics);
  const rename = actions.filter((a) => a.kind === 'quickfix');
  assert.equal(rename.length, 1, JSON.stringify(actions));
  const fix = rename[0]!;
  assert.match(fix.title, /interfaceName/);
  assert.deepEqual(fix.diagnostics, diagnostics);
  assert.notEqual(fix.isPreferred, true, 'a rename is not a safe fix, so it is not preferred');
  const fixed = editedText(fix, u, HOST_ENDPOINT_TYPO);
  assert.equal(fixed, HOST_ENDPOINT_OK);
  // Only unsafe fixes apply here, so there is no fix-all action.
  assert.deepEqual(
    actions.filter((a) => a.kind?.startsWith('source')),
    [],
  );
  // Applying the edit clears the diagnostic.
  const after = await client.changeAndWait(u, [{ text: fixed }]);
  assert.deepEqual(relevant(after), []);
});

test('the quick fix keeps the quoting of a quoted key', async () => {
  const u = uri('quoted.yaml');
  const text = HOST_ENDPOINT_TYPO.replace('  interface:', '  "interface":');
  const diagnostics = relevant(await client.openAndWait(u, text));
  const [fix] = (await codeActions(u, diagnostics)).filter((a) => a.kind === 'quickfix');
  assert.ok(fix);
  assert.equal(editedText(fix, u, text), HOST_ENDPOINT_OK.replace('  interfaceName:', '  "interfaceName":'));
});

test('diagnostics from other sources or without our code are ignored', async () => {
  const u = uri('others.yaml');
  const [d] = relevant(await client.openAndWait(u, HOST_ENDPOINT_TYPO));
  assert.ok(d);
  const foreign = [
    { ...d, source: 'yaml' },
    { ...d, code: 42 },
    { ...d, code: 'no-such-code' },
  ];
  assert.deepEqual(await codeActions(u, foreign, ['quickfix']), []);
});

test('source.fixAll.calico applies the safe fixes, and only when asked for that kind', async () => {
  const u = uri('untracked.yaml');
  const diagnostics = await client.openAndWait(u, UNTRACKED);
  assert.deepEqual(codes(diagnostics), [['apply-on-forward-required', 1]]);

  for (const only of [['source.fixAll.calico'], ['source.fixAll'], ['source']]) {
    const actions = await codeActions(u, [], only);
    assert.deepEqual(
      actions.map((a) => a.kind),
      ['source.fixAll.calico'],
      `only: ${only.join(',')}`,
    );
    const fixed = editedText(actions[0]!, u, UNTRACKED);
    assert.match(fixed, /\n {2}applyOnForward: true\n/);
    assert.equal(fixed.replace(/\n {2}applyOnForward: true\n/, '\n'), UNTRACKED, 'the fix only adds the key');
  }
  // A request for quick fixes only does not get the source action.
  assert.ok((await codeActions(u, relevant(diagnostics), ['quickfix'])).every((a) => a.kind === 'quickfix'));

  const fixed = editedText((await codeActions(u, [], ['source.fixAll.calico']))[0]!, u, UNTRACKED);
  assert.deepEqual(codes(await client.changeAndWait(u, [{ text: fixed }])), []);
  // Nothing left to fix: no action.
  assert.deepEqual(await codeActions(u, [], ['source.fixAll.calico']), []);
});
