/**
 * Adversarial inputs for the whole analysis, held to linear work: each input is built at two
 * sizes, n and 4n, and the work of analysing it is counted (test/support/work-meter.ts, which
 * counts characters and elements scanned, never time). Linear work grows four-fold; the test
 * allows a little more (constant costs, logarithmic factors of sorting) and fails long before
 * the sixteen-fold growth of a quadratic algorithm. The inputs are the shapes that once were, or
 * could be, quadratic: many errors in one mapping or list, many documents, many directives, many
 * repeated keys, long selectors, many rules without replies (and fixing them), and the conntrack
 * family's flag strings, ConfigMap keys and environment lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace, fixAll, lintText } from '../../server/src/core';
import { growth } from '../support/work-meter';

const LIMIT = 5;

function gnp(spec: string): string {
  return `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n${spec}`;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

const CASES: Array<[string, (n: number) => string, number]> = [
  ['unknown fields in one mapping', (n) => gnp(`  selector: all()\n${range(n).map((i) => `  field${i}: 1\n`).join('')}`), 500],
  ['bad CIDRs on one line', (n) => `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: s\nspec:\n  nets: [${range(n).map((i) => `10.${i & 255}.0.1/33`).join(', ')}]\n`, 500],
  ['bad CIDRs in a block list', (n) => `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: s\nspec:\n  nets:\n${range(n).map((i) => `  - 10.${i & 255}.0.1/33\n`).join('')}`, 500],
  ['one key repeated', (n) => `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: s\n  labels:\n${range(n).map(() => '    a: b\n').join('')}spec:\n  nets: []\n`, 500],
  ['repeated keys and an anchor (the reference parser)', (n) => `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: &n s\n  labels:\n${range(n).map((i) => `    k${i % 7}: *n\n`).join('')}spec:\n  nets: []\n`, 500],
  ['many documents with an error each', (n) => range(n).map((i) => `---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: S${i}\nspec:\n  nets: [10.0.0.0/8]\n`).join(''), 200],
  ['many suppression directives', (n) => gnp(`  selector: all()\n${range(n).map((i) => `  # calico-ignore unknown-field\n  field${i}: 1\n`).join('')}`), 500],
  ['a long selector', (n) => gnp(`  selector: "${range(n).map((i) => `k${i} == 'v'`).join(' && ')}"\n`), 300],
  ['a broken long selector', (n) => gnp(`  selector: "${range(n).map((i) => `k${i} == 'v'`).join(' && ')} &&"\n`), 300],
  ['many ports with errors', (n) => gnp(`  selector: all()\n  ingress:\n  - action: Allow\n    protocol: TCP\n    destination:\n      ports: [${range(n).map(() => '0').join(', ')}]\n`), 500],
  ['many rules with errors', (n) => gnp(`  selector: all()\n  ingress:\n${range(n).map(() => '  - action: Alow\n').join('')}`), 300],
  // Quoted rather than a block scalar: the meter charges every internal step of the \`yaml\` package's
  // \`split\` on a block scalar's source with the whole source, which would look quadratic.
  ['many cilium_args flags, unknown and without values', (n) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: eni-config\n  namespace: kube-system\ndata:\n  10-terway.conf: '{"type": "terway", "cilium_args": "${range(n).map((i) => (i % 3 === 0 ? `--bpf-ct-x${i}` : i % 3 === 1 ? '--bpf-ct-global-tcp-max' : `--bpf-ct-timeout-regular-tcp ${i}`)).join(' ')}"}'\n`, 300],
  ['many cilium-config keys', (n) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n${range(n).map((i) => `  bpf-nat-key${i}: "${i}"\n  bpf-ct-timeout-regular-tcp: "${i}"\n`).join('')}`, 300],
  ['many conntrack-cleaner variables', (n) => `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: c\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          env:\n${range(n).map((i) => `            - name: CONNECTION_RENEWAL_THRESHOLD\n              value: "x${i}"\n`).join('')}`, 300],
  ['errors after a syntax error', (n) => gnp(`  selector: all()\n${range(n).map((i) => `  field${i}: 1\n`).join('')}  bad: [\n`), 500],
];

for (const [name, make, n] of CASES) {
  test(`linear work: ${name}`, () => {
    const g = growth(make, (text) => void lintText(text), n);
    assert.ok(g.ratio < LIMIT, `work grew ${g.ratio.toFixed(2)}× for 4× the input (${g.small} → ${g.large})`);
  });
}

/** An untracked policy whose n Allow rules have no reply rules. */
function untracked(n: number): string {
  const rules = range(n).map((i) => `  - action: Allow\n    protocol: TCP\n    source:\n      nets: [10.0.${(i >> 8) & 255}.${i & 255}/32]\n    destination:\n      ports: [${(i % 60000) + 1}]\n`).join('');
  return `apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: h\n  labels: {role: db}\nspec:\n  node: n1\n  interfaceName: eth0\n---\n${gnp(`  selector: role == 'db'\n  doNotTrack: true\n  applyOnForward: true\n  types: [Ingress, Egress]\n  ingress:\n${rules}  egress: []\n`)}`;
}

test('linear work: untracked rules without replies, checked', () => {
  const g = growth(untracked, (text) => void lintText(text), 100);
  assert.ok(g.ratio < LIMIT, `work grew ${g.ratio.toFixed(2)}× (${g.small} → ${g.large})`);
});

test('linear work: untracked rules without replies, fixed', () => {
  const g = growth(untracked, (text) => {
    const r = fixAll(text);
    // One "add every reply rule" fix, not one rule per pass until the passes run out.
    assert.equal(r.applied.length, 1, r.applied.join('; '));
    assert.deepEqual(lintText(r.text).filter((d) => d.code === 'untracked-asymmetric'), []);
  }, 50);
  assert.ok(g.ratio < LIMIT, `work grew ${g.ratio.toFixed(2)}× (${g.small} → ${g.large})`);
});

test('linear work: many files of one workspace, each with cross-file work', () => {
  const g = growth(
    (n) => String(n),
    (count) => {
      const ws = new Workspace();
      const n = Number(count);
      for (let i = 0; i < n; i++) ws.setFile(`f${i}`, untracked(2).replace(/name: h\b/, `name: h${i}`).replace(/name: p\b/, `name: p${i}`));
      ws.analyzeAll();
      for (let i = 0; i < n; i++) ws.diagnostics(`f${i}`);
    },
    50,
  );
  assert.ok(g.ratio < LIMIT, `work grew ${g.ratio.toFixed(2)}× (${g.small} → ${g.large})`);
});
