/**
 * Hover and completion from the core, on strings. The cursor is marked with `|`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace, getCompletions, getHover } from '../../server/src/core';

function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

function hover(marked: string, extra?: string) {
  const { text, offset } = at(marked);
  const ws = new Workspace();
  ws.setFile('f', text);
  if (extra) ws.setFile('g', extra);
  ws.analyzeAll();
  return getHover(ws, 'f', offset);
}

function complete(marked: string, snippets = false) {
  const { text, offset } = at(marked);
  const ws = new Workspace();
  ws.setFile('f', text);
  return getCompletions(ws, 'f', offset, { snippets });
}

const POLICY = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
  selector: memcached == 'server'
  do|NotTrack: true
  applyOnForward: true
`;

test('hover on doNotTrack explains untracked policy with the capacity arithmetic', () => {
  const h = hover(POLICY);
  assert.ok(h);
  assert.match(h.contents, /doNotTrack/);
  assert.match(h.contents, /262,144 \/ 120 ≈ \*\*2,184/);
  const { text } = at(POLICY);
  assert.equal(text.slice(h.start, h.end), 'doNotTrack');
});

test('hover on applyOnForward and preDNAT', () => {
  assert.match(hover(POLICY.replace('do|NotTrack', 'doNotTrack').replace('applyOnForward', 'apply|OnForward'))!.contents, /forwarded traffic/i);
  assert.match(hover(POLICY.replace('do|NotTrack', 'pre|DNAT'))!.contents, /before destination NAT/);
});

test('hover on a selector shows the canonical form and the matching host endpoints', () => {
  const heps = `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: node-1-eth0
  labels: {memcached: server}
spec: {node: node-1, interfaceName: eth0}
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: node-2-eth0
  labels: {memcached: client}
spec: {node: node-2, interfaceName: eth0}
`;
  const h = hover(POLICY.replace('do|NotTrack', 'doNotTrack').replace("memcached == 'server'", "memcached == 'ser|ver'"), heps);
  assert.ok(h);
  assert.match(h.contents, /`memcached == "server"`/);
  assert.match(h.contents, /HostEndpoint: `node-1-eth0`/);
  assert.doesNotMatch(h.contents, /node-2-eth0/);
});

test('hover on a broken selector says where it fails', () => {
  const h = hover(POLICY.replace('do|NotTrack', 'doNotTrack').replace("memcached == 'server'", "memc|ached =="));
  assert.ok(h);
  assert.match(h.contents, /does not parse/);
});

test('hover on a field shows its type from the schema; hover on kind describes the kind', () => {
  const h = hover(POLICY.replace('do|NotTrack', 'doNotTrack').replace('  selector', '  sel|ector'));
  assert.match(h!.contents, /^\*\*selector\*\* — Which endpoints/);
  assert.match(h!.contents, /\n\nstring; at most 1024 characters\n\n/);
  assert.match(hover(POLICY.replace('do|NotTrack', 'doNotTrack').replace('GlobalNetworkPolicy', 'Global|NetworkPolicy'))!.contents, /cluster-wide policy/);
});

test('hover outside Calico documents or out of range returns nothing', () => {
  assert.equal(hover('apiVersion: apps/v1\nkind: Deployment\nmeta|data: {}\n'), undefined);
  const ws = new Workspace();
  ws.setFile('f', 'a: 1\n');
  assert.equal(getHover(ws, 'f', 9999), undefined);
  assert.equal(getHover(ws, 'missing', 0), undefined);
});

test('completion offers spec fields that are not there yet', () => {
  const items = complete(`apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
  selector: all()
  app|
`);
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('applyOnForward'));
  assert.ok(labels.includes('doNotTrack'));
  assert.ok(!labels.includes('selector'), 'selector is already present');
});

test('completion inside a rule list item offers rule fields', () => {
  const items = complete(`apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
  ingress:
    - action: Allow
      |
`);
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('protocol'));
  assert.ok(labels.includes('destination'));
  assert.ok(!labels.includes('action'));
});

test('completion of enum and boolean values', () => {
  const actions = complete(`apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
  ingress:
  - action: A|
`).map((i) => i.label);
  assert.deepEqual(actions.sort(), ['Allow', 'Deny', 'Log', 'Pass']);
  const bools = complete(`apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
  doNotTrack: |
`).map((i) => i.label);
  assert.deepEqual(bools, ['true', 'false']);
});

test('completion at the start of a top-level line offers the snippets when asked', () => {
  const items = complete('calico|', true);
  assert.ok(items.some((i) => i.kind === 'snippet' && i.label === 'calico-untracked-pair'));
  assert.ok(!complete('calico|', false).some((i) => i.kind === 'snippet'));
});

// Completion reads the text line by line; a line is ended by `\n`, `\r\n` or a lone `\r`, as the
// editor's positions count them. The same document with any line ends gets the same answers at
// the same line/character positions (a lone `\r` once left a `\r` inside a line and threw).
const LINE_END_POLICY = [
  'apiVersion: projectcalico.org/v3',
  'kind: GlobalNetworkPolicy',
  'metadata:',
  '  name: p',
  'spec:',
  '  selector: all()',
  '  doNotTrack: tr',
  '  ingress:',
  '  - action: Al',
  '    ',
  '  ',
  '',
];

/** Line/character of every offset of `text`, with `\n`, `\r\n` and lone `\r` each ending a line. */
function positionsOf(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let line = 0;
  let col = 0;
  for (let i = 0; i <= text.length; i++) {
    out.push([line, col]);
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      col = 0;
    } else if (c !== '\r') col++;
  }
  return out;
}

test('completion gives the same answers with LF, CRLF, lone CR and mixed line ends', () => {
  const ends: Record<string, (i: number) => string> = {
    crlf: () => '\r\n',
    cr: () => '\r',
    mixed: (i) => ['\r', '\r\n', '\n'][i % 3]!,
  };
  const lf = LINE_END_POLICY.join('\n');
  const answers = (text: string) => {
    const ws = new Workspace();
    ws.setFile('f', text);
    const pos = positionsOf(text);
    const byPosition = new Map<string, string>();
    for (let offset = 0; offset <= text.length; offset++) {
      // Offsets between a `\r` and its `\n` are no LSP position; the editor never sends them.
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
      const items = getCompletions(ws, 'f', offset, { snippets: true });
      const key = pos[offset]!.join(':');
      byPosition.set(key, JSON.stringify(items.map((e) => [e.label, e.kind, pos[e.start], pos[e.end]])));
    }
    return byPosition;
  };
  const expected = answers(lf);
  // The reference answers are the ones this test is about: values on the lone-CR lines too.
  assert.match(expected.get('6:16')!, /"true"/);
  assert.match(expected.get('8:14')!, /"Allow"/);
  assert.match(expected.get('9:4')!, /"protocol"/);
  for (const [name, end] of Object.entries(ends)) {
    const text = LINE_END_POLICY.map((l, i) => (i === LINE_END_POLICY.length - 1 ? l : l + end(i))).join('');
    const got = answers(text);
    assert.deepEqual([...got.keys()], [...expected.keys()], name);
    for (const [key, value] of expected) assert.equal(got.get(key), value, `${name} at ${key}`);
  }
});

test('completion and hover do not throw on lines holding U+2028, U+2029 or stray CRs', () => {
  const text = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nspec:\n  sel\u2028ector: a\u2029\n  \r\r\n  ';
  const ws = new Workspace();
  ws.setFile('f', text);
  ws.analyzeAll();
  for (let offset = 0; offset <= text.length; offset++) {
    getCompletions(ws, 'f', offset, { snippets: true });
    getHover(ws, 'f', offset);
  }
  // The last line is a fresh key position under spec.
  assert.ok(getCompletions(ws, 'f', text.length, { snippets: false }).some((e) => e.label === 'doNotTrack'));
});

test('hover and completion come from the schemas of the edition in use', () => {
  const enterprise = (marked: string) => {
    const { text, offset } = at(marked);
    const ws = new Workspace();
    ws.settings = { rules: {}, edition: 'enterprise' };
    ws.setFile('f', text);
    return { ws, offset };
  };
  const alert = 'apiVersion: projectcalico.org/v3\nkind: GlobalAlert\nmetadata:\n  name: a\nspec:\n  dataSet: |flows\n';
  const { ws, offset } = enterprise(alert.replace('|', '').replace('dataSet: ', 'data|Set: '));
  assert.match(getHover(ws, 'f', offset)?.contents ?? '', /\*\*dataSet\*\*.*`flows`.*`audit`/);
  const kindHover = enterprise(alert.replace('|', '').replace('kind: GlobalAlert', 'kind: Global|Alert'));
  assert.match(getHover(kindHover.ws, 'f', kindHover.offset)?.contents ?? '', /\*\*GlobalAlert\*\* \(Calico Enterprise\/Cloud\)/);
  // In the open-source edition the hovers say whose kind and field these are, and how to switch.
  assert.match(hover(alert.replace('|', '').replace('kind: GlobalAlert', 'kind: Global|Alert'))?.contents ?? '', /\*\*GlobalAlert\*\* \(Calico Enterprise\/Cloud\)[^]*`calico\.edition`/);
  assert.match(hover(alert.replace('|', '').replace('dataSet: ', 'data|Set: '))?.contents ?? '', /^\*\*dataSet\*\* \(Calico Enterprise\/Cloud only\)[^]*`calico\.edition`/);
  const ossDomains = hover('apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: a\nspec:\n  egress:\n    - action: Allow\n      destination:\n        dom|ains: [example.com]\n');
  assert.match(ossDomains?.contents ?? '', /^\*\*domains\*\* \(Calico Enterprise\/Cloud only\)/);
  // A field neither edition has: nothing.
  assert.equal(hover('apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: a\nspec:\n  bog|us: 1\n'), undefined);
  const values = enterprise(alert.replace('|flows', '|'));
  assert.deepEqual(getCompletions(values.ws, 'f', values.offset, { snippets: false }).map((c) => c.label), ['flows', 'dns', 'audit', 'l7', 'waf', 'vulnerability']);
  const kinds = enterprise('apiVersion: projectcalico.org/v3\nkind: |\n');
  const labels = getCompletions(kinds.ws, 'f', kinds.offset, { snippets: false }).map((c) => c.label);
  assert.ok(labels.includes('GlobalAlert') && labels.includes('GlobalNetworkPolicy'));
  assert.ok(!complete('apiVersion: projectcalico.org/v3\nkind: |\n').some((c) => c.label === 'GlobalAlert'));
  const domains = enterprise('apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: a\nspec:\n  egress:\n    - action: Allow\n      destination:\n        |\n');
  assert.ok(getCompletions(domains.ws, 'f', domains.offset, { snippets: false }).some((c) => c.label === 'domains'));
});
