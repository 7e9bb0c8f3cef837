/**
 * The engine's contracts on strings: what counts as Calico, silence on everything else, every
 * document shape, and exact UTF-16 ranges on CRLF, tabs, non-ASCII and multi-document text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText, type Diagnostic } from '../../server/src/core';
import { mapperFor } from '../../server/src/common/positions';

function codes(text: string): string[] {
  return lintText(text).map((d) => d.code);
}

function spanText(text: string, d: Diagnostic): string {
  return text.slice(d.start, d.end);
}

const BAD_GNS = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: gns\nspec:\n  cidrs: [10.0.0.0/8]\n';

test('non-Calico YAML gets no diagnostic at all, even when it is broken', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: two\n  bogus: [\n';
  assert.deepEqual(codes(deployment), []);
  assert.deepEqual(codes('image:\n  tag: 1.2\n  tag: 1.3\n'), []);
  assert.deepEqual(codes('on:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n'), []);
  assert.deepEqual(codes('apiVersion: cert-manager.io/v1\nkind: Certificate\nspec:\n  unknownField: 1\n'), []);
  assert.deepEqual(codes('\t- not yaml at all: [\n'), []);
});

test('Helm templates are skipped entirely', () => {
  const tpl = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  selector: {{ include "sel" . }}\n  bogus: 1\n';
  assert.deepEqual(codes(tpl), []);
});

test('a syntax error is reported only when the file holds a Calico document', () => {
  const broken = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: n\n spec: x\n';
  assert.ok(codes(broken).includes('yaml-syntax'));
  const otherBroken = `${BAD_GNS}---\napiVersion: v1\nkind: ConfigMap\ndata: [\n`;
  assert.ok(codes(otherBroken).includes('yaml-syntax'));
});

test('every document shape is validated: streams, lists, kind: List, leading ---, empty documents', () => {
  const stream = `---\n# comment only\n---\n${BAD_GNS}---\n---\n${BAD_GNS}`;
  assert.equal(codes(stream).filter((c) => c === 'unknown-field').length, 2);
  const list = `- ${BAD_GNS.replace(/\n(?=.)/g, '\n  ')}- ${BAD_GNS.replace(/\n(?=.)/g, '\n  ')}`;
  assert.equal(codes(list).filter((c) => c === 'unknown-field').length, 2);
  const kindList = `apiVersion: v1\nkind: List\nitems:\n  - ${BAD_GNS.replace(/\n(?=.)/g, '\n    ')}`;
  assert.deepEqual(codes(kindList), ['unknown-field']);
  const calicoList = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSetList\nmetadata: {resourceVersion: "1"}\nitems:\n  - ${BAD_GNS.replace(/\n(?=.)/g, '\n    ')}`;
  assert.deepEqual(codes(calicoList), ['unknown-field']);
});

test('ranges are exact on CRLF text', () => {
  const text = BAD_GNS.replace(/\n/g, '\r\n');
  const [d] = lintText(text);
  assert.equal(spanText(text, d!), 'cidrs');
  assert.deepEqual(mapperFor(text).positionAt(d!.start), { line: 5, character: 2 });
});

test('ranges count UTF-16 code units after non-ASCII text and tabs', () => {
  const text = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: gns\n  labels: {"café-😀": "x", team: "\tx"}\nspec:\n  nets: ["10.0.0.0/8"]\n  cidrs: ["😀"]\n';
  const d = lintText(text).find((x) => x.code === 'unknown-field')!;
  assert.equal(spanText(text, d), 'cidrs');
  const withEmojiKey = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: gns, labels: {a: "😀😀"}, bogus: 1}\n';
  const b = lintText(withEmojiKey).find((x) => x.code === 'unknown-field')!;
  assert.equal(spanText(withEmojiKey, b), 'bogus');
  assert.equal(mapperFor(withEmojiKey).positionAt(b.start).character, 'metadata: {name: gns, labels: {a: "😀😀"}, '.length);
});

test('multi-document ranges point into the right document', () => {
  const text = `${BAD_GNS}---\n${BAD_GNS.replace('cidrs', 'netz')}`;
  const ds = lintText(text).filter((d) => d.code === 'unknown-field');
  assert.deepEqual(ds.map((d) => spanText(text, d)), ['cidrs', 'netz']);
  assert.ok(ds[1]!.start > text.indexOf('---'));
});

test('YAML 1.1 typing as kubectl does it: yes is a boolean, 0x10 an integer, 80:90 a string', () => {
  const gnp = (extra: string) => `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n${extra}`;
  assert.deepEqual(codes(gnp('  applyOnForward: yes\n')), []);
  assert.deepEqual(codes(gnp('  order: 0x10\n')), []);
  assert.deepEqual(codes(gnp('  ingress:\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [80:90]\n')).filter((c) => c === 'type-mismatch'), []);
  assert.ok(codes(gnp('  order: "10"\n')).includes('type-mismatch'));
});

test('crd.projectcalico.org/v1 gets an advisory note; unknown and Enterprise v3 kinds only a note', () => {
  const crd = lintText(BAD_GNS.replace('projectcalico.org/v3', 'crd.projectcalico.org/v1'));
  assert.deepEqual(crd.map((d) => [d.code, d.severity]), [['use-v3-api', 'information']]);
  const ga = lintText('apiVersion: projectcalico.org/v3\nkind: GlobalAlert\nmetadata: {name: a}\nspec: {whatever: 1}\n');
  assert.deepEqual(ga.map((d) => [d.code, d.severity]), [['enterprise-kind', 'information']]);
  const wep = lintText('apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata: {name: a}\nspec: {whatever: 1}\n');
  assert.deepEqual(wep.map((d) => [d.code, d.severity]), [['unknown-kind', 'information']]);
});

test('settings change severities and turn codes off', () => {
  const ds = lintText(BAD_GNS, { rules: { 'unknown-field': 'warning' } });
  assert.deepEqual(ds.map((d) => d.severity), ['warning']);
  assert.deepEqual(lintText(BAD_GNS, { rules: { 'unknown-field': 'off' } }), []);
});

test('pathological input does not throw', () => {
  for (const text of ['[' .repeat(5000), '{a: '.repeat(3000), 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\n' + '  '.repeat(2000) + 'x', '\u0000\u0001\uFFFF', '&a [*a]', 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: &m {name: x, labels: *m}\n']) {
    assert.doesNotThrow(() => lintText(text));
  }
});
