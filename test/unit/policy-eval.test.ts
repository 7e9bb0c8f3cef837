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
import { matchRule, type Packet } from '../../server/src/core/policy/match';
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
