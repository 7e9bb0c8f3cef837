/**
 * The exact untracked symmetry check at scale and across edits that change nothing but text.
 *
 * A comment typed into an untracked policy re-analyses its document, so its resources come back
 * as new objects with shifted spans. The evaluation model's caches are validated by content
 * (fingerprints per label class, `core/util/hash.ts`), so such an edit must cost about what a
 * publish with no edit costs, not a re-judgement of every untracked policy at the same host
 * endpoints (counted with test/support/work-meter.ts, never timed); and what it reports must
 * equal a fresh build's, including related locations that moved.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/core';
import { measure } from '../support/work-meter';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function hosts(n: number): string {
  return range(n)
    .map((i) => `---\napiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: h${i}\n  labels: {cache: server, rack: r${i % 3}}\nspec:\n  node: n${i}\n  interfaceName: eth0\n  expectedIPs: [10.0.0.${(i % 250) + 1}]\n`)
    .join('');
}

/** Untracked services, each with its reply rule, all at the same endpoints. */
function services(n: number): string {
  return range(n)
    .map(
      (i) =>
        `---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: svc-${i}\nspec:\n  selector: cache == 'server'\n  order: ${100 + i}\n  doNotTrack: true\n  applyOnForward: true\n  ingress:\n  - action: Allow\n    protocol: TCP\n    source:\n      nets: [192.168.${i % 200}.0/24]\n    destination:\n      ports: [${2000 + i}]\n  egress:\n  - action: Allow\n    protocol: TCP\n    source:\n      ports: [${2000 + i}]\n    destination:\n      nets: [192.168.${i % 200}.0/24]\n`,
    )
    .join('');
}

// An earlier untracked policy whose Deny drops the replies of svc-0 (egress to its clients).
const BLOCKER = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: blocker
spec:
  selector: has(cache)
  order: 10
  doNotTrack: true
  applyOnForward: true
  egress:
  - action: Deny
    protocol: TCP
    destination:
      nets: [192.168.0.0/24]
`;

function build(n: number): Workspace {
  const ws = new Workspace();
  ws.setFile('hosts.yaml', hosts(30));
  ws.setFile('services.yaml', services(n));
  ws.setFile('blocker.yaml', BLOCKER);
  ws.analyzeAll();
  ws.diagnostics('services.yaml');
  return ws;
}

/** Offset of a line that starts inside the document of policy `svc-k`. */
function insideService(ws: Workspace, k: number): number {
  const f = ws.getFile('services.yaml')!;
  const d = f.documents()[k]!;
  const text = f.slice(d.start, d.end);
  return d.start + text.indexOf('  doNotTrack');
}

function comparable(ws: Workspace, file: string): unknown {
  return ws.diagnostics(file).map((d) => ({ code: d.code, start: d.start, end: d.end, message: d.message, related: d.related }));
}

test('untracked-asymmetric: a comment typed into an untracked policy costs the same with 40 or 400 neighbours, not a re-judgement of them', () => {
  const editWork = (n: number): { ws: Workspace; work: number } => {
    const ws = build(n);
    const at = insideService(ws, n / 2);
    // The publish with no edit first: what a comment edit may cost beyond its own document.
    ws.diagnostics('services.yaml');
    const work = measure(() => {
      ws.applyChanges('services.yaml', [{ start: at, end: at, text: '  # a comment\n' }]);
      ws.diagnostics('services.yaml');
    });
    return { ws, work };
  };
  const small = editWork(40).work;
  const { ws, work: large } = editWork(400);
  // The edited document is parsed and analysed again, and the publish walks the file; a
  // re-judgement of the neighbours at the shared endpoints would grow tenfold with them.
  assert.ok(large < small * 2, `a comment edit did ${large} units of work among 400 policies, ${small} among 40`);
  // And a real change still re-judges: svc-200 loses its reply rule.
  const f = ws.getFile('services.yaml')!;
  const d = f.documents()[200]!;
  const text = f.slice(d.start, d.end);
  const egress = d.start + text.indexOf('  egress:');
  ws.applyChanges('services.yaml', [{ start: egress, end: d.end, text: '' }]);
  const after = ws.diagnostics('services.yaml').filter((x) => x.code === 'untracked-asymmetric');
  assert.equal(after.length, 2, 'svc-0 (blocked) and svc-200 (no reply rule)');
});

test('untracked-asymmetric: after comment edits the Deny named in related information is where a fresh build finds it', () => {
  const ws = build(5);
  const before = ws.diagnostics('services.yaml').filter((d) => d.code === 'untracked-asymmetric');
  assert.equal(before.length, 1);
  assert.equal(before[0]!.related?.[0]?.message, 'this Deny drops the replies');
  // Comments above the Deny shift it within its document; the HostEndpoints move too.
  const blocker = ws.getFile('blocker.yaml')!;
  const egress = blocker.text.indexOf('  egress:');
  ws.applyChanges('blocker.yaml', [{ start: egress, end: egress, text: '  # one\n  # two\n' }]);
  ws.applyChanges('hosts.yaml', [{ start: 0, end: 0, text: '# hosts\n' }]);
  const fresh = new Workspace();
  for (const id of ['hosts.yaml', 'services.yaml', 'blocker.yaml']) fresh.setFile(id, ws.getFile(id)!.text);
  fresh.analyzeAll();
  assert.deepEqual(comparable(ws, 'services.yaml'), comparable(fresh, 'services.yaml'));
  const related = ws.diagnostics('services.yaml').find((d) => d.code === 'untracked-asymmetric')!.related![0]!;
  const slotStart = ws.getFile('blocker.yaml')!.documents()[0]!.start;
  assert.equal(ws.getFile('blocker.yaml')!.text.slice(slotStart + related.start, slotStart + related.start + 12), 'action: Deny');
});

test('policy content (what caches are validated by) does not change when a comment moves the spans, named ports included', async () => {
  const { policyContent } = await import('../../server/src/core/policy/model');
  const doc = (comment: string) => `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  selector: role == 'db'\n  tier: default\n  doNotTrack: true\n  applyOnForward: true\n  ingress:\n${comment}  - action: Allow\n    protocol: TCP\n    destination:\n      ports: [5432, postgres]\n`;
  const contentOf = (text: string) => {
    const ws = new Workspace();
    ws.setFile('f', text);
    ws.analyzeAll();
    const [entry] = [...(ws.index.policies as unknown as { policies: Map<string, { name: string; policy: Parameters<typeof policyContent>[1] }> }).policies.values()];
    return policyContent(entry!.name, entry!.policy);
  };
  assert.equal(contentOf(doc('  # a comment\n  # and another\n')), contentOf(doc('')));
  assert.notEqual(contentOf(doc('').replace('5432', '5433')), contentOf(doc('')));
});
