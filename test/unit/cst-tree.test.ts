/**
 * The fast CST path (`server/src/core/yaml/cst-tree.ts`) against the reference path
 * (`parseAllDocuments` + `buildTree`, `parseSegmentReference`).
 *
 * The contract: the fast path either declines (`undefined`) or returns exactly what the reference
 * returns, trees and problems alike. It is checked two ways: a table of hand-written texts
 * covering every construct, each also with CRLF line endings, where the common constructs must
 * take the fast path; and a seeded differential fuzz over generated Calico documents and the
 * repository's fixtures with random character- and line-level mutations. A mismatch anywhere is a
 * bug in the fast path, to be fixed by declining that case there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSegmentFast } from '../../server/src/core/yaml/cst-tree';
import { parseSegment, parseSegmentReference, type ParsedSegment } from '../../server/src/core/analysis/segment';
import { resolvePlainScalar } from '../../server/src/core/yaml/scalars';
import { corpus, crlf, FAST, mutate, OTHER, prng } from '../support/yaml-differential';
import { scaled } from '../support/fuzz-scale';

/** Asserts the fast path agrees with the reference; returns whether it took the fast path. */
function agrees(text: string, label = JSON.stringify(text)): boolean {
  const ref = parseSegmentReference(text);
  let fast: ParsedSegment | undefined;
  assert.doesNotThrow(() => (fast = parseSegmentFast(text)), `fast path threw on ${label}`);
  if (fast === undefined) return false;
  assert.deepStrictEqual(fast, ref, `fast path differs from the reference on ${label}`);
  return true;
}

test('the fast path takes the common constructs and agrees with the reference on them', () => {
  const declined: string[] = [];
  for (const [name, text] of Object.entries(FAST)) {
    for (const [variant, t] of [['LF', text], ['CRLF', crlf(text)]] as const) {
      if (!agrees(t, `${name} (${variant})`)) declined.push(`${name} (${variant})`);
    }
  }
  assert.deepEqual(declined, [], 'the fast path should have handled these');
});

test('on problems and rare constructs the fast path declines or agrees', () => {
  for (const [name, text] of Object.entries(OTHER)) {
    agrees(text, `${name} (LF)`);
    agrees(crlf(text), `${name} (CRLF)`);
  }
  // Some of these must decline: a fast result never carries problems.
  for (const name of ['duplicate keys', 'tab indentation', 'anchor and alias', 'directive', 'unclosed flow']) {
    assert.equal(parseSegmentFast(OTHER[name]!), undefined, name);
  }
});

test('parseSegment returns the reference result on either path', () => {
  for (const text of [...Object.values(FAST), ...Object.values(OTHER)]) {
    assert.deepStrictEqual(parseSegment(text), parseSegmentReference(text));
  }
});

test('plain scalars named like Object.prototype members are strings', () => {
  // The special-float table used to be an object literal looked up with `in`, which typed
  // `constructor` or `toString` as floats (a false type-mismatch error on `name: constructor`).
  for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    assert.deepEqual(resolvePlainScalar(word), { type: 'string', value: word });
  }
  assert.deepEqual(resolvePlainScalar('.inf'), { type: 'float', value: Infinity });
  assert.deepEqual(resolvePlainScalar('-.Inf'), { type: 'float', value: -Infinity });
});

// --- Differential fuzzing ---------------------------------------------------------------------

test('differential fuzz: the fast path declines or agrees on mutated documents', async (t) => {
  const texts = await corpus();
  // CST_FUZZ_CASES and CST_FUZZ_SEED run a longer or different campaign by hand.
  const rnd = prng(Number(process.env.CST_FUZZ_SEED ?? 20261126));
  const CASES = Number(process.env.CST_FUZZ_CASES ?? scaled(6000));
  let fast = 0;
  let unmutatedFast = 0;
  let unmutatedClean = 0;
  for (const text of texts) {
    if (parseSegmentReference(text).problems.length === 0) {
      unmutatedClean++;
      if (agrees(text)) unmutatedFast++;
    } else agrees(text);
  }
  for (let i = 0; i < CASES; i++) {
    let text = texts[Math.floor(rnd() * texts.length)]!;
    if (rnd() < 0.2) text = crlf(text);
    const n = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < n; k++) text = mutate(text, rnd);
    if (agrees(text, `fuzz case ${i}: ${JSON.stringify(text)}`)) fast++;
  }
  t.diagnostic(`${texts.length} documents (${unmutatedFast} of ${unmutatedClean} without problems on the fast path); ${CASES} mutated cases, ${fast} on the fast path, no mismatch`);
  // Every document without problems and without rare constructs should take the fast path; the
  // fixtures use anchors, tags and merges on purpose, so allow a few to decline.
  assert.ok(unmutatedFast >= unmutatedClean * 0.95, `only ${unmutatedFast} of ${unmutatedClean} clean documents took the fast path`);
  assert.ok(fast > CASES / 4, `only ${fast} mutated cases took the fast path`);
});
