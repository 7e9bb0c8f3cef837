/**
 * Navigation over stdio, as any LSP client sees it: outline (hierarchical, and flat for clients
 * without hierarchy support), go to definition and references across an open file and a file of
 * the workspace folder that is not open, code lenses resolved with their command and arguments,
 * workspace symbols, the `calico.codeLens.enable` setting, `workspace/codeLens/refresh` after the
 * index changes, and malformed params. Expected ranges are found by searching the texts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, DocumentSymbol, Location, SymbolInformation } from 'vscode-languageserver';
import { LspClient, rangeOf, replaceChange, type StartOptions } from '../support/lspClient';

// On disk only: host endpoints, a network set and a tier. CRLF line ends and a non-ASCII comment
// before the names check the conversion of positions in a file that is not open.
const DISK = [
  '# hôtes 🙂',
  'apiVersion: projectcalico.org/v3',
  'kind: HostEndpoint',
  'metadata:',
  '  name: mc-1',
  '  labels: {memcached: server}',
  'spec:',
  '  node: node-1',
  '  interfaceName: eth0',
  '---',
  'apiVersion: projectcalico.org/v3',
  'kind: GlobalNetworkSet',
  'metadata:',
  '  name: clients',
  '  labels: {memcached: client}',
  'spec:',
  '  nets: [10.1.0.0/16]',
  '---',
  'apiVersion: projectcalico.org/v3',
  'kind: Tier',
  'metadata:',
  '  name: platform',
  'spec:',
  '  order: 100',
  '',
].join('\r\n');

const POLICIES = [
  'apiVersion: projectcalico.org/v3',
  'kind: GlobalNetworkPolicy',
  'metadata:',
  '  name: platform.memcached',
  'spec:',
  '  tier: platform',
  "  selector: memcached == 'server'",
  '  doNotTrack: true',
  '  applyOnForward: true',
  '  ingress:',
  '  - action: Allow',
  '    protocol: TCP',
  '    source:',
  "      selector: memcached == 'client'",
  '    destination:',
  '      ports: [12211]',
  '  egress:',
  '  - action: Allow',
  '    protocol: TCP',
  '    source:',
  '      ports: [12211]',
  '    destination:',
  "      selector: memcached == 'client'",
  '',
].join('\n');

/** An open file with a second host endpoint that the policy selects. */
const MORE = ['apiVersion: projectcalico.org/v3', 'kind: HostEndpoint', 'metadata:', '  name: mc-2', '  labels:', '    memcached: server', 'spec:', '  node: node-2', '  interfaceName: eth0', ''].join('\n');

const NO_HEP = 'untracked-no-host-endpoint';

async function setUp(t: { after(fn: () => void): void }, options: StartOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'calico-nav-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'hosts.yaml'), DISK);
  const folder = pathToFileURL(dir).href;
  const client = await LspClient.start({ workspaceFolders: [folder], ...options });
  t.after(() => client.dispose());
  const disk = `${folder}/hosts.yaml`;
  const policies = `${folder}/policies.yaml`;
  const more = 'untitled:more-hosts';
  // The policy selects mc-1, on disk: once the folder has been read, it is no longer reported.
  client.open(policies, POLICIES);
  await client.publishWhere(policies, (p) => !p.diagnostics.some((d) => d.code === NO_HEP));
  await client.openAndWait(more, MORE);
  return { client, disk, policies, more };
}

const pos = (text: string, needle: string, delta = 0, occurrence = 0) => {
  const r = rangeOf(text, needle, occurrence).start;
  return { line: r.line, character: r.character + delta };
};

const sortLocations = (list: Location[]) => [...list].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line));

test('capabilities: outline, definition, references, code lens with resolve, workspace symbols', async (t) => {
  const { client } = await setUp(t);
  const caps = client.initializeResult!.capabilities;
  assert.ok(caps.documentSymbolProvider);
  assert.equal(caps.definitionProvider, true);
  assert.equal(caps.referencesProvider, true);
  assert.equal(caps.workspaceSymbolProvider, true);
  assert.deepEqual(caps.codeLensProvider, { resolveProvider: true });
  // No server command: clients that do not know the lens command run nothing.
  assert.equal(caps.executeCommandProvider, undefined);
});

test('outline: hierarchical symbols with rules, ranges on the resource and the name', async (t) => {
  const { client, policies } = await setUp(t, { capabilities: { textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } } });
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: policies } });
  assert.equal(symbols.length, 1);
  const [p] = symbols;
  assert.equal(p!.name, 'GlobalNetworkPolicy platform.memcached');
  assert.deepEqual(p!.selectionRange, rangeOf(POLICIES, 'platform.memcached'));
  assert.deepEqual(p!.range.start, { line: 0, character: 0 });
  assert.deepEqual(p!.children!.map((c) => c.name), ['ingress[0] Allow TCP → 12211', 'egress[0] Allow TCP']);
  assert.deepEqual(p!.children![0]!.range.start, pos(POLICIES, 'action: Allow'));
  // A file without Calico resources: silence.
  client.open('untitled:deploy', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n');
  assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: 'untitled:deploy' } }), []);
  assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: 'untitled:never-opened' } }), []);
});

test('outline: a client without hierarchy support gets a flat list', async (t) => {
  const { client, policies } = await setUp(t);
  const symbols = await client.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri: policies } });
  assert.deepEqual(symbols.map((s) => [s.name, s.containerName]), [
    ['GlobalNetworkPolicy platform.memcached', undefined],
    ['ingress[0] Allow TCP → 12211', 'GlobalNetworkPolicy platform.memcached'],
    ['egress[0] Allow TCP', 'GlobalNetworkPolicy platform.memcached'],
  ]);
  assert.equal(symbols[0]!.location.uri, policies);
});

test('definition: from selectors and the tier to names in open and unopened files', async (t) => {
  const { client, disk, policies, more } = await setUp(t);
  const def = (p: { line: number; character: number }) => client.request<Location[]>('textDocument/definition', { textDocument: { uri: policies }, position: p });
  assert.deepEqual(sortLocations(await def(pos(POLICIES, "memcached == 'server'", 4))), [
    { uri: disk, range: rangeOf(DISK, 'mc-1') },
    { uri: more, range: rangeOf(MORE, 'mc-2') },
  ]);
  assert.deepEqual(await def(pos(POLICIES, "memcached == 'client'", 1)), [{ uri: disk, range: rangeOf(DISK, 'clients') }]);
  assert.deepEqual(await def(pos(POLICIES, 'platform', 0, 1)), [{ uri: disk, range: rangeOf(DISK, 'platform') }]);
  assert.deepEqual(await def(pos(POLICIES, 'doNotTrack')), []);
  // Past the end of the document: clamped, nothing there.
  assert.deepEqual(await def({ line: 999, character: 0 }), []);
});

test('references: from a host endpoint to the policies selecting it, from a tier to its policies', async (t) => {
  const { client, policies, more } = await setUp(t);
  const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: more }, position: pos(MORE, 'mc-2', 1), context: { includeDeclaration: false } });
  assert.deepEqual(refs, [{ uri: policies, range: rangeOf(POLICIES, 'platform.memcached') }]);
  const withDecl = await client.request<Location[]>('textDocument/references', { textDocument: { uri: more }, position: pos(MORE, 'memcached: server'), context: { includeDeclaration: true } });
  assert.deepEqual(withDecl, [{ uri: more, range: rangeOf(MORE, 'mc-2') }, { uri: policies, range: rangeOf(POLICIES, 'platform.memcached') }]);
  const fromTier = await client.request<Location[]>('textDocument/references', { textDocument: { uri: policies }, position: pos(POLICIES, 'tier: platform', 7), context: { includeDeclaration: false } });
  assert.deepEqual(fromTier, [{ uri: policies, range: rangeOf(POLICIES, 'platform.memcached') }]);
});

test('code lenses: resolved titles, the calico.showReferences command and its arguments', async (t) => {
  const { client, disk, policies, more } = await setUp(t);
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: more } });
  assert.equal(lenses.length, 1);
  assert.deepEqual(lenses[0]!.range, rangeOf(MORE, 'mc-2'));
  assert.equal(lenses[0]!.command, undefined, 'commands come with codeLens/resolve');
  const resolved = await client.request<CodeLens>('codeLens/resolve', lenses[0]);
  assert.equal(resolved.command!.title, '1 policy applies (untracked: platform.memcached)');
  assert.equal(resolved.command!.command, 'calico.showReferences');
  assert.deepEqual(resolved.command!.arguments, [more, rangeOf(MORE, 'mc-2').start, [{ uri: policies, range: rangeOf(POLICIES, 'platform.memcached') }]]);

  const [policyLens] = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: policies } });
  const p = await client.request<CodeLens>('codeLens/resolve', policyLens);
  assert.equal(p.command!.title, 'selects 2 host endpoints');
  assert.deepEqual(sortLocations(p.command!.arguments![2] as Location[]), [
    { uri: disk, range: rangeOf(DISK, 'mc-1') },
    { uri: more, range: rangeOf(MORE, 'mc-2') },
  ]);
  // A lens whose data no longer points at anything resolves to an empty, inert command.
  const stale = await client.request<CodeLens>('codeLens/resolve', { range: lenses[0]!.range, data: { uri: 'untitled:gone', offset: 3 } });
  assert.deepEqual(stale.command, { title: '', command: '' });
  const junk = await client.request<CodeLens>('codeLens/resolve', { range: lenses[0]!.range, data: 'junk' });
  assert.deepEqual(junk.command, { title: '', command: '' });
});

test('code lenses: calico.codeLens.enable turns them off, and the client is asked to refresh', async (t) => {
  const settings = { calico: { codeLens: { enable: true } } };
  const { client, policies } = await setUp(t, { settings, capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true } } } });
  assert.equal((await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: policies } })).length, 1);
  let refreshed = client.nextCodeLensRefresh();
  client.changeSettings({ calico: { codeLens: { enable: false } } });
  await refreshed;
  assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: policies } }), []);
  refreshed = client.nextCodeLensRefresh();
  client.changeSettings({ calico: { codeLens: { enable: true } } });
  await refreshed;
  // A new host endpoint changes what the index holds: another refresh.
  refreshed = client.nextCodeLensRefresh();
  client.open('untitled:third', MORE.replace('mc-2', 'mc-3'));
  await refreshed;
  const [lens] = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: policies } });
  assert.equal((await client.request<CodeLens>('codeLens/resolve', lens)).command!.title, 'selects 3 host endpoints');
});

test('code lenses follow edits of the open documents', async (t) => {
  const { client, policies, more } = await setUp(t);
  await client.changeAndWait(more, [replaceChange(MORE, 'memcached: server', 'memcached: none')]);
  const [lens] = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: policies } });
  assert.equal((await client.request<CodeLens>('codeLens/resolve', lens)).command!.title, 'selects 1 host endpoint');
  // This client did not declare refresh support, so it is never asked to refresh.
  assert.equal(client.codeLensRefreshes, 0);
});

test('workspace symbols: by name across files, located on the name', async (t) => {
  const { client, disk, policies } = await setUp(t);
  const found = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'MC' });
  assert.deepEqual(
    found.map((s) => [s.name, s.location.uri]),
    [
      ['mc-1', disk],
      ['mc-2', 'untitled:more-hosts'],
      ['platform.memcached', policies],
    ],
  );
  assert.deepEqual(found[0]!.location.range, rangeOf(DISK, 'mc-1'));
  assert.equal(found[0]!.containerName, 'HostEndpoint');
  assert.deepEqual(await client.request('workspace/symbol', { query: 'no such name' }), []);
});

test('malformed navigation params get InvalidParams; unknown documents get empty answers', async (t) => {
  const { client } = await setUp(t);
  const invalid = async (method: string, params: unknown) => {
    await assert.rejects(client.request(method, params), (e: { code?: number }) => e.code === -32602, method);
  };
  await invalid('textDocument/definition', { textDocument: { uri: 'untitled:x' } });
  await invalid('textDocument/references', { textDocument: { uri: 'untitled:x' }, position: { line: -1, character: 0 } });
  await invalid('textDocument/documentSymbol', { textDocument: {} });
  await invalid('textDocument/codeLens', {});
  await invalid('codeLens/resolve', { data: {} });
  await invalid('workspace/symbol', { query: 3 });
  await invalid('textDocument/references', { textDocument: { uri: 'untitled:x' }, position: { line: 0, character: 0 }, context: 'yes' });
  assert.deepEqual(await client.request('textDocument/definition', { textDocument: { uri: 'untitled:x' }, position: { line: 0, character: 0 } }), []);
  assert.deepEqual(await client.request('textDocument/references', { textDocument: { uri: 'untitled:x' }, position: { line: 0, character: 0 }, context: { includeDeclaration: true } }), []);
  assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: 'untitled:x' } }), []);
  assert.equal(await client.shutdown(), 0);
});
