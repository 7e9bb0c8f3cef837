/**
 * Pushed diagnostics over the wire: their shape (source, code, documentation link, severity),
 * their ranges on tricky texts (CRLF, tabs, non-ASCII before the fault on the same line, several
 * documents, flow style), and total silence on YAML that is not Calico's.
 *
 * Expected ranges are computed from the test text (see fixtures.ts), independently of the server's
 * own position code.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LspClient, REPO_ROOT, SERVER_JS, testUri } from '../support/lspClient';
import { HOST_ENDPOINT_OK, HOST_ENDPOINT_TYPO, POLICY_MISTAKES, brief, keyRange, relevant, valueRange } from './fixtures';

let client: LspClient;
let n = 0;
const uri = (name: string) => testUri(`diagnostics/${n++}-${name}`);

before(async () => {
  client = await LspClient.start();
});
after(async () => {
  assert.equal(await client.shutdown(), 0);
  client.dispose();
});

test('a Calico file gets diagnostics with source, code, severity and a documentation link', async () => {
  const diagnostics = relevant(await client.openAndWait(uri('hep.yaml'), HOST_ENDPOINT_TYPO));
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  const d = diagnostics[0]!;
  assert.equal(d.source, 'calico');
  assert.equal(d.code, 'unknown-field');
  assert.equal(d.severity, 1);
  assert.deepEqual(d.range, keyRange(HOST_ENDPOINT_TYPO, 'interface'));
  assert.equal(typeof d.message, 'string');
  assert.match(d.message as string, /interfaceName/);
  // The link is the rule's page shipped next to the server (docs/rules/ of the repository or of
  // the installed extension), and the page exists.
  const href = d.codeDescription?.href ?? '';
  assert.match(href, /^file:\/\/.*\/docs\/rules\/unknown-field\.md$/);
  assert.ok(existsSync(fileURLToPath(href)), `${href} exists`);
  if (SERVER_JS === join(REPO_ROOT, 'dist', 'server.js')) assert.equal(href, pathToFileURL(join(REPO_ROOT, 'docs', 'rules', 'unknown-field.md')).href);
  assert.deepEqual((d.data as { suggestion?: string }).suggestion, 'interfaceName');
});

test('values at fault are underlined, not their keys', async () => {
  const diagnostics = await client.openAndWait(uri('gnp.yaml'), POLICY_MISTAKES);
  assert.deepEqual(brief(diagnostics), [
    { code: 'type-mismatch', severity: 1, range: valueRange(POLICY_MISTAKES, '"100"') },
    { code: 'invalid-value', severity: 1, range: valueRange(POLICY_MISTAKES, 'Accept') },
  ]);
  for (const d of diagnostics) assert.equal(d.source, 'calico');
  for (const d of diagnostics) assert.equal(typeof d.code, 'string');
});

test('a clean Calico file gets no error', async () => {
  assert.deepEqual(relevant(await client.openAndWait(uri('ok.yaml'), HOST_ENDPOINT_OK)), []);
});

const NOT_CALICO: Record<string, string> = {
  'deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  replicas: 2',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    '          interface: eth0',
    '',
  ].join('\n'),
  'values.yaml': ['replicaCount: 1', 'image:', '  repository: nginx', '  tag: ""', 'calico:', '  enabled: true', '  order: "100"', 'ports: [80, 70000]', ''].join('\n'),
  'workflow.yml': [
    'name: CI',
    'on:',
    '  push:',
    '    branches: [main]',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: npm ci && npm test',
    '',
  ].join('\n'),
  'broken-template.yaml': [
    'apiVersion: {{ .Values.apiVersion }}',
    'kind: {{ .Values.kind }}',
    'metadata:',
    '  name: {{ include "chart.fullname" . }}',
    'spec:',
    '  {{- toYaml .Values.spec | nindent 2 }}',
    '  ports: [{{ .Values.port }}',
    '',
  ].join('\n'),
  'cert-manager.yaml': ['apiVersion: cert-manager.io/v1', 'kind: Certificate', 'metadata: {name: web}', 'spec: {secretName: web-tls, interface: eth0}', ''].join('\n'),
  'broken-syntax.yaml': ['key: [unclosed', '  - : : :', '"bad', ''].join('\n'),
};

for (const [name, text] of Object.entries(NOT_CALICO)) {
  test(`a file without Calico resources gets an empty publish: ${name}`, async () => {
    assert.deepEqual(await client.openAndWait(uri(name), text), []);
  });
}

test('CRLF line endings: the range is on the key, lines counted once per CRLF', async () => {
  const text = HOST_ENDPOINT_TYPO.replace(/\n/g, '\r\n');
  const diagnostics = await client.openAndWait(uri('crlf.yaml'), text);
  assert.deepEqual(brief(diagnostics), [{ code: 'unknown-field', severity: 1, range: keyRange(text, 'interface') }]);
  assert.equal(keyRange(text, 'interface').start.line, 7);
});

test('tabs inside values and flow separators count as one character each', async () => {
  const text = [
    'apiVersion: projectcalico.org/v3',
    'kind: HostEndpoint',
    'metadata:',
    '  name:\tweb-node-1-eth0',
    'spec: {node:\tweb-node-1,\texpectedIPs: ["10.0.0.1"],\tinterface:\teth0}',
    '',
  ].join('\n');
  const diagnostics = await client.openAndWait(uri('tabs.yaml'), text);
  assert.deepEqual(brief(diagnostics), [{ code: 'unknown-field', severity: 1, range: keyRange(text, 'interface') }]);
});

test('non-ASCII text before the fault on the same line: columns are UTF-16 code units', async () => {
  const text = [
    'apiVersion: projectcalico.org/v3',
    'kind: HostEndpoint',
    'metadata: {name: web, annotations: {note: "café 🙂 — ünïcödé 𝒳"}, labelz: {role: web}}',
    'spec: {node: "n1", description: "🙂🙂", interface: eth0, expectedIPs: ["10.0.0.1"]}',
    '',
  ].join('\n');
  const diagnostics = await client.openAndWait(uri('unicode.yaml'), text);
  const expected = keyRange(text, 'labelz');
  assert.deepEqual(brief(diagnostics), [
    { code: 'unknown-field', severity: 1, range: expected },
    // `description` is not a HostEndpoint field either; the emoji before `interface` shift it by two units each.
    { code: 'unknown-field', severity: 1, range: keyRange(text, 'description') },
    { code: 'unknown-field', severity: 1, range: keyRange(text, 'interface') },
  ]);
  // Sanity check of the test itself: the emoji and the astral letter take two UTF-16 units each,
  // so a server counting code points (or bytes) would be off.
  const line = text.split('\n')[2]!;
  assert.equal(expected.start.character, line.indexOf('labelz'));
  assert.notEqual([...line.slice(0, expected.start.character)].length, expected.start.character);
});

test('multi-document files: each document is checked and ranges point into the right one', async () => {
  const text = [
    '---',
    '# a comment-only document',
    '---',
    NOT_CALICO['deployment.yaml']!.trimEnd(),
    '---',
    HOST_ENDPOINT_TYPO.trimEnd(),
    '---',
    '',
    '---',
    POLICY_MISTAKES.trimEnd(),
    '...',
    '',
  ].join('\n');
  const diagnostics = await client.openAndWait(uri('multi.yaml'), text);
  assert.deepEqual(brief(diagnostics), [
    // The Deployment's `interface` key (occurrence 0) is not ours; the HostEndpoint's is.
    { code: 'unknown-field', severity: 1, range: keyRange(text, 'interface', 1) },
    { code: 'type-mismatch', severity: 1, range: valueRange(text, '"100"') },
    { code: 'invalid-value', severity: 1, range: valueRange(text, 'Accept') },
  ]);
});

test('flow style and a top-level list of resources', async () => {
  const text = [
    '- {apiVersion: projectcalico.org/v3, kind: HostEndpoint, metadata: {name: a}, spec: {node: n1, interface: eth0, expectedIPs: ["10.0.0.1"]}}',
    '- apiVersion: projectcalico.org/v3',
    '  kind: GlobalNetworkPolicy',
    '  metadata: {name: b}',
    '  spec: {selector: all(), types: [ingress], ingress: [{action: Allow, protocol: TCP, destination: {ports: [80]}}]}',
    '',
  ].join('\n');
  const diagnostics = await client.openAndWait(uri('flow.yaml'), text);
  assert.deepEqual(brief(diagnostics), [
    { code: 'unknown-field', severity: 1, range: keyRange(text, 'interface') },
    // The first `ingress` is the bad value in `types`; the second is the (correct) key.
    { code: 'invalid-value', severity: 1, range: valueRange(text, 'ingress') },
  ]);
});

test('closing a document clears its diagnostics', async () => {
  const u = uri('close.yaml');
  assert.equal(relevant(await client.openAndWait(u, HOST_ENDPOINT_TYPO)).length, 1);
  const cleared = client.nextPublish(u);
  client.close(u);
  assert.deepEqual((await cleared).diagnostics, []);
});
