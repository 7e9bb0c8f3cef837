/**
 * The field documentation shown on hover (server/src/core/features/field-docs.ts): every path it
 * lists exists in its kind's schema, walked strictly through `properties` and `items` (so a typo
 * cannot hide behind a map's additionalProperties), every link names a section that exists on
 * Calico's page (against test/fixtures/calico-docs-anchors.json, a snapshot of tigera/docs made by
 * scripts/docs-anchors.mjs), the fields the project promises are covered, and hover shows the
 * sentence, then the schema's facts, then the link.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace, getHover } from '../../server/src/core';
import { FIELD_DOCS, fieldDoc } from '../../server/src/core/features/field-docs';
import { FLAG_DOCS } from '../../server/src/core/features/flag-docs';
import { schemaFor } from '../../server/src/core/schema/catalog';

type Schema = Record<string, unknown>;

/** The schema at a dotted path with `[]` for list items, through `properties`/`items` only. */
function strictSchemaAt(kind: string, pattern: string): Schema | undefined {
  let s = schemaFor(kind) as Schema | undefined;
  const steps = pattern.split('.').flatMap((part) => {
    const out: string[] = [];
    let p = part;
    while (p.endsWith('[]')) {
      out.unshift('[]');
      p = p.slice(0, -2);
    }
    return [p, ...out];
  });
  for (const step of steps) {
    if (!s) return undefined;
    const branch = [s, ...(['allOf', 'anyOf', 'oneOf'] as const).flatMap((k) => (Array.isArray(s![k]) ? (s![k] as Schema[]) : []))];
    if (step === '[]') s = branch.map((b) => b['items'] as Schema | undefined).find(Boolean);
    else s = branch.map((b) => (b['properties'] as Record<string, Schema> | undefined)?.[step]).find(Boolean);
  }
  return s;
}

const ANCHORS = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'calico-docs-anchors.json'), 'utf8')) as { pages: Record<string, string[]> };

test('every documented path exists in its kind\'s schema', () => {
  const missing: string[] = [];
  let count = 0;
  for (const [kind, docs] of FIELD_DOCS) {
    for (const path of docs.keys()) {
      count++;
      if (!strictSchemaAt(kind, path)) missing.push(`${kind} ${path}`);
    }
  }
  assert.deepEqual(missing, []);
  assert.ok(count > 300, `only ${count} documented paths`);
});

test('the strict schema walk refuses a misspelled path (the check above can fail)', () => {
  assert.ok(strictSchemaAt('GlobalNetworkPolicy', 'spec.ingress[].source.nets'));
  assert.equal(strictSchemaAt('GlobalNetworkPolicy', 'spec.ingress[].source.net'), undefined);
  assert.equal(strictSchemaAt('GlobalNetworkPolicy', 'spec.ingress.source.nets'), undefined);
  assert.equal(strictSchemaAt('NetworkPolicy', 'spec.namespaceSelector'), undefined);
});

test('every link points at a section that exists on the Calico reference page', () => {
  const bad: string[] = [];
  for (const [kind, docs] of FIELD_DOCS) {
    for (const [path, doc] of docs) {
      const m = /^https:\/\/docs\.tigera\.io\/calico\/latest\/reference\/resources\/([a-z]+)#(.+)$/.exec(doc.url);
      if (!m || !ANCHORS.pages[m[1]!]?.includes(m[2]!)) bad.push(`${kind} ${path}: ${doc.url}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the fields the project promises are documented', () => {
  const want: Record<string, string[]> = {
    GlobalNetworkPolicy: ['order', 'tier', 'selector', 'namespaceSelector', 'serviceAccountSelector', 'types', 'ingress', 'egress', 'performanceHints'].map((f) => `spec.${f}`),
    NetworkPolicy: ['order', 'tier', 'selector', 'serviceAccountSelector', 'types', 'ingress', 'egress', 'performanceHints'].map((f) => `spec.${f}`),
    HostEndpoint: ['node', 'interfaceName', 'expectedIPs', 'profiles', 'ports'].map((f) => `spec.${f}`),
    GlobalNetworkSet: ['spec.nets'],
    NetworkSet: ['spec.nets'],
    Tier: ['spec.order', 'spec.defaultAction'],
    IPPool: ['cidr', 'blockSize', 'ipipMode', 'vxlanMode', 'natOutgoing', 'disabled', 'nodeSelector', 'allowedUses', 'disableBGPExport', 'assignmentMode'].map((f) => `spec.${f}`),
    BGPConfiguration: ['asNumber', 'nodeToNodeMeshEnabled', 'serviceClusterIPs', 'serviceExternalIPs'].map((f) => `spec.${f}`),
    BGPPeer: ['peerIP', 'asNumber', 'node', 'peerSelector', 'nodeSelector', 'password'].map((f) => `spec.${f}`),
    FelixConfiguration: [
      'bpfEnabled', 'bpfMapSizeConntrack', 'bpfMapSizeNATFrontend', 'bpfMapSizeNATBackend', 'bpfMapSizeRoute', 'bpfMapSizeIPSets', 'bpfConntrackTimeouts',
      'failsafeInboundHostPorts', 'failsafeOutboundHostPorts', 'defaultEndpointToHostAction', 'logSeverityScreen', 'iptablesBackend', 'routeRefreshInterval', 'reportingInterval',
    ].map((f) => `spec.${f}`),
  };
  const rule = ['action', 'protocol', 'notProtocol', 'ipVersion', 'icmp', 'notICMP', 'source', 'destination', 'http', 'metadata'];
  const entity = ['nets', 'notNets', 'selector', 'notSelector', 'namespaceSelector', 'ports', 'notPorts', 'serviceAccounts', 'services'];
  for (const kind of ['GlobalNetworkPolicy', 'NetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedNetworkPolicy']) {
    for (const dir of ['ingress', 'egress']) {
      (want[kind] ??= []).push(...rule.map((f) => `spec.${dir}[].${f}`));
      for (const side of ['source', 'destination']) want[kind]!.push(...entity.map((f) => `spec.${dir}[].${side}.${f}`));
      want[kind]!.push(`spec.${dir}[].icmp.type`, `spec.${dir}[].icmp.code`, `spec.${dir}[].http.methods`, `spec.${dir}[].http.paths`, `spec.${dir}[].http.paths[].exact`, `spec.${dir}[].http.paths[].prefix`);
    }
  }
  const missing = Object.entries(want).flatMap(([kind, paths]) => paths.filter((p) => !FIELD_DOCS.get(kind)?.has(p)).map((p) => `${kind} ${p}`));
  assert.deepEqual(missing, []);
  // The untracked flags have their own, longer hovers.
  for (const flag of ['doNotTrack', 'preDNAT', 'applyOnForward']) assert.ok(FLAG_DOCS[flag]);
});

test('the texts are short, ours, and not the CRD descriptions', () => {
  for (const docs of FIELD_DOCS.values()) {
    for (const [path, doc] of docs) {
      assert.ok(doc.text.length >= 20 && doc.text.length <= 420, `${path}: ${doc.text.length} characters`);
      assert.ok(!doc.text.includes('$[prodname]'), path);
    }
  }
});

function hoverAt(text: string, needle: string, index = 0) {
  const ws = new Workspace();
  ws.setFile('f', text);
  let at = -1;
  for (let i = 0; i <= index; i++) at = text.indexOf(needle, at + 1);
  return getHover(ws, 'f', at + 1);
}

test('hover shows our sentence, then the schema facts, then the reference link', () => {
  const text = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  types: [Ingress]\n  ingress:\n    - action: Allow\n      protocol: TCP\n      source:\n        notNets: [10.0.0.0/8]\n';
  const h = hoverAt(text, 'notNets')!;
  const [first, facts, link] = h.contents.split('\n\n');
  assert.equal(first, `**notNets** — ${fieldDoc('GlobalNetworkPolicy', ['spec', 'ingress', 0, 'source', 'notNets'])!.text}`);
  assert.match(facts!, /^list of string/);
  assert.equal(link, '[Calico reference: GlobalNetworkPolicy: EntityRule](https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy#entityrule)');
  const action = hoverAt(text, 'action')!;
  assert.match(action.contents, /^\*\*action\*\* \(required\) — `Allow` and `Deny` decide at once/);
  assert.match(action.contents, /one of `Allow`, `Deny`, `Log`, `Pass`/);
  assert.match(action.contents, /globalnetworkpolicy#rule\)$/);
});

test('hover on a Felix field links its own entry; undocumented fields keep the schema line', () => {
  const felix = 'apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata:\n  name: default\nspec:\n  bpfMapSizeConntrack: 1024000\n  failsafeInboundHostPorts:\n    - protocol: tcp\n      port: 22\n  sidecarAccelerationEnabled: false\n';
  assert.match(hoverAt(felix, 'bpfMapSizeConntrack')!.contents, /felixconfig#bpfMapSizeConntrack\)$/);
  assert.match(hoverAt(felix, 'port:')!.contents, /felixconfig#protoport\)$/);
  assert.equal(hoverAt(felix, 'sidecarAccelerationEnabled')!.contents, '**sidecarAccelerationEnabled**: boolean');
});
