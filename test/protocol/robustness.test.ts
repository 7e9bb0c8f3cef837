/**
 * No request a client can send and no text a user can type may crash or wedge the server:
 * unknown URIs, out-of-range positions, malformed parameters, unknown methods, cancelled
 * requests, binary-ish text, pathological nesting and a 2 MB file. Every request must be answered
 * (a result or a JSON-RPC error), and at the end a normal request still works and `shutdown` +
 * `exit` end the process with status 0.
 *
 * Then, each with a server of its own: the lifecycle (nothing before `initialize`, one
 * `initialize`, nothing but `exit` after `shutdown`, exit codes), framing errors on stdin (the
 * server exits with an error status instead of going deaf), and what closing a document outside
 * the workspace does to the cross-file checks of the others.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { CodeAction, CompletionItem } from 'vscode-languageserver';
import { DEFAULT_TIMEOUT_MS, LspClient, REPO_ROOT, SERVER_JS, testUri } from '../support/lspClient';
import { HOST_ENDPOINT_TYPO, POLICY_MISTAKES, keyRange, relevant } from './fixtures';
import { CLEAN, WARNING_ONLY } from '../cli/fixtures';

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
    assert.ok(Array.isArray((await answer('textDocument/definition', { textDocument: { uri: u }, position })).result));
    assert.ok(Array.isArray((await answer('textDocument/references', { textDocument: { uri: u }, position, context: { includeDeclaration: true } })).result));
  }
  const lens = await answer('codeLens/resolve', { range: { start: FAR, end: FAR }, data: { uri: u, offset: Number.MAX_SAFE_INTEGER } });
  assert.deepEqual((lens.result as { command?: unknown }).command, { title: '', command: '' });
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
    ['textDocument/definition', { textDocument: { uri: u } }],
    ['textDocument/references', { textDocument: { uri: u }, position: ZERO, context: null }],
    ['textDocument/references', null],
    ['textDocument/documentSymbol', { textDocument: { uri: null } }],
    ['textDocument/codeLens', { textDocument: 'x' }],
    ['codeLens/resolve', { range: { start: ZERO, end: ZERO }, data: { uri: u, offset: -1 } }],
    ['codeLens/resolve', { range: 'everywhere' }],
    ['workspace/symbol', {}],
    ['workspace/symbol', { query: 'x'.repeat(100_000) }],
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

/** The error code a request was answered with (undefined for a result). */
async function errorCode(method: string, params: unknown, c: LspClient = client): Promise<number | undefined> {
  try {
    await c.request(method, params);
    return undefined;
  } catch (e) {
    if (e instanceof ResponseError) return e.code;
    throw e;
  }
}

const INVALID_PARAMS = -32602;
const INVALID_REQUEST = -32600;
const SERVER_NOT_INITIALIZED = -32002;
const METHOD_NOT_FOUND = -32601;

/** Log lines of handlers that threw (a client mistake must never end in one). */
const failures = (c: LspClient) => c.logs.filter((l) => / failed: /.test(l));

test('malformed params get InvalidParams, never InternalError, for every request', async () => {
  const u = uri('invalid-params.yaml');
  await client.openAndWait(u, HOST_ENDPOINT_TYPO);
  const td = { uri: u };
  const range = { start: ZERO, end: ZERO };
  const bad: Record<string, unknown[]> = {
    'textDocument/hover': [null, {}, [td, ZERO], { textDocument: {} }, { textDocument: { uri: 42 }, position: ZERO }, { textDocument: td }, { textDocument: td, position: { line: -1, character: 0 } }, { textDocument: td, position: { line: 1.5, character: 0 } }, { textDocument: td, position: { line: 'one', character: null } }],
    'textDocument/completion': [null, 'text', { textDocument: td }, { textDocument: td, position: ZERO, context: 'x' }, { textDocument: null, position: ZERO }],
    'textDocument/codeAction': [
      null,
      { textDocument: td, range },
      { textDocument: td, range: null, context: { diagnostics: [] } },
      { textDocument: td, range, context: { diagnostics: 'nope' } },
      { textDocument: td, range, context: { diagnostics: [{ code: 'unknown-field', source: 'calico' }] } },
      { textDocument: td, range, context: { diagnostics: [], only: 'quickfix' } },
    ],
    'textDocument/diagnostic': [null, {}, { textDocument: { uri: 42 } }, { textDocument: td, previousResultId: 7 }, [td]],
  };
  for (const [method, cases] of Object.entries(bad)) {
    for (const params of cases) assert.equal(await errorCode(method, params), INVALID_PARAMS, `${method} ${JSON.stringify(params)}`);
    // No params at all.
    assert.equal(await errorCode(method, undefined), INVALID_PARAMS, `${method} without params`);
  }
  // Well-formed params about nothing we know get the method's empty result.
  const missing = { uri: testUri('robustness/not-open.yaml') };
  assert.equal(await client.request('textDocument/hover', { textDocument: missing, position: FAR }), null);
  assert.deepEqual(await client.request('textDocument/completion', { textDocument: missing, position: ZERO }), []);
  assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: missing, range, context: { diagnostics: [] } }), []);
  assert.deepEqual(await client.request('textDocument/diagnostic', { textDocument: missing }), { kind: 'full', items: [] });
  assert.equal(await errorCode('calico/noSuchMethod', null), METHOD_NOT_FOUND);
  assert.deepEqual(failures(client), []);
  await stillWorks();
});

test('notifications with malformed params are ignored and logged once per method', async () => {
  const u = uri('bad-notifications.yaml');
  await client.openAndWait(u, HOST_ENDPOINT_TYPO);
  const bad: [string, unknown][] = [
    ['textDocument/didOpen', null],
    ['textDocument/didOpen', { textDocument: { uri: uri('v.yaml'), languageId: 'yaml', version: 'one', text: 'a: 1' } }],
    ['textDocument/didChange', null],
    ['textDocument/didChange', { textDocument: { uri: u, version: 2 }, contentChanges: [{ text: 'kind: x' }, { range: { start: ZERO }, text: 'y' }] }],
    ['textDocument/didClose', null],
    ['textDocument/didClose', { textDocument: { uri: 7 } }],
    ['workspace/didChangeConfiguration', null],
    ['workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///x.yaml', type: 9 }] }],
    ['workspace/didChangeWorkspaceFolders', null],
    ['workspace/didChangeWorkspaceFolders', { event: { added: 'x' } }],
    ['$/cancelRequest', null],
    ['$/setTrace', null],
    ['$/progress', null],
    ['window/workDoneProgress/cancel', {}],
  ];
  for (let round = 0; round < 3; round++) for (const [method, params] of bad) void client.connection.sendNotification(method, params);
  // A didChange with one malformed change is ignored whole: the document keeps its text.
  const diagnostics = relevant(await client.changeAndWait(u, [{ range: { start: FAR, end: FAR }, text: '\n' }]));
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range]),
    [['unknown-field', keyRange(HOST_ENDPOINT_TYPO, 'interface')]],
  );
  // Once per method over the whole session (the malformed notifications of an earlier test count).
  const logged = client.logs.filter((l) => /ignored/.test(l));
  for (const method of ['didOpen', 'didChange', 'didClose', 'didChangeConfiguration', 'didChangeWatchedFiles', 'didChangeWorkspaceFolders']) {
    assert.equal(logged.filter((l) => l.startsWith(`${method}:`)).length, 1, `${method} logged once: ${logged.join(' | ')}`);
  }
  assert.deepEqual(failures(client), []);
  await stillWorks();
});

// Completion reads lines; a lone CR once stayed inside a line and made it throw (logged, empty).
test('completion gives the same answers on LF, CRLF, lone CR and mixed line ends', async () => {
  const lines = ['apiVersion: projectcalico.org/v3', 'kind: GlobalNetworkPolicy', 'metadata:', '  name: p', 'spec:', '  doNotTrack: t', '  ingress:', '  - action: A', '    ', ''];
  const at = [
    { line: 5, character: 15 },
    { line: 7, character: 13 },
    { line: 8, character: 4 },
  ];
  const answers = async (name: string, end: (i: number) => string) => {
    const u = uri(`line-ends-${name}.yaml`);
    await client.openAndWait(u, lines.map((l, i) => (i === lines.length - 1 ? l : l + end(i))).join(''));
    const out: unknown[] = [];
    for (const position of at) {
      const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: u }, position });
      out.push(items.map((i) => [i.label, (i.textEdit as { range: unknown }).range]));
    }
    return out;
  };
  const expected = await answers('lf', () => '\n');
  assert.ok(JSON.stringify(expected[0]).includes('"true"') && JSON.stringify(expected[1]).includes('"Allow"') && JSON.stringify(expected[2]).includes('"protocol"'), JSON.stringify(expected));
  assert.deepEqual(await answers('crlf', () => '\r\n'), expected);
  assert.deepEqual(await answers('cr', () => '\r'), expected);
  assert.deepEqual(await answers('mixed', (i) => ['\r', '\r\n', '\n'][i % 3]!), expected);
  assert.deepEqual(failures(client), []);
});

test('nesting far past what any Calico field needs is answered with diagnostics, not a stack overflow', async () => {
  const u = uri('deep-800.yaml');
  const diagnostics = await client.openAndWait(u, `${HEAD}spec:\n  ingress: ${'['.repeat(800)}${']'.repeat(800)}\n`);
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['type-mismatch'],
  );
  const over = await client.openAndWait(uri('deep-10001.yaml'), `${HEAD}spec:\n  ingress:\n    - ${'['.repeat(10_001)}${']'.repeat(10_001)}\n`);
  assert.ok(over.some((d) => d.code === 'yaml-syntax' && /more than 10,000 levels/.test(String(d.message))), JSON.stringify(over));
  assert.ok(!over.some((d) => /call stack|internal/i.test(String(d.message)) || d.code === 'internal-error'));
  assert.equal((await answer('textDocument/hover', { textDocument: { uri: u }, position: { line: 5, character: 900 } })).error, undefined);
});

test('after all that, the server still answers and exits cleanly', async () => {
  await stillWorks();
  assert.deepEqual(client.unexpectedRequests, []);
  assert.deepEqual(failures(client), []);
  assert.equal(await client.shutdown(), 0);
});

test('lifecycle: nothing before initialize, one initialize, only exit after shutdown', async (t) => {
  const c = LspClient.spawn();
  t.after(() => c.dispose());
  const hover = { textDocument: { uri: testUri('robustness/life.yaml') }, position: ZERO };
  // vscode-languageserver would answer these; the server must not before `initialize`.
  assert.equal(await errorCode('textDocument/hover', hover, c), SERVER_NOT_INITIALIZED);
  assert.equal(await errorCode('shutdown', null, c), SERVER_NOT_INITIALIZED);
  // Notifications before initialize are dropped: this document is never opened.
  c.open(testUri('robustness/life.yaml'), HOST_ENDPOINT_TYPO);
  // A malformed initialize is refused and leaves the server uninitialized.
  assert.equal(await errorCode('initialize', null, c), INVALID_PARAMS);
  assert.equal(await errorCode('initialize', { processId: null, rootUri: null, capabilities: 'all' }, c), INVALID_PARAMS);
  assert.equal(await errorCode('textDocument/hover', hover, c), SERVER_NOT_INITIALIZED);
  // Malformed workspace folders are skipped, not fatal.
  const params = { ...c.initializeParams(), workspaceFolders: [null, { uri: 5 }, 'x'] };
  await c.request('initialize', params);
  void c.connection.sendNotification('initialized', {});
  assert.equal(await errorCode('initialize', c.initializeParams(), c), INVALID_REQUEST);
  assert.deepEqual(await c.request('textDocument/diagnostic', { textDocument: hover.textDocument }), { kind: 'full', items: [] }, 'the didOpen before initialize was dropped');
  const u = testUri('robustness/life-after.yaml');
  assert.ok((await c.openAndWait(u, HOST_ENDPOINT_TYPO)).some((d) => d.code === 'unknown-field'));
  assert.equal(await c.request('shutdown'), null);
  // After shutdown every request but exit is refused, shutdown and initialize included.
  assert.equal(await errorCode('textDocument/hover', { textDocument: { uri: u }, position: ZERO }, c), INVALID_REQUEST);
  assert.equal(await errorCode('shutdown', null, c), INVALID_REQUEST);
  assert.equal(await errorCode('initialize', c.initializeParams(), c), INVALID_REQUEST);
  assert.equal(await errorCode('calico/noSuchMethod', null, c), INVALID_REQUEST);
  c.change(u, [{ text: 'dropped' }]);
  void c.connection.sendNotification('exit');
  assert.equal(await c.waitForExit(), 0);
  assert.deepEqual(failures(c), []);
});

test('exit without shutdown ends the process with status 1', async (t) => {
  const c = await LspClient.start();
  t.after(() => c.dispose());
  void c.connection.sendNotification('exit');
  assert.equal(await c.waitForExit(), 1);
});

test('exit before initialize is obeyed too (status 1)', async (t) => {
  const c = LspClient.spawn();
  t.after(() => c.dispose());
  void c.connection.sendNotification('exit');
  assert.equal(await c.waitForExit(), 1);
});

/**
 * Spawns the server and writes raw bytes to its stdin; with `closeAfter`, closes stdin once stdout
 * holds that text (a response the test waits for). Resolves with the exit code and the output.
 */
function rawSession(bytes: string, closeAfter?: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  proc.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  proc.stdout.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
    if (closeAfter !== undefined && stdout.includes(closeAfter)) proc.stdin.end();
  });
  proc.stdin.on('error', () => undefined);
  const done = new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => proc.on('exit', (code) => resolve({ code, stderr, stdout })));
  proc.stdin.write(bytes);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`the server did not exit after ${JSON.stringify(bytes.slice(0, 80))}; stdout: ${stdout.slice(0, 500)}; stderr: ${stderr}`));
    }, DEFAULT_TIMEOUT_MS);
  });
  return Promise.race([done, timeout]).finally(() => clearTimeout(timer));
}

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const INITIALIZE = frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));

test('a framing error on stdin ends the server with an error status and a message', async () => {
  const cases: Record<string, string> = {
    'Content-Length not a number': 'Content-Length: abc\r\n\r\n{}',
    'no Content-Length': 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}',
    'header without a colon': 'Content-Length 2\r\n\r\n{}',
    'body that is not JSON': frame('{"jsonrpc": "2.0", "id": 1, "method": '),
    'not JSON after a good message': INITIALIZE + frame('hello, server'),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    const r = await rawSession(bytes);
    assert.equal(r.code, 1, `${name}: exit status`);
    assert.match(r.stderr, /unreadable message from the client.*exiting so that the client can restart the server/, name);
  }
  // JSON that is no message keeps the framing intact: the server logs it and goes on.
  const r = await rawSession(INITIALIZE + frame('42') + frame('null') + frame(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'shutdown' })), '"id":2');
  assert.equal(r.code, 0, r.stderr);
});

test('stdin closing ends the server: status 0 after shutdown, 1 without', async () => {
  const shutdown = frame(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
  assert.equal((await rawSession(INITIALIZE + shutdown, '"id":2')).code, 0);
  assert.equal((await rawSession(INITIALIZE, '"id":1')).code, 1);
});

/**
 * A workspace folder and, beside it, a folder outside the workspace, each with the reply policy
 * that clears the asymmetry warning of the one-way policy (WARNING_ONLY) when the index sees it.
 */
function twoFolders(): { root: string; inside: string; outside: string; folder: string } {
  const root = mkdtempSync(join(tmpdir(), 'calico-close-'));
  mkdirSync(join(root, 'workspace'));
  mkdirSync(join(root, 'elsewhere'));
  writeFileSync(join(root, 'workspace', 'replies.yaml'), CLEAN);
  writeFileSync(join(root, 'elsewhere', 'replies.yaml'), CLEAN);
  return {
    root,
    folder: pathToFileURL(join(root, 'workspace')).href,
    inside: pathToFileURL(join(root, 'workspace', 'replies.yaml')).href,
    outside: pathToFileURL(join(root, 'elsewhere', 'replies.yaml')).href,
  };
}

const asymmetric = (diagnostics: { code?: unknown }[]) => diagnostics.some((d) => d.code === 'untracked-asymmetric');

test('closing a file outside the workspace removes it from the cross-file checks', async (t) => {
  const dirs = twoFolders();
  // The workspace folder exists but holds no reply policy of its own for this test.
  rmSync(join(dirs.root, 'workspace', 'replies.yaml'));
  const c = await LspClient.start({ workspaceFolders: [dirs.folder] });
  t.after(() => {
    c.dispose();
    rmSync(dirs.root, { recursive: true, force: true });
  });
  const one = pathToFileURL(join(dirs.root, 'workspace', 'one-way.yaml')).href;
  assert.ok(asymmetric(await c.openAndWait(one, WARNING_ONLY)), 'alone, the one-way policy is reported');
  let next = c.publishWhere(one, (p) => !asymmetric(p.diagnostics));
  c.open(dirs.outside, CLEAN);
  await next;
  // Closing it: it is on disk, but outside every folder, so it leaves the workspace.
  next = c.publishWhere(one, (p) => asymmetric(p.diagnostics));
  c.close(dirs.outside);
  await next;
  // Untitled documents leave too.
  next = c.publishWhere(one, (p) => !asymmetric(p.diagnostics));
  c.open('untitled:Untitled-1', CLEAN);
  await next;
  next = c.publishWhere(one, (p) => asymmetric(p.diagnostics));
  c.close('untitled:Untitled-1');
  await next;
  assert.equal(await c.shutdown(), 0);
});

test('closing a file inside the workspace reverts it to its text on disk, unless indexing is off', async (t) => {
  const dirs = twoFolders();
  t.after(() => rmSync(dirs.root, { recursive: true, force: true }));
  for (const enable of [true, false]) {
    const c = await LspClient.start({ workspaceFolders: [dirs.folder], settings: { calico: { workspaceIndex: { enable } } } });
    const one = 'untitled:one-way';
    // With the index on, the reply policy on disk clears the warning; edit it away in the editor.
    await c.openAndWait(dirs.inside, CLEAN);
    let next = c.publishWhere(one, (p) => !asymmetric(p.diagnostics));
    c.open(one, WARNING_ONLY);
    await next;
    next = c.publishWhere(one, (p) => asymmetric(p.diagnostics));
    c.change(dirs.inside, [{ text: 'kind: nothing\n' }]);
    await next;
    // Closing discards the edit: the file on disk (with the replies) counts again, if indexed.
    next = c.publishWhere(one, (p) => asymmetric(p.diagnostics) === !enable);
    c.close(dirs.inside);
    await next;
    assert.equal(await c.shutdown(), 0);
    c.dispose();
  }
});
