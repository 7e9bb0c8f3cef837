/**
 * Documents beyond the size limit (`analysis/oversized.ts`) and analysis that pauses inside a
 * document (`FileAnalysis.analyzeSome`).
 *
 * The streamed syntax check is held to the full parse by a seeded differential test over the YAML
 * corpus of the repository (every fixture and generated Calico documents, each also damaged by
 * the mutator of test/support/yaml-differential.ts): with pruning after every token (the worst
 * case for composing a collection in pieces) no document the full parse accepts gets an error,
 * and none that it refuses gets none; with the product's pruning interval the first error is the
 * full parse's first error in nearly every document. FUZZ_SCALE=N runs N times as many mutations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeOversized } from '../../server/src/core/analysis/oversized';
import { analyzeSegment, parseSegmentReference } from '../../server/src/core/analysis/segment';
import { FileAnalysis } from '../../server/src/core/analysis/file';
import { calicoApiLine } from '../../server/src/core/analysis/resources';
import { Workspace } from '../../server/src/core';
import { splitSegments } from '../../server/src/core/yaml/segments';
import { corpus, mutate, prng } from '../support/yaml-differential';
import { report, scaled } from '../support/fuzz-scale';


function run(text: string, tokensPerStep?: number, onStep?: (n: number) => void): ReturnType<typeof analyzeSegment> {
  const it = analyzeOversized(text, 1, () => false, { tokensPerStep, onStep });
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

const key = (d: { code: string; start: number; message: string }): string => `${d.code}@${d.start} ${d.message}`;

/** Problems that building our tree finds (yaml/tree.ts, yaml/depth.ts), not the YAML parser. */
const TREE_PROBLEMS = ['Unknown anchor', 'refers to the node that contains it', 'expands its aliases', "'<<' merge key", 'nested too deeply', 'nested more than'];

test('the streamed syntax check never flags a document the full parse accepts, and agrees with it', async () => {
  const texts = await corpus();
  const rnd = prng(20261207);
  let documents = 0;
  let withErrors = 0;
  let sameFirst = 0;
  const flaggedValid: string[] = [];
  const missed: string[] = [];
  const check = (segment: string): void => {
    const text = segment.includes('projectcalico.org/') ? segment : `apiVersion: projectcalico.org/v3\n${segment}`;
    documents++;
    // What the parser and composer find; alias and merge problems come from building our tree,
    // which the streamed check does not do.
    const reference = parseSegmentReference(text).problems.filter((p) => (p.code === 'yaml-syntax' || p.code === 'duplicate-key') && !TREE_PROBLEMS.some((m) => p.message.includes(m)));
    for (const every of [1, 7, undefined]) {
      const got = run(text, every).diagnostics.filter((d) => d.code !== 'document-too-large');
      if (reference.length === 0 && got.length > 0 && flaggedValid.length < 5) flaggedValid.push(`${JSON.stringify(text)} (pruned every ${every ?? 'step'}): ${got.map(key).join('; ')}`);
      if (reference.length > 0 && got.length === 0 && calicoApiLine(text) && missed.length < 5) missed.push(`${JSON.stringify(text)} (pruned every ${every ?? 'step'}): the full parse finds ${reference.map(key).join('; ')}`);
      if (every === undefined && reference.length > 0 && got.length > 0 && key(got[0]!) === key(reference.reduce((a, b) => (b.start < a.start ? b : a)))) sameFirst++;
    }
    if (reference.length > 0) withErrors++;
  };
  const each = (whole: string): void => {
    for (const s of splitSegments(whole)) check(whole.slice(s.start, s.end));
  };
  for (const t of texts) {
    each(t);
    for (let k = 0; k < scaled(2); k++) each(mutate(t, rnd));
  }
  report('oversized syntax check', { documents, withErrors, sameFirst });
  assert.deepEqual(flaggedValid, [], 'documents the full parse accepts');
  assert.deepEqual(missed, [], 'documents with errors reported as clean');
  // The first error is where the full parse puts it, nearly always: a collection composed in
  // pieces can recover from a mistake a little differently, never so that a mistake goes unseen.
  assert.ok(sameFirst >= 0.97 * withErrors, `${sameFirst} of ${withErrors} documents with errors have the full parse's first error first`);
  assert.ok(documents > 2000 && withErrors > 500, `${documents} documents, ${withErrors} with errors`);
});

function networkSet(items: number): string {
  const nets = Array.from({ length: items }, (_, i) => `    - 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32\n`).join('');
  return `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: big\nspec:\n  nets:\n${nets}`;
}

test('the parser holds a bounded number of items, however long the collections', () => {
  for (const n of [2_000, 20_000]) {
    const flow = `  more: [${Array.from({ length: n }, (_, i) => `x${i}`).join(', ')}]\n`;
    let held = 0;
    const result = run(networkSet(n) + flow, undefined, (h) => (held = Math.max(held, h)));
    assert.deepEqual(result.diagnostics.map((d) => d.code), ['document-too-large']);
    // Two items per block collection; a flow collection keeps up to about two thousand.
    assert.ok(held <= 2_100, `${held} items held for ${n} items per collection`);
  }
});

test('errors and repeated keys are found across the pieces a collection is checked in', () => {
  const nets = networkSet(3_000);
  const broken = `${nets}  nets: []\n    - 10.0.0.0/8\n  extra: [a, b,, c]\n`;
  const codes = run(broken, 5).diagnostics.map((d) => `${d.code}@${broken.slice(d.start, d.start + 8)}`);
  const full = parseSegmentReference(broken).problems.map((d) => `${d.code}@${broken.slice(d.start, d.start + 8)}`);
  // Only the first error's line is reported (later ones would be guesses): the repeated key.
  assert.deepEqual(codes, ['document-too-large@apiVersi', 'duplicate-key@nets: []']);
  assert.equal(full[0], 'duplicate-key@nets: []');
  const flowOnly = `${nets}  extra: [a, b,, c]\n`;
  assert.deepEqual(run(flowOnly, 5).diagnostics.slice(1).map((d) => d.code), parseSegmentReference(flowOnly).problems.map((d) => d.code));
});

test('an oversized document that is not Calico\'s, or is a template, gets nothing', () => {
  const big = networkSet(200);
  assert.deepEqual(run(big.replace('projectcalico.org/v3', 'apps/v1')).diagnostics, []);
  assert.deepEqual(run(`${big}  note: "{{ .Values.x }}"\n`).diagnostics, []);
  assert.equal(run(big).calico, true);
});

test('paused and resumed, the streamed check gives the same result', () => {
  const text = `${networkSet(20_000)}  - bad: [\n`;
  const whole = run(text);
  let pauses = 0;
  const it = analyzeOversized(text, 1, () => true);
  let r = it.next();
  while (!r.done) {
    pauses++;
    r = it.next();
  }
  assert.ok(pauses > 100, `${pauses} pauses`);
  assert.deepEqual(r.value, whole);
  assert.ok(whole.diagnostics.some((d) => d.code === 'yaml-syntax'));
});

test('a large document is analysed in steps that pause inside it, with the same result', () => {
  // Below the limit (checked in full) but large enough to be analysed in steps; and one above it.
  for (const text of [networkSet(3_000).replace('name: big', 'name: Big'), networkSet(60_000)]) {
    const file = new FileAnalysis(text);
    let calls = 0;
    while (!file.analyzeSome(() => true)) calls++;
    assert.ok(calls > 2, `${calls} pauses for ${text.length} characters`);
    assert.deepEqual(file.diagnostics(), analyzeSegment(text).diagnostics);
  }
});

test('changing maxDocumentSize re-analyses exactly the documents it moves across the limit', () => {
  // Two resources (two names: one name twice would be a duplicate-resource).
  const small = networkSet(10).replace('name: big', 'name: small');
  const big = networkSet(400);
  const ws = new Workspace();
  ws.setFile('f', `${small}---\n${big}`);
  const codes = () => ws.diagnostics('f').map((d) => d.code);
  assert.deepEqual(codes(), []);
  const events: string[] = [];
  const index = ws.index as unknown as { add: (...a: unknown[]) => void; remove: (...a: unknown[]) => void };
  const add = index.add.bind(index);
  const remove = index.remove.bind(index);
  index.add = (...a) => (events.push('add'), add(...a));
  index.remove = (...a) => (events.push('remove'), remove(...a));
  ws.settings = { rules: {}, maxDocumentSize: small.length + 10 };
  assert.deepEqual(codes(), ['document-too-large']);
  assert.deepEqual(events, ['remove', 'add'], 'only the large document was analysed again');
  events.length = 0;
  ws.settings = { rules: {}, maxDocumentSize: small.length + 20 };
  assert.deepEqual(events, [], 'a limit that moves no document across changes nothing');
  ws.settings = { rules: {} };
  assert.deepEqual(codes(), []);
});
