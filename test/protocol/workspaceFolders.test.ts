/**
 * Workspace folders added after start-up are read for cross-file checks, and removed ones are
 * forgotten: a folder holding the reply policy clears the asymmetry warning of an open file, and
 * removing that folder brings the warning back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lspClient';
import { CLEAN, WARNING_ONLY } from '../cli/fixtures';

const warned = (diagnostics: { code?: unknown }[]) => diagnostics.some((d) => d.code === 'untracked-asymmetric');

test('folders added and removed later feed the cross-file checks', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'calico-folder-'));
  writeFileSync(join(dir, 'replies.yaml'), CLEAN);
  const folder = pathToFileURL(dir).href;
  const client = await LspClient.start();
  t.after(() => client.dispose());
  const one = 'untitled:one-way';
  assert.ok(warned(await client.openAndWait(one, WARNING_ONLY)));

  let next = client.publishWhere(one, (p) => !warned(p.diagnostics));
  void client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: folder, name: 'replies' }], removed: [] } });
  await next;

  next = client.publishWhere(one, (p) => warned(p.diagnostics));
  void client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: folder, name: 'replies' }] } });
  await next;
});
