/**
 * The fixes that write what a message suggests (enum values, protocols, kinds, CIDRs) and the
 * quoting fixes of `type-mismatch`: fix-all applies exactly the safe ones, edits keep the bytes
 * around the value (quotes, tags, comments, CRLF), and values the rewriter cannot handle exactly
 * (aliases, block scalars) get no fix. Golden fixtures show each fix's text; this file
 * checks the properties across them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace, applyEdits, fixAll, fixesFor, type Fix } from '../../server/src/core';

function fixesOf(text: string, code: string): Array<{ fix: Fix; fixed: string }> {
  const ws = new Workspace();
  const file = ws.setFile('f', text);
  const diagnostics = ws.diagnostics('f');
  return diagnostics.filter((d) => d.code === code).flatMap((d) => fixesFor(file, d, diagnostics).map((fix) => ({ fix, fixed: applyEdits(text, fix.edits) })));
}

const POLICY = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
  order: "100"
  types: [ingress, 'Egress']
  ingress:
    - action: 'allow'   # keep me
      protocol: tcp
  egress:
    - action: Dny
`;

test('fix-all applies the case-only and unquoting fixes, and leaves the near miss alone', () => {
  const { text, applied } = fixAll(POLICY);
  assert.equal(
    text,
    POLICY.replace('"100"', '100').replace('[ingress,', '[Ingress,').replace("'allow'", "'Allow'").replace('protocol: tcp', 'protocol: TCP'),
  );
  assert.ok(text.includes('action: Dny'), 'a near miss is not a safe fix');
  assert.equal(applied.length, 4);
  // The near miss is still offered, as an unsafe fix.
  const dny = fixesOf(text, 'invalid-value');
  assert.deepEqual(dny.map((f) => [f.fix.title, f.fix.safe]), [["Change to 'Deny'", false]]);
});

test('edits touch only the value: CRLF, comments and the other bytes are kept', () => {
  const crlf = POLICY.replace(/\n/g, '\r\n');
  const { text } = fixAll(crlf);
  assert.equal(text, fixAll(POLICY).text.replace(/\n/g, '\r\n'));
  assert.ok(text.includes("'Allow'   # keep me\r\n"));
});

test('a double-quoted value keeps its quotes; a plain one stays plain', () => {
  const doc = POLICY.replace("action: 'allow'", 'action: "allow"');
  const [allow] = fixesOf(doc, 'invalid-value').filter((f) => f.fixed.includes('"Allow"'));
  assert.ok(allow && allow.fix.safe);
  const [ingress] = fixesOf(doc, 'invalid-value').filter((f) => f.fixed.includes('[Ingress,'));
  assert.ok(ingress && ingress.fix.safe);
});

test('values reached through an alias and block scalars get no value fix; a tag is kept', () => {
  const alias = POLICY.replace("    - action: 'allow'   # keep me", '    - action: &a allow\n    - action: *a   # keep me');
  assert.ok(alias.includes('*a'));
  // The anchored value is shared by the alias, so the engine refuses to edit it; the alias use
  // is not a plain word to rewrite. Neither gets a fix (the other values still do).
  const lines = fixesOf(alias, 'invalid-value').map((f) => f.fixed.split('\n').filter((l) => l.includes('action: &a') || l.includes('action: *a')));
  assert.ok(lines.length >= 1);
  for (const l of lines) assert.deepEqual(l, ['    - action: &a allow', '    - action: *a   # keep me']);
  // A tag stays where it is: only the value after it is rewritten.
  const tagged = POLICY.replace("action: 'allow'", 'action: !!str allow');
  assert.ok(fixesOf(tagged, 'invalid-value').some((f) => f.fixed.includes('action: !!str Allow   # keep me')));
  const block = POLICY.replace('protocol: tcp', 'protocol: |-\n        tcp');
  assert.deepEqual(fixesOf(block, 'invalid-protocol'), []);
});

test('type-mismatch: quoted numbers are unquoted only when the number stays the same', () => {
  const tier = (order: string) => `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: t\nspec:\n  order: ${order}\n`;
  assert.deepEqual(fixesOf(tier('"250"'), 'type-mismatch').map((f) => [f.fixed.split('\n')[5], f.fix.safe]), [['  order: 250', true]]);
  assert.deepEqual(fixesOf(tier("'-5'"), 'type-mismatch').map((f) => f.fixed.split('\n')[5]), ['  order: -5']);
  assert.deepEqual(fixesOf(tier('"010"'), 'type-mismatch'), [], 'YAML 1.1 reads 010 as octal 8');
  assert.deepEqual(fixesOf(tier('"1e3"'), 'type-mismatch'), []);
});

test('type-mismatch: booleans and strings', () => {
  const flags = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\n  labels:\n    a: 12\n    b: off\nspec:\n  doNotTrack: "false"\n  preDNAT: "on"\n  applyOnForward: true\n';
  const got = fixesOf(flags, 'type-mismatch').map((f) => [f.fix.title, f.fix.safe]);
  assert.deepEqual(got, [
    ["Quote '12' to make it a string", true],
    ["Quote 'off' to make it a string", true],
    ['Remove the quotes to make it a boolean', true],
    ["Write 'true' without quotes", false],
  ]);
  const fixed = fixAll(flags).text;
  assert.match(fixed, /a: "12"\n {4}b: "off"\n/);
  assert.match(fixed, /doNotTrack: false\n/);
  assert.match(fixed, /preDNAT: "on"\n/);
});

test('misspelled-kind: case and plural slips are safe unless the corrected resource has errors; other near misses are unsafe', () => {
  const set = (kind: string, spec = 'nets: [10.0.0.0/8]') => `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata:\n  name: s\nspec:\n  ${spec}\n`;
  const one = (text: string) => fixesOf(text, 'misspelled-kind').map((f) => [f.fix.title, f.fix.safe]);
  assert.deepEqual(one(set('globalnetworkset')), [["Change the kind to 'GlobalNetworkSet'", true]]);
  assert.deepEqual(one(set('GlobalNetworkSets')), [["Change the kind to 'GlobalNetworkSet'", true]]);
  assert.deepEqual(one(set('GlobalNetworkSets', 'nets: [not-a-cidr]')), [["Change the kind to 'GlobalNetworkSet'", false]]);
  assert.deepEqual(one(set('GlobalNetwrkSet')), [["Change the kind to 'GlobalNetworkSet'", false]]);
  assert.equal(fixAll(set("'GlobalNetworkSets'")).text, set("'GlobalNetworkSet'"));
});

test('invalid-cidr suggestions are offered, never applied by fix-all', () => {
  const np = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  ingress:\n    - action: Allow\n      source:\n        nets: [10.1.2.3, "192.168.1.1/24"]\n';
  assert.deepEqual(fixesOf(np, 'invalid-cidr').map((f) => [f.fix.title, f.fix.safe]), [["Change to '10.1.2.3/32'", false], ["Change to '192.168.1.0/24'", false]]);
  assert.ok(fixesOf(np, 'invalid-cidr')[1]!.fixed.includes('"192.168.1.0/24"'));
  assert.equal(fixAll(np).text, np);
});
