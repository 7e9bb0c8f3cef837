/**
 * Cross-file diagnostics follow the other open documents: opening, editing or closing one file
 * refreshes the diagnostics of the others that depend on it, and the result never depends on the
 * order in which files were opened.
 *
 * The example: an untracked policy with no reply rule gets a warning, unless another policy (in
 * another file) selecting the same hosts allows the replies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient, replaceChange } from '../support/lspClient';
import { CLEAN, WARNING_ONLY } from '../cli/fixtures';

const WARN = 'untracked-asymmetric';
const warned = (diagnostics: { code?: unknown }[]) => diagnostics.some((d) => d.code === WARN);

test('opening, editing and closing a file refreshes the cross-file diagnostics of the others', async (t) => {
  const client = await LspClient.start();
  t.after(() => client.dispose());
  const one = 'untitled:one-way-policy';
  const replies = 'untitled:reply-policy';

  assert.ok(warned(await client.openAndWait(one, WARNING_ONLY)), 'alone, the one-way policy is reported');

  // Opening the file with the reply rules clears the warning on the first file.
  let refreshed = client.nextPublish(one);
  client.open(replies, CLEAN);
  assert.equal(warned((await refreshed).diagnostics), false);

  // Removing the reply rule in the second file brings it back.
  refreshed = client.nextPublish(one);
  const cut = CLEAN.indexOf('  egress:\n');
  client.change(replies, [replaceChange(CLEAN, CLEAN.slice(cut), '')]);
  assert.equal(warned((await refreshed).diagnostics), true);

  // Restoring it clears it again; closing the second file brings it back.
  refreshed = client.nextPublish(one);
  client.change(replies, [{ text: CLEAN }]);
  assert.equal(warned((await refreshed).diagnostics), false);
  refreshed = client.nextPublish(one);
  client.close(replies);
  assert.equal(warned((await refreshed).diagnostics), true);
  assert.equal(await client.shutdown(), 0);
});

test('the result does not depend on the order the files were opened in', async (t) => {
  const client = await LspClient.start();
  t.after(() => client.dispose());
  const one = 'untitled:one-way-policy';
  const replies = 'untitled:reply-policy';
  await client.openAndWait(replies, CLEAN);
  // The reply policy is already open: the one-way policy is never reported.
  assert.equal(warned(await client.openAndWait(one, WARNING_ONLY)), false);
  assert.equal(await client.shutdown(), 0);
});

test('a duplicate in another open file: relatedInformation points into that file, in its positions', async (t) => {
  const client = await LspClient.start();
  t.after(() => client.dispose());
  const policy = (selector: string): string =>
    `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: allow-web\nspec:\n  selector: ${selector}\n  ingress:\n    - action: Allow\n`;
  const first = 'untitled:a-first';
  const second = 'untitled:b-second';
  // The first file has the policy on its third line of comments onward, so lines differ.
  await client.openAndWait(first, `# one\n# two\n${policy("app == 'x'")}`);
  const diagnostics = await client.openAndWait(second, policy("app == 'y'"));
  const d = diagnostics.find((x) => x.code === 'duplicate-resource') as
    | { range: { start: { line: number; character: number } }; relatedInformation?: { location: { uri: string; range: { start: { line: number; character: number } } } }[] }
    | undefined;
  assert.ok(d, 'the file sorted later holds the definition applied last and gets the warning');
  assert.deepEqual(d.range.start, { line: 3, character: 8 });
  const rel = d.relatedInformation?.[0];
  assert.equal(rel?.location.uri, first);
  assert.deepEqual(rel?.location.range.start, { line: 5, character: 8 });
  assert.equal(await client.shutdown(), 0);
});
