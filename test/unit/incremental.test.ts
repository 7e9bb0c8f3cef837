/**
 * Proves the incremental path: a file edited through `Workspace.applyChanges` (what the language
 * server does for every keystroke) must end up with exactly the documents and diagnostics of a
 * fresh analysis of the same final text.
 *
 * Seeded random edit sequences run over generated multi-document files: insertions, deletions and
 * replacements anywhere (across `---` boundaries too), inserting and removing `---` lines, edits at
 * the very start and end, CRLF and lone CR text, several changes in one call, whole-text
 * replacements, and analysis interrupted between edits (as the server's sliced scheduler does).
 * A failure message prints the seed, the initial text and the edits, which is a complete
 * reproducer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace, type TextChange } from '../../server/src/core';
import { splitSegments } from '../../server/src/core/yaml/segments';
import { report, scaled } from '../support/fuzz-scale';
import { random, type Rand } from '../support/random';


// Documents of every flavour the segment splitter and the analysis must handle: valid and invalid
// Calico resources, non-Calico YAML, syntax errors, comments, directives, document end markers,
// anchors and merges, block scalars holding marker-like text, suppression comments, templates.
const DOCUMENTS: readonly string[] = [
  `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: memcached-untracked
spec:
  selector: memcached == 'server'
  order: 10
  applyOnForward: true
  doNotTrack: true
  ingress:
    - action: Allow
      protocol: TCP
      source:
        selector: memcached == 'client'
      destination:
        ports: [11211]
  egress:
    - action: Allow
      protocol: TCP
      source:
        ports: [11211]
      destination:
        selector: memcached == 'client'
`,
  `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: node1-eth0
  labels:
    memcached: server
spec:
  node: node1
  interfaceName: eth0
  expectedIPs: [10.0.0.1]
`,
  `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: typo
spec:
  selecter: app == 'x'
  order: high
  doNotTrack: true
  ingress:
  - action: Accept
    protocol: TPC
`,
  `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web, namespace: prod}
spec:
  selector: "app == 'web'"
  types: [Ingress, Egress]
  ingress: [{action: Allow, protocol: TCP, destination: {ports: [80, '8000:8080']}}]
  egress:
  - action: Allow
    destination: {nets: [10.0.0.0/8, 10.0.0.300/24]}
`,
  `apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata:
  name: blocklist # calico-ignore
  labels: {role: blocked}
spec:
  nets:
    - 192.168.0.0/16
    - 'fd00::/64'
    - 192.168.0.0/16
`,
  `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: no-node
spec:
  interfaceName: eth0
  ports:
  - {name: web, port: 70000, protocol: TCP}
`,
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: not-calico
spec:
  replicas: 3
`,
  `# only a comment in this document
# and another
`,
  `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: broken
spec:
  selector: [unclosed
  order: 1
`,
  `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: dup
  name: dup2
spec:
  selector: all()
...
`,
  `%YAML 1.2
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: with-directive
spec:
  preDNAT: true
  applyOnForward: true
  egress: [{action: Allow}]
`,
  `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: anchors
  namespace: default
  annotations:
    note: |
      a block scalar with marker-like lines
       ---
       ...
spec:
  selector: &sel app == 'a'
  ingress:
    - &rule {action: Allow, source: {selector: *sel}}
    - <<: *rule
      action: Deny
`,
  `# calico-ignore-file unknown-field
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: suppressed
spec:
  colour: blue
  selector: has(x)
`,
  `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: {{ .Values.name }}
spec:
  selector: all()
`,
  `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
	name: tab-indented
`,
  `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicie
metadata:
  name: kind-typo
`,
  ``,
  `--- # a document with content on its marker line
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: inline-marker}
spec: {nets: [10.1.0.0/16]}
`,
];

// Fragments an edit inserts: characters that change YAML structure, whole lines, markers, line
// endings of every kind, and whole documents.
const SNIPPETS: readonly string[] = [
  'a', ' ', '  ', '\t', '\n', '\r\n', '\r', '#', '# note\n', ':', '-', '- ', '[', ']', '{', '}', '"', "'", '|\n', '&x ', '*x', '<<: *x\n',
  '---\n', '\n---\n', '---', '--- \n', '---\r\n', '...\n', '\n...\n', '%YAML 1.2\n', '--- !!map\n', '----\n', ' ---\n',
  'kind: GlobalNetworkPolicy\n', 'apiVersion: projectcalico.org/v3\n', 'spec:\n  order: 5\n', '  doNotTrack: true\n', '  selector: all()\n',
  'metadata:\n  name: x\n', '    - action: Allow\n', 'é', '🙂', '# calico-ignore\n', ' # calico-ignore unknown-field',
];

function makeFile(r: Rand): string {
  const n = r.int(1, 12);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const doc = r.pick(DOCUMENTS);
    const marker = doc.startsWith('%') || doc.startsWith('---') ? '' : i === 0 && r.chance(0.5) ? '' : r.pick(['---\n', '---\n', '--- \n', '---  # next\n']);
    parts.push(marker + doc);
  }
  let text = parts.join('');
  if (r.chance(0.2)) text = text.replace(/\n/g, '\r\n');
  if (r.chance(0.2)) text = text.replace(/\n$/, '');
  return text;
}

/** Offsets of every line start (0 included). */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

/** One random change to `text` (offsets refer to `text`). */
function randomChange(r: Rand, text: string): TextChange {
  const len = text.length;
  const at = () => r.int(0, len);
  const lineStart = () => r.pick(lineStarts(text));
  switch (r.int(0, 10)) {
    case 0: {
      // Insert a fragment anywhere.
      const p = at();
      return { start: p, end: p, text: r.pick(SNIPPETS) };
    }
    case 1: {
      // Insert a fragment at a line start (where markers and keys take effect).
      const p = lineStart();
      return { start: p, end: p, text: r.pick(SNIPPETS) };
    }
    case 2: {
      // Delete a short range.
      const p = at();
      return { start: p, end: Math.min(len, p + r.int(1, 12)), text: '' };
    }
    case 3: {
      // Delete a long range, usually across document boundaries.
      const p = at();
      return { start: p, end: Math.min(len, p + r.int(20, 600)), text: '' };
    }
    case 4: {
      // Replace a range with a fragment or a whole document.
      const p = at();
      return { start: p, end: Math.min(len, p + r.int(0, 80)), text: r.chance(0.5) ? r.pick(SNIPPETS) : r.pick(DOCUMENTS) };
    }
    case 5: {
      // Remove a whole `---` line.
      const markers = lineStarts(text).filter((s) => text.startsWith('---', s));
      if (markers.length === 0) return { start: 0, end: 0, text: '---\n' };
      const s = r.pick(markers);
      const nl = text.indexOf('\n', s);
      return { start: s, end: nl === -1 ? len : nl + 1, text: '' };
    }
    case 6: {
      // Insert a `---` line (or a whole document with its marker) at a line start.
      const p = lineStart();
      return { start: p, end: p, text: r.chance(0.6) ? r.pick(['---\n', '---\r\n', '--- # split\n']) : `---\n${r.pick(DOCUMENTS)}` };
    }
    case 7: {
      // The very start of the file.
      return r.chance(0.5) ? { start: 0, end: 0, text: r.pick(SNIPPETS) } : { start: 0, end: Math.min(len, r.int(1, 40)), text: '' };
    }
    case 8: {
      // The very end of the file.
      return r.chance(0.5) ? { start: len, end: len, text: r.pick(SNIPPETS) } : { start: Math.max(0, len - r.int(1, 40)), end: len, text: '' };
    }
    case 9: {
      // Copy a chunk of the file elsewhere (duplicated names, keys, documents).
      const a = at();
      const chunk = text.slice(a, Math.min(len, a + r.int(1, 300)));
      const p = lineStart();
      return { start: p, end: p, text: chunk };
    }
    default: {
      // Change one character in place.
      const p = Math.min(at(), Math.max(0, len - 1));
      return { start: p, end: Math.min(len, p + 1), text: r.pick(['x', ' ', '\n', ':', '-', '.', '#']) };
    }
  }
}

const apply = (text: string, c: TextChange): string => text.slice(0, c.start) + c.text + text.slice(c.end);

function runSequence(seed: number): void {
  const r = random(seed);
  const id = 'file:///bench/edited.yaml';
  let text = makeFile(r);
  const initial = text;
  const ws = new Workspace();
  ws.setFile(id, text);
  // Sometimes another file is present, so cross-file checks see a second file on both sides.
  const other = r.chance(0.3) ? makeFile(r) : undefined;
  if (other !== undefined) ws.setFile('file:///bench/other.yaml', other);
  const log: string[] = [];
  const steps = r.int(1, 10);
  for (let step = 0; step < steps; step++) {
    const mode = r.next();
    if (mode < 0.08) {
      // A whole-text replacement (full sync), reusing unchanged documents' results.
      text = r.chance(0.5) ? makeFile(r) : apply(text, randomChange(r, text));
      log.push(`setFile(${JSON.stringify(text)})`);
      ws.setFile(id, text);
    } else {
      // One or more changes in one call, each relative to the text left by the previous one.
      const changes: TextChange[] = [];
      const k = r.chance(0.25) ? r.int(2, 4) : 1;
      let t = text;
      for (let j = 0; j < k; j++) {
        const c = randomChange(r, t);
        changes.push(c);
        t = apply(t, c);
      }
      log.push(`applyChanges(${JSON.stringify(changes)})`);
      ws.applyChanges(id, changes);
      text = t;
    }
    // Between edits: nothing, a complete analysis, or an analysis cut short after a few
    // documents (the server analyses in slices, so edits often land on a half-analysed file).
    const between = r.next();
    if (between < 0.3) ws.diagnostics(id);
    else if (between < 0.6) {
      let budget = r.int(0, 3);
      ws.getFile(id)!.analyzeSome(() => budget-- <= 0);
    }
  }
  const file = ws.getFile(id)!;
  const context = () => `seed ${seed}\ninitial text: ${JSON.stringify(initial)}\n${log.join('\n')}\nfinal text: ${JSON.stringify(text)}`;
  assert.equal(file.text, text, `the file's text differs from the edited text\n${context()}`);
  assert.deepEqual(file.documents(), splitSegments(text), `document boundaries differ from a fresh split\n${context()}`);
  const fresh = new Workspace();
  fresh.setFile(id, text);
  if (other !== undefined) fresh.setFile('file:///bench/other.yaml', other);
  assert.deepEqual(ws.diagnostics(id), fresh.diagnostics(id), `incremental diagnostics differ from a fresh analysis\n${context()}`);
  assert.ok(file.isComplete, `the file is not fully analysed after diagnostics()\n${context()}`);
}

test('random edit sequences give the same diagnostics as a fresh analysis', () => {
  const sequences = scaled(400);
  for (let seed = 1; seed <= sequences; seed++) runSequence(seed);
  report('incremental edits', { sequences });
});

test('every generated document and edit fragment is exercised', () => {
  // Guards the generator above against silently losing its variety.
  assert.ok(DOCUMENTS.length >= 15);
  assert.ok(SNIPPETS.includes('\r') && SNIPPETS.includes('---\n') && SNIPPETS.includes('...\n'));
});
