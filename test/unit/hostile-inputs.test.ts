/**
 * Reproducers of inputs that once hung the analysis, each checked for the right answer. The cause
 * of each was a backtracking match or a rescan, now gone by construction: CRD patterns and
 * Calico's own patterns run on RE2 (util/re2.ts), and our regular expressions are held to linear
 * time by test/unit/regex-review.test.ts. The `timeout` of each test only keeps a regression from
 * stalling the suite; nothing here is measured by the clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../server/src/core';
import { isTemplate, mentionsCalicoApi } from '../../server/src/core/analysis/resources';
import { goRegexp, goRegexpProblem } from '../../server/src/core/util/re2';

const GUARD = { timeout: 60_000 };

test('a FelixConfiguration conntrack timeout of 30 × "s" and "!" gets its pattern error', GUARD, () => {
  // `^(([0-9]*(\.[0-9]*)?(ms|s|h|m|us)+)+|Auto)$` is exponential on a backtracking engine.
  for (const n of [30, 10_000]) {
    const value = 's'.repeat(n) + '!';
    const text = `apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata:\n  name: default\nspec:\n  bpfConntrackTimeouts:\n    tcpEstablished: '${value}'\n`;
    const d = lintText(text);
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.equal(d[0]!.code, 'invalid-value');
    assert.equal(d[0]!.start, text.indexOf(`'${value}'`));
    assert.ok(d[0]!.message.length < 300, 'the message quotes an excerpt of the value, not all of it');
  }
});

test('a BGPPeer peerIP of 600 digits is refused at once', GUARD, () => {
  // Calico's `^(\d+).(\d+).(\d+).(\d+):(\d+)$` (unescaped dots) costs the fourth power of the
  // length on a backtracking engine; on RE2 it is one pass.
  for (const n of [600, 50_000]) {
    const text = `apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: p\nspec:\n  peerIP: '${'1'.repeat(n)}'\n  asNumber: 64512\n`;
    const codes = lintText(text).map((x) => x.code);
    assert.ok(codes.includes('invalid-peer-ip'), codes.join());
  }
  // The unescaped dots are part of Calico's behaviour: `1x2x3x4:179` has the "IPv4:port" shape.
  assert.equal(goRegexp('^(\\d+).(\\d+).(\\d+).(\\d+):(\\d+)$').test('1x2x3x4:179'), true);
});

test('an annotation of 300,000 "{{" is read once', GUARD, () => {
  const braces = '{{'.repeat(300_000);
  assert.equal(isTemplate(braces), false, 'no "}}": not a template');
  assert.equal(isTemplate(`${braces} }} {{ .Values.x }}`), true);
  assert.equal(isTemplate('{{}}'), false, 'braces without a template action');
  assert.equal(isTemplate('a: {{ .Values.x }}'), true);
  assert.equal(isTemplate('a: "}} {{"'), false);
  const text = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: s\n  annotations:\n    note: '${braces}'\nspec:\n  nets: [10.0.0.0/8]\n`;
  // Checked as YAML, not skipped as a template; its only problem is Kubernetes' size limit.
  assert.deepEqual(lintText(text).map((x) => x.code), ['invalid-annotation']);
});

test('a line of many blanks does not slow the test for a Calico apiVersion', GUARD, () => {
  const blanks = ' '.repeat(200_000);
  assert.equal(mentionsCalicoApi(`${blanks}\n`), false);
  assert.equal(mentionsCalicoApi(`${blanks}- apiVersion: projectcalico.org/v3`), true);
  assert.equal(mentionsCalicoApi(`  -  'apiVersion' : "crd.projectcalico.org/v1"`), true);
  assert.equal(mentionsCalicoApi(`- - apiVersion: projectcalico.org/v3`), false, 'one dash, as before');
});

test('RE2 compiles what Go compiles, with Go\'s error kinds, and quotes only an excerpt', () => {
  assert.equal(goRegexpProblem('^(?i)(eth|ens)[0-9]+$'), undefined);
  assert.equal(goRegexpProblem('*eth'), 'missing argument to repetition operator: `*`');
  const long = `(${'a'.repeat(5000)}`;
  const why = goRegexpProblem(long)!;
  assert.match(why, /^missing closing \)/);
  assert.ok(why.length < 80, why);
  // A pattern that does not compile matches nothing, so it can never make a check pass.
  assert.equal(goRegexp('(').test('('), false);
});

test('a syntax error at the very end of the text gets a range inside the text', () => {
  for (const text of ['apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nspec: [', 'kind: HostEndpoint\nx: {', 'apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: x\n', 'kind: HostEndpoint\nx: {😀']) {
    const ds = lintText(text).filter((d) => d.code === 'yaml-syntax');
    assert.ok(ds.length > 0, JSON.stringify(text));
    for (const d of ds) {
      assert.ok(d.start >= 0 && d.start < d.end && d.end <= text.length, `${JSON.stringify(text)}: ${d.start}-${d.end} of ${text.length}`);
      const c = text.charCodeAt(d.start);
      assert.ok(!(c >= 0xdc00 && c <= 0xdfff), 'not inside a surrogate pair');
    }
  }
});
