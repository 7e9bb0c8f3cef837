/**
 * Hover and completion from the core, on strings. The cursor is marked with `|`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace, getCompletions, getHover } from '../../server/src/core';

function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

function hover(marked: string, extra?: string) {
  const { text, offset } = at(marked);
  const ws = new Workspace();
  ws.setFile('f', text);
  if (extra) ws.setFile('g', extra);
  ws.analyzeAll();
  return getHover(ws, 'f', offset);
}

function complete(marked: string, snippets = false) {
  const { text, offset } = at(marked);
  const ws = new Workspace();
  ws.setFile('f', text);
  return getCompletions(ws, 'f', offset, { snippets });
}

const POLICY = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
  selector: memcached == 'server'
  do|NotTrack: true
  applyOnForward: true
`;

test('hover on doNotTrack explains untracked policy with the capacity arithmetic', () => {
  const h = hover(POLICY);
  assert.ok(h);
  assert.match(h.contents, /doNotTrack/);
  assert.match(h.contents, /262,144 \/ 120 ≈ \*\*2,184/);
  const { text } = at(POLICY);
  assert.equal(text.slice(h.start, h.end), 'doNotTrack');
});

test('hover on applyOnForward and preDNAT', () => {
  assert.match(hover(POLICY.replace('do|NotTrack', 'doNotTrack').replace('applyOnForward', 'apply|OnForward'))!.contents, /forwarded traffic/i);
  assert.match(hover(POLICY.replace('do|NotTrack', 'pre|DNAT'))!.contents, /before destination NAT/);
});

test('hover on a selector shows the canonical form and the matching host endpoints', () => {
  const heps = `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: node-1-eth0
  labels: {memcached: server}
spec: {node: node-1, interfaceName: eth0}
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: node-2-eth0
  labels: {memcached: client}
spec: {node: node-2, interfaceName: eth0}
`;
  const h = hover(POLICY.replace('do|NotTrack', 'doNotTrack').replace("memcached == 'server'", "memcached == 'ser|ver'"), heps);
  assert.ok(h);
  assert.match(h.contents, /`memcached == "server"`/);
  assert.match(h.contents, /HostEndpoint: `node-1-eth0`/);
  assert.doesNotMatch(h.contents, /node-2-eth0/);
});

test('hover on a broken selector says where it fails', () => {
  const h = hover(POLICY.replace('do|NotTrack', 'doNotTrack').replace("memcached == 'server'", "memc|ached =="));
  assert.ok(h);
  assert.match(h.contents, /does not parse/);
});

test('hover on a field shows its type from the schema; hover on kind describes the kind', () => {
  const h = hover(POLICY.replace('do|NotTrack', 'doNotTrack').replace('  selector', '  sel|ector'));
  assert.match(h!.contents, /\*\*selector\*\*: string/);
  assert.match(hover(POLICY.replace('do|NotTrack', 'doNotTrack').replace('GlobalNetworkPolicy', 'Global|NetworkPolicy'))!.contents, /cluster-wide policy/);
});

test('hover outside Calico documents or out of range returns nothing', () => {
  assert.equal(hover('apiVersion: apps/v1\nkind: Deployment\nmeta|data: {}\n'), undefined);
  const ws = new Workspace();
  ws.setFile('f', 'a: 1\n');
  assert.equal(getHover(ws, 'f', 9999), undefined);
  assert.equal(getHover(ws, 'missing', 0), undefined);
});

test('completion offers spec fields that are not there yet', () => {
  const items = complete(`apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
  selector: all()
  app|
`);
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('applyOnForward'));
  assert.ok(labels.includes('doNotTrack'));
  assert.ok(!labels.includes('selector'), 'selector is already present');
});

test('completion inside a rule list item offers rule fields', () => {
  const items = complete(`apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
  ingress:
    - action: Allow
      |
`);
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('protocol'));
  assert.ok(labels.includes('destination'));
  assert.ok(!labels.includes('action'));
});

test('completion of enum and boolean values', () => {
  const actions = complete(`apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
  ingress:
  - action: A|
`).map((i) => i.label);
  assert.deepEqual(actions.sort(), ['Allow', 'Deny', 'Log', 'Pass']);
  const bools = complete(`apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
  doNotTrack: |
`).map((i) => i.label);
  assert.deepEqual(bools, ['true', 'false']);
});

test('completion at the start of a top-level line offers the snippets when asked', () => {
  const items = complete('calico|', true);
  assert.ok(items.some((i) => i.kind === 'snippet' && i.label === 'calico-untracked-pair'));
  assert.ok(!complete('calico|', false).some((i) => i.kind === 'snippet'));
});
