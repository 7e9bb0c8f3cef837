/**
 * Navigation from the core, on strings: outline, go to definition, references, code lenses and
 * workspace symbols, across files, with exact spans (checked against the text itself), and kept
 * up to date by edits (compared with a fresh workspace).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace, codeLenses, documentSymbols, findDefinition, findReferences, resolveCodeLens, workspaceSymbols, type NavLocation } from '../../server/src/core';

const HEPS = `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: mc-1
  labels: {memcached: server, rack: r1}
spec:
  node: node-1
  interfaceName: eth0
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: web-1
  labels:
    role: web
spec:
  node: node-2
  interfaceName: eth0
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata:
  name: clients
  labels: {memcached: client}
spec:
  nets: [10.1.0.0/16]
---
apiVersion: projectcalico.org/v3
kind: NetworkSet
metadata:
  name: app-clients
  namespace: app
  labels: {memcached: client}
spec:
  nets: [10.2.0.0/16]
---
apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: platform
spec:
  order: 100
`;

const POLICIES = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: platform.memcached-untracked
spec:
  tier: platform
  selector: memcached == 'server'
  doNotTrack: true
  applyOnForward: true
  ingress:
  - action: Allow
    protocol: TCP
    source:
      selector: memcached == 'client'
    destination:
      ports: [11211, "12000:12010"]
  egress:
  - action: Allow
    protocol: TCP
    source:
      ports: [11211]
    destination:
      selector: memcached == 'client'
      namespaceSelector: global()
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: all-hosts
spec:
  selector: all()
  ingress:
  - action: Deny
    source:
      notSelector: role == 'web'
---
apiVersion: projectcalico.org/v3
kind: StagedGlobalNetworkPolicy
metadata:
  name: staged-mc
spec:
  selector: has(memcached)
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: app-policy
  namespace: app
spec:
  selector: memcached == 'server'
  ingress:
  - action: Allow
    source:
      selector: memcached == 'client'
`;

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace();
  for (const [id, text] of Object.entries(files)) ws.setFile(id, text);
  ws.analyzeAll();
  return ws;
}

/** The offset of the `occurrence`-th `needle` in `text`, plus `delta`. */
function offsetOf(text: string, needle: string, delta = 0, occurrence = 0): number {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `'${needle}' not found`);
  }
  return at + delta;
}

/** Each location as `file:text` (the text it covers), to check spans against the text itself. */
function texts(ws: Workspace, list: readonly NavLocation[]): string[] {
  return list.map((l) => `${l.fileId}:${ws.getFile(l.fileId)!.slice(l.start, l.end)}`);
}

const files = { 'heps.yaml': HEPS, 'policies.yaml': POLICIES };

test('outline: one symbol per resource, rules as children, selection on the name', () => {
  const ws = workspace(files);
  const symbols = documentSymbols(ws, 'policies.yaml');
  assert.deepEqual(
    symbols.map((s) => [s.name, s.detail, s.children.map((c) => c.name)]),
    [
      ['GlobalNetworkPolicy platform.memcached-untracked', undefined, ['ingress[0] Allow TCP → 11211, 12000:12010', 'egress[0] Allow TCP']],
      ['GlobalNetworkPolicy all-hosts', undefined, ['ingress[0] Deny']],
      ['StagedGlobalNetworkPolicy staged-mc', undefined, []],
      ['NetworkPolicy app-policy', 'app', ['ingress[0] Allow']],
    ],
  );
  const first = symbols[0]!;
  assert.equal(POLICIES.slice(first.selectionStart, first.selectionEnd), 'platform.memcached-untracked');
  assert.equal(first.start, 0);
  assert.ok(POLICIES.slice(first.start, first.end).trimEnd().endsWith('namespaceSelector: global()'));
  const rule = first.children[0]!;
  assert.ok(POLICIES.slice(rule.start, rule.end).startsWith('action: Allow'));
  assert.ok(POLICIES.slice(rule.start, rule.end).trimEnd().endsWith('ports: [11211, "12000:12010"]'));
  // Every child lies inside its parent, and every selection inside its range (LSP requires it).
  for (const s of symbols) {
    assert.ok(s.start <= s.selectionStart && s.selectionEnd <= s.end);
    for (const c of s.children) assert.ok(s.start <= c.start && c.end <= s.end);
  }
});

test('outline: a resource without a name is selected on its kind; other YAML gets nothing', () => {
  const ws = workspace({ a: 'apiVersion: projectcalico.org/v3\nkind: Tier\nspec:\n  order: 1\n', b: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n', c: 'key: [unclosed\n' });
  const [tier] = documentSymbols(ws, 'a');
  assert.equal(tier!.name, 'Tier');
  assert.equal(ws.getFile('a')!.slice(tier!.selectionStart, tier!.selectionEnd), 'Tier');
  assert.deepEqual(documentSymbols(ws, 'b'), []);
  assert.deepEqual(documentSymbols(ws, 'c'), []);
  assert.deepEqual(documentSymbols(ws, 'missing'), []);
});

test('outline: CRLF and non-ASCII text keep exact spans', () => {
  const text = 'apiVersion: projectcalico.org/v3\r\nkind: GlobalNetworkPolicy\r\nmetadata:\r\n  name: café-🙂\r\nspec:\r\n  ingress:\r\n  - action: Allow\r\n    protocol: UDP\r\n    destination: {ports: [53]}\r\n';
  const ws = workspace({ f: text });
  const [p] = documentSymbols(ws, 'f');
  assert.equal(text.slice(p!.selectionStart, p!.selectionEnd), 'café-🙂');
  assert.equal(p!.children[0]!.name, 'ingress[0] Allow UDP → 53');
});

test('definition: a policy selector goes to the host endpoints it selects, on their names', () => {
  const ws = workspace(files);
  const at = offsetOf(POLICIES, "memcached == 'server'", 3);
  assert.deepEqual(texts(ws, findDefinition(ws, 'policies.yaml', at)), ['heps.yaml:mc-1']);
  assert.deepEqual(texts(ws, findDefinition(ws, 'policies.yaml', offsetOf(POLICIES, 'all()'))), ['heps.yaml:mc-1', 'heps.yaml:web-1']);
  // A namespaced policy applies only to workloads of its namespace, never to host endpoints.
  assert.deepEqual(findDefinition(ws, 'policies.yaml', offsetOf(POLICIES, "memcached == 'server'", 2, 1)), []);
});

test('definition: rule selectors reach network sets within their scope', () => {
  const ws = workspace(files);
  // A cluster-wide policy's rule: the GlobalNetworkSet and NetworkSets of every namespace.
  assert.deepEqual(texts(ws, findDefinition(ws, 'policies.yaml', offsetOf(POLICIES, "memcached == 'client'", 1))), ['heps.yaml:clients', 'heps.yaml:app-clients']);
  // namespaceSelector: global() limits it to cluster-scoped sets; the namespaceSelector itself leads to the same.
  assert.deepEqual(texts(ws, findDefinition(ws, 'policies.yaml', offsetOf(POLICIES, "memcached == 'client'", 1, 1))), ['heps.yaml:clients']);
  assert.deepEqual(texts(ws, findDefinition(ws, 'policies.yaml', offsetOf(POLICIES, 'global()', 1))), ['heps.yaml:clients']);
  // A namespaced policy's rule: NetworkSets of its own namespace.
  assert.deepEqual(texts(ws, findDefinition(ws, 'policies.yaml', offsetOf(POLICIES, "memcached == 'client'", 1, 2))), ['heps.yaml:app-clients']);
  // notSelector: what it excludes.
  assert.deepEqual(texts(ws, findDefinition(ws, 'policies.yaml', offsetOf(POLICIES, "role == 'web'", 1))), ['heps.yaml:web-1']);
});

test('definition: tier goes to the Tier; nothing navigable gives nothing', () => {
  const ws = workspace(files);
  assert.deepEqual(texts(ws, findDefinition(ws, 'policies.yaml', offsetOf(POLICIES, 'tier: platform', 7))), ['heps.yaml:platform']);
  assert.deepEqual(findDefinition(ws, 'policies.yaml', offsetOf(POLICIES, 'doNotTrack')), []);
  assert.deepEqual(findDefinition(ws, 'policies.yaml', -5), []);
  assert.deepEqual(findDefinition(ws, 'policies.yaml', POLICIES.length + 100), []);
  assert.deepEqual(findDefinition(ws, 'nope', 0), []);
});

test('references: from a host endpoint (name or labels) to the cluster-wide policies selecting it', () => {
  const ws = workspace(files);
  const expected = ['policies.yaml:platform.memcached-untracked', 'policies.yaml:all-hosts', 'policies.yaml:staged-mc'];
  assert.deepEqual(texts(ws, findReferences(ws, 'heps.yaml', offsetOf(HEPS, 'mc-1', 2), false)), expected);
  assert.deepEqual(texts(ws, findReferences(ws, 'heps.yaml', offsetOf(HEPS, 'rack: r1'), false)), expected);
  assert.deepEqual(texts(ws, findReferences(ws, 'heps.yaml', offsetOf(HEPS, 'mc-1'), true)), ['heps.yaml:mc-1', ...expected]);
  assert.deepEqual(texts(ws, findReferences(ws, 'heps.yaml', offsetOf(HEPS, 'role: web'), false)), ['policies.yaml:all-hosts']);
  // Elsewhere in the host endpoint (its spec) there is nothing to find.
  assert.deepEqual(findReferences(ws, 'heps.yaml', offsetOf(HEPS, 'node-1'), false), []);
});

test('references: from a network set to the rule selectors matching it; from a tier to its policies', () => {
  const ws = workspace(files);
  // all-hosts' rule matches everything but role == 'web' (a notSelector alone), so it counts too.
  const client = "policies.yaml:memcached == 'client'";
  assert.deepEqual(texts(ws, findReferences(ws, 'heps.yaml', offsetOf(HEPS, 'clients', 1), false)), [client, client, "policies.yaml:role == 'web'"]);
  const appRefs = findReferences(ws, 'heps.yaml', offsetOf(HEPS, 'app-clients'), false);
  assert.deepEqual(texts(ws, appRefs), [client, "policies.yaml:role == 'web'", client]);
  // The cluster-wide rule and the namespaced policy's rule; not the egress rule limited by global().
  assert.deepEqual(appRefs.map((l) => l.start), [offsetOf(POLICIES, "memcached == 'client'"), offsetOf(POLICIES, "role == 'web'"), offsetOf(POLICIES, "memcached == 'client'", 0, 2)].sort((a, b) => a - b));
  assert.deepEqual(texts(ws, findReferences(ws, 'heps.yaml', offsetOf(HEPS, 'platform'), true)), ['heps.yaml:platform', 'policies.yaml:platform.memcached-untracked']);
  assert.deepEqual(texts(ws, findReferences(ws, 'policies.yaml', offsetOf(POLICIES, 'tier: platform', 8), false)), ['policies.yaml:platform.memcached-untracked']);
  // From a selector: what it selects.
  assert.deepEqual(texts(ws, findReferences(ws, 'policies.yaml', offsetOf(POLICIES, 'has(memcached)'), false)), ['heps.yaml:mc-1']);
});

test('code lenses: above host endpoints and cluster-wide policies, resolved with counts and names', () => {
  const ws = workspace(files);
  const heps = codeLenses(ws, 'heps.yaml');
  assert.deepEqual(heps.map((l) => [l.kind, HEPS.slice(l.start, l.end)]), [['hostEndpoint', 'mc-1'], ['hostEndpoint', 'web-1']]);
  const mc = resolveCodeLens(ws, 'heps.yaml', heps[0]!.start)!;
  // The staged policy does not apply (it enforces nothing), so it is not counted.
  assert.equal(mc.title, '2 policies apply (untracked: platform.memcached-untracked)');
  assert.deepEqual(texts(ws, mc.locations), ['policies.yaml:platform.memcached-untracked', 'policies.yaml:all-hosts']);
  assert.equal(resolveCodeLens(ws, 'heps.yaml', heps[1]!.start)!.title, '1 policy applies (untracked: none)');
  const policies = codeLenses(ws, 'policies.yaml');
  assert.deepEqual(policies.map((l) => POLICIES.slice(l.start, l.end)), ['platform.memcached-untracked', 'all-hosts', 'staged-mc']);
  assert.deepEqual(policies.map((l) => resolveCodeLens(ws, 'policies.yaml', l.start)!.title), ['selects 1 host endpoint', 'selects 2 host endpoints', 'selects 1 host endpoint']);
  assert.deepEqual(texts(ws, resolveCodeLens(ws, 'policies.yaml', policies[1]!.start)!.locations), ['heps.yaml:mc-1', 'heps.yaml:web-1']);
  assert.deepEqual(codeLenses(ws, 'nope'), []);
  assert.equal(resolveCodeLens(ws, 'heps.yaml', offsetOf(HEPS, 'clients', 1)), undefined);
});

test('code lenses follow edits: counts change when a host endpoint is added or relabelled', () => {
  const ws = workspace(files);
  const lensTitle = () => resolveCodeLens(ws, 'policies.yaml', codeLenses(ws, 'policies.yaml')[1]!.start)!.title;
  assert.equal(lensTitle(), 'selects 2 host endpoints');
  ws.setFile('more.yaml', HEPS.replace('name: mc-1', 'name: mc-2').split('---')[0]!);
  ws.analyzeAll();
  assert.equal(lensTitle(), 'selects 3 host endpoints');
  const text = ws.getFile('heps.yaml')!.text;
  const at = text.indexOf('memcached: server');
  ws.applyChanges('heps.yaml', [{ start: at, end: at + 'memcached: server'.length, text: 'memcached: gone' }]);
  ws.analyzeAll();
  const mcLens = codeLenses(ws, 'heps.yaml')[0]!;
  assert.equal(resolveCodeLens(ws, 'heps.yaml', mcLens.start)!.title, '1 policy applies (untracked: none)');
  ws.removeFile('more.yaml');
  assert.equal(lensTitle(), 'selects 2 host endpoints');
});

test('locations stay exact after edits before the target document', () => {
  const ws = workspace(files);
  const sel = offsetOf(POLICIES, "memcached == 'server'", 3);
  ws.applyChanges('heps.yaml', [{ start: 0, end: 0, text: '# a comment that moves everything\n' }]);
  ws.analyzeAll();
  assert.deepEqual(texts(ws, findDefinition(ws, 'policies.yaml', sel)), ['heps.yaml:mc-1']);
  // An edit inside the first document changes it (new slot) while the others only shift.
  const t = ws.getFile('heps.yaml')!.text;
  const at = t.indexOf('node-1');
  ws.applyChanges('heps.yaml', [{ start: at, end: at, text: 'xx' }]);
  ws.analyzeAll();
  assert.deepEqual(texts(ws, findDefinition(ws, 'policies.yaml', offsetOf(POLICIES, 'all()'))), ['heps.yaml:mc-1', 'heps.yaml:web-1']);
  assert.deepEqual(texts(ws, findDefinition(ws, 'policies.yaml', offsetOf(POLICIES, 'tier: platform', 7))), ['heps.yaml:platform']);
});

test('random edits: navigation answers equal those of a fresh workspace', () => {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const ws = workspace(files);
  const snippets = ['role: web', 'memcached: server', 'memcached: client', '---\n', 'x', '', 'tier: platform', 'selector: all()'];
  for (let step = 0; step < 60; step++) {
    const id = rand(2) === 0 ? 'heps.yaml' : 'policies.yaml';
    const f = ws.getFile(id)!;
    const start = rand(f.length + 1);
    const end = Math.min(f.length, start + rand(12));
    ws.applyChanges(id, [{ start, end, text: snippets[rand(snippets.length)]! }]);
    ws.analyzeAll();
    const fresh = workspace({ 'heps.yaml': ws.getFile('heps.yaml')!.text, 'policies.yaml': ws.getFile('policies.yaml')!.text });
    for (const fid of ['heps.yaml', 'policies.yaml']) {
      const len = ws.getFile(fid)!.length;
      for (let k = 0; k < 6; k++) {
        const at = rand(len + 1);
        assert.deepEqual(findDefinition(ws, fid, at), findDefinition(fresh, fid, at), `definition at ${fid}:${at} after step ${step}`);
        assert.deepEqual(findReferences(ws, fid, at, true), findReferences(fresh, fid, at, true), `references at ${fid}:${at} after step ${step}`);
      }
      const lenses = codeLenses(ws, fid);
      assert.deepEqual(lenses, codeLenses(fresh, fid));
      for (const l of lenses) assert.deepEqual(resolveCodeLens(ws, fid, l.start), resolveCodeLens(fresh, fid, l.start));
    }
    assert.deepEqual(workspaceSymbols(ws, ''), workspaceSymbols(fresh, ''));
  }
});

test('workspace symbols: substring matches first, then loose ones, capped, located on names', () => {
  const ws = workspace(files);
  assert.deepEqual(
    workspaceSymbols(ws, 'MC').map((s) => [s.name, s.kind]),
    [['mc-1', 'HostEndpoint'], ['platform.memcached-untracked', 'GlobalNetworkPolicy'], ['staged-mc', 'StagedGlobalNetworkPolicy']],
  );
  const [app] = workspaceSymbols(ws, 'app-c');
  assert.equal(app!.namespace, 'app');
  assert.deepEqual(texts(ws, [app!.location]), ['heps.yaml:app-clients']);
  assert.deepEqual(workspaceSymbols(ws, 'apcl').map((s) => s.name), ['app-clients']);
  assert.equal(workspaceSymbols(ws, '').length, 9);
  assert.equal(workspaceSymbols(ws, '', 3).length, 3);
  assert.deepEqual(workspaceSymbols(ws, 'zzz'), []);
});

test('an empty tier is the default tier: definition goes to the Tier named default, references include the policies without a tier', () => {
  const tierDefault = `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: default\nspec:\n  order: 1000000\n`;
  const gnp = (name: string, tier: string) => `---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${tier}  selector: all()\n  ingress:\n  - action: Allow\n`;
  const text = gnp('empty', '  tier: ""\n') + gnp('none', '');
  const ws = workspace({ 't.yaml': tierDefault, 'p.yaml': text });
  const at = text.indexOf('tier: ""') + 7;
  assert.deepEqual(texts(ws, findDefinition(ws, 'p.yaml', at)), ['t.yaml:default']);
  assert.deepEqual(texts(ws, findReferences(ws, 'p.yaml', at, false)).sort(), ['p.yaml:empty', 'p.yaml:none']);
});
