/**
 * Incremental sync: after any sequence of didChange notifications (single edits, several changes
 * in one notification, edits spanning `---` separators, typing one character at a time, full-text
 * replacements) the published diagnostics must equal those of a fresh open of the same final text.
 *
 * The final text is computed by the test's own change applier (support/lspClient.ts) and opened in
 * a second, independent server; both publishes are compared whole (messages, data, links), with
 * only the document URI normalised.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { LspClient, applyChanges, rangeOf, replaceChange } from '../support/lspClient';
import { HOST_ENDPOINT_OK, POLICY_MISTAKES, brief, keyRange } from './fixtures';

let edited: LspClient;
let reference: LspClient;
let n = 0;

before(async () => {
  [edited, reference] = await Promise.all([LspClient.start(), LspClient.start()]);
});
after(async () => {
  assert.deepEqual(await Promise.all([edited.shutdown(), reference.shutdown()]), [0, 0]);
  edited.dispose();
  reference.dispose();
});

/** Untitled URIs: closing one drops it from the server's workspace at once (nothing to re-read from disk). */
const untitled = (name: string) => `untitled:${name}-${n++}`;

function normalise(diagnostics: Diagnostic[], uri: string): unknown {
  return JSON.parse(JSON.stringify(diagnostics).split(JSON.stringify(uri).slice(1, -1)).join('<uri>'));
}

/** Diagnostics of a fresh open of `text` in the reference server. */
async function fresh(text: string): Promise<unknown> {
  const uri = untitled('reference');
  const diagnostics = await reference.openAndWait(uri, text);
  const cleared = reference.nextPublish(uri);
  reference.close(uri);
  await cleared;
  return normalise(diagnostics, uri);
}

/** A document being edited, with the test's own copy of its text. */
class Doc {
  readonly uri = untitled('edited');
  text: string;
  constructor(text: string) {
    this.text = text;
  }
  async open(): Promise<Diagnostic[]> {
    return edited.openAndWait(this.uri, this.text);
  }
  /** Sends the changes in one notification and returns the diagnostics for that version. */
  async change(...changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]> {
    this.text = applyChanges(this.text, changes);
    return edited.changeAndWait(this.uri, changes);
  }
  async expectSameAsFresh(diagnostics: Diagnostic[]): Promise<void> {
    assert.deepEqual(normalise(diagnostics, this.uri), await fresh(this.text), `after edits, text:\n${this.text}`);
  }
  async close(): Promise<void> {
    const cleared = edited.nextPublish(this.uri);
    edited.close(this.uri);
    await cleared;
  }
}

test('insert a mistake, then fix it', async () => {
  const doc = new Doc(HOST_ENDPOINT_OK);
  assert.deepEqual(brief(await doc.open()), []);
  // Delete "Name" from interfaceName: an unknown field appears on the key.
  const at = rangeOf(doc.text, 'interfaceName').start;
  const nameRange = { start: { line: at.line, character: at.character + 'interface'.length }, end: { line: at.line, character: at.character + 'interfaceName'.length } };
  let diagnostics = await doc.change({ range: nameRange, text: '' });
  assert.deepEqual(brief(diagnostics), [{ code: 'unknown-field', severity: 1, range: keyRange(doc.text, 'interface') }]);
  await doc.expectSameAsFresh(diagnostics);
  // Type it back.
  diagnostics = await doc.change({ range: { start: nameRange.start, end: nameRange.start }, text: 'Name' });
  assert.equal(doc.text, HOST_ENDPOINT_OK);
  assert.deepEqual(brief(diagnostics), []);
  await doc.expectSameAsFresh(diagnostics);
  await doc.close();
});

test('several changes in one notification are applied in order', async () => {
  const doc = new Doc(HOST_ENDPOINT_OK);
  await doc.open();
  // Each change's range refers to the text as left by the previous change.
  const changes: TextDocumentContentChangeEvent[] = [];
  let t = doc.text;
  const push = (c: TextDocumentContentChangeEvent) => {
    changes.push(c);
    t = applyChanges(t, [c]);
  };
  push(replaceChange(t, 'spec:\n', 'spec:\n  bogus: 1\n'));
  push(replaceChange(t, 'web-node-1-eth0', 'web-node-2-eth1'));
  push(replaceChange(t, '  bogus: 1\n', ''));
  push(replaceChange(t, 'interfaceName', 'interfaceNam'));
  push(replaceChange(t, '10.0.0.1', '10.0.0.300'));
  const diagnostics = await doc.change(...changes);
  assert.equal(doc.text, t);
  assert.ok(doc.text.includes('interfaceNam: eth0') && !doc.text.includes('bogus'));
  const errors = brief(diagnostics);
  assert.equal(errors.length, 2, JSON.stringify(errors));
  assert.deepEqual(errors[0], { code: 'unknown-field', severity: 1, range: keyRange(doc.text, 'interfaceNam') });
  // The bad address is reported on the value (whatever the rule's code).
  assert.deepEqual(errors[1]!.range, rangeOf(doc.text, '"10.0.0.300"'));
  await doc.expectSameAsFresh(diagnostics);
  await doc.close();
});

test('edits across --- separators: join, split and delete documents', async () => {
  const doc = new Doc([HOST_ENDPOINT_OK.trimEnd(), '---', POLICY_MISTAKES.trimEnd(), '---', HOST_ENDPOINT_OK.replace(/web-node-1/g, 'db-node-1').trimEnd(), ''].join('\n'));
  await doc.expectSameAsFresh(await doc.open());

  // Replace from the middle of the first document to the middle of the second, eating the `---`.
  const from = rangeOf(doc.text, 'expectedIPs').start;
  const to = rangeOf(doc.text, 'types: [Ingress]').end;
  await doc.expectSameAsFresh(await doc.change({ range: { start: from, end: to }, text: 'interface: eth9\n  types: [Ingress]' }));

  // Split a document in two by inserting a separator line.
  const split = rangeOf(doc.text, 'spec:', 1).start;
  await doc.expectSameAsFresh(await doc.change({ range: { start: split, end: split }, text: '---\n' }));

  // Delete a separator: the documents around it merge (duplicate keys follow).
  const sep = rangeOf(doc.text, '---\n', 1);
  await doc.expectSameAsFresh(await doc.change({ range: sep, text: '' }));

  // Insert a whole new document at the very start, before the first one, with a leading `---`.
  const start = { line: 0, character: 0 };
  await doc.expectSameAsFresh(await doc.change({ range: { start, end: start }, text: `---\n${POLICY_MISTAKES}---\n` }));
  await doc.close();
});

test('typing a resource one character at a time ends where a fresh open does', async () => {
  const doc = new Doc('');
  await doc.open();
  const target = POLICY_MISTAKES;
  let last: Promise<Diagnostic[]> | undefined;
  let line = 0;
  let character = 0;
  for (const ch of target) {
    const pos = { line, character };
    // Only the last version's publish is awaited; intermediate ones may be skipped by the debounce.
    last = doc.change({ range: { start: pos, end: pos }, text: ch });
    if (ch === '\n') {
      line++;
      character = 0;
    } else character++;
  }
  const diagnostics = await last!;
  assert.equal(doc.text, target);
  assert.deepEqual(
    brief(diagnostics).map((d) => d.code),
    ['type-mismatch', 'invalid-value'],
  );
  await doc.expectSameAsFresh(diagnostics);
  await doc.close();
});

test('a full-text change replaces the document', async () => {
  const doc = new Doc(POLICY_MISTAKES);
  await doc.open();
  const diagnostics = await doc.change({ text: HOST_ENDPOINT_OK.replace('interfaceName', 'interface') });
  assert.deepEqual(
    brief(diagnostics).map((d) => d.code),
    ['unknown-field'],
  );
  await doc.expectSameAsFresh(diagnostics);
  // A full change followed by a ranged one in the same notification.
  const full = POLICY_MISTAKES;
  await doc.expectSameAsFresh(await doc.change({ text: full }, replaceChange(full, 'Accept', 'Allow')));
  await doc.close();
});

test('CRLF documents: edits next to line ends keep ranges right', async () => {
  const doc = new Doc(HOST_ENDPOINT_OK.replace(/\n/g, '\r\n'));
  await doc.open();
  // Append a bad key at the end of a line (between the value and its CRLF), then a new line.
  const eol = rangeOf(doc.text, 'web-node-1\r\n').start;
  const at = { line: eol.line, character: eol.character + 'web-node-1'.length };
  const diagnostics = await doc.change({ range: { start: at, end: at }, text: '\r\n  interface: eth0' });
  assert.deepEqual(brief(diagnostics), [{ code: 'unknown-field', severity: 1, range: keyRange(doc.text, 'interface') }]);
  await doc.expectSameAsFresh(diagnostics);
  await doc.close();
});
