// Behaviour of the selector module's public API beyond the Calico-derived tables: deep nesting
// (Calico has no depth limit, so neither may we crash), never throwing on arbitrary input, source
// offsets, the derived properties (isAll, usesGlobal, labelKeys) and caching.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareCodePoints,
  isBareGlobal,
  parseSelector,
  tokenize,
  validateSelector,
  type Selector,
} from '../../../server/src/core/selector';

function mustParse(text: string): Selector {
  const result = parseSelector(text);
  assert.ok(result.ok, `${JSON.stringify(text.slice(0, 60))} should parse: ${result.ok ? '' : result.error.message}`);
  return result.selector;
}

test('100,000 unclosed parentheses give an ordinary error at the end of the text', () => {
  const text = '('.repeat(100_000);
  const result = parseSelector(text);
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.error.offset, text.length);
});

test('100,000 balanced parentheses are accepted, as Calico (which has no depth limit) accepts them', () => {
  const depth = 100_000;
  const selector = mustParse(`${'('.repeat(depth)}a == "b"${')'.repeat(depth)}`);
  assert.equal(selector.canonical, 'a == "b"');
  assert.equal(selector.matches({ a: 'b' }), true);
});

test('deeply nested negations and conjunctions evaluate and print without recursion', () => {
  const depth = 50_000;
  const negated = mustParse(`${'!('.repeat(depth)}has(a)${')'.repeat(depth)}`);
  assert.equal(negated.canonical, `${'!'.repeat(depth)}has(a)`);
  assert.equal(negated.matches({ a: 'x' }), true); // an even number of negations
  assert.equal(negated.matches({}), false);

  const chained = mustParse(`${'x == "1" && ('.repeat(depth)}has(c)${')'.repeat(depth)}`);
  assert.equal(chained.matches({ x: '1', c: '' }), true);
  assert.equal(chained.matches({ x: '1' }), false);
  assert.equal(chained.canonical.length > depth * 10, true);
  assert.deepEqual([...chained.labelKeys], ['x', 'c']);
  const restriction = chained.labelRestrictions().get('c');
  assert.equal(restriction?.mustBePresent, true);
  const unbalanced = parseSelector(`${'!('.repeat(depth)}has(a)${')'.repeat(depth - 1)}`);
  assert.equal(unbalanced.ok, false);
});

test('a long run of "!" with nothing after it is an error, not a crash', () => {
  const result = parseSelector('!'.repeat(200_000));
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.error.offset, 200_000);
});

test('large inputs stay linear', () => {
  const started = Date.now();
  const members = Array.from({ length: 50_000 }, (_, i) => `"v${i}"`).join(',');
  const big = mustParse(`a in {${members}}`);
  assert.equal(big.matches({ a: 'v49999' }), true);
  assert.equal(big.matches({ a: 'v50000' }), false);
  assert.equal(parseSelector(`a == "${'x'.repeat(1_000_000)}`).ok, false); // unterminated
  assert.equal(parseSelector('a'.repeat(1_000_000)).ok, false); // label too long
  assert.equal(parseSelector(`a == "b" ${'&& a == "b" '.repeat(50_000)}`).ok, true);
  assert.ok(Date.now() - started < 10_000, 'took too long');
});

/** A small deterministic generator so failures are reproducible. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [
  'a', 'b', 'in', 'not', ' ', ' ', '\t', '(', ')', '!', '==', '!=', '"x"', "'y'", '""', '&&', '||', 'in', 'not in',
  '{', '}', ',', 'has(a)', 'has(', 'all()', 'global()', 'contains', 'starts with', 'ends with', '\n', '=', '&', '|',
  '%', 'é', '"', "'", '😀', 'all(', 'x.y/z',
];

test('random inputs never throw, report in-range offsets, and canonical forms agree with the original', () => {
  const random = prng(12345);
  const labelSets: Array<Record<string, string>> = [{}, { a: 'x' }, { b: 'y' }, { a: 'y', b: 'x' }, { a: '', b: '' }, { in: 'x', not: 'y' }];
  let valid = 0;
  for (let n = 0; n < 20_000; n++) {
    const length = Math.floor(random() * 12);
    let text = '';
    for (let k = 0; k < length; k++) text += PIECES[Math.floor(random() * PIECES.length)];
    const result = parseSelector(text);
    if (!result.ok) {
      const { offset, end } = result.error;
      assert.ok(offset >= 0 && offset <= end && end <= text.length, `bad span for ${JSON.stringify(text)}`);
      continue;
    }
    valid++;
    const again = parseSelector(result.selector.canonical);
    assert.ok(again.ok, `canonical of ${JSON.stringify(text)} re-parses`);
    for (const labels of labelSets) {
      assert.equal(again.selector.matches(labels), result.selector.matches(labels), `${JSON.stringify(text)} on ${JSON.stringify(labels)}`);
    }
  }
  assert.ok(valid > 500, `only ${valid} random selectors were valid`);
});

test('non-string input is rejected rather than thrown on', () => {
  const result = parseSelector(undefined as unknown as string);
  assert.equal(result.ok, false);
});

test('isAll and usesGlobal', () => {
  for (const text of ['', '   ', '\t', 'all()', ' ( all( ) ) ', '!!all()']) assert.equal(mustParse(text).isAll, true, text);
  for (const text of ['all() && all()', 'global()', '!all()', 'has(a)']) assert.equal(mustParse(text).isAll, false, text);
  assert.equal(mustParse('a == "b" || !(global())').usesGlobal, true);
  assert.equal(mustParse('a == "global()"').usesGlobal, false);
  assert.equal(mustParse('global == "x"').usesGlobal, false);
});

test('isBareGlobal follows the validator token check', () => {
  assert.equal(isBareGlobal('global()'), true);
  assert.equal(isBareGlobal(' global( ) '), true);
  assert.equal(isBareGlobal('(global())'), false);
  assert.equal(isBareGlobal('!!global()'), false);
  assert.equal(isBareGlobal('global() && all()'), false);
  assert.equal(isBareGlobal(''), false);
});

test('labelKeys lists each referenced label once, in order', () => {
  const selector = mustParse('a == "b" && (has(c) || a in {"x"}) && !d != "e" && all()');
  assert.deepEqual([...selector.labelKeys], ['a', 'c', 'd']);
  assert.deepEqual([...mustParse('all()').labelKeys], []);
});

test('syntax tree carries source offsets', () => {
  const text = '!has( foo ) && bar in {"x"}';
  const root = mustParse(text).root;
  assert.equal(root.kind, 'and');
  if (root.kind !== 'and') return;
  const [first, second] = root.operands;
  assert.equal(first!.kind, 'not');
  assert.equal(first!.start, 0);
  if (first!.kind === 'not' && first!.operand.kind === 'has') {
    const has = first!.operand;
    assert.equal(text.slice(has.labelStart, has.labelEnd), 'foo');
    assert.equal(text.slice(has.start, has.end), 'has( foo )');
  } else {
    assert.fail('expected !has()');
  }
  assert.equal(second!.kind, 'in');
  assert.equal(text.slice(second!.start, second!.end), 'bar in {"x"}');
  assert.equal(root.start, 0);
  assert.equal(root.end, text.length);
});

test('error messages say what was expected, and offsets point at the culprit', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['has(', 4, /label name after 'has\('/],
    ['a == "b', 5, /unterminated string/],
    ['a = "b"', 2, /'=='/],
    ['a == b', 5, /quoted string/],
    ['a in "b"', 5, /'\{'/],
    ['(a == "b"', 9, /'\)'/],
    ['a == "b"\n', 8, /spaces and tabs/],
    ['a b', 2, /operator after label 'a'/],
  ];
  for (const [text, offset, pattern] of cases) {
    const error = validateSelector(text);
    assert.ok(error, text);
    assert.equal(error.offset, offset, text);
    assert.match(error.message, pattern, text);
  }
  assert.equal(validateSelector('a == "b"'), undefined);
});

test('results are cached and immutable', () => {
  const first = parseSelector('role == "db" && tier in {"a", "b"}');
  const second = parseSelector('role == "db" && tier in {"a", "b"}');
  assert.equal(first, second);
  assert.ok(Object.isFrozen(first));
  const bad = parseSelector('role ==');
  assert.ok(!bad.ok && Object.isFrozen(bad.error));
});

test('tokenize reports offsets for every token and ends with eof', () => {
  const lexed = tokenize('a  not in {"x"}');
  assert.ok(lexed.ok);
  if (!lexed.ok) return;
  assert.deepEqual(
    lexed.tokens.map((t) => [t.kind, t.start, t.end]),
    [['label', 0, 1], ['notIn', 3, 9], ['lbrace', 10, 11], ['string', 11, 14], ['rbrace', 14, 15], ['eof', 15, 15]],
  );
});

test('set members sort in code point order, as Go sorts strings', () => {
  assert.ok(compareCodePoints('\uff01', '\u{1F600}') < 0);
  assert.ok('\uff01' > '\u{1F600}'); // JavaScript's own order disagrees
  assert.ok(compareCodePoints('B', 'a') < 0);
  assert.ok(compareCodePoints('a', 'ab') < 0);
  assert.equal(compareCodePoints('same', 'same'), 0);
});
