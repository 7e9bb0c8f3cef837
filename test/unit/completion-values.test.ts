/**
 * Completion of values inside lists (`types` in flow and block form, any list whose items the
 * schema enumerates), of protocols (with their documentation), and where whole-resource snippets
 * are offered: only where a resource can start. The cursor is marked with `|`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace, getCompletions, type CompletionEntry } from '../../server/src/core';

function complete(marked: string, snippets = true): { items: CompletionEntry[]; text: string; offset: number } {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const ws = new Workspace();
  ws.setFile('f', text);
  return { items: getCompletions(ws, 'f', offset, { snippets }), text, offset };
}

const labels = (marked: string, snippets = true) => complete(marked, snippets).items.map((i) => i.label);
const values = (marked: string) => complete(marked).items.filter((i) => i.kind === 'value').map((i) => i.label);
const snippetsAt = (marked: string) => complete(marked).items.filter((i) => i.kind === 'snippet').map((i) => i.label);

const GNP = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n';

test('types in flow form offers the directions not listed yet', () => {
  assert.deepEqual(labels(`${GNP}  types: [ | ]\n`), ['Ingress', 'Egress']);
  assert.deepEqual(labels(`${GNP}  types: [|]\n`), ['Ingress', 'Egress']);
  assert.deepEqual(labels(`${GNP}  types: [Ingress, |]\n`), ['Egress']);
  assert.deepEqual(labels(`${GNP}  types: [|, Egress]\n`), ['Ingress']);
  assert.deepEqual(labels(`${GNP}  types: ['Egress', |]\n`), ['Ingress']);
  assert.deepEqual(labels(`${GNP}  types: [Ingress, Egress, |]\n`), []);
});

test('a flow item replaces the word typed so far, inside quotes too', () => {
  const typed = complete(`${GNP}  types: [Ingress, Eg|]\n`);
  const e = typed.items.find((i) => i.label === 'Egress')!;
  assert.equal(typed.text.slice(e.start, e.end), 'Eg');
  assert.equal(e.end, typed.offset);
  const quoted = complete(`${GNP}  types: ["In|"]\n`);
  const q = quoted.items.find((i) => i.label === 'Ingress')!;
  assert.equal(quoted.text.slice(q.start, q.end), 'In');
});

test('types in block form offers the directions not listed yet, indented or not', () => {
  assert.deepEqual(values(`${GNP}  types:\n    - |\n`), ['Ingress', 'Egress']);
  assert.deepEqual(values(`${GNP}  types:\n  - |\n`), ['Ingress', 'Egress']);
  assert.deepEqual(values(`${GNP}  types:\n    - Egress\n    - |\n`), ['Ingress']);
  assert.deepEqual(values(`${GNP}  types:\n    - |\n    - "Ingress"  # first\n`), ['Egress']);
  // Only field names, never the directions, where a list holds mappings (rules).
  const rule = labels(`${GNP}  ingress:\n    - |\n`);
  assert.ok(rule.includes('action') && rule.includes('protocol'));
  assert.ok(!rule.includes('Ingress'));
});

test('items of any list whose schema enumerates them are completed (generic)', () => {
  const pool = 'apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.0.0.0/16\n';
  assert.deepEqual(labels(`${pool}  allowedUses: [Workload, |]\n`), ['Tunnel', 'LoadBalancer']);
  assert.deepEqual(values(`${pool}  allowedUses:\n    - |\n`), ['Workload', 'Tunnel', 'LoadBalancer']);
  // A list of free text (nets) offers nothing.
  assert.deepEqual(labels('apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: s\nspec:\n  nets: [|]\n'), []);
});

test('protocol and notProtocol offer the names Calico accepts, with documentation and the numbers', () => {
  for (const field of ['protocol', 'notProtocol']) {
    const items = complete(`${GNP}  ingress:\n    - action: Allow\n      ${field}: |\n`).items;
    assert.deepEqual(items.map((i) => i.label), ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite']);
    const tcp = items.find((i) => i.label === 'TCP')!;
    assert.match(tcp.documentation!, /IP protocol 6\b/);
    assert.match(tcp.documentation!, /1–255/);
    assert.match(items.find((i) => i.label === 'UDPLite')!.documentation!, /136/);
  }
  // On the item's own line too, and in egress of a namespaced policy.
  const np = GNP.replace('GlobalNetworkPolicy', 'NetworkPolicy');
  assert.deepEqual(labels(`${np}  egress:\n    - protocol: |\n`), ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite']);
  // A HostEndpoint named port: only the protocols that carry ports.
  const hep = 'apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: h\nspec:\n  node: n\n  ports:\n    - name: https\n      port: 443\n      protocol: |\n';
  assert.deepEqual(labels(hep), ['TCP', 'UDP', 'SCTP']);
});

test('action values and booleans are still completed after key: ', () => {
  assert.deepEqual(labels(`${GNP}  egress:\n    - action: |\n`), ['Allow', 'Deny', 'Log', 'Pass']);
  assert.deepEqual(labels(`${GNP}  preDNAT: |\n`), ['true', 'false']);
});

test('snippets are offered in an empty document, after comments, and after ---', () => {
  const all = ['calico-untracked-pair', 'calico-globalnetworkpolicy'];
  for (const marked of ['|', 'calico|', '# policies\n|\n', `${GNP}  selector: all()\n---\n|`, `${GNP}  selector: all()\n---\ncal|\n`, '%YAML 1.2\n---\n|']) {
    const got = snippetsAt(marked);
    for (const s of all) assert.ok(got.includes(s), `${JSON.stringify(marked)} should offer ${s}`);
  }
});

test('snippets are never offered inside a resource, at a value, or on a line that holds a key', () => {
  const cases = [
    `${GNP}|`, // column 0 of a document that already has top-level keys
    `${GNP}  |`, // inside spec
    `${GNP}  ingress:\n    - |\n`, // a list item
    `${GNP}  selector: |\n`, // a value
    'apiVersion: projectcalico.org/v3\n|\n', // apiVersion already written
    '|\nkind: GlobalNetworkPolicy\n', // kind written below the cursor
    '|apiVersion: projectcalico.org/v3\n', // the line holds a key after the cursor
    '---|\n',
    '- |\n',
  ];
  for (const marked of cases) assert.deepEqual(snippetsAt(marked), [], JSON.stringify(marked));
  // And never when the client has them already.
  assert.deepEqual(complete('|', false).items.filter((i) => i.kind === 'snippet'), []);
});
