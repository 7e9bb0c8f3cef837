/**
 * rule-shadowed-by-policy (`core/policy/cross-shadow.ts`): the cover in another file (related
 * information names it), the conditions that make the claim certain (every selected HostEndpoint
 * covered, same tier, a terminal action, no namespace or service-account scope), and that edits
 * update the answer exactly as a fresh workspace would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace, type Diagnostic } from '../../server/src/core';

const HEP = (name: string, labels: string) => `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: ${name}
  labels: ${labels}
spec:
  node: ${name}
  interfaceName: eth0
`;

const DENY_SSH = (extra = '', action = 'Deny', selector = 'has(role)') => `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: block-ssh
spec:
  order: 10
  selector: ${selector}
${extra}  types: [Ingress]
  ingress:
    - action: ${action}
      protocol: TCP
      destination:
        ports: [22]
`;

const ALLOW_SSH = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: allow-admin-ssh
spec:
  order: 20
  selector: role == 'web'
  types: [Ingress]
  ingress:
    - action: Allow
      protocol: TCP
      source:
        nets: [10.0.0.0/24]
      destination:
        ports: [22]
`;

function shadowed(files: Record<string, string>, id: string): Diagnostic[] {
  const ws = new Workspace();
  for (const [k, v] of Object.entries(files)) ws.setFile(k, v);
  return ws.diagnostics(id).filter((d) => d.code === 'rule-shadowed-by-policy');
}

test('a cover in another file: information on the later rule, related information in that file', () => {
  const files = { 'heps.yaml': HEP('web-1', '{role: web}'), 'deny.yaml': DENY_SSH(), 'allow.yaml': ALLOW_SSH };
  const ds = shadowed(files, 'allow.yaml');
  assert.equal(ds.length, 1);
  const d = ds[0]!;
  assert.equal(d.severity, 'information');
  assert.equal(ALLOW_SSH.slice(d.start, d.end), 'action: Allow');
  assert.deepEqual(d.data, { direction: 'ingress', index: 0, by: [{ policy: 'block-ssh', direction: 'ingress', index: 0, action: 'Deny' }], endpoints: 1 });
  assert.equal(d.related?.length, 1);
  assert.equal(d.related![0]!.file, 'deny.yaml');
  assert.equal(files['deny.yaml'].slice(d.related![0]!.start, d.related![0]!.end), 'action: Deny');
  assert.match(d.message, /"web-1"/);
  // Nothing on the earlier policy.
  assert.deepEqual(shadowed(files, 'deny.yaml'), []);
});

test('Pass covers (the packet leaves the tier); Log does not', () => {
  assert.equal(shadowed({ a: [HEP('web-1', '{role: web}'), DENY_SSH('', 'Pass'), ALLOW_SSH].join('---\n') }, 'a').length, 1);
  assert.equal(shadowed({ a: [HEP('web-1', '{role: web}'), DENY_SSH('', 'Log'), ALLOW_SSH].join('---\n') }, 'a').length, 0);
});

test('only what is certain: every selected endpoint covered, same tier, no namespace or service-account scope', () => {
  // web-2 lacks the label the earlier policy needs, so the rule is reached there.
  assert.equal(shadowed({ a: [HEP('web-1', '{role: web, zone: a}'), HEP('web-2', '{role: web}'), DENY_SSH('', 'Deny', "zone == 'a'"), ALLOW_SSH].join('---\n') }, 'a').length, 0);
  // Both covered, by the same policy: reported, naming both endpoints.
  const two = shadowed({ a: [HEP('web-1', '{role: web, zone: a}'), HEP('web-2', '{role: web}'), DENY_SSH(), ALLOW_SSH].join('---\n') }, 'a');
  assert.equal((two[0]?.data as { endpoints: number }).endpoints, 2);
  // Another tier: not judged across tiers.
  const tier = `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 100\n`;
  assert.equal(shadowed({ a: [tier, HEP('web-1', '{role: web}'), DENY_SSH('  tier: security\n').replace('name: block-ssh', 'name: security.block-ssh'), ALLOW_SSH].join('---\n') }, 'a').length, 0);
  // A namespace selector scopes the earlier policy to workloads: no claim.
  assert.equal(shadowed({ a: [HEP('web-1', '{role: web}'), DENY_SSH("  namespaceSelector: \"team == 'x'\"\n"), ALLOW_SSH].join('---\n') }, 'a').length, 0);
  // No HostEndpoint: nothing is judged.
  assert.equal(shadowed({ a: [DENY_SSH(), ALLOW_SSH].join('---\n') }, 'a').length, 0);
});

test('edits update the answer as a fresh workspace computes it', () => {
  const ws = new Workspace();
  const heps = HEP('web-1', '{role: web}');
  ws.setFile('heps.yaml', heps);
  ws.setFile('deny.yaml', DENY_SSH());
  ws.setFile('allow.yaml', ALLOW_SSH);
  const count = () => ws.diagnostics('allow.yaml').filter((d) => d.code === 'rule-shadowed-by-policy').length;
  assert.equal(count(), 1);
  // Move the Deny after the Allow: gone.
  const later = DENY_SSH().replace('order: 10', 'order: 30');
  ws.applyChanges('deny.yaml', [{ start: 0, end: DENY_SSH().length, text: later }]);
  assert.equal(count(), 0);
  // Back, then a second HostEndpoint the Deny does not select (the Allow does): gone again.
  ws.applyChanges('deny.yaml', [{ start: 0, end: later.length, text: DENY_SSH('', 'Deny', "zone == 'a'") }]);
  ws.applyChanges('heps.yaml', [{ start: 0, end: heps.length, text: HEP('web-1', '{role: web, zone: a}') }]);
  assert.equal(count(), 1);
  const more = `${HEP('web-1', '{role: web, zone: a}')}---\n${HEP('web-2', '{role: web}')}`;
  ws.applyChanges('heps.yaml', [{ start: 0, end: HEP('web-1', '{role: web, zone: a}').length, text: more }]);
  assert.equal(count(), 0);
  // Drop web-2 again, then remove the file with the Deny: reported, then nothing shadows.
  ws.applyChanges('heps.yaml', [{ start: 0, end: more.length, text: HEP('web-1', '{role: web, zone: a}') }]);
  assert.equal(count(), 1);
  ws.removeFile('deny.yaml');
  assert.equal(count(), 0);
});

test('the window of earlier policies is bounded, and edits far from and near a policy give what a fresh workspace gives', async () => {
  const { MAX_PRECEDING } = await import('../../server/src/core/policy/cross-shadow');
  const filler = (i: number) => `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: f${String(i).padStart(3, '0')}\nspec:\n  order: ${2 + i}\n  selector: has(role)\n  types: [Ingress]\n  ingress:\n    - action: Allow\n      protocol: UDP\n      destination:\n        ports: [${1000 + i}]\n`;
  const late = ALLOW_SSH.replace('order: 20', 'order: 1000');
  const docs = (n: number) => [HEP('web-1', '{role: web}'), DENY_SSH().replace('order: 10', 'order: 1'), ...Array.from({ length: n }, (_, i) => filler(i)), late];
  const text = (list: string[]) => list.join('---\n');
  const count = (ws: Workspace) => ws.diagnostics('a').filter((d) => d.code === 'rule-shadowed-by-policy').length;
  const fresh = (t: string) => {
    const w = new Workspace();
    w.setFile('a', t);
    return w;
  };
  let list = docs(MAX_PRECEDING + 3);
  const ws = new Workspace();
  ws.setFile('a', text(list));
  // The Deny is beyond the nearest MAX_PRECEDING earlier policies: not judged, not reported.
  assert.equal(count(ws), 0);
  let seen = 0;
  // Remove fillers one at a time, alternately from the far end and next to the Allow.
  for (let step = 0; list.length > 4; step++) {
    const at = step % 2 === 0 ? 2 : list.length - 2;
    const before = text(list);
    const start = list.slice(0, at).reduce((n, d) => n + d.length + 4, 0);
    list = [...list.slice(0, at), ...list.slice(at + 1)];
    const after = text(list);
    ws.applyChanges('a', [{ start, end: start + before.length - after.length, text: '' }]);
    assert.equal(count(ws), count(fresh(after)), `step ${step}`);
    seen += count(ws);
    assert.equal(count(ws), list.length - 3 < MAX_PRECEDING ? 1 : 0, `step ${step}: ${list.length - 3} fillers`);
  }
  assert.ok(seen > 0);
});

test('classes built together (one ranking of their policies) answer as classes built one at a time, across stages and applyOnForward', () => {
  // Eight endpoint classes, and policies whose order ties, so names decide who comes first.
  const heps = Array.from({ length: 8 }, (_, i) => HEP(`web-${i}`, `{role: web, n: '${i}'}`));
  const gnp = (name: string, action: string, extra = '', port = 22) => `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: ${name}
spec:
  order: 100
  selector: has(role)
${extra}  types: [Ingress]
  ingress:
    - action: ${action}
      protocol: TCP
      destination:
        ports: [${port}]
`;
  const policies = [
    gnp('a-deny', 'Deny'),
    gnp('b-allow', 'Allow'), // covered by a-deny
    gnp('c-prednat-deny', 'Deny', '  preDNAT: true\n  applyOnForward: true\n', 23),
    gnp('d-allow', 'Allow', '', 23), // not covered: the Deny is of another stage
    gnp('e-deny', 'Deny', '', 24),
    gnp('f-forward-allow', 'Allow', '  applyOnForward: true\n', 24), // not covered: e-deny does not apply on forward
    gnp('g-forward-deny', 'Deny', '  applyOnForward: true\n', 25),
    gnp('h-allow', 'Allow', '', 25), // covered by g-deny (a forwarding policy covers any of its stage)
  ];
  const file = policies.join('---\n');
  const codes = (ws: Workspace) => ws.diagnostics('policies.yaml').filter((d) => d.code === 'rule-shadowed-by-policy').map((d) => JSON.stringify([d.start, d.end, d.message, d.data, d.related]));
  const together = new Workspace();
  together.setFile('heps.yaml', heps.join('---\n'));
  together.setFile('policies.yaml', file);
  const one = new Workspace();
  one.setFile('policies.yaml', file);
  for (let i = 0; i < heps.length; i++) {
    one.setFile(`hep-${i}.yaml`, heps[i]!);
    one.diagnostics('policies.yaml');
  }
  const expected = codes(one);
  assert.equal(expected.length, 2);
  assert.match(expected[0]!, /a-deny/);
  assert.match(expected[1]!, /g-forward-deny/);
  assert.deepEqual(codes(together).map((c) => c.replace(/hep-\d\.yaml|heps\.yaml/g, 'F')), expected.map((c) => c.replace(/hep-\d\.yaml|heps\.yaml/g, 'F')));
});
