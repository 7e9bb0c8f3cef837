/**
 * scalar-offsets: value index → document offset for every scalar style. Each case marks the value
 * character we ask about and checks the source character it maps to, and that the map is exact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSegment } from '../../server/src/core/analysis/segment';
import { getValue, type YScalar } from '../../server/src/core/yaml/tree';
import { hasExactOffsets, scalarValueOffset, scalarValueSpan } from '../../server/src/core/yaml/scalar-offsets';

function scalar(text: string, key = 'v'): YScalar {
  const { roots } = parseSegment(text);
  let v = roots[0]!.root ?? undefined;
  for (const k of key.split('.')) v = getValue(v, k);
  assert.ok(v && v.kind === 'scalar', 'expected a scalar');
  return v;
}

/** For every value index, the source character must equal the value character (where it can). */
function checkIdentity(text: string, key = 'v'): void {
  const node = scalar(text, key);
  assert.ok(hasExactOffsets(text, node), `offsets should be exact for ${JSON.stringify(text)}`);
  const value = node.text;
  for (let i = 0; i < value.length; i++) {
    const at = scalarValueOffset(text, node, i);
    assert.ok(at >= node.start && at < node.end, `offset ${at} out of the scalar`);
    const c = value[i]!;
    if (c === ' ' || c === '\n') continue; // folds map to line breaks
    if (text[at] === '\\' || (text[at] === "'" && c === "'")) continue; // escapes map to their start
    assert.equal(text[at], c, `value[${i}] of ${JSON.stringify(text)}`);
  }
}

test('plain, single-line and multi-line', () => {
  checkIdentity('v: a == "b" && c\n');
  checkIdentity('v: a == "b"\n  && has(c)\n');
  checkIdentity('v: a\n\n  b\n');
});

test('single-quoted with doubled quotes and folding', () => {
  checkIdentity("v: 'a == ''x'' && b'\n");
  checkIdentity("v: 'first\n   second'\n");
  const text = "v: 'it''s x'\n";
  const node = scalar(text);
  // value "it's x": index 3 is "s", source is after the doubled quote.
  assert.equal(text[scalarValueOffset(text, node, 3)], 's');
  assert.equal(scalarValueOffset(text, node, 2), text.indexOf("''"));
});

test('double-quoted with escapes', () => {
  checkIdentity('v: "a == \\"b\\" && \\u0063 x"\n');
  checkIdentity('v: "tab\\there"\n');
  checkIdentity('v: "joined\\\n    line"\n');
  checkIdentity('v: "folded\n   line"\n');
  const text = 'v: "\\x41 == \'b\'"\n';
  const node = scalar(text);
  assert.equal(node.text, "A == 'b'");
  assert.equal(scalarValueOffset(text, node, 0), text.indexOf('\\x41'));
  assert.equal(text[scalarValueOffset(text, node, 2)], '=');
});

test('literal block scalars, all chomping modes and an indentation indicator', () => {
  checkIdentity('v: |\n  a == "b"\n  && c\n');
  checkIdentity('v: |-\n  a\n\n  b\n');
  checkIdentity('v: |+\n  a\n\n');
  checkIdentity('k:\n  v: |2\n      indented\n    x\n', 'k.v');
});

test('folded block scalars', () => {
  checkIdentity('v: >\n  a == "b"\n  && c\n');
  checkIdentity('v: >-\n  one\n\n  two\n     more\n  three\n');
});

test('spans cover the source of the value range', () => {
  const text = 'v: "x \\u0021= y"\n';
  const node = scalar(text);
  const span = scalarValueSpan(text, node, 2, 3);
  assert.equal(text.slice(span.start, span.end), '\\u0021');
  const empty = scalarValueSpan(text, node, node.text.length, node.text.length);
  assert.ok(empty.end > empty.start && empty.end <= node.end);
});

test('never out of range, even for indexes past the end', () => {
  const text = "v: 'abc'\n";
  const node = scalar(text);
  for (const i of [-5, 0, 3, 99]) {
    const at = scalarValueOffset(text, node, i);
    assert.ok(at >= node.start && at <= node.end);
  }
});

test('block scalars with an indentation indicator, at every kind of parent', () => {
  checkIdentity('v: |2\n    two more\n   one more\n');
  checkIdentity('a:\n  v: |1\n     x\n    y\n', 'a.v');
  for (const text of ['l:\n- |2\n   x\n  y\n', 'l:\n  - - |1\n       x\n      y\n', 'l:\n- v: |3\n     x\n', 'l:\n  - b: 1\n    v: >2\n       folded\n      text\n']) {
    const { roots } = parseSegment(text);
    let n = getValue(roots[0]!.root ?? undefined, 'l');
    while (n && n.kind === 'seq') n = n.items[0];
    if (n && n.kind === 'map') n = getValue(n, 'v');
    assert.ok(n && n.kind === 'scalar', text);
    assert.ok(hasExactOffsets(text, n), `exact offsets for ${JSON.stringify(text)}`);
  }
});

test('a deeply indented block scalar costs one reading, not one per indentation', () => {
  // The first content line's indentation used to be tried in full for every smaller value.
  const pad = ' '.repeat(20_000);
  const text = `v: |\n${pad}x\n${pad}y\n`;
  const node = scalar(text);
  assert.ok(hasExactOffsets(text, node));
  assert.equal(text[scalarValueOffset(text, node, 2)], 'y');
});
