/**
 * The language server reads workspace files it indexes from disk the way the CLI and editors
 * decode them: UTF-16 with a byte order mark, UTF-8 otherwise, the mark not part of the text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileUri } from '../../server/src/lsp/workspaceFiles';
import { encodeText } from '../../server/src/common/encoding';

test('workspace files in UTF-16 and UTF-8 with a byte order mark are read as their text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'calico-ws-'));
  try {
    const text = 'apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: é\n';
    const cases: Array<[string, Buffer]> = [
      ['le.yaml', encodeText(text, 'utf-16le', true)],
      ['be.yaml', encodeText(text, 'utf-16be', true)],
      ['bom.yaml', encodeText(text, 'utf-8', true)],
      ['plain.yaml', encodeText(text, 'utf-8', false)],
    ];
    for (const [name, bytes] of cases) {
      writeFileSync(join(dir, name), bytes);
      assert.equal(await readFileUri(pathToFileURL(join(dir, name)).href), text, name);
    }
    writeFileSync(join(dir, 'bad.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]));
    assert.equal(await readFileUri(pathToFileURL(join(dir, 'bad.yaml')).href), 'a: \ufffd\n', 'invalid bytes are replaced for checking');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
