/**
 * The selector satisfiability check (server/src/core/selector/satisfiability.ts): known cases,
 * the bounds, and a seeded property test. The property: a selector claimed unsatisfiable matches
 * no label set (random ones, and every label set over a small universe), and a selector claimed
 * satisfiable matches the witness the check built.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSelector } from '../../../server/src/core/selector';
import { checkSatisfiable } from '../../../server/src/core/selector/satisfiability';
import { scaled } from '../../support/fuzz-scale';
import { random } from '../../support/random';

function verdict(text: string): string {
  const parsed = parseSelector(text);
  assert.ok(parsed.ok, `test selector does not parse: ${text}`);
  return checkSatisfiable(parsed.selector.root).verdict;
}

function witnessMatches(text: string): boolean {
  const parsed = parseSelector(text);
  assert.ok(parsed.ok);
  const r = checkSatisfiable(parsed.selector.root);
  assert.equal(r.verdict, 'satisfiable', text);
  return r.verdict === 'satisfiable' && parsed.selector.matches(r.witness);
}

test('selectors that no label set matches are unsatisfiable', () => {
  for (const s of [
    "a == 'x' && a == 'y'",
    'has(a) && !has(a)',
    'a in {}',
    "a in {'x', 'y'} && a not in {'x', 'y'}",
    "a == 'x' && a != 'x'",
    "a == 'x' && !has(a)",
    "a starts with 'ab' && a starts with 'b'",
    "a ends with 'ab' && a ends with 'bb'",
    "a contains 'xyz' && !(a contains 'y')",
    "a starts with 'abc' && !(a starts with 'ab')",
    "a ends with 'abc' && !(a ends with 'bc')",
    "!(a starts with '') && has(a)",
    "a contains 'q' && a in {'x', 'y'}",
    '!all()',
    "(a == 'x' || a == 'y') && a == 'z'",
    "(a == 'x' || b == 'y') && !has(a) && !has(b)",
    "!(a != 'x') && !(a == 'x')",
    "!(has(a) || !has(a))",
    "(a == '1' || a == '2') && (a == '3' || a == '4')",
  ]) {
    assert.equal(verdict(s), 'unsatisfiable', s);
  }
});

test('satisfiable selectors come with a label set that matches', () => {
  for (const s of [
    'all()',
    '',
    "a == 'x'",
    "a != 'x'",
    '!has(a)',
    "a == 'x' && b == 'y'",
    "a starts with 'ab' && a ends with 'ba' && a contains 'q'",
    "a contains 'x' && !(a contains 'y') && a != 'x'",
    "a starts with 'a' && !(a starts with 'ab') && !(a starts with 'ac')",
    "a not in {'x'} && has(a)",
    "(a == 'x' || a == 'y') && a != 'x'",
    "!(a == 'x' && b == 'y')",
    "has(__proto__) && constructor == 'x'",
    "a in {'x', 'y', 'z'} && a != 'x' && a != 'y'",
  ]) {
    assert.ok(witnessMatches(s), s);
  }
});

test('the work is bounded: huge selectors are answered, as unknown when the bound is reached', () => {
  // A long && chain is linear: still decided.
  const chain = Array.from({ length: 5000 }, (_, i) => `l${i} == 'v'`).join(' && ');
  assert.equal(verdict(chain), 'satisfiable');
  assert.equal(verdict(`${chain} && l7 == 'w'`), 'unsatisfiable');
  // A product of many disjunctions would have 2^40 terms: capped, never exponential.
  const product = Array.from({ length: 40 }, (_, i) => `(p${i} == 'a' || q${i} == 'b')`).join(' && ');
  const started = process.hrtime.bigint();
  const r = verdict(product);
  assert.ok(r === 'unknown' || r === 'satisfiable', r);
  // An unsatisfiable conjunct is still found after the products were joined.
  assert.equal(verdict(`${product} && has(x) && !has(x)`), 'unsatisfiable');
  // A generous bound for a slow machine: the point is that it is not 2^40 steps.
  assert.ok(process.hrtime.bigint() - started < 5_000_000_000n);
  // Deep nesting is folded without recursion.
  const deep = `${'!('.repeat(20000)}has(a)${')'.repeat(20000)}`;
  assert.equal(verdict(deep), 'satisfiable');
});


const LABELS = ['a', 'b', 'c'];
const VALUES = ['x', 'y', 'xy', 'yx', 'xyx', ''];
/** Every value a label takes in the exhaustive universe: the selector's values and a few others. */
const UNIVERSE = ['x', 'y', 'xy', 'yx', 'xyx', '', 'z', 'xzy', 'yxy', 'xx'];

function genSelector(r: ReturnType<typeof random>, depth: number): string {
  if (depth <= 0 || r.chance(0.35)) {
    const l = r.pick(LABELS);
    const v = `'${r.pick(VALUES)}'`;
    switch (r.int(0, 9)) {
      case 0:
        return `has(${l})`;
      case 1:
        return `!has(${l})`;
      case 2:
        return `${l} == ${v}`;
      case 3:
        return `${l} != ${v}`;
      case 4: {
        const n = r.int(0, 2);
        return `${l} in {${Array.from({ length: n }, () => `'${r.pick(VALUES)}'`).join(', ')}}`;
      }
      case 5: {
        const n = r.int(0, 2);
        return `${l} not in {${Array.from({ length: n }, () => `'${r.pick(VALUES)}'`).join(', ')}}`;
      }
      case 6:
        return `${l} contains ${v}`;
      case 7:
        return `${l} starts with ${v}`;
      case 8:
        return `${l} ends with ${v}`;
      default:
        return r.chance(0.5) ? 'all()' : `!${l} contains ${v}`;
    }
  }
  const n = r.int(2, 3);
  const parts = Array.from({ length: n }, () => genSelector(r, depth - 1));
  const joined = `(${parts.join(r.chance(0.6) ? ' && ' : ' || ')})`;
  return r.chance(0.25) ? `!${joined}` : joined;
}

function* everyLabelSet(): Generator<Record<string, string>> {
  const choices = [undefined, ...UNIVERSE];
  for (const a of choices) {
    for (const b of choices) {
      for (const c of choices) {
        const labels: Record<string, string> = {};
        if (a !== undefined) labels['a'] = a;
        if (b !== undefined) labels['b'] = b;
        if (c !== undefined) labels['c'] = c;
        yield labels;
      }
    }
  }
}

test('property: an unsatisfiable verdict never matches a label set; a satisfiable one matches its witness', () => {
  const cases = scaled(600);
  const counts = { unsatisfiable: 0, satisfiable: 0, unknown: 0 };
  const universe = [...everyLabelSet()];
  for (let seed = 1; seed <= cases; seed++) {
    const r = random(seed);
    const text = genSelector(r, 4);
    const parsed = parseSelector(text);
    assert.ok(parsed.ok, `seed ${seed}: generated selector does not parse: ${text}`);
    const result = checkSatisfiable(parsed.selector.root);
    counts[result.verdict]++;
    if (result.verdict === 'unsatisfiable') {
      for (const labels of universe) {
        assert.ok(!parsed.selector.matches(labels), `seed ${seed}: ${text} claimed unsatisfiable but matches ${JSON.stringify(labels)}`);
      }
      // Random label sets beyond the universe: values built from the selector's own pieces.
      for (let k = 0; k < 50; k++) {
        const labels: Record<string, string> = {};
        for (const l of LABELS) if (r.chance(0.7)) labels[l] = r.pick(VALUES) + r.pick(VALUES) + r.pick(VALUES);
        assert.ok(!parsed.selector.matches(labels), `seed ${seed}: ${text} claimed unsatisfiable but matches ${JSON.stringify(labels)}`);
      }
    } else if (result.verdict === 'satisfiable') {
      assert.ok(parsed.selector.matches(result.witness), `seed ${seed}: ${text} claimed satisfiable, but its witness ${JSON.stringify(result.witness)} does not match`);
    } else {
      // Unknown is allowed, but on selectors this small it should be rare.
    }
    // Completeness on the universe: when nothing in it matches, the verdict is not "satisfiable"
    // with a witness outside it that fails (checked above); and when something matches, it is
    // never "unsatisfiable" (checked above by contradiction).
  }
  // The test must be able to fail: both definite verdicts occur often.
  assert.ok(counts.unsatisfiable >= cases / 20, `too few unsatisfiable cases: ${JSON.stringify(counts)}`);
  assert.ok(counts.satisfiable >= cases / 4, `too few satisfiable cases: ${JSON.stringify(counts)}`);
  assert.ok(counts.unknown <= cases / 10, `too many unknown verdicts: ${JSON.stringify(counts)}`);
});
