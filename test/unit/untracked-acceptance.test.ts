/**
 * The acceptance story of untracked policy, end to end through the core, on the canonical
 * memcached pair (examples/memcached-untracked.yaml): it is clean; without its egress rule it gets
 * exactly one asymmetry warning, on the ingress rule, and "mirror all" restores the egress rule;
 * without applyOnForward it gets one error whose fix puts the line back byte for byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace, applyEdits, fixAll, fixesFor, lintText } from '../../server/src/core';

const CANONICAL = readFileSync(join(__dirname, '..', '..', 'examples', 'memcached-untracked.yaml'), 'utf8');
const EGRESS = CANONICAL.slice(CANONICAL.indexOf('  egress:\n'));
const WITHOUT_EGRESS = CANONICAL.slice(0, CANONICAL.indexOf('  egress:\n'));

function analyse(text: string) {
  const ws = new Workspace();
  const file = ws.setFile('f', text);
  return { file, diagnostics: ws.diagnostics('f') };
}

test('the canonical memcached pair gets no diagnostic at all', () => {
  assert.deepEqual(lintText(CANONICAL), []);
});

test('without its egress rule: exactly one asymmetry warning, on the ingress rule', () => {
  const { diagnostics } = analyse(WITHOUT_EGRESS);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['untracked-asymmetric', 'warning']]);
  const d = diagnostics[0]!;
  assert.equal(WITHOUT_EGRESS.slice(d.start, d.end), 'action: Allow');
  assert.ok(d.start > WITHOUT_EGRESS.indexOf('  ingress:'));
  assert.match(d.message, /no egress rule allows replies from TCP 12211 to `memcached == 'client'`/);
});

test('"mirror all" restores an equivalent egress rule, and a second application changes nothing', () => {
  const { file, diagnostics } = analyse(WITHOUT_EGRESS);
  const all = fixesFor(file, diagnostics[0]!, diagnostics).find((f) => f.id === 'mirror-all');
  assert.ok(all, 'mirror-all is offered');
  assert.ok(all.safe);
  const fixed = applyEdits(WITHOUT_EGRESS, all.edits);
  assert.equal(fixed, CANONICAL, 'the restored egress rule is the canonical one, byte for byte');
  assert.deepEqual(lintText(fixed), []);
  assert.equal(fixAll(fixed).text, fixed, 'nothing left to fix');
  assert.ok(EGRESS.includes('- 12211'));
});

test('without applyOnForward: one error, and its fix restores the line', () => {
  const broken = CANONICAL.replace('  applyOnForward: true\n', '');
  const { file, diagnostics } = analyse(broken);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['apply-on-forward-required', 'error']]);
  const [fix] = fixesFor(file, diagnostics[0]!, diagnostics);
  assert.ok(fix && fix.safe);
  const fixed = applyEdits(broken, fix.edits);
  assert.deepEqual(lintText(fixed), []);
  // The key comes back right after doNotTrack (the canonical file has it just before).
  assert.match(fixed, /  doNotTrack: true\n  applyOnForward: true\n/);
  assert.equal(fixAll(broken).text, fixed, 'calico-lint --fix applies the same safe fix');
});

test('no warning on deny-only untracked policies, on pre-DNAT policies without egress, or on legacy v1 documents', () => {
  const denyOnly = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: drop
spec:
  selector: has(edge)
  doNotTrack: true
  applyOnForward: true
  ingress:
    - action: Deny
      source:
        nets: [198.51.100.0/24]
`;
  const preDnat = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: nodeports
spec:
  selector: has(kubernetes-host)
  preDNAT: true
  applyOnForward: true
  ingress:
    - action: Allow
      protocol: TCP
      destination:
        ports: ["30000:32767"]
`;
  const legacy = `apiVersion: v1
kind: policy
metadata:
  name: allow-tcp-6379
spec:
  selector: role == 'database'
  doNotTrack: true
  ingress:
  - action: allow
    protocol: tcp
    destination:
      ports: [6379]
`;
  for (const text of [denyOnly, preDnat, legacy]) {
    assert.deepEqual(lintText(text).filter((d) => d.severity === 'warning' || d.severity === 'error').map((d) => d.code), []);
  }
});
