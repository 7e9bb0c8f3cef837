/**
 * The policy and metadata rules as a whole: every code has a docs page whose Invalid example
 * produces it and whose Valid example produces no error; the rules survive malformed shapes
 * without an internal error; and a few cross-rule behaviours that golden files do not pin down.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace, type Diagnostic } from '../../server/src/core';
import { POLICY_RULES } from '../../server/src/core/rules/policy';
import { METADATA_RULES } from '../../server/src/core/rules/metadata';

const DOCS = join(__dirname, '..', '..', 'docs', 'rules');

function lint(text: string): Diagnostic[] {
  const ws = new Workspace();
  ws.setFile('t.yaml', text);
  return ws.diagnostics('t.yaml');
}

function yamlBlock(md: string, section: string): string {
  const at = md.indexOf(`## ${section}\n`);
  assert.ok(at !== -1, `missing section ${section}`);
  const m = /```yaml\n([\s\S]*?)```/.exec(md.slice(at));
  assert.ok(m, `no yaml block in ${section}`);
  return m[1]!;
}

for (const rule of [...METADATA_RULES, ...POLICY_RULES]) {
  test(`docs page for ${rule.code}`, () => {
    const path = join(DOCS, `${rule.code}.md`);
    assert.ok(existsSync(path), `missing ${path}`);
    const md = readFileSync(path, 'utf8');
    assert.ok(md.startsWith(`# ${rule.code}\n`));
    assert.match(md, new RegExp(`^Severity: ${rule.severity} · Source: `, 'm'));
    const invalid = lint(yamlBlock(md, 'Invalid'));
    assert.ok(invalid.some((d) => d.code === rule.code), `Invalid example should report ${rule.code}: ${invalid.map((d) => d.code).join(', ')}`);
    const valid = lint(yamlBlock(md, 'Valid'));
    assert.deepEqual(valid.filter((d) => d.severity === 'error' || d.code === rule.code).map((d) => `${d.code}: ${d.message}`), []);
  });
}

const MALFORMED = [
  'spec: null',
  'spec: []',
  'spec: {ingress: {action: Allow}}',
  'spec: {ingress: [null, 3, [], {source: []}, {source: {ports: {a: 1}, nets: "x"}}]}',
  'spec: {egress: [{action: Allow, protocol: [1], icmp: [], http: {methods: {}, paths: [null, 1, {exact: 3}]}}]}',
  'spec: {ingress: [{action: Allow, destination: {services: null, ports: [null, {}, [], true, 1.5]}}]}',
  'spec: {ingress: [{action: Allow, source: {services: [], serviceAccounts: "x", selector: 5, namespaceSelector: null}}]}',
  'spec: {selector: {a: b}, tier: [], stagedAction: Delete, order: 0}',
  'metadata: {name: 5, labels: [], annotations: "x"}\nspec: {}',
  'metadata: {labels: {? [a]\n : b, c: null}, annotations: {d: null}}\nspec: {}',
];

for (const kind of ['GlobalNetworkPolicy', 'NetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedNetworkPolicy', 'StagedKubernetesNetworkPolicy', 'Tier']) {
  test(`no internal error on malformed ${kind} documents`, () => {
    for (const body of MALFORMED) {
      const hasMeta = body.startsWith('metadata');
      const text = `apiVersion: projectcalico.org/v3\nkind: ${kind}\n${hasMeta ? '' : 'metadata: {name: x, namespace: y}\n'}${body}\n`;
      const out = lint(text);
      assert.deepEqual(out.filter((d) => d.code === 'internal-error').map((d) => d.message), [], body);
    }
  });
}

test('a selector error inside a literal block scalar points at the offending line', () => {
  const text = 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: a, namespace: b}\nspec:\n  selector: |-\n    app == "web" &&\n    tier = "fe"\n';
  const d = lint(text).find((x) => x.code === 'invalid-selector');
  assert.ok(d);
  assert.equal(text.slice(d.start, d.end), '\n', 'the newline kept by |- is what Calico refuses first');
  const folded = text.replace('|-', '>-');
  const f = lint(folded).find((x) => x.code === 'invalid-selector');
  assert.ok(f);
  assert.equal(folded.slice(f.start, f.end), '=');
});

test('a quoted protocol number counts as the number for ICMP and HTTP ties', () => {
  const text = (proto: string, extra: string) => `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: a, namespace: b}\nspec:\n  ingress:\n    - action: Allow\n      protocol: ${proto}\n${extra}`;
  assert.deepEqual(lint(text("'1'", '      icmp: {type: 8}\n')).filter((d) => d.severity === 'error'), []);
  assert.deepEqual(lint(text("'6'", '      http: {methods: [GET]}\n')).filter((d) => d.severity === 'error'), []);
  assert.ok(lint(text('icmp', '      icmp: {type: 8}\n')).some((d) => d.code === 'invalid-protocol'));
});

test('staged deletions skip the spec checks Calico skips', () => {
  const text = "apiVersion: projectcalico.org/v3\nkind: StagedGlobalNetworkPolicy\nmetadata: {name: a}\nspec:\n  stagedAction: Delete\n  tier: security\n  types: [Ingress]\n  selector: ''\n  doNotTrack: false\n  egress: null\n";
  assert.deepEqual(lint(text).filter((d) => d.severity === 'error').map((d) => d.code), [], 'types, zero values and nulls are tolerated');
  const withOrder = text.replace('doNotTrack: false', 'order: 0');
  assert.deepEqual(lint(withOrder).filter((d) => d.severity === 'error').map((d) => d.code), ['staged-delete-not-empty'], 'order: 0 is a set value');
});
