/**
 * The Calico Enterprise/Cloud edition, on the fixtures of test/fixtures/enterprise/<kind>/:
 *
 * - every kind that only Calico Enterprise has has a folder, with a valid example and mistakes;
 * - Enterprise edition: a `valid*.yaml` has no error; an `invalid*.yaml` has exactly the errors its
 *   `# expect: <code> <text>` lines name, each on exactly that text (the key or value at fault);
 * - open-source edition, same files: a document of an Enterprise-only kind gets one
 *   `enterprise-kind` note and nothing else; an open-source kind with Enterprise fields or values
 *   gets errors that say so (data.edition = 'enterprise') where its text uses them;
 * - the edition can change on a live workspace, which re-analyses the Calico documents only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENTERPRISE_KINDS, KINDS, Workspace, lintText, type Diagnostic } from '../../server/src/core';
import { splitSegments } from '../../server/src/core/yaml/segments';

const ROOT = join(__dirname, '..', 'fixtures', 'enterprise');
const OSS_KINDS = new Set(KINDS.map((k) => k.kind));
const ENTERPRISE_ONLY = ENTERPRISE_KINDS.filter((k) => !OSS_KINDS.has(k.kind));

function lint(text: string, edition: 'oss' | 'enterprise'): Diagnostic[] {
  return lintText(text, { rules: {}, edition });
}

function expectations(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^# expect: (\S+) (.+)$/.exec(line);
    if (m) out.push(`${m[1]} ${m[2]}`);
  }
  return out.sort();
}

function describe(text: string, ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.code} ${text.slice(d.start, d.end)}`).sort();
}

test('26 kinds exist only in Calico Enterprise/Cloud, and each has fixtures', () => {
  assert.equal(ENTERPRISE_KINDS.length, 48);
  assert.equal(ENTERPRISE_ONLY.length, 26);
  const dirs = new Set(readdirSync(ROOT));
  for (const k of ENTERPRISE_ONLY) {
    const dir = k.kind.toLowerCase();
    assert.ok(dirs.has(dir), `no fixtures for ${k.kind}`);
    const names = readdirSync(join(ROOT, dir));
    assert.ok(names.some((n) => n.startsWith('valid')), `no valid example for ${k.kind}`);
    assert.ok(names.some((n) => n.startsWith('invalid')), `no mistakes for ${k.kind}`);
  }
});

for (const dir of readdirSync(ROOT).sort()) {
  for (const name of readdirSync(join(ROOT, dir)).filter((n) => n.endsWith('.yaml')).sort()) {
    const text = readFileSync(join(ROOT, dir, name), 'utf8');
    const kind = ENTERPRISE_KINDS.find((k) => k.kind.toLowerCase() === dir)?.kind;
    const enterpriseOnly = kind !== undefined && !OSS_KINDS.has(kind);

    test(`enterprise edition: ${dir}/${name}`, () => {
      const errors = lint(text, 'enterprise').filter((d) => d.severity === 'error');
      if (name.startsWith('valid')) assert.deepEqual(describe(text, errors), []);
      else {
        const expected = expectations(text);
        assert.ok(expected.length > 0, 'an invalid fixture names its expected errors');
        assert.deepEqual(describe(text, errors), expected);
      }
    });

    test(`open-source edition: ${dir}/${name}`, () => {
      const ds = lint(text, 'oss');
      if (enterpriseOnly) {
        // One note per document, on its kind, and nothing else.
        const docs = splitSegments(text).filter((s) => /\nkind: /.test(`\n${text.slice(s.start, s.end)}`)).length;
        assert.deepEqual(ds.map((d) => `${d.code} ${d.severity} ${text.slice(d.start, d.end)}`), Array.from({ length: docs }, () => `enterprise-kind information ${kind}`));
        for (const d of ds) assert.match(d.message, /calico\.edition/);
        return;
      }
      const hinted = ds.filter((d) => (d.data as { edition?: string } | undefined)?.edition === 'enterprise');
      for (const d of hinted) {
        assert.equal(d.severity, 'error');
        assert.match(d.message, /Calico Enterprise\/Cloud (field|value).*calico\.edition/);
      }
      if (name.startsWith('valid')) {
        // Whatever open source rejects here is an Enterprise field or value, and says so.
        const errors = ds.filter((d) => d.severity === 'error');
        assert.ok(hinted.length > 0, 'the example uses an Enterprise field or value');
        assert.deepEqual(describe(text, errors.filter((d) => !hinted.includes(d))), []);
      }
    });
  }
}

test('GlobalAlert in one document with GlobalReport: the note is said once', () => {
  const a = readFileSync(join(ROOT, 'globalalert', 'valid.yaml'), 'utf8');
  const b = readFileSync(join(ROOT, 'globalreport', 'valid.yaml'), 'utf8');
  const list = `apiVersion: v1\nkind: List\nitems:\n${[a, b].map((t) => `  - ${t.trimEnd().split('\n').join('\n    ')}`).join('\n')}\n`;
  assert.deepEqual(lint(list, 'oss').map((d) => d.code), ['enterprise-kind']);
  assert.deepEqual(lint(list, 'enterprise'), []);
});

test('near misses never turn an Enterprise kind into an open-source one', () => {
  const doc = (kind: string) => `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata:\n  name: a\nspec: {}\n`;
  // BFDConfiguration is one letter from BGPConfiguration, and a real Enterprise kind.
  assert.deepEqual(lint(doc('BFDConfiguration'), 'oss').map((d) => d.code), ['enterprise-kind']);
  const typo = lint(doc('GlobalAlerts'), 'oss');
  assert.deepEqual(typo.map((d) => [d.code, (d.data as { suggestion?: string }).suggestion]), [['misspelled-kind', 'GlobalAlert']]);
  assert.match(typo[0]!.message, /Calico Enterprise\/Cloud kind/);
  assert.deepEqual(lint(doc('GlobalAlerts'), 'enterprise').map((d) => [d.code, (d.data as { suggestion?: string }).suggestion]), [['misspelled-kind', 'GlobalAlert']]);
  const suggestion = (kind: string, edition: 'oss' | 'enterprise') => lint(doc(kind), edition).map((d) => (d.data as { suggestion?: string }).suggestion);
  for (const edition of ['oss', 'enterprise'] as const) {
    // The plural of an Enterprise kind is not taken for the open-source kind one letter away,
    assert.deepEqual(suggestion('BFDConfigurations', edition), ['BFDConfiguration']);
    // and the open-source guesses stay as they were (Enterprise's `Network` is a prefix here).
    assert.deepEqual(suggestion('NetworkPolicies', edition), ['NetworkPolicy']);
    assert.deepEqual(suggestion('Networkpolicy', edition), ['NetworkPolicy']);
  }
});

test('an edition change re-analyses the Calico documents of a live workspace', () => {
  const ws = new Workspace();
  const text = readFileSync(join(ROOT, 'globalnetworkpolicy', 'valid-domains.yaml'), 'utf8');
  ws.setFile('a.yaml', text);
  ws.setFile('other.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n');
  assert.deepEqual(ws.diagnostics('a.yaml').map((d) => d.code), ['unknown-field']);
  ws.settings = { rules: {}, edition: 'enterprise' };
  assert.deepEqual(ws.diagnostics('a.yaml'), []);
  assert.deepEqual(ws.diagnostics('other.yaml'), []);
  ws.settings = { rules: {} };
  assert.deepEqual(ws.diagnostics('a.yaml').map((d) => d.code), ['unknown-field']);
});

test('untracked-asymmetric does not judge an Allow rule with domains', () => {
  const policy = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: untracked-egress
spec:
  selector: role == "edge"
  doNotTrack: true
  applyOnForward: true
  types: [Egress]
  egress:
    - action: Allow
      protocol: UDP
      destination:
        domains: ["ntp.example.com"]
        ports: [123]
    - action: Allow
      protocol: UDP
      destination:
        nets: [192.0.2.0/24]
        ports: [123]
`;
  const codes = lint(policy, 'enterprise').map((d) => `${d.code} ${policy.slice(d.start, d.end).split('\n')[0]}`);
  // The rule with nets is judged (no ingress reply rule); the one with domains is not.
  const asym = codes.filter((c) => c.startsWith('untracked-asymmetric'));
  assert.equal(asym.length, 1, codes.join('\n'));
  assert.ok(!lint(policy.replace(/ {4}- action: Allow\n {6}protocol: UDP\n {6}destination:\n {8}nets[^]*$/, ''), 'enterprise').some((d) => d.code === 'untracked-asymmetric'));
});

test('every Enterprise-only kind has a hover line', async () => {
  const { ENTERPRISE_KIND_DOCS } = await import('../../server/src/core/features/kinds');
  assert.deepEqual(Object.keys(ENTERPRISE_KIND_DOCS).sort(), ENTERPRISE_ONLY.map((k) => k.kind).sort());
});

test('untracked replies that an Allow to DNS names (domains) may carry are not judged, with or without host endpoints', () => {
  const policy = (egress: string) => `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: api-untracked
spec:
  selector: role == 'api'
  doNotTrack: true
  applyOnForward: true
  ingress:
  - action: Allow
    protocol: TCP
    source:
      nets: [203.0.113.0/24]
    destination:
      ports: [443]
  egress:
${egress}`;
  const toDomains = `  - action: Allow
    protocol: TCP
    source:
      ports: [443]
    destination:
      domains: [clients.example.com]
`;
  const toNothing = `  - action: Deny
    protocol: UDP
    destination:
      ports: [53]
`;
  const hep = `---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: api-1
  labels: {role: api}
spec:
  node: n1
  interfaceName: eth0
  expectedIPs: [10.0.0.1]
`;
  const asym = (text: string) => lint(text, 'enterprise').filter((d) => d.code === 'untracked-asymmetric');
  // The reply rule is missing: reported in both modes.
  assert.equal(asym(policy(toNothing)).length, 1);
  assert.equal(asym(policy(toNothing) + hep).length, 1);
  // An Allow to DNS names could be it: cannot judge, so nothing is said.
  assert.deepEqual(asym(policy(toDomains)), []);
  assert.deepEqual(asym(policy(toDomains) + hep), []);
});
