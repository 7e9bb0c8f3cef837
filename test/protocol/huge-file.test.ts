/**
 * A huge file open in the editor keeps no request waiting: with a single 20 MB document open (far
 * beyond the size limit, so it gets the streamed syntax check, which takes seconds), a small file
 * opened after it gets its diagnostics, a hover and a completion, all before the huge file's
 * diagnostics are published. The order of the messages is what is checked, not their timing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver';
import { LspClient, positionOf, testUri } from '../support/lspClient';

test('requests about a small file are answered while a huge one is being checked', async () => {
  const client = await LspClient.start();
  try {
    const nets = Array.from({ length: 950_000 }, (_, i) => `    - 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32\n`).join('');
    const big = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: big\nspec:\n  nets:\n${nets}`;
    const small = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  selector: all()\n  doNotTrack: true\n  ingress:\n  - action: Allow\n';
    const bigUri = testUri('huge.yaml');
    const smallUri = testUri('small.yaml');
    const order: string[] = [];
    const bigDone = client.nextPublish(bigUri, 1, 300_000).then((p) => {
      order.push('huge published');
      return p;
    });
    client.open(bigUri, big);
    const smallDiagnostics = await client.openAndWait(smallUri, small);
    order.push('small published');
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: smallUri }, position: positionOf(small, small.indexOf('doNotTrack') + 2) })) as Hover | null;
    order.push('hover answered');
    const completion = await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: smallUri }, position: positionOf(small, small.length) });
    order.push('completion answered');
    const bigPublish = await bigDone;
    assert.deepEqual(order, ['small published', 'hover answered', 'completion answered', 'huge published']);
    assert.ok(smallDiagnostics.some((d) => d.code === 'apply-on-forward-required'));
    assert.ok(hover && JSON.stringify(hover.contents).includes('untracked'));
    assert.ok(completion);
    assert.deepEqual(bigPublish.diagnostics.map((d) => d.code), ['document-too-large']);
  } finally {
    await client.shutdown();
    client.dispose();
  }
});
