/**
 * No request a client can send and no text a user can type may crash or wedge the server:
 * unknown URIs, out-of-range positions, malformed parameters, unknown methods, cancelled
 * requests, binary-ish text, pathological nesting and a 2 MB file. Every request must be answered
 * (a result or a JSON-RPC error), and at the end a normal request still works and `shutdown` +
 * `exit` end the process with status 0.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { CodeAction } from 'vscode-languageserver';
import { LspClient, testUri } from '../support/lspClient';
import { HOST_ENDPOINT_TYPO, POLICY_MISTAKES, keyRange, relevant } from './fixtures';

let client: LspClient;
let n = 0;
const uri = (name: string) => testUri(`robustness/${n++}-${name}`);

before(async () => {
  client = await LspClient.start({ pull: false });
});
after(async () => {
  client.dispose();
});

/** Sends a request and returns its result, or the error it was answered with. */
async function answer(method: string, params: unknown): Promise<{ result?: unknown; error?: ResponseError<unknown> }> {
  try {
    return { result: await client.request(method, params) };
  } catch (e) {
    if (e instanceof ResponseError) return { error: e };
    throw e; // a timeout or a dead connection: the server did not answer
  }
}

/** The server still works: a Calico file opened now gets its usual diagnostic. */
async function stillWorks(): Promise<void> {
  const diagnostics = relevant(await client.openAndWait(uri('probe.yaml'), HOST_ENDPOINT_TYPO));
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range]),
    [['unknown-field', keyRange(HOST_ENDPOINT_TYPO, 'interface')]],
  );
  assert.equal(client.hasExited, false);
}

const ZERO = { line: 0, character: 0 };
const FAR = { line: 1_000_000, character: 1_000_000 };

test('requests about unknown documents get empty answers', async () => {
  const missing = testUri('robustness/never-opened.yaml');
  assert.deepEqual((await answer('textDocument/codeAction', { textDocument: { uri: missing }, range: { start: ZERO, end: ZERO }, context: { diagnostics: [] } })).result, []);
  assert.equal((await answer('textDocument/hover', { textDocument: { uri: missing }, position: ZERO })).result, null);
  const completion = (await answer('textDocument/completion', { textDocument: { uri: missing }, position: ZERO })).result;
  assert.ok(completion === null || (Array.isArray(completion) && completion.length === 0) || (completion as { items: unknown[] }).items.length === 0);
  assert.deepEqual((await answer('textDocument/diagnostic', { textDocument: { uri: missing } })).result, { kind: 'full', items: [] });
  // Notifications about unknown documents are ignored.
  client.change(missing, [{ range: { start: ZERO, end: ZERO }, text: 'x' }]);
  client.close(testUri('robustness/also-never-opened.yaml'));
  await stillWorks();
});

test('out-of-range positions and ranges are clamped, not fatal', async () => {
  const u = uri('range.yaml');
  const [d] = relevant(await client.openAndWait(u, HOST_ENDPOINT_TYPO));
  assert.ok(d);
  for (const position of [FAR, { line: 3, character: 10_000 }, { line: 10_000, character: 0 }]) {
    assert.equal((await answer('textDocument/hover', { textDocument: { uri: u }, position })).error, undefined);
    assert.equal((await answer('textDocument/completion', { textDocument: { uri: u }, position })).error, undefined);
  }
  const actions = await answer('textDocument/codeAction', {
    textDocument: { uri: u },
    range: { start: ZERO, end: FAR },
    context: { diagnostics: [{ ...d, range: { start: FAR, end: FAR } }, { ...d, range: { start: { line: 5, character: 999 }, end: ZERO } }] },
  });
  assert.equal(actions.error, undefined);
  // An edit whose range lies past the end appends at the end (LSP clamps positions).
  const diagnostics = await client.changeAndWait(u, [{ range: { start: FAR, end: FAR }, text: '\n' }]);
  assert.deepEqual(
    relevant(diagnostics).map((x) => x.code),
    ['unknown-field'],
  );
  await stillWorks();
});

test('malformed parameters are answered (with a result or an error) and never crash the server', async () => {
  const u = uri('params.yaml');
  await client.openAndWait(u, HOST_ENDPOINT_TYPO);
  const cases: [string, unknown][] = [
    ['textDocument/codeAction', {}],
    ['textDocument/codeAction', { textDocument: { uri: u } }],
    ['textDocument/codeAction', { textDocument: { uri: u }, range: null, context: { diagnostics: 'nope' } }],
    ['textDocument/codeAction', { textDocument: { uri: u }, range: { start: ZERO, end: ZERO }, context: { diagnostics: [{ code: 'unknown-field', source: 'calico' }] } }],
    ['textDocument/codeAction', { textDocument: { uri: u }, range: { start: ZERO, end: ZERO }, context: { diagnostics: [{ code: 'unknown-field', source: 'calico', range: { start: ZERO, end: ZERO }, message: 'x', data: 'not an object' }] } }],
    ['textDocument/hover', {}],
    ['textDocument/hover', { textDocument: { uri: u }, position: { line: -1, character: -5 } }],
    ['textDocument/hover', { textDocument: { uri: u }, position: { line: 'one', character: null } }],
    ['textDocument/completion', { textDocument: {} }],
    ['textDocument/completion', { textDocument: { uri: u }, position: { line: 1.5, character: Number.MAX_SAFE_INTEGER } }],
    ['textDocument/diagnostic', {}],
    ['textDocument/diagnostic', { textDocument: { uri: 42 } }],
    ['textDocument/definition', { textDocument: { uri: u }, position: ZERO }],
    ['calico/noSuchMethod', { anything: true }],
  ];
  for (const [method, params] of cases) {
    const r = await answer(method, params);
    assert.ok('result' in r || 'error' in r, `${method} answered`);
  }
  // Notifications with malformed parameters.
  const bad: [string, unknown][] = [
    ['textDocument/didOpen', {}],
    ['textDocument/didOpen', { textDocument: { uri: uri('num.yaml'), languageId: 'yaml', version: 1, text: 12345 } }],
    ['textDocument/didChange', { textDocument: { uri: u } }],
    ['textDocument/didChange', { textDocument: { uri: u, version: 99 }, contentChanges: [{ range: { start: { line: 'x' }, end: null }, text: 7 }] }],
    ['textDocument/didClose', {}],
    ['workspace/didChangeConfiguration', null],
    ['workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///nowhere/x.yaml', type: 2 }, { uri: 'not a uri', type: 3 }] }],
    ['$/cancelRequest', { id: 'no-such-request' }],
    ['calico/unknownNotification', [1, 2, 3]],
  ];
  for (const [method, params] of bad) void client.connection.sendNotification(method, params);
  await stillWorks();
});

test('a cancelled request is answered promptly (result or RequestCancelled)', async () => {
  const u = uri('cancel.yaml');
  const [d] = relevant(await client.openAndWait(u, HOST_ENDPOINT_TYPO));
  assert.ok(d);
  const outcomes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const source = new CancellationTokenSource();
    const p = client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } }, source.token);
    source.cancel();
    try {
      await client.withTimeout(p, 'the cancelled request');
      outcomes.push('result');
    } catch (e) {
      assert.ok(e instanceof ResponseError, `answered with a JSON-RPC error, not ${String(e)}`);
      assert.equal(e.code, -32800, 'RequestCancelled');
      outcomes.push('cancelled');
    }
  }
  assert.equal(outcomes.length, 5);
  // Cancel during analysis of an edit: the pending pull is answered too.
  const source = new CancellationTokenSource();
  client.change(u, [{ text: POLICY_MISTAKES }]);
  const pending = client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: u } }, source.token);
  source.cancel();
  await client.withTimeout(
    pending.then(
      () => undefined,
      (e: unknown) => assert.ok(e instanceof ResponseError),
    ),
    'the cancelled diagnostic request',
  );
  await stillWorks();
});

const HEAD = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: x\n';
const GARBAGE: Record<string, string> = {
  'binary.yaml': HEAD + Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 0xd7ff)).join('') + '\u0000\u0001\ufffe\ud800\udfff\ud800',
  'nul-only.yaml': '\u0000'.repeat(10_000),
  'brackets.yaml': HEAD + 'spec: ' + '['.repeat(10_000) + '\n',
  'braces.yaml': HEAD + 'spec: ' + '{a: '.repeat(10_000) + '\n',
  'closers.yaml': HEAD + 'spec: ' + ']}'.repeat(10_000) + '\n',
  'deep-block.yaml': HEAD + 'spec:\n' + Array.from({ length: 3000 }, (_, i) => ' '.repeat(i + 2) + 'k:').join('\n') + '\n',
  'deep-list.yaml': HEAD + 'spec:\n  ingress:\n' + Array.from({ length: 3000 }, (_, i) => ' '.repeat(i * 2 + 4) + '-').join('\n') + '\n',
  'separators.yaml': '---\n'.repeat(20_000) + HEAD,
  'long-line.yaml': HEAD + 'spec:\n  selector: "' + 'x'.repeat(500_000) + '"\n',
  'tabs-and-crs.yaml': HEAD.replace(/\n/g, '\r') + 'spec:\t{\t}\r\r\n\t\t\t',
  'anchors.yaml': HEAD + 'spec: &a\n  selector: all()\n  ingress: [*a, *a, *b, *undefined]\n',
};

for (const [name, text] of Object.entries(GARBAGE)) {
  test(`garbage-y text does not hurt the server: ${name}`, async () => {
    const u = uri(name);
    const diagnostics = await client.openAndWait(u, text, 'yaml', 60_000);
    assert.ok(Array.isArray(diagnostics));
    for (const d of diagnostics) {
      assert.ok(d.range.start.line >= 0 && d.range.start.character >= 0, 'ranges are valid positions');
      assert.equal(d.source, 'calico');
    }
    // Requests on the garbage document are answered too.
    assert.equal((await answer('textDocument/hover', { textDocument: { uri: u }, position: { line: 4, character: 8 } })).error, undefined);
    assert.equal((await answer('textDocument/completion', { textDocument: { uri: u }, position: { line: 4, character: 8 } })).error, undefined);
    assert.equal((await answer('textDocument/codeAction', { textDocument: { uri: u }, range: { start: ZERO, end: FAR }, context: { diagnostics } })).error, undefined);
    const closed = client.nextPublish(u);
    client.close(u);
    await closed;
  });
}

test('a 2 MB file is analysed, and requests are answered meanwhile', async () => {
  const docs: string[] = [];
  let size = 0;
  for (let i = 0; size < 2 * 1024 * 1024; i++) {
    const d = (i % 2 === 0 ? HOST_ENDPOINT_TYPO : POLICY_MISTAKES).replace(/web/g, `web-${i}`);
    docs.push(d);
    size += d.length + 4;
  }
  const text = docs.join('---\n');
  assert.ok(text.length >= 2 * 1024 * 1024);
  const u = uri('big.yaml');
  const published = client.nextPublish(u, 1, 120_000);
  client.open(u, text);
  // The analysis runs in slices, so a request sent now is answered without waiting for the end.
  assert.equal((await answer('textDocument/hover', { textDocument: { uri: u }, position: { line: 1, character: 8 } })).error, undefined);
  assert.ok(!client.publishes.some((p) => p.uri === u), 'the hover was answered before the analysis finished');
  const diagnostics = relevant((await published).diagnostics);
  // Each HostEndpoint has one unknown field, each policy a type mismatch and a bad action.
  const hostEndpoints = Math.ceil(docs.length / 2);
  const policies = Math.floor(docs.length / 2);
  assert.equal(diagnostics.filter((d) => d.code === 'unknown-field').length, hostEndpoints);
  assert.equal(diagnostics.length, hostEndpoints + 2 * policies);
  // The last document's diagnostics point into the last document.
  const lastLine = text.split('\n').length;
  assert.ok(diagnostics.every((d) => d.range.end.line < lastLine));
  // An edit at the end is handled incrementally, and the big document can be closed.
  const end = { line: lastLine - 1, character: 0 };
  const after = relevant(await client.changeAndWait(u, [{ range: { start: end, end }, text: '  bogus: 1\n' }], 120_000));
  assert.ok(after.length >= diagnostics.length);
  const closed = client.nextPublish(u);
  client.close(u);
  await closed;
});

/** Nested aliases ("billion laughs"): 8 levels of 9 aliases each is a 400-byte file naming 9^8 nodes. */
function aliasBomb(levels: number): string {
  const names = 'abcdefghijklmnop';
  let text = HEAD + 'spec:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < levels; i++) text += `  ${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]\n`;
  return text;
}

// go-yaml refuses such documents ("excessive aliasing"), and so does the core, with the same
// budget, instead of expanding 9^8 nodes.
test('an alias bomb is answered, not expanded', async () => {
  const u = uri('alias-bomb.yaml');
  const diagnostics = await client.openAndWait(u, aliasBomb(8), 'yaml', 20_000);
  assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax' && /alias/.test(String(d.message))));
  const closed = client.nextPublish(u);
  client.close(u);
  await closed;
});

test('after all that, the server still answers and exits cleanly', async () => {
  await stillWorks();
  assert.deepEqual(client.unexpectedRequests, []);
  assert.equal(await client.shutdown(), 0);
});
