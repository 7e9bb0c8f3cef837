/**
 * Navigation at scale, counted (test/support/work-meter.ts: characters and elements scanned, never
 * time). A workspace of n host endpoints and n policies, each policy selecting one endpoint, is
 * built at n = 2,500 and n = 10,000 outside the meter; then an edit of one policy, its analysis,
 * and definition, references and code lens queries around it are measured. Incremental work does
 * not grow with the workspace: the test allows 1.5× for 4× the documents (a rescan of all
 * documents, or of all selectors per query, would be 4×). The outline of a 10,000-document file is
 * linear (about 4× for 4× the documents).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace, codeLenses, documentSymbols, findDefinition, findReferences, resolveCodeLens, workspaceSymbols } from '../../server/src/core';
import { measure } from '../support/work-meter';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function hosts(n: number): string {
  return range(n)
    .map((i) => `---\napiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: h${i}\n  labels: {host: h${i}, rack: r${i % 10}}\nspec:\n  node: n${i}\n  interfaceName: eth0\n`)
    .join('');
}

function policies(n: number): string {
  return range(n)
    .map(
      (i) =>
        `---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p${i}\nspec:\n  selector: host == 'h${i}'\n  ingress:\n  - action: Allow\n    protocol: TCP\n    source:\n      selector: host == 'h${(i + 1) % n}'\n    destination:\n      ports: [${(i % 60000) + 1}]\n`,
    )
    .join('');
}

/** `fileNavigation`: ask the navigation index once, so that it files what the open queued. */
function build(n: number, fileNavigation = true): Workspace {
  const ws = new Workspace();
  ws.setFile('hosts.yaml', hosts(n));
  ws.setFile('policies.yaml', policies(n));
  ws.analyzeAll();
  // The navigation index files what the open added on its first query (nav-index.ts); ask one
  // here, so the measurements below see only the work of the edit.
  if (fileNavigation) ws.index.navigation.member('');
  return ws;
}

interface Spots {
  /** The selector of p7, the name of h9, the rule selector of p8 (which matches h9). */
  policySelector: number;
  hostName: number;
  ruleSelector: number;
}

/** Offsets for the queries, found before the meter starts (finding them scans the files). */
function spots(ws: Workspace): Spots {
  const pf = ws.getFile('policies.yaml')!;
  const hf = ws.getFile('hosts.yaml')!;
  const nth = (text: string, needle: string) => text.indexOf(needle);
  const p7 = pf.documents()[7]!;
  const p8 = pf.documents()[8]!;
  const h9 = hf.documents()[9]!;
  return {
    policySelector: p7.start + nth(pf.slice(p7.start, p7.end), "host == 'h7'"),
    hostName: h9.start + nth(hf.slice(h9.start, h9.end), 'name: h9') + 6,
    ruleSelector: p8.start + nth(pf.slice(p8.start, p8.end), "host == 'h9'"),
  };
}

/** Edits policy p7 to select h9 instead, then asks what navigation would ask around both. */
function editAndNavigate(ws: Workspace, at: Spots): void {
  const sel = at.policySelector;
  ws.applyChanges('policies.yaml', [{ start: sel, end: sel + "host == 'h7'".length, text: "host == 'h9'" }]);
  ws.analyzeAll();
  assert.equal(findDefinition(ws, 'policies.yaml', sel + 2).length, 1);
  assert.equal(findReferences(ws, 'hosts.yaml', at.hostName, true).length, 3, 'h9 itself, p7 and p9');
  assert.match(resolveCodeLens(ws, 'hosts.yaml', at.hostName)!.title, /^2 policies apply/);
  assert.equal(resolveCodeLens(ws, 'policies.yaml', sel + 2)!.title, 'selects 1 host endpoint');
  assert.equal(findDefinition(ws, 'policies.yaml', at.ruleSelector + 1).length, 1);
}

test('navigation stays incremental at 10,000 documents: an edit and the queries around it', () => {
  const small = build(2500);
  const large = build(10000);
  // Warm caches (schemas, selector parse cache) outside the measurement.
  const warm = build(50);
  editAndNavigate(warm, spots(warm));
  const atSmall = spots(small);
  const atLarge = spots(large);
  const breakdown = new Map<string, number>();
  const a = measure(() => editAndNavigate(small, atSmall));
  const b = measure(() => editAndNavigate(large, atLarge), breakdown);
  if (b / a >= 1.5) console.log([...breakdown].sort((x, y) => y[1] - x[1]).slice(0, 8));
  assert.ok(b / a < 1.5, `work grew ${(b / a).toFixed(2)}× for 4× the documents (${a} → ${b})`);
});

test('the outline and the code lenses of a 10,000-document file are linear', () => {
  const small = build(2500);
  const large = build(10000);
  const run = (ws: Workspace) => () => {
    const symbols = documentSymbols(ws, 'policies.yaml');
    assert.equal(symbols[0]!.children.length, 1);
    codeLenses(ws, 'hosts.yaml');
  };
  const a = measure(run(small));
  const b = measure(run(large));
  assert.ok(b / a < 5, `work grew ${(b / a).toFixed(2)}× for 4× the documents (${a} → ${b})`);
  assert.equal(documentSymbols(large, 'policies.yaml').length, 10000);
});

test('navigation filed late equals navigation filed as it went: edits before the first query are not lost', () => {
  const n = 40;
  const edits = (ws: Workspace): void => {
    const pf = ws.getFile('policies.yaml')!;
    // p3 now selects h5 and p7 is dropped; then a host, h40, is added.
    const text = pf.slice(0, pf.text.length).replace("\n  selector: host == 'h3'\n", "\n  selector: host == 'h5'\n").replace(/---\n[^-]*name: p7\n[\s\S]*?(?=---)/, '');
    ws.setFile('policies.yaml', text);
    ws.analyzeAll();
    ws.setFile('hosts.yaml', hosts(n + 1));
    ws.analyzeAll();
  };
  /** The offset of host h`i`'s name in hosts.yaml. */
  const hostName = (ws: Workspace, i: number): number => {
    const hf = ws.getFile('hosts.yaml')!;
    const d = hf.documents()[i]!;
    return d.start + hf.slice(d.start, d.end).indexOf(`name: h${i}`) + 6;
  };
  const ask = (ws: Workspace) => {
    const pf = ws.getFile('policies.yaml')!;
    const at = hostName(ws, 5);
    return {
      refs: findReferences(ws, 'hosts.yaml', at, true).map((l) => `${l.fileId}:${l.start}`).sort(),
      lens: resolveCodeLens(ws, 'hosts.yaml', at)?.title,
      lenses: codeLenses(ws, 'policies.yaml').length,
      symbols: workspaceSymbols(ws, 'h4').map((s) => s.name).sort(),
      policies: workspaceSymbols(ws, 'p').length,
      // The index itself, not only what the features make of it (they skip entries whose document
      // is gone, which would hide a member left behind).
      members: [...ws.index.navigation.members()].map((m) => m.summary.name).sort(),
      oldP3: findReferences(ws, 'hosts.yaml', hostName(ws, 3), true).length,
      outline: documentSymbols(ws, 'policies.yaml').length,
      policyLens: resolveCodeLens(ws, 'policies.yaml', pf.text.indexOf("host == 'h5'") + 2)?.title,
    };
  };
  // One workspace is queried before and between the edits (everything filed at once), the other
  // only after them (everything still queued).
  const early = build(n);
  ask(early);
  const late = build(n, false);
  const lensBefore = late.index.navigation.lensVersion;
  edits(early);
  edits(late);
  assert.ok(late.index.navigation.lensVersion > lensBefore, 'lens version moves while queued');
  const want = ask(early);
  assert.deepEqual(ask(late), want);
  assert.equal(want.policyLens, 'selects 1 host endpoint');
  assert.equal(want.outline, n - 1, 'p7 dropped');
  assert.equal(want.policies, n - 1, 'p7 dropped, and no definition twice');
  assert.equal(want.members.length, 2 * n, 'n + 1 hosts, n - 1 policies');
  assert.equal(want.oldP3, 1, 'h3 itself: p3 no longer selects it, and no policy is left selecting it');
  assert.equal(want.refs.length, 3, 'h5 itself, p3 (edited to select it) and p5');
  assert.equal(want.lens, '2 policies apply (untracked: none)');
  assert.deepEqual(want.symbols, ['h14', 'h24', 'h34', 'h4', 'h40'], 'the added h40 is there');
});
