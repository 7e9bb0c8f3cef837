/**
 * The value parsers behind the policy rules, on plain strings: numorstring ports and protocols,
 * rule CIDRs, and the Kubernetes name/label syntax helpers. Expected verdicts follow Calico's
 * decoding (numorstring) and validator, and the Kubernetes validation helpers it calls.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSegment } from '../../server/src/core/analysis/segment';
import { getValue, type YNode } from '../../server/src/core/yaml/tree';
import { parsePort, parseProtocol, protocolIs, supportsPorts, decodedPort, type ProtocolValue } from '../../server/src/core/model/numorstring';
import { isNegatedCatchAll, parseRuleCidr } from '../../server/src/core/model/rule-nets';
import { dns1123LabelProblems, labelValueProblems, portNameProblems, qualifiedNameProblems, utf8Length } from '../../server/src/core/util/k8s-names';
import { nameProblem } from '../../server/src/core/rules/metadata/invalid-name';

/** The YAML node for `v: <yaml>`, typed as kubectl would type it. */
function node(yaml: string): YNode {
  const root = parseSegment(`v: ${yaml}\n`).roots[0]!.root!;
  return getValue(root, 'v')!;
}

test('ports: numbers, ranges, names and their decode/validator verdicts', () => {
  const ok: Array<[string, unknown]> = [
    ['80', { kind: 'number', min: 80, max: 80 }],
    ["'443'", { kind: 'number', min: 443, max: 443 }],
    ["'0080'", { kind: 'number', min: 80, max: 80 }],
    ['65535', { kind: 'number', min: 65535, max: 65535 }],
    ["'1:65535'", { kind: 'number', min: 1, max: 65535 }],
    ["'80:80'", { kind: 'number', min: 80, max: 80 }],
    ['80.0', { kind: 'number', min: 80, max: 80 }],
    ['http', { kind: 'named', name: 'http' }],
    ['web-8080', { kind: 'named', name: 'web-8080' }],
  ];
  for (const [yaml, want] of ok) assert.deepEqual(parsePort(node(yaml)), want, yaml);
  const decode = ['65536', '-1', "'70000'", "'200:100'", "'1:70000'", "'*'", "''", "'1:2:3'", "'-1:5'", "'http port'", `'${'a'.repeat(129)}'`];
  for (const yaml of decode) {
    const r = parsePort(node(yaml));
    assert.equal(r.kind === 'error' && r.layer, 'decode', yaml);
  }
  const validator = ['0', "'0'", "'0:10'", 'Http', 'my_port', 'web.port', "'1-2'", 'a--b', '-web', 'web-', 'abcdefghijklmnop'];
  for (const yaml of validator) {
    const r = parsePort(node(yaml));
    assert.equal(r.kind === 'error' && r.layer, 'validator', yaml);
  }
  // The decoded value of a refused port is still available (port 0 is a number).
  assert.deepEqual(decodedPort(parsePort(node('0'))), { kind: 'number', min: 0, max: 0 });
  for (const yaml of ['true', 'null', '80.5', '[1]']) {
    const r = parsePort(node(yaml));
    assert.equal(r.kind === 'error' && r.layer, 'type', yaml);
  }
});

test('protocols: numbers and case-sensitive names', () => {
  const value = (yaml: string): ProtocolValue => {
    const r = parseProtocol(node(yaml));
    assert.notEqual(r.kind, 'error', yaml);
    return r as ProtocolValue;
  };
  for (const name of ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite']) assert.equal(value(name).kind, 'name');
  assert.deepEqual(value('6'), { kind: 'number', number: 6, quoted: false });
  assert.deepEqual(value("'255'"), { kind: 'number', number: 255, quoted: true });
  assert.deepEqual(value("'06'"), { kind: 'number', number: 6, quoted: true });
  for (const yaml of ['256', '-1']) {
    const r = parseProtocol(node(yaml));
    assert.equal(r.kind === 'error' && r.layer, 'decode', yaml);
  }
  for (const yaml of ['0', "'0'", 'tcp', 'icmp', 'Tcp', 'tcpfoo', "''", "'256'", "'+6'"]) {
    const r = parseProtocol(node(yaml));
    assert.equal(r.kind === 'error' && r.layer, 'validator', yaml);
  }
  const tcp = value('TCP');
  assert.ok(supportsPorts(tcp) && supportsPorts(value('17')) && supportsPorts(value('SCTP')));
  assert.ok(!supportsPorts(value('UDPLite')) && !supportsPorts(value('ICMP')) && !supportsPorts(value('136')));
  assert.ok(protocolIs(value("'6'"), 'TCP', 6) && protocolIs(tcp, 'TCP', 6) && !protocolIs(value('UDP'), 'TCP', 6));
});

test('rule CIDRs: strictly masked, prefix required, Go families', () => {
  assert.ok(parseRuleCidr('10.0.0.0/8').ok);
  assert.ok(parseRuleCidr('fd00::/64').ok);
  assert.ok(parseRuleCidr('0.0.0.0/0').ok);
  assert.deepEqual(pick(parseRuleCidr('10.0.0.1')), 'bare-ip');
  assert.deepEqual(pick(parseRuleCidr('10.0.0.1/8')), 'not-masked');
  assert.deepEqual(pick(parseRuleCidr('10.0.0.0/33')), 'syntax');
  assert.deepEqual(pick(parseRuleCidr('garbage')), 'syntax');
  const mapped = parseRuleCidr('::ffff:10.0.0.0/104');
  assert.ok(mapped.ok && mapped.version === 4);
  assert.ok(isNegatedCatchAll('0.0.0.0/0', parseRuleCidr('0.0.0.0/0')));
  assert.ok(isNegatedCatchAll('::/0', parseRuleCidr('::/0')));
  assert.ok(isNegatedCatchAll('0:0:0::/0', parseRuleCidr('0:0:0::/0')));
  assert.ok(!isNegatedCatchAll('10.0.0.0/8', parseRuleCidr('10.0.0.0/8')));
});

function pick(r: ReturnType<typeof parseRuleCidr>): string {
  return r.ok ? 'ok' : r.reason;
}

test('Kubernetes name, label and port-name syntax', () => {
  assert.deepEqual(qualifiedNameProblems('example.com/My_Name'), []);
  assert.deepEqual(qualifiedNameProblems('app'), []);
  for (const bad of ['Example.com/x', 'a/b/c', '/x', 'x/', '-x', 'x y', 'a'.repeat(64), 'ex_ample.com/x']) assert.notDeepEqual(qualifiedNameProblems(bad), [], bad);
  assert.deepEqual(labelValueProblems(''), []);
  assert.deepEqual(labelValueProblems('a'.repeat(63)), []);
  for (const bad of ['a'.repeat(64), '-x', 'x y', 'x.']) assert.notDeepEqual(labelValueProblems(bad), [], bad);
  assert.deepEqual(dns1123LabelProblems('kube-admin'), []);
  assert.notDeepEqual(dns1123LabelProblems('a.b'), []);
  assert.deepEqual(portNameProblems('http-alt'), []);
  for (const bad of ['123', 'HTTP', 'a_b', 'a--b', '-a', 'abcdefghijklmnop']) assert.notDeepEqual(portNameProblems(bad), [], bad);
  assert.equal(utf8Length('é'), 2);
  assert.equal(utf8Length('😀'), 4);
});

test('resource names per kind', () => {
  const ok: Array<[string, string]> = [
    ['GlobalNetworkPolicy', 'thing'],
    ['GlobalNetworkPolicy', 'eng.thing'],
    ['NetworkPolicy', 'th.ing'],
    ['NetworkPolicy', 'knp.default.a.b.c'],
    ['NetworkPolicy', 'ossg.default.x'],
    ['IPPool', 'pool.name.with.dots'],
    ['Tier', 'a'.repeat(63)],
    ['NetworkPolicy', 'a'.repeat(253)],
  ];
  for (const [kind, name] of ok) assert.equal(nameProblem(kind, name), undefined, `${kind} ${name}`);
  const bad: Array<[string, string]> = [
    ['GlobalNetworkPolicy', 'knp.default.thing'],
    ['GlobalNetworkPolicy', 't.h.i.ng'],
    ['GlobalNetworkPolicy', 'tHiNg'],
    ['StagedGlobalNetworkPolicy', 'ossg.default.x'],
    ['NetworkPolicy', 't.h.i.ng'],
    ['NetworkPolicy', 'foo.default.x.y'],
    ['NetworkPolicy', 'a'.repeat(254)],
    ['Tier', 'a'.repeat(64)],
    ['Tier', 'a.b'],
    ['IPPool', ''],
    ['IPPool', 'x.'],
    ['HostEndpoint', 'my_host'],
  ];
  for (const [kind, name] of bad) assert.notEqual(nameProblem(kind, name), undefined, `${kind} ${name}`);
});
