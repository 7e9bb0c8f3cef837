/**
 * Pull diagnostics: when the client declares `textDocument.diagnostic`, the server answers
 * `textDocument/diagnostic` with full reports, follows edits and settings, asks the client to
 * refresh when settings change, and never pushes `publishDiagnostics`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentDiagnosticReport, FullDocumentDiagnosticReport } from 'vscode-languageserver';
import { LspClient, replaceChange, testUri } from '../support/lspClient';
import { HOST_ENDPOINT_OK, HOST_ENDPOINT_TYPO, brief, codes, keyRange } from './fixtures';

async function pullDiagnostics(client: LspClient, uri: string): Promise<FullDocumentDiagnosticReport> {
  const report = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
  assert.equal(report.kind, 'full');
  return report as FullDocumentDiagnosticReport;
}

test('pull mode: diagnostics are served on request and never pushed', async (t) => {
  const client = await LspClient.start({ pull: true, settings: { calico: { rules: { 'type-mismatch': 'warning' } } } });
  t.after(() => client.dispose());
  const uri = testUri('pull/a.yaml');
  client.open(uri, HOST_ENDPOINT_TYPO);
  let report = await pullDiagnostics(client, uri);
  assert.deepEqual(brief(report.items), [{ code: 'unknown-field', severity: 1, range: keyRange(HOST_ENDPOINT_TYPO, 'interface') }]);
  for (const d of report.items) {
    assert.equal(d.source, 'calico');
    assert.ok(d.codeDescription?.href.endsWith(`/docs/rules/${String(d.code)}.md`));
  }

  // An edit, then a pull right away: the answer reflects the new version (no stale result).
  client.change(uri, [replaceChange(HOST_ENDPOINT_TYPO, 'interface:', 'interfaceName:')]);
  report = await pullDiagnostics(client, uri);
  assert.deepEqual(brief(report.items), []);

  // Settings changes are announced with workspace/diagnostic/refresh (the client supports it).
  const refreshed = client.refreshRequests;
  client.change(uri, [{ text: HOST_ENDPOINT_TYPO }]);
  const refresh = client.nextRefresh();
  client.changeSettings({ calico: { rules: { 'unknown-field': 'warning' } } });
  // The refresh request is sent once the new settings are in; a pull after it sees them.
  await refresh;
  assert.ok(client.refreshRequests > refreshed);
  report = await pullDiagnostics(client, uri);
  assert.deepEqual(codes(report.items, ['unknown-field']), [['unknown-field', 2]]);

  // Unknown and closed documents get an empty report, not an error.
  assert.deepEqual((await pullDiagnostics(client, testUri('pull/never-opened.yaml'))).items, []);
  client.close(uri);
  assert.deepEqual((await pullDiagnostics(client, uri)).items, []);

  assert.deepEqual(client.unexpectedRequests, []);
  assert.equal(await client.shutdown(), 0);
  // Every message the server sent before its shutdown response has been read: none was a push.
  assert.deepEqual(client.publishes, []);
});

test('pull mode with validation turned off returns empty reports', async (t) => {
  const client = await LspClient.start({ pull: true, settings: { calico: { validate: { enable: false } } } });
  t.after(() => client.dispose());
  const uri = testUri('pull/b.yaml');
  client.open(uri, HOST_ENDPOINT_TYPO);
  assert.deepEqual((await pullDiagnostics(client, uri)).items, []);
  client.open(testUri('pull/c.yaml'), HOST_ENDPOINT_OK);
  assert.equal(await client.shutdown(), 0);
  assert.deepEqual(client.publishes, []);
});
