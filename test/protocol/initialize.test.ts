/**
 * The handshake and the end of a session: what the server announces in `initialize`, which
 * registrations it asks for, and that `shutdown` + `exit` end the process with status 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, REPO_ROOT } from '../support/lspClient';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

test('initialize announces incremental sync, utf-16 positions, code actions and the server info', async (t) => {
  const client = await LspClient.start();
  t.after(() => client.dispose());
  const result = client.initializeResult!;
  assert.deepEqual(result.serverInfo, { name: 'calico-language-server', version: pkg.version });
  const caps = result.capabilities;
  assert.equal(caps.positionEncoding, 'utf-16');
  assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: false });
  const kinds = (caps.codeActionProvider as { codeActionKinds?: string[] }).codeActionKinds ?? [];
  assert.ok(kinds.includes('quickfix'), `codeActionKinds: ${kinds.join(', ')}`);
  assert.ok(kinds.includes('source.fixAll.calico'), `codeActionKinds: ${kinds.join(', ')}`);
  // A push client gets no diagnosticProvider: announcing it would make pull clients poll.
  assert.equal(caps.diagnosticProvider, undefined);
  assert.equal(await client.shutdown(), 0);
});

test('a client with pull diagnostics gets a diagnosticProvider', async (t) => {
  const client = await LspClient.start({ pull: true });
  t.after(() => client.dispose());
  const provider = client.initializeResult!.capabilities.diagnosticProvider;
  assert.ok(provider && typeof provider === 'object', 'diagnosticProvider is announced');
  assert.equal((provider as { workspaceDiagnostics: boolean }).workspaceDiagnostics, false);
  assert.equal(await client.shutdown(), 0);
});

test('after initialized the server registers for configuration changes and pulls its settings', async (t) => {
  const client = await LspClient.start({ settings: { calico: {} } });
  t.after(() => client.dispose());
  // The registration and the configuration pull both precede this response on the wire, so a
  // round trip is enough to have seen them (no sleeping).
  await client.request('textDocument/codeAction', { textDocument: { uri: 'file:///none.yaml' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
  assert.ok(
    client.registrations.some((r) => r.method === 'workspace/didChangeConfiguration'),
    `registrations: ${client.registrations.map((r) => r.method).join(', ')}`,
  );
  assert.ok(client.configurationRequests.some((p) => p.items.some((i) => i.section === 'calico')));
  assert.deepEqual(client.unexpectedRequests, []);
  assert.equal(await client.shutdown(), 0);
});

test('exit without shutdown ends the process with status 1, as LSP specifies', async (t) => {
  const client = await LspClient.start();
  t.after(() => client.dispose());
  const exited = new Promise<number | null>((resolve) => client.proc.on('exit', (code) => resolve(code)));
  void client.connection.sendNotification('exit');
  assert.equal(await client.withTimeout(exited, 'exit'), 1);
});
