/**
 * Deeply nested YAML (`server/src/core/yaml/depth.ts` and the reference parse path).
 *
 * - Nothing recurses on the document's depth: at any depth the parse, the analysis, hover,
 *   completion and fixes finish without a stack overflow or an internal error (once "YAML syntax
 *   error: Maximum call stack size exceeded" from the composer, near 800 levels).
 * - The cut at ANALYSIS_MAX_DEPTH changes nothing above it: the tree down to that level, spans
 *   included, is the one the text gives without the cut (checked against the composer at depths it
 *   still handles), and the blanked text composes without problems for every kind of collection.
 * - Kubernetes' limit: 10,000 nested collections are accepted, 10,001 get one `yaml-syntax` error on
 *   the collection that goes one level too far; files without Calico resources get nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments, Parser } from 'yaml';
import { parseSegmentReference } from '../../server/src/core/analysis/segment';
import { buildTree, type YNode } from '../../server/src/core/yaml/tree';
import { ANALYSIS_MAX_DEPTH, KUBERNETES_MAX_DEPTH, blankRegions, scanNesting } from '../../server/src/core/yaml/depth';
import { Workspace, fixAll, getCompletions, getHover, lintText } from '../../server/src/core';

/** Collections nested `n` deep, each kind written the way people (or generators) write it. */
const SHAPES: Record<string, (n: number) => string> = {
  'flow sequences': (n) => `${'['.repeat(n)}${']'.repeat(n)}\n`,
  'flow sequences with items': (n) => `${'[a, '.repeat(n)}z${']'.repeat(n)}\n`,
  'flow maps': (n) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`,
  'multi-line flow': (n) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}[x,`).join('\n')}\n${' '.repeat(n + 1)}y${']'.repeat(n)}\n`,
  'block maps': (n) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v\n`,
  'block maps with siblings': (n) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a: 1\n${' '.repeat(i)}k:`).join('\n')} v\n`,
  'indented block sequences': (n) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(2 * i)}-`).join('\n')} x\n`,
  'compact sequences': (n) => `${'- '.repeat(n)}x\n`,
  'compact sequences, then a sibling': (n) => `${'- '.repeat(n)}x\n- y\n`,
  // k: / - k: / - k: ... with each sequence in its parent key's column.
  'indentless sequences': (n) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'k:' : `\n${' '.repeat(i - 1)}- `)).join('') + (n % 2 === 0 ? 'z\n' : ' z\n'),
  'explicit keys': (n) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(2 * i)}? k\n${' '.repeat(2 * i)}:`).join('\n')} v\n`,
  'block scalars at the bottom': (n) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} |\n${' '.repeat(n + 1)}text\n${' '.repeat(n + 1)}more\n`,
  'comments and anchors': (n) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}# level ${i}\n${' '.repeat(i)}k: &a${i}`).join('\n')} v\nafter: 1\n`,
  'deep value then a sibling': (n) => `a:\n  deep: ${'['.repeat(n - 2)}${']'.repeat(n - 2)}\n  next: 1\nb: 2\n`,
};

/**
 * Our tree down to `max` levels of collections, spans included; deeper collections, and the
 * placeholders that stand for them after the cut (nodes starting at a cut), are 'CUT'.
 */
function project(node: YNode | null, max: number, cuts: ReadonlySet<number> = new Set(), level = 0): unknown {
  if (!node) return null;
  if (level >= max && (node.kind !== 'scalar' || cuts.has(node.start))) return 'CUT';
  if (node.kind === 'scalar') return [node.start, node.end, node.text];
  const children =
    node.kind === 'map' ? node.pairs.flatMap((p) => [project(p.key, max, cuts, level + 1), project(p.value, max, cuts, level + 1)]) : node.items.map((i) => project(i, max, cuts, level + 1));
  return [node.kind, node.start, node.end, children];
}

/** The composer's own tree, for depths it can still compose. */
function uncut(text: string): unknown[] {
  return parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: false, strict: true } as never).map((d) => {
    assert.deepEqual(
      d.errors.map((e) => e.message),
      [],
      'the uncut text composes cleanly',
    );
    return project(buildTree(d as never).root, ANALYSIS_MAX_DEPTH);
  });
}

test('above the cut the tree is exactly the one the text gives; the blanked text composes cleanly', () => {
  for (const [name, make] of Object.entries(SHAPES)) {
    for (const n of [ANALYSIS_MAX_DEPTH - 1, ANALYSIS_MAX_DEPTH, ANALYSIS_MAX_DEPTH + 1, ANALYSIS_MAX_DEPTH + 40, 400]) {
      const text = make(n);
      const parsed = parseSegmentReference(text);
      assert.deepEqual(parsed.problems, [], `${name} at ${n}: no problems`);
      const scan = scanNesting(new Parser().parse(text));
      const cuts = new Set(scan.blank.flatMap((r) => Array.from({ length: r.end - r.start }, (_, k) => r.start + k)));
      assert.deepEqual(
        parsed.roots.map((r) => project(r.root, ANALYSIS_MAX_DEPTH, cuts)),
        uncut(text),
        `${name} at ${n}: same tree above the cut`,
      );
      const blanked = blankRegions(text, scan.blank);
      assert.equal(blanked.length, text.length, 'blanking keeps the length');
      assert.equal(blanked.replace(/[^\r\n]/g, '').length, text.replace(/[^\r\n]/g, '').length, 'and every line break');
      if (n <= ANALYSIS_MAX_DEPTH) assert.equal(scan.blank.length, 0, `${name} at ${n}: nothing to cut`);
      else assert.ok(scan.blank.length > 0, `${name} at ${n}: cut`);
    }
  }
});

test('at any depth the parse finishes without a stack overflow', () => {
  // Closing about two thousand block collections at once overflows the yaml parser itself (the
  // last two shapes at these depths); the others reach the composer's and our own limits.
  const depths: Record<string, number> = { 'compact sequences, then a sibling': 4000, 'comments and anchors': 2200 };
  for (const [name, make] of Object.entries(SHAPES)) {
    // Block shapes indent by the level, so their size grows with its square: keep them smaller.
    const n = depths[name] ?? (/flow|compact/.test(name) ? 9000 : 1000);
    const parsed = parseSegmentReference(make(n));
    assert.deepEqual(
      parsed.problems.map((p) => p.message),
      [],
      name,
    );
  }
});

test('more than 10,000 nested collections get one yaml-syntax error where the limit is exceeded', () => {
  const cases: Record<string, { text: (n: number) => string; at: (n: number) => number }> = {
    flow: { text: (n) => `${'['.repeat(n)}${']'.repeat(n)}\n`, at: (n) => n - 1 },
    'flow maps': { text: (n) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`, at: (n) => 4 * (n - 1) },
    'compact block sequences': { text: (n) => `${'- '.repeat(n)}x\n`, at: (n) => 2 * (n - 1) },
    'block map holding flow': { text: (n) => `a:\n  b: ${'['.repeat(n - 2)}${']'.repeat(n - 2)}\n`, at: (n) => 8 + (n - 3) },
  };
  for (const [name, { text, at }] of Object.entries(cases)) {
    assert.deepEqual(parseSegmentReference(text(KUBERNETES_MAX_DEPTH)).problems, [], `${name}: 10,000 levels are accepted`);
    const over = parseSegmentReference(text(KUBERNETES_MAX_DEPTH + 1)).problems;
    assert.equal(over.length, 1, name);
    assert.equal(over[0]!.code, 'yaml-syntax');
    assert.equal(over[0]!.severity, 'error');
    assert.match(over[0]!.message, /nested more than 10,000 levels deep/);
    assert.equal(over[0]!.start, at(KUBERNETES_MAX_DEPTH + 1), `${name}: on the 10,001st collection`);
    assert.equal(over[0]!.end, over[0]!.start + 1);
  }
});

const HEAD = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: deep\nspec:\n';

test('a deeply nested Calico resource gets the same diagnostics as a shallow one, and no internal error', () => {
  const at = (n: number) => lintText(`${HEAD}  selector: all()\n  ingress: ${'['.repeat(n)}${']'.repeat(n)}\n`).map((d) => [d.code, d.start, d.end]);
  // 'ingress[0]' must be a mapping: the list one level in, wherever its end is.
  const first = HEAD.length + '  selector: all()\n  ingress: ['.length;
  for (const n of [50, 300, 800, 5000, KUBERNETES_MAX_DEPTH - 2]) assert.deepEqual(at(n), [['type-mismatch', first, first + 2 * (n - 1)]], `${n} levels`);
  const over = lintText(`${HEAD}  ingress: ${'['.repeat(KUBERNETES_MAX_DEPTH)}${']'.repeat(KUBERNETES_MAX_DEPTH)}\n`);
  assert.deepEqual(
    over.map((d) => d.code),
    // Findings on the line of a syntax error and after it are dropped, as after any syntax error.
    ['yaml-syntax'],
  );
});

test('deep YAML without Calico resources gets no diagnostic at all', () => {
  for (const n of [800, KUBERNETES_MAX_DEPTH + 5]) {
    assert.deepEqual(lintText(`values:\n  deep: ${'['.repeat(n)}${']'.repeat(n)}\n`), [], `${n} levels`);
    assert.deepEqual(lintText(`${'- '.repeat(n)}x\n`), [], `${n} compact levels`);
  }
});

test('hover, completion and fixes work on deeply nested documents and keep the deep part intact', () => {
  const deep = Array.from({ length: 300 }, (_, i) => `${' '.repeat(2 * i + 4)}- k${i}:`).join('\n');
  // doNotTrack without applyOnForward: the fix inserts `applyOnForward: true` into spec, whose last
  // entry holds the deep part, which must come out byte for byte.
  const text = `${HEAD}  selector: all()\n  doNotTrack: true\n  ingress:\n${deep} x\n`;
  const ws = new Workspace();
  ws.setFile('f', text);
  ws.analyzeAll();
  const diagnostics = ws.diagnostics('f');
  assert.ok(!diagnostics.some((d) => d.code === 'internal-error'), JSON.stringify(diagnostics));
  assert.ok(diagnostics.some((d) => d.code === 'apply-on-forward-required'));
  // Each hover parses the document again; a sample of positions across the deep part will do.
  for (let offset = 0; offset <= text.length; offset += Math.ceil(text.length / 40)) {
    getHover(ws, 'f', offset);
    getCompletions(ws, 'f', offset, { snippets: true });
  }
  assert.ok(getHover(ws, 'f', text.indexOf('doNotTrack')));
  const fixed = fixAll(text).text;
  assert.ok(fixed.includes(deep), 'the deep part is untouched');
  const before = new Set(text.split('\n'));
  assert.deepEqual(
    fixed.split('\n').filter((l) => !before.has(l)),
    ['  applyOnForward: true'],
  );
});
