/**
 * Settings over the protocol: `calico.rules` severity overrides and `off`, and
 * `calico.validate.enable`, read through `workspace/configuration` at start-up and again after
 * `workspace/didChangeConfiguration`; and, for clients without `workspace/configuration`, taken
 * from the didChangeConfiguration payload itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient, testUri } from '../support/lspClient';
import { HOST_ENDPOINT_TYPO, POLICY_MISTAKES, brief, codes, keyRange } from './fixtures';

const U = (name: string) => testUri(`settings/${name}`);
const UF = ['unknown-field'];

test('severity overrides from workspace/configuration apply to the very first publish', async (t) => {
  const client = await LspClient.start({ settings: { calico: { rules: { 'unknown-field': 'warning', 'type-mismatch': 'off' } } } });
  t.after(() => client.dispose());
  // Opened right after `initialized`, before the server can have its settings: the first publish
  // must already reflect them (no flash of default severities).
  const hep = await client.openAndWait(U('a.yaml'), HOST_ENDPOINT_TYPO);
  assert.deepEqual(brief(hep, UF), [{ code: 'unknown-field', severity: 2, range: keyRange(HOST_ENDPOINT_TYPO, 'interface') }]);
  const gnp = await client.openAndWait(U('b.yaml'), POLICY_MISTAKES);
  assert.deepEqual(codes(gnp, ['type-mismatch']), [['invalid-value', 1]]);
  assert.equal(await client.shutdown(), 0);
});

test('didChangeConfiguration: the server pulls the new settings and republishes', async (t) => {
  const client = await LspClient.start({ settings: { calico: {} } });
  t.after(() => client.dispose());
  const uri = U('c.yaml');
  assert.deepEqual(codes(await client.openAndWait(uri, HOST_ENDPOINT_TYPO), UF), [['unknown-field', 1]]);

  const pulls = client.configurationRequests.length;
  let next = client.nextPublish(uri);
  client.changeSettings({ calico: { rules: { 'unknown-field': 'hint' } } });
  assert.deepEqual(codes((await next).diagnostics, UF), [['unknown-field', 4]]);
  assert.ok(client.configurationRequests.length > pulls, 'the server asked for the settings again');

  next = client.nextPublish(uri);
  client.changeSettings({ calico: { rules: { 'unknown-field': 'off' } } });
  assert.deepEqual(codes((await next).diagnostics, UF), []);

  next = client.nextPublish(uri);
  client.changeSettings({ calico: { rules: {} } });
  assert.deepEqual(codes((await next).diagnostics, UF), [['unknown-field', 1]]);
  assert.equal(await client.shutdown(), 0);
});

test('calico.validate.enable: false publishes nothing, and turning it back on restores the diagnostics', async (t) => {
  const client = await LspClient.start({ settings: { calico: { validate: { enable: false } } } });
  t.after(() => client.dispose());
  const uri = U('d.yaml');
  assert.deepEqual(await client.openAndWait(uri, HOST_ENDPOINT_TYPO), []);
  const next = client.nextPublish(uri);
  client.changeSettings({ calico: { validate: { enable: true } } });
  assert.deepEqual(codes((await next).diagnostics), [['unknown-field', 1]]);
  assert.equal(await client.shutdown(), 0);
});

test('invalid settings are ignored, never fatal', async (t) => {
  const client = await LspClient.start({
    settings: { calico: { rules: { 'unknown-field': 'loud', 'no-such-rule': 'off', 'invalid-value': 42 }, validate: 'yes', debounceMs: -5 } },
  });
  t.after(() => client.dispose());
  const uri = U('e.yaml');
  const expected = [
    ['type-mismatch', 1],
    ['invalid-value', 1],
  ];
  assert.deepEqual(codes(await client.openAndWait(uri, POLICY_MISTAKES)), expected);
  const next = client.nextPublish(uri);
  client.changeSettings({ calico: 'not an object' });
  assert.deepEqual(codes((await next).diagnostics), expected);
  assert.equal(await client.shutdown(), 0);
});

test('a client without workspace/configuration passes settings in didChangeConfiguration', async (t) => {
  const client = await LspClient.start({ configuration: false });
  t.after(() => client.dispose());
  const uri = U('f.yaml');
  assert.deepEqual(codes(await client.openAndWait(uri, HOST_ENDPOINT_TYPO), UF), [['unknown-field', 1]]);
  const next = client.nextPublish(uri);
  client.changeSettings({ calico: { rules: { 'unknown-field': 'information' } } });
  assert.deepEqual(codes((await next).diagnostics, UF), [['unknown-field', 3]]);
  assert.equal(client.configurationRequests.length, 0);
  assert.equal(await client.shutdown(), 0);
});

test('a client that never answers workspace/configuration still gets diagnostics (with the defaults)', async (t) => {
  const client = await LspClient.start({ neverAnswerConfiguration: true, settings: { calico: { rules: { 'unknown-field': 'off' } } } });
  t.after(() => client.dispose());
  // The server waits a few seconds for the settings, then goes on without them.
  assert.deepEqual(codes(await client.openAndWait(U('g.yaml'), HOST_ENDPOINT_TYPO), UF), [['unknown-field', 1]]);
  assert.equal(client.configurationRequests.length, 1);
  assert.equal(await client.shutdown(), 0);
});

test('calico.edition: Enterprise kinds get a note in oss, are validated in enterprise, and a change republishes', async (t) => {
  const alert = 'apiVersion: projectcalico.org/v3\nkind: GlobalAlert\nmetadata:\n  name: denied\nspec:\n  description: denied flows\n  severity: 10\n  dataSet: netflow\n';
  const ED = ['enterprise-kind', 'invalid-value'];
  const client = await LspClient.start({ settings: { calico: {} } });
  t.after(() => client.dispose());
  const uri = U('edition.yaml');
  assert.deepEqual(codes(await client.openAndWait(uri, alert), ED), [['enterprise-kind', 3]]);
  let next = client.nextPublish(uri);
  client.changeSettings({ calico: { edition: 'enterprise' } });
  assert.deepEqual(codes((await next).diagnostics, ED), [['invalid-value', 1]]);
  next = client.nextPublish(uri);
  client.changeSettings({ calico: { edition: 'oss' } });
  assert.deepEqual(codes((await next).diagnostics, ED), [['enterprise-kind', 3]]);
  assert.equal(await client.shutdown(), 0);
});

const TERWAY_BAD_RATIO = `apiVersion: v1
kind: ConfigMap
metadata:
  name: eni-config
  namespace: kube-system
data:
  10-terway.conf: |
    {"type": "terway", "cilium_args": "--bpf-map-dynamic-size-ratio=2"}
`;

test('calico.conntrack.enable: false silences the conntrack family, true brings it back', async (t) => {
  const client = await LspClient.start({ settings: { calico: { conntrack: { enable: false } } } });
  t.after(() => client.dispose());
  const uri = U('terway.yaml');
  assert.deepEqual(codes(await client.openAndWait(uri, TERWAY_BAD_RATIO)), []);
  const next = client.nextPublish(uri);
  client.changeSettings({ calico: { conntrack: { enable: true } } });
  assert.deepEqual(codes((await next).diagnostics), [['cilium-map-size-ratio', 1]]);
  assert.equal(await client.shutdown(), 0);
});
