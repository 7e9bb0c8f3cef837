/**
 * The evaluation model (`core/policy/`): the memcached acceptance cases of issue 11, rule matching
 * on concrete packets, and two seeded property tests:
 * - shadowing never reports a rule that a generated packet reaches (random policies, every packet
 *   of a small exhaustive grid evaluated rule by rule);
 * - the incremental model (random edits through the workspace) equals a fresh build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace, lintText, fixesFor } from '../../server/src/core';
import { parseSegment } from '../../server/src/core/analysis/segment';
import { getValue, type YMap } from '../../server/src/core/yaml/tree';
import { readRules } from '../../server/src/core/untracked/model';
import { matchesAlways, matchRule, type Packet, type Side } from '../../server/src/core/policy/match';
import { shadowedRules } from '../../server/src/core/policy/shadow';
import { parseIp } from '../../server/src/core/util/ip';
import { traceFlow } from '../../server/src/core/policy/trace';
import { random } from '../support/random';

const CANONICAL = readFileSync(join(__dirname, '..', '..', 'examples', 'memcached-untracked.yaml'), 'utf8');


function diagnosticsOf(files: Record<string, string>, id: string) {
  const ws = new Workspace();
  for (const [k, v] of Object.entries(files)) ws.setFile(k, v);
  return { ws, diagnostics: ws.diagnostics(id) };
}

test('memcached: the canonical pair is clean and its trace allows TCP 12211 with the reply allowed', () => {
  const { ws, diagnostics } = diagnosticsOf({ 'm.yaml': CANONICAL }, 'm.yaml');
  assert.deepEqual(diagnostics, []);
  const r = traceFlow(ws, { endpoint: 'memcached-node-1-eth0', direction: 'ingress', peerIp: '10.128.0.50', peerLabels: { memcached: 'client' }, protocol: 'TCP', port: 12211 });
  assert.ok(r.ok);
  assert.equal(r.trace.verdict, 'allow');
  assert.equal(r.trace.stage, 'untracked');
  assert.equal(r.trace.reply?.verdict, 'allow');
});

const EGRESS_AT = CANONICAL.indexOf('  egress:\n');
const SPLIT = `${CANONICAL.slice(0, EGRESS_AT)}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: memcached-replies
spec:
  selector: has(memcached)
  applyOnForward: true
  doNotTrack: true
${CANONICAL.slice(EGRESS_AT)}`;

test('memcached: the egress rule split into a policy selecting has(memcached) gives no warning', () => {
  // Without the HostEndpoint the selector-group rule cannot see it (the groups differ)…
  const noHep = SPLIT.slice(SPLIT.indexOf('---\n') + 4);
  assert.equal(lintText(noHep).filter((d) => d.code === 'untracked-asymmetric').length, 2);
  // …with it, the replies are evaluated through every untracked policy of the endpoint.
  assert.deepEqual(lintText(SPLIT), []);
});

test('memcached: an earlier untracked Deny of egress to the clients gives one warning naming it, with no mirror fix', () => {
  const deny = `---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: block-clients
spec:
  order: 10
  selector: has(memcached)
  applyOnForward: true
  doNotTrack: true
  egress:
    - action: Deny
      destination:
        selector: memcached == 'client'
`;
  // In another file: the related information names that file.
  const { ws, diagnostics: all } = diagnosticsOf({ 'm.yaml': CANONICAL, 'deny.yaml': deny }, 'm.yaml');
  // One warning. The reply rule itself is never reached at the endpoint either, which
  // rule-shadowed-by-policy adds as information, naming the same Deny in the other file.
  const diagnostics = all.filter((d) => d.severity !== 'information');
  assert.deepEqual(diagnostics.map((d) => d.code), ['untracked-asymmetric']);
  const info = all.filter((d) => d.severity === 'information');
  assert.deepEqual(info.map((d) => [d.code, (d.data as { direction: string }).direction, (d.data as { by: Array<{ policy: string }> }).by.map((b) => b.policy)]), [['rule-shadowed-by-policy', 'egress', ['block-clients']]]);
  assert.equal(info[0]!.related?.[0]?.file, 'deny.yaml');
  const d = diagnostics[0]!;
  assert.match(d.message, /'block-clients'/);
  assert.deepEqual((d.data as { blockedBy: unknown }).blockedBy, { policy: 'block-clients', direction: 'egress', index: 0 });
  assert.equal(d.related?.length, 1);
  assert.equal(d.related![0]!.file, 'deny.yaml');
  assert.equal(deny.slice(d.related![0]!.start, d.related![0]!.end).trimEnd(), "- action: Deny\n      destination:\n        selector: memcached == 'client'".slice(2));
  assert.deepEqual(fixesFor(ws.getFile('m.yaml')!, d, all), []);
  // memcached-server has no order, so it comes last among its tier's ordered policies; a Deny
  // policy without order whose name sorts after it comes later still: no warning.
  const later = deny.replace('  order: 10\n', '').replace('name: block-clients', 'name: zz-block-clients');
  assert.deepEqual(diagnosticsOf({ 'm.yaml': CANONICAL, 'deny.yaml': later }, 'm.yaml').diagnostics, []);
});

// ---- shadowing property ----

const SELECTORS = [undefined, "role == 'a'", "role == 'a' && env == 'x'", 'has(role)', "role != 'a'", "role in {'a', 'b'}"];
const NETS = [undefined, ['10.0.0.0/8'], ['10.1.0.0/16'], ['192.168.0.0/16'], ['10.1.2.3/32', '192.168.0.0/16']];
const PORTS = [undefined, ['80'], ['80:90'], ['443'], ['22', '80']];
const ACTIONS = ['Allow', 'Deny', 'Pass', 'Log'];

function genRule(rnd: ReturnType<typeof random>): string {
  const lines = [`    - action: ${rnd.pick(ACTIONS)}`];
  const proto = rnd.pick([undefined, 'TCP', 'UDP', 'TCP']);
  if (proto) lines.push(`      protocol: ${proto}`);
  if (!proto && rnd.chance(0.2)) lines.push('      notProtocol: UDP');
  const src: string[] = [];
  const sel = rnd.pick(SELECTORS);
  if (sel) src.push(`        selector: "${sel}"`);
  if (rnd.chance(0.2)) src.push(`        notSelector: "${rnd.pick(SELECTORS.slice(1))}"`);
  const nets = rnd.pick(NETS);
  if (nets) src.push(`        nets: [${nets.join(', ')}]`);
  if (rnd.chance(0.2)) src.push(`        notNets: [${rnd.pick(NETS.slice(1))!.join(', ')}]`);
  if (src.length) lines.push('      source:', ...src);
  if (proto) {
    const dst: string[] = [];
    const ports = rnd.pick(PORTS);
    if (ports) dst.push(`        ports: [${ports.map((p) => `'${p}'`).join(', ')}]`);
    if (rnd.chance(0.2)) dst.push(`        notPorts: [${rnd.pick(PORTS.slice(1))!.map((p) => `'${p}'`).join(', ')}]`);
    if (dst.length) lines.push('      destination:', ...dst);
  }
  return lines.join('\n');
}

const LABELS: Array<Record<string, string>> = [{}, { role: 'a' }, { role: 'a', env: 'x' }, { role: 'b' }, { role: 'c', env: 'x' }];
const IPS = ['10.1.2.3', '10.2.0.1', '192.168.1.1', '8.8.8.8'];
const DPORTS = [22, 80, 85, 443, 8080];

test('property: a rule reported as shadowed is never reached by any packet of the grid', () => {
  let reported = 0;
  let policies = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const rnd = random(seed);
    const rules = Array.from({ length: 2 + Math.floor(rnd.next() * 4) }, () => genRule(rnd));
    const text = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  selector: all()\n  ingress:\n${rules.join('\n')}\n`;
    const root = parseSegment(text).roots[0]!.root as YMap;
    const models = readRules(getValue(root, 'spec') as YMap);
    const shadowed = shadowedRules(models);
    // The rule as the product reports it, for Calico-valid policies only.
    const diags = lintText(text);
    if (diags.some((d) => d.severity === 'error')) continue;
    policies++;
    const viaRule = diags.filter((d) => d.code === 'rule-shadowed').map((d) => (d.data as { index: number }).index);
    assert.deepEqual(viaRule, shadowed.map((s) => s.rule.index), `seed ${seed}`);
    reported += shadowed.length;
    const dead = new Set(shadowed.map((s) => s.rule.index));
    for (const labels of LABELS) for (const ip of IPS) for (const port of DPORTS) for (const protocol of [6, 17, 1]) {
      const packet: Packet = { protocol, ipVersion: 4, src: { labelSets: [labels], ips: [parseIp(ip)!], ports: [[40000, 40000]] }, dst: { labelSets: [{}], ips: [parseIp('10.9.9.9')!], ports: [[port, port]] } };
      for (const r of models) {
        const m = matchRule(r, packet);
        assert.notEqual(m, 'depends', `seed ${seed}: concrete packets are decided`);
        if (m !== 'always') continue;
        assert.ok(!dead.has(r.index), `seed ${seed}: rule ${r.index} reported shadowed but reached by ${JSON.stringify({ labels, ip, port, protocol })}\n${text}`);
        if (r.action !== 'Log') break;
      }
    }
  }
  assert.ok(policies > 200 && reported > 30, `the generator exercises the check (${policies} policies, ${reported} shadowed rules)`);
});

// ---- the certain-match shortcut ----

const ICMP_LINES = [undefined, '      icmp: {type: 8}', '      icmp: {type: 8, code: 0}', '      notICMP: {type: 3}', '      notICMP: {type: 8, code: 1}'];

test('property: matchesAlways says always exactly where matchRule does, on concrete and symbolic packets', () => {
  const sides = (rnd: ReturnType<typeof random>): Side => {
    const ports = rnd.pick([undefined, [[80, 80]], [[80, 90]], [[22, 22], [443, 443]], [[1, 65535]]] as const);
    const side: Side = rnd.chance(0.5)
      ? { labelSets: [rnd.pick(LABELS)], ips: rnd.chance(0.8) ? [parseIp(rnd.pick(IPS))!] : undefined, notWorkload: rnd.chance(0.5) }
      : { selector: rnd.pick(SELECTORS), nets: rnd.pick(NETS) };
    if (ports) side.ports = ports.map(([a, b]) => [a, b] as [number, number]);
    if (!side.labelSets && rnd.chance(0.5)) {
      // The peer of an answered rule, as the reply evaluation describes it.
      const model: NonNullable<Side['model']> = {};
      if (side.selector) model.selector = side.selector;
      if (side.nets) model.nets = side.nets;
      side.model = model;
    }
    return side;
  };
  let always = 0;
  let checked = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const rnd = random(seed);
    const rules = Array.from({ length: 4 }, () => {
      const icmp = rnd.pick(ICMP_LINES);
      return icmp ? `${genRule(rnd)}\n${icmp}` : genRule(rnd);
    });
    const text = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  selector: all()\n  ingress:\n${rules.join('\n')}\n`;
    const root = parseSegment(text).roots[0]!.root as YMap;
    const models = readRules(getValue(root, 'spec') as YMap);
    for (let k = 0; k < 40; k++) {
      const packet: Packet = { protocol: rnd.pick([6, 17, 1]), ipVersion: 4, src: sides(rnd), dst: sides(rnd) };
      if (rnd.chance(0.6)) packet.icmpType = rnd.pick([0, 3, 8]);
      if (rnd.chance(0.5)) packet.icmpCode = rnd.pick([0, 1]);
      for (const r of models) {
        const m = matchRule(r, packet);
        assert.equal(matchesAlways(r, packet), m === 'always', `seed ${seed}, rule ${r.index}: matchRule says ${m}\n${text}\n${JSON.stringify(packet)}`);
        checked++;
        if (m === 'always') always++;
      }
    }
  }
  assert.ok(always > 500 && checked - always > 500, `both answers are exercised (${always} of ${checked} always)`);
});

// ---- shadowing across policies (rule-shadowed-by-policy) ----

const POLICY_SELECTORS = ["role == 'a'", "role == 'a' && env == 'x'", 'has(role)', "role != 'b'", 'all()', "env == 'x'"];
const HEP_LABELS: Array<Record<string, string>> = [{ role: 'a' }, { role: 'a', env: 'x' }, { role: 'b', env: 'x' }, { role: 'c' }];

function genPolicyDoc(rnd: ReturnType<typeof random>, i: number): string {
  const tier = rnd.pick([undefined, undefined, 't1']);
  const untracked = rnd.chance(0.2);
  const aof = untracked || rnd.chance(0.3);
  const lines = ['apiVersion: projectcalico.org/v3', 'kind: GlobalNetworkPolicy', 'metadata:', `  name: ${tier ? `${tier}.` : ''}p${i}`, 'spec:'];
  if (tier) lines.push(`  tier: ${tier}`);
  if (rnd.chance(0.7)) lines.push(`  order: ${rnd.pick([1, 5, 10, 50])}`);
  lines.push(`  selector: "${rnd.pick(POLICY_SELECTORS)}"`);
  if (untracked) lines.push('  doNotTrack: true');
  if (aof) lines.push('  applyOnForward: true');
  const ingress = Array.from({ length: 1 + Math.floor(rnd.next() * 3) }, () => genRule(rnd));
  // Broad rules (an action and at most a protocol) make covers likely.
  if (rnd.chance(0.35)) ingress.unshift(`    - action: ${rnd.pick(ACTIONS)}${rnd.chance(0.5) ? `\n      protocol: ${rnd.pick(['TCP', 'UDP'])}` : ''}`);
  const egress = rnd.chance(0.4) ? Array.from({ length: 1 + Math.floor(rnd.next() * 2) }, () => genRule(rnd)) : [];
  if (rnd.chance(0.5)) lines.push(`  types: [${[...(rnd.chance(0.8) ? ['Ingress'] : []), ...(egress.length > 0 || rnd.chance(0.2) ? ['Egress'] : [])].join(', ') || 'Ingress'}]`);
  lines.push('  ingress:', ...ingress);
  if (egress.length > 0) lines.push('  egress:', ...egress);
  return lines.join('\n') + '\n';
}

test('property: a rule reported as shadowed by an earlier policy is never reached at any HostEndpoint by a packet of the grid', async () => {
  const { evaluate } = await import('../../server/src/core/policy/evaluate');
  let reported = 0;
  let workspaces = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const rnd = random(seed * 104729);
    const docs: string[] = [];
    docs.push(`apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: t1\nspec:\n  order: 10\n  defaultAction: ${rnd.pick(['Deny', 'Pass'])}\n`);
    const heps = HEP_LABELS.filter(() => rnd.chance(0.7));
    if (heps.length === 0) heps.push(HEP_LABELS[0]!);
    heps.forEach((labels, k) => docs.push(`apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: h${k}\n  labels:\n${Object.entries(labels).map(([a, b]) => `    ${a}: ${b}`).join('\n')}\nspec:\n  node: n${k}\n  interfaceName: eth0\n  expectedIPs: [10.9.9.${k + 1}]\n`));
    const nPolicies = 3 + Math.floor(rnd.next() * 4);
    for (let i = 0; i < nPolicies; i++) docs.push(genPolicyDoc(rnd, i));
    // Policies in two files, so covers come from the other file too.
    const split = 1 + heps.length + Math.floor(nPolicies / 2);
    const files = { a: docs.slice(0, split).join('---\n'), b: docs.slice(split).join('---\n') };
    const ws = new Workspace();
    ws.setFile('a', files.a);
    ws.setFile('b', files.b);
    const all = [...ws.diagnostics('a').map((d) => ({ d, f: 'a' as const })), ...ws.diagnostics('b').map((d) => ({ d, f: 'b' as const }))];
    if (all.some(({ d }) => d.severity === 'error')) continue;
    workspaces++;
    const dead = new Set<string>();
    for (const { d, f } of all) {
      if (d.code !== 'rule-shadowed-by-policy') continue;
      const text = files[f];
      const name = /name: (\S+)/.exec(text.slice(text.lastIndexOf('kind: GlobalNetworkPolicy', d.start)))![1]!;
      const data = d.data as { direction: string; index: number; by: Array<{ policy: string }> };
      assert.ok(data.by.length > 0 && (d.related?.length ?? 0) > 0, 'names what shadows it');
      dead.add(`${name}/${data.direction}/${data.index}`);
    }
    reported += dead.size;
    if (dead.size === 0) continue;
    const model = ws.index.policies;
    for (const hep of model.hostEndpoints()) {
      for (const labels of LABELS) for (const ip of IPS) for (const port of DPORTS) for (const protocol of [6, 17, 1]) for (const direction of ['ingress', 'egress'] as const) for (const forwarded of [false, true]) {
        const peer = { labelSets: [labels], ips: [parseIp(ip)!], ports: [[port, port]] as Array<[number, number]> };
        const self = { labelSets: [hep.labels], ips: [parseIp(hep.summary.hostEndpoint!.expectedIPs[0]!)!], ports: [[port, port]] as Array<[number, number]>, notWorkload: true };
        const packet: Packet = direction === 'ingress' ? { protocol, ipVersion: 4, src: { ...peer, ports: [[40000, 40000]] }, dst: self } : { protocol, ipVersion: 4, src: { ...self, ports: [[40000, 40000]] }, dst: peer };
        const v = evaluate(model, hep, { direction, forwarded, packet }, { stages: ['untracked', 'preDNAT', 'normal'] });
        for (const step of v.steps) {
          if (!step.policy || !step.rule || step.match !== 'always') continue;
          assert.ok(!dead.has(`${step.policy}/${step.rule.direction}/${step.rule.index}`), `seed ${seed}: ${step.policy} ${step.rule.direction} rule ${step.rule.index} reported shadowed but reached at ${hep.name} by ${JSON.stringify({ labels, ip, port, protocol, direction, forwarded })}\n${files.a}\n=== b\n${files.b}`);
        }
      }
    }
  }
  assert.ok(workspaces > 120 && reported > 60, `the generator exercises the check (${workspaces} workspaces, ${reported} rules reported)`);
});

// ---- incremental model property ----

function genDoc(rnd: ReturnType<typeof random>, i: number): string {
  const kind = rnd.pick(['hep', 'hep', 'policy', 'policy', 'policy', 'tier', 'felix']);
  const role = rnd.pick(['a', 'b', 'c']);
  if (kind === 'hep') return `apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: hep-${rnd.pick(['1', '2', '3', String(i)])}\n  labels:\n    role: ${role}\nspec:\n  node: n${i}\n  interfaceName: eth0\n`;
  if (kind === 'tier') return `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: ${rnd.pick(['t1', 't2'])}\nspec:\n  order: ${rnd.pick([10, 100, 2000000])}\n`;
  if (kind === 'felix') return `apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata:\n  name: default\nspec:\n  failsafeInboundHostPorts:\n    - protocol: TCP\n      port: ${rnd.pick([22, 2222])}\n`;
  const tier = rnd.pick([undefined, 't1', 't2']);
  const untracked = rnd.chance(0.3);
  return `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${tier ? `${tier}.` : ''}p${rnd.pick(['1', '2', String(i)])}\nspec:\n${tier ? `  tier: ${tier}\n` : ''}${rnd.chance(0.5) ? `  order: ${rnd.pick([1, 5, 50])}\n` : ''}  selector: ${rnd.pick(["role == 'a'", "role != 'b'", 'all()', 'has(role)'])}\n${untracked ? '  doNotTrack: true\n  applyOnForward: true\n' : ''}  ingress:\n    - action: ${rnd.pick(['Allow', 'Deny', 'Pass'])}\n`;
}

test('property: the incremental model equals a fresh build after random edits', () => {
  for (let seed = 1; seed <= 60; seed++) {
    const rnd = random(seed * 7919);
    const files: string[][] = [[], []];
    let n = 0;
    for (const f of files) for (let k = 0; k < 6; k++) f.push(genDoc(rnd, n++));
    const ws = new Workspace();
    const text = (f: string[]) => f.join('---\n');
    files.forEach((f, i) => ws.setFile(`f${i}`, text(f)));
    ws.analyzeAll();
    for (let step = 0; step < 12; step++) {
      const fi = Math.floor(rnd.next() * files.length);
      const f = files[fi]!;
      const old = text(f);
      const op = rnd.pick(['replace', 'insert', 'delete']);
      const at = Math.floor(rnd.next() * f.length);
      if (op === 'replace' && f.length > 0) f[at] = genDoc(rnd, n++);
      else if (op === 'delete' && f.length > 1) f.splice(at, 1);
      else f.splice(at, 0, genDoc(rnd, n++));
      const now = text(f);
      // One change covering the differing middle, as an editor sends it.
      let p = 0;
      while (p < old.length && p < now.length && old[p] === now[p]) p++;
      let q = 0;
      while (q < old.length - p && q < now.length - p && old[old.length - 1 - q] === now[now.length - 1 - q]) q++;
      ws.applyChanges(`f${fi}`, [{ start: p, end: old.length - q, text: now.slice(p, now.length - q) }]);
      ws.analyzeAll();
      const fresh = new Workspace();
      files.forEach((g, i) => fresh.setFile(`f${i}`, text(g)));
      fresh.analyzeAll();
      assert.equal(ws.index.policies.snapshot(), fresh.index.policies.snapshot(), `seed ${seed} step ${step}`);
      for (let i = 0; i < files.length; i++) assert.deepEqual(ws.diagnostics(`f${i}`), fresh.diagnostics(`f${i}`), `seed ${seed} step ${step} f${i}`);
    }
  }
});

test('hover on a HostEndpoint name or kind lists the policies that apply, stage by stage, in order', async () => {
  const { getHover } = await import('../../server/src/core');
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'trace', 'tiers', 'workspace.yaml'), 'utf8');
  const ws = new Workspace();
  ws.setFile('a', text);
  ws.analyzeAll();
  const onName = getHover(ws, 'a', text.indexOf('web-1-eth0') + 2)!;
  assert.equal(text.slice(onName.start, onName.end), 'web-1-eth0');
  const normal = onName.contents.split('\n').find((l) => l.includes('**Normal (ingress)**'))!;
  assert.ok(normal.indexOf('observe.log-all') < normal.indexOf('security.web') && normal.indexOf('security.web') < normal.indexOf('allow-http'), normal);
  assert.match(onName.contents, /1\. \*\*Failsafe\*\*/);
  assert.match(onName.contents, /\*\*Normal \(egress\)\*\*: none \(default deny\)/);
  const onKind = getHover(ws, 'a', text.indexOf('kind: HostEndpoint') + 7)!;
  assert.match(onKind.contents, /^\*\*HostEndpoint\*\* — /);
  assert.match(onKind.contents, /\*\*Normal \(ingress\)\*\*/);
});

test('duplicates: the evaluation model holds the definition in effect (the later one), and the earlier again once the later goes', () => {
  const tier = (order: number) => `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: ${order}\n`;
  const ws = new Workspace();
  ws.setFile('a.yaml', tier(10));
  ws.setFile('b.yaml', tier(20));
  ws.analyzeAll();
  assert.equal(ws.index.policies.tierOrder('security'), 20);
  assert.equal(ws.index.policies.tier('security')?.loc.fileId, 'b.yaml');
  ws.removeFile('b.yaml');
  ws.analyzeAll();
  assert.equal(ws.index.policies.tierOrder('security'), 10);
  // A policy defined twice applies once: the later definition's rules decide the trace.
  const deny = CANONICAL.replace('  ingress:\n    - action: Allow\n', '  ingress:\n    - action: Deny\n');
  assert.notEqual(deny, CANONICAL);
  const twice = new Workspace();
  twice.setFile('a.yaml', CANONICAL);
  twice.setFile('b.yaml', deny.slice(deny.indexOf('apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy')));
  twice.analyzeAll();
  const r = traceFlow(twice, { endpoint: 'memcached-node-1-eth0', direction: 'ingress', peerIp: '10.128.0.50', peerLabels: { memcached: 'client' }, protocol: 'TCP', port: 12211 });
  assert.ok(r.ok);
  assert.equal(r.trace.verdict, 'deny');
});

test('global policies: namespaceSelector and serviceAccountSelector are folded into the selector as Calico does, so host endpoints are rarely selected', async () => {
  const { enforcedGlobalSelector } = await import('../../server/src/core/model/global-policy-selector');
  // globalnetworkpolicyprocessor.go: prefixed, and-ed on, then all() replaced in the whole text.
  assert.equal(enforcedGlobalSelector('all()', 'all()', ''), '(has(projectcalico.org/namespace)) && has(projectcalico.org/namespace)');
  assert.equal(enforcedGlobalSelector('', "env == 'prod'", ''), "pcns.env == \"prod\"");
  assert.equal(enforcedGlobalSelector("role == 'db'", '', 'has(app)'), "(role == 'db') && has(pcsa.app)");
  assert.equal(enforcedGlobalSelector('all()', '!has(team)', ''), '(has(projectcalico.org/namespace)) && !has(pcns.team)');
  assert.equal(enforcedGlobalSelector('all()', 'has(', ''), undefined);
  const hep = `apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: h1\n  labels: {role: db}\nspec:\n  node: n1\n  interfaceName: eth0\n  expectedIPs: [10.0.0.1]\n`;
  const policy = (extra: string) => `---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: deny-all\nspec:\n  selector: role == 'db'\n${extra}  ingress:\n  - action: Deny\n`;
  const verdict = (extra: string) => {
    const ws = new Workspace();
    ws.setFile('w.yaml', hep + policy(extra));
    ws.analyzeAll();
    const r = traceFlow(ws, { endpoint: 'h1', direction: 'ingress', peerIp: '10.0.0.9', protocol: 'TCP', port: 5432 });
    assert.ok(r.ok);
    return r.trace;
  };
  assert.equal(verdict('').policy, 'deny-all');
  // A namespace selector: the policy is for workloads only; the host falls to its default.
  const scoped = verdict("  namespaceSelector: has(projectcalico.org/name)\n");
  assert.notEqual(scoped.policy, 'deny-all');
  assert.equal(scoped.stage, 'default');
  // A negated one is met by host endpoints, which have no namespace labels.
  assert.equal(verdict("  namespaceSelector: \"!has(team)\"\n").policy, 'deny-all');
});
