/**
 * Duplicate resources in the workspace index: which definition wins (file order, then position in
 * the file), how the cross-file checks count only that one, and that the index follows edits,
 * moves and removals by difference. The property test compares random edit sequences over several
 * files with a fresh workspace built from the final texts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace, type Diagnostic } from '../../server/src/core';
import { scaled } from '../support/fuzz-scale';
import { random } from '../support/random';

const gnp = (name: string, selector: string, extra = ''): string =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  selector: ${selector}\n${extra}  ingress:\n    - action: Allow\n`;
const hep = (name: string, role: string): string =>
  `apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: ${name}\n  labels:\n    role: ${role}\nspec:\n  node: n1\n  interfaceName: eth0\n`;
const untracked = (name: string, selector: string): string =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  selector: ${selector}\n  doNotTrack: true\n  applyOnForward: true\n  ingress:\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [80]\n  egress:\n    - action: Allow\n      protocol: TCP\n      source:\n        ports: [80]\n`;
const tier = (name: string, action: string): string =>
  `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: ${name}\nspec:\n  order: 10\n  defaultAction: ${action}\n`;
const logOnly = (name: string, tierName: string): string =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${tierName}.${name}\nspec:\n  tier: ${tierName}\n  selector: all()\n  ingress:\n    - action: Log\n`;

const join = (...docs: string[]): string => docs.join('---\n');

function codes(ws: Workspace, id: string, code: string): Diagnostic[] {
  return ws.diagnostics(id).filter((d) => d.code === code);
}

test('a duplicate in another file appears and disappears with that file; related points into it', () => {
  const ws = new Workspace();
  ws.setFile('file:///a.yaml', gnp('allow', "a == 'x'"));
  assert.deepEqual(codes(ws, 'file:///a.yaml', 'duplicate-resource'), []);
  const bText = `# comment\n${gnp('allow', "a == 'y'")}`;
  ws.setFile('file:///b.yaml', bText);
  assert.deepEqual(codes(ws, 'file:///a.yaml', 'duplicate-resource'), [], 'the first definition gets no warning');
  const [d] = codes(ws, 'file:///b.yaml', 'duplicate-resource');
  assert.ok(d, 'the later file gets the warning');
  assert.equal(bText.slice(d.start, d.end), 'allow');
  assert.match(d.message, /"a\.yaml"/);
  assert.deepEqual(d.data, { kind: 'GlobalNetworkPolicy', name: 'allow', definitions: 2, position: 1 });
  const rel = d.related?.[0];
  assert.ok(rel && rel.file === 'file:///a.yaml');
  assert.equal(gnp('allow', "a == 'x'").slice(rel.start, rel.end), 'allow');
  ws.removeFile('file:///a.yaml');
  assert.deepEqual(codes(ws, 'file:///b.yaml', 'duplicate-resource'), []);
});

test("file order: sorted ids in the editor, the order files were added with fileOrder 'added'", () => {
  for (const mode of ['sorted', 'added'] as const) {
    const ws = new Workspace({ fileOrder: mode });
    // z is added first: with 'added' it applies first, so a (added later) wins; sorted: z wins.
    ws.setFile('file:///z.yaml', gnp('p', 'all()'));
    ws.setFile('file:///a.yaml', gnp('p', 'all()'));
    const winner = mode === 'sorted' ? 'file:///z.yaml' : 'file:///a.yaml';
    const loser = winner === 'file:///z.yaml' ? 'file:///a.yaml' : 'file:///z.yaml';
    assert.equal(codes(ws, winner, 'duplicate-resource').length, 1, `${mode}: the definition applied last is warned about`);
    assert.equal(codes(ws, loser, 'duplicate-resource').length, 0, `${mode}: the first definition is not`);
  }
});

test('within a file, the later document is the duplicate; moving documents past each other follows', () => {
  const ws = new Workspace();
  // A first document that stays put: a document's text includes the `---` line before it, so
  // only documents after the first can be reused when they move.
  const head = tier('t', 'Deny');
  const one = gnp('p', "a == 'one'");
  const two = gnp('p', "a == 'two'");
  const nameAt = (text: string, doc: string): number => text.indexOf(doc) + doc.indexOf('name: p') + 6;
  let text = join(head, one, two);
  ws.setFile('f', text);
  let [d] = codes(ws, 'f', 'duplicate-resource');
  assert.equal(d?.start, nameAt(text, two), 'on the second definition');
  // Swap the two documents: both texts survive, so the analyses could be reused in the wrong
  // order; the one that moved past the other is analysed again, and the warning moves.
  text = join(head, two, one);
  ws.setFile('f', text);
  [d] = codes(ws, 'f', 'duplicate-resource');
  assert.equal(d?.start, nameAt(text, one), 'on whichever definition is second');
  assert.equal(d?.related?.[0]?.start, nameAt(text, two));
  // The same swap back, made as one edit of the text.
  ws.applyChanges('f', [{ start: 0, end: ws.getFile('f')!.length, text: join(head, one, two) }]);
  text = join(head, one, two);
  [d] = codes(ws, 'f', 'duplicate-resource');
  assert.equal(d?.start, nameAt(text, two));
  // Renaming the second removes the duplicate, renaming it back restores it.
  const at = nameAt(text, two);
  ws.applyChanges('f', [{ start: at, end: at + 1, text: 'q' }]);
  assert.deepEqual(codes(ws, 'f', 'duplicate-resource'), []);
  ws.applyChanges('f', [{ start: at, end: at + 1, text: 'p' }]);
  assert.equal(codes(ws, 'f', 'duplicate-resource').length, 1);
});

test('cross-file checks count only the definition applied last', () => {
  const ws = new Workspace();
  // Two definitions of one HostEndpoint: the later says role: db, so nothing selects role: web.
  ws.setFile('file:///a.yaml', join(hep('h1', 'web'), untracked('web-untracked', "role == 'web'")));
  assert.deepEqual(codes(ws, 'file:///a.yaml', 'untracked-no-host-endpoint'), []);
  ws.setFile('file:///b.yaml', hep('h1', 'db'));
  const [d] = codes(ws, 'file:///a.yaml', 'untracked-no-host-endpoint');
  assert.ok(d, 'the replaced HostEndpoint no longer counts');
  assert.match(d.message, /none of the 1 HostEndpoint/);
  // The replaced HostEndpoint gets no cross-file diagnostics of its own.
  assert.deepEqual(codes(ws, 'file:///a.yaml', 'unselected-host-endpoint'), []);
  assert.equal(codes(ws, 'file:///b.yaml', 'unselected-host-endpoint').length, 1);
  ws.removeFile('file:///b.yaml');
  assert.deepEqual(codes(ws, 'file:///a.yaml', 'untracked-no-host-endpoint'), [], 'the first definition counts again');
});

test('a replaced untracked policy gives no reply rules', () => {
  const ws = new Workspace();
  const ingressOnly = untracked('web-in', "role == 'web'").replace(/  egress:[\s\S]*$/, '');
  const reply = untracked('web-reply', "role == 'web'").replace(/  ingress:[\s\S]*?  egress:/, '  egress:');
  ws.setFile('file:///a.yaml', ingressOnly);
  ws.setFile('file:///b.yaml', reply);
  assert.deepEqual(codes(ws, 'file:///a.yaml', 'untracked-asymmetric'), [], 'the reply rule in b answers');
  // A later definition of the reply policy without its egress rule replaces it.
  ws.setFile('file:///c.yaml', reply.replace(/  egress:[\s\S]*$/, '  ingress:\n    - action: Deny\n'));
  assert.equal(codes(ws, 'file:///a.yaml', 'untracked-asymmetric').length, 1, 'the replaced reply rule no longer counts');
  ws.removeFile('file:///c.yaml');
  assert.deepEqual(codes(ws, 'file:///a.yaml', 'untracked-asymmetric'), []);
});

test('the Tier applied last decides the end of tier', () => {
  const ws = new Workspace();
  ws.setFile('file:///a.yaml', join(tier('audit', 'Pass'), logOnly('log', 'audit')));
  assert.equal(codes(ws, 'file:///a.yaml', 'log-only-policy')[0]?.severity, 'information');
  ws.setFile('file:///b.yaml', tier('audit', 'Deny'));
  assert.equal(codes(ws, 'file:///a.yaml', 'log-only-policy')[0]?.severity, 'warning');
  ws.setFile('file:///b.yaml', '');
  assert.equal(codes(ws, 'file:///a.yaml', 'log-only-policy')[0]?.severity, 'information');
});

test('a definition that Calico refuses replaces nothing', () => {
  const ws = new Workspace();
  const bad = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: partners\nspec:\n  nets: [198.51.100.0/33]\n`;
  const good = bad.replace('/33', '/24');
  ws.setFile('f', join(good, bad));
  assert.deepEqual(codes(ws, 'f', 'duplicate-resource'), []);
  ws.setFile('f', join(good, good));
  assert.equal(codes(ws, 'f', 'duplicate-resource').length, 1);
});


const NAMES = ['a', 'b'];
const ROLES = ['web', 'db'];

function randomDoc(r: ReturnType<typeof random>): string {
  const n = r.pick(NAMES);
  switch (r.int(0, 5)) {
    case 0:
      return hep(n, r.pick(ROLES));
    case 1:
      return untracked(n, `role == '${r.pick(ROLES)}'`);
    case 2:
      return tier(`t${n}`, r.pick(['Deny', 'Pass']));
    case 3:
      return logOnly(n, r.pick(['ta', 'tb', 'tc']));
    case 4:
      return gnp(n, `role == '${r.pick(ROLES)}'`);
    default:
      return `apiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata:\n  name: ${n}\n${r.chance(0.5) ? '  namespace: x\n' : ''}spec:\n  nets: [10.0.0.0/8]\n`;
  }
}

test('property: after random edits, moves and removals, every file reads as in a fresh workspace', () => {
  const runs = scaled(40);
  for (let seed = 1; seed <= runs; seed++) {
    const r = random(seed);
    const mode = r.chance(0.5) ? 'sorted' : 'added';
    const ws = new Workspace({ fileOrder: mode });
    const docs = new Map<string, string[]>();
    const added: string[] = [];
    const log: string[] = [];
    const setDocs = (id: string, list: string[]): void => {
      if (!docs.has(id)) added.push(id);
      docs.set(id, list);
      ws.setFile(id, join(...list));
    };
    for (const id of ['f3', 'f1', 'f2']) setDocs(id, Array.from({ length: r.int(1, 6) }, () => randomDoc(r)));
    for (let step = 0; step < 12; step++) {
      const ids = [...docs.keys()];
      const id = r.pick(ids.length > 0 ? ids : ['f1']);
      const list = docs.get(id) ?? [];
      const kind = r.int(0, 5);
      if (kind === 0 && list.length > 1) {
        // Move a document (reorders reused analyses).
        const from = r.int(0, list.length - 1);
        const [d] = list.splice(from, 1);
        list.splice(r.int(0, list.length), 0, d!);
        setDocs(id, list);
        log.push(`move in ${id}`);
      } else if (kind === 1 && list.length > 0) {
        // Replace one document through an incremental change of its text.
        const k = r.int(0, list.length - 1);
        const start = list.slice(0, k).reduce((n, d) => n + d.length + 4, 0);
        const doc = randomDoc(r);
        ws.applyChanges(id, [{ start, end: start + list[k]!.length, text: doc }]);
        list[k] = doc;
        log.push(`edit ${id}#${k}`);
      } else if (kind === 2 && docs.size > 1) {
        ws.removeFile(id);
        docs.delete(id);
        added.splice(added.indexOf(id), 1);
        log.push(`remove ${id}`);
      } else if (kind === 3) {
        const fresh = `f${r.int(1, 5)}`;
        setDocs(fresh, Array.from({ length: r.int(1, 3) }, () => randomDoc(r)));
        log.push(`set ${fresh}`);
      } else {
        list.push(randomDoc(r));
        setDocs(id, list);
        log.push(`append ${id}`);
      }
      if (r.chance(0.4)) for (const f of docs.keys()) ws.diagnostics(f);
    }
    const fresh = new Workspace({ fileOrder: mode });
    for (const id of added) fresh.setFile(id, join(...docs.get(id)!));
    for (const id of docs.keys()) {
      assert.deepEqual(ws.diagnostics(id), fresh.diagnostics(id), `seed ${seed} (${mode}), file ${id}: incremental differs from fresh after ${log.join(', ')}`);
    }
  }
});
