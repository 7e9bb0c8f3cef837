/**
 * The workspace keeps each document's cross-document output and reuses it while the index's
 * content, the document and the documents its related spans name are unchanged
 * (core/workspace/workspace.ts, `crossOutput`; `WorkspaceIndex.contentVersion`). These tests hold
 * that cache to two promises: after edits that only move text (comments, inserted lines) and
 * after real ones, every file reads exactly as in a fresh workspace, related locations in other
 * documents and files included; and such an edit asks the cross-document rules about the edited
 * document and those pointing into it only, not about every document of the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/core';
import { WORKSPACE_RULES } from '../../server/src/core/rules/workspace-registry';
import { scaled } from '../support/fuzz-scale';
import { random } from '../support/random';

const hep = (name: string, role: string): string =>
  `apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: ${name}\n  labels:\n    role: ${role}\nspec:\n  node: n1\n  interfaceName: eth0\n  expectedIPs: [10.0.0.1]\n`;
/** A normal policy with one TCP rule: an earlier one of the same tier shadows a later one. */
const allow = (name: string, role: string, order: number, port: number): string =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  selector: role == '${role}'\n  order: ${order}\n  ingress:\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [${port}]\n`;
/** An untracked service without its reply rule's ports covered when a Deny comes first. */
const untracked = (name: string, role: string, order: number): string =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  selector: role == '${role}'\n  order: ${order}\n  doNotTrack: true\n  applyOnForward: true\n  ingress:\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [11211]\n  egress:\n    - action: Allow\n      protocol: TCP\n      source:\n        ports: [11211]\n`;
const blocker = (name: string, role: string, order: number): string =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  selector: role == '${role}'\n  order: ${order}\n  doNotTrack: true\n  applyOnForward: true\n  egress:\n    - action: Deny\n      protocol: TCP\n`;
const netSet = (name: string): string => `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: ${name}\nspec:\n  nets: [10.1.0.0/16]\n`;

const join = (docs: readonly string[]): string => docs.map((d) => `---\n${d}`).join('');

function comparable(ws: Workspace, id: string): unknown {
  return ws.diagnostics(id).map((d) => ({ code: d.code, start: d.start, end: d.end, message: d.message, related: d.related, data: d.data }));
}

function fresh(files: ReadonlyMap<string, string>): Workspace {
  const ws = new Workspace();
  for (const [id, text] of files) ws.setFile(id, text);
  return ws;
}

/** Counts the cross-document rules' calls while `fn` runs. */
function countChecks(fn: () => void): number {
  let calls = 0;
  const saved = WORKSPACE_RULES.map((r) => r.checkSlot);
  WORKSPACE_RULES.forEach((r, i) => {
    (r as { checkSlot: typeof r.checkSlot }).checkSlot = (...args) => {
      calls++;
      return saved[i]!(...args);
    };
  });
  try {
    fn();
  } finally {
    WORKSPACE_RULES.forEach((r, i) => ((r as { checkSlot: typeof r.checkSlot }).checkSlot = saved[i]!));
  }
  return calls / WORKSPACE_RULES.length;
}

test('the scenario has what the cache must get right: shadowing, a Deny and duplicates, across documents and files', () => {
  const files = new Map([
    ['file:///a.yaml', join([hep('h1', 'web'), allow('first', 'web', 10, 80), netSet('nets'), allow('second', 'web', 20, 80), untracked('svc', 'web', 30)])],
    ['file:///b.yaml', join([blocker('deny-out', 'web', 5), netSet('nets')])],
  ]);
  const ws = fresh(files);
  const a = ws.diagnostics('file:///a.yaml');
  const b = ws.diagnostics('file:///b.yaml');
  const shadow = a.find((d) => d.code === 'rule-shadowed-by-policy');
  const asym = a.find((d) => d.code === 'untracked-asymmetric');
  const dup = b.find((d) => d.code === 'duplicate-resource');
  assert.ok(shadow?.related?.length, 'second is shadowed by first, with the place of first');
  assert.ok(asym?.related?.some((r) => r.file === 'file:///b.yaml'), 'the Deny in b.yaml is named');
  assert.ok(dup?.related?.some((r) => r.file === 'file:///a.yaml'), 'the first definition in a.yaml is named');
});

test('after comments, inserted lines and real edits, in any order, every file reads as in a fresh workspace', () => {
  const runs = scaled(30);
  for (let seed = 1; seed <= runs; seed++) {
    const r = random(seed);
    const docs = new Map<string, string[]>([
      // h3 is defined twice in a.yaml: which definition wins (the later) moves with the documents.
      ['file:///a.yaml', [hep('h1', 'web'), hep('h3', 'web'), allow('first', 'web', 10, 80), netSet('nets'), allow('second', 'web', 20, 80), untracked('svc', 'web', 30), hep('h3', 'db')]],
      ['file:///b.yaml', [blocker('deny-out', 'web', 5), netSet('nets'), allow('third', 'web', 25, 80)]],
    ]);
    const ws = new Workspace();
    for (const [id, list] of docs) ws.setFile(id, join(list));
    const log: string[] = [];
    for (let step = 0; step < 14; step++) {
      const id = r.pick([...docs.keys()]);
      const list = docs.get(id)!;
      const k = r.int(0, list.length - 1);
      const doc = list[k]!;
      const start = list.slice(0, k).reduce((n, d) => n + d.length + 4, 0) + 4;
      const lines = doc.split('\n');
      const line = r.int(1, lines.length - 2);
      const at = start + lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
      switch (r.int(0, 4)) {
        case 0: {
          // A comment line above a line inside the document: its spans after it move.
          const indent = /^ */.exec(lines[line]!)![0];
          list[k] = [...lines.slice(0, line), `${indent}# note ${step}`, ...lines.slice(line)].join('\n');
          ws.applyChanges(id, [{ start: at, end: at, text: `${indent}# note ${step}\n` }]);
          log.push(`comment line in ${id}#${k}`);
          break;
        }
        case 1: {
          // A comment at the end of a line: no span moves.
          const end = at + lines[line]!.length;
          list[k] = [...lines.slice(0, line), `${lines[line]}  # tail ${step}`, ...lines.slice(line + 1)].join('\n');
          ws.applyChanges(id, [{ start: end, end, text: `  # tail ${step}` }]);
          log.push(`tail comment in ${id}#${k}`);
          break;
        }
        case 2: {
          // A real change: a policy's order or a port (the shadowing and the Deny may go or come).
          list[k] = doc.replace(/order: \d+/, `order: ${r.int(1, 40)}`).replace(/ports: \[8\d\]/, `ports: [${r.pick([80, 81])}]`);
          ws.applyChanges(id, [{ start, end: start + doc.length, text: list[k]! }]);
          log.push(`edit ${id}#${k}`);
          break;
        }
        case 3: {
          // A document moved to the end of its file (it is analysed again there).
          list.splice(k, 1);
          list.push(doc);
          ws.setFile(id, join(list));
          log.push(`move ${id}#${k}`);
          break;
        }
        default: {
          // A blank line at the top of the document: every span in it moves, nothing else.
          list[k] = `\n${doc}`;
          ws.applyChanges(id, [{ start, end: start, text: '\n' }]);
          log.push(`blank line in ${id}#${k}`);
        }
      }
      const texts = new Map([...docs].map(([f, l]) => [f, join(l)] as const));
      for (const [f, text] of texts) assert.equal(ws.getFile(f)!.text, text, `seed ${seed}: the test's copy of ${f} follows the edits (${log.join(', ')})`);
      if (r.chance(0.7)) {
        const base = fresh(texts);
        for (const f of texts.keys()) assert.deepEqual(comparable(ws, f), comparable(base, f), `seed ${seed}, ${f}: cached output differs from a fresh workspace after ${log.join(', ')}`);
      }
    }
  }
});

test('a comment typed into one policy asks the cross-document rules about that document and those pointing into it only', () => {
  const docs = [hep('h1', 'web'), allow('first', 'web', 10, 80)];
  for (let i = 0; i < 50; i++) docs.push(allow(`p${i}`, 'web', 20 + i, 1000 + i));
  docs.push(allow('shadowed', 'web', 500, 80));
  const text = join(docs);
  const ws = new Workspace();
  ws.setFile('f', text);
  assert.equal(ws.diagnostics('f').filter((d) => d.code === 'rule-shadowed-by-policy').length, 1, 'first shadows shadowed');
  assert.equal(countChecks(() => ws.diagnostics('f')), 0, 'a publish with no edit asks nothing');
  // Inside `first`, which the shadowing of `shadowed` points into.
  const at = text.indexOf('  ingress:', text.indexOf('name: first'));
  const asked = countChecks(() => {
    ws.applyChanges('f', [{ start: at, end: at, text: '  # why: the web tier\n' }]);
    ws.diagnostics('f');
  });
  assert.equal(asked, 2, 'the edited policy and the one whose related span points into it');
  // A real change in the same place is a change for everyone.
  const order = ws.getFile('f')!.text.indexOf('order: 10');
  const all = countChecks(() => {
    ws.applyChanges('f', [{ start: order, end: order + 'order: 10'.length, text: 'order: 600' }]);
    ws.diagnostics('f');
  });
  assert.ok(all > 50, `a reordered policy re-asks every document (${all})`);
});
