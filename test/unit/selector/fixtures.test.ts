// Table-driven selector tests. The JSON files in test/fixtures/selector/ are conversions of the
// test tables in Calico's libcalico-go/lib/selector packages (each case names its origin in
// `source`), plus `extra-cases.json`, which pins down behaviour we derived from reading Calico's
// tokenizer and parser. Every case is checked for validity, and where given for the canonical
// form, the match result, the error offset and the token stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isBareGlobal, parseSelector, restrictionsToObject, tokenize } from '../../../server/src/core/selector';

interface SelectorCase {
  selector: string;
  valid: boolean;
  canonical?: string;
  labels?: Record<string, string>;
  matches?: boolean;
  errorOffset?: number;
  tokenizes?: boolean;
  tokens?: Array<[string] | [string, string]>;
  bareGlobal?: boolean;
  source: string;
}

interface RestrictionCase {
  selector: string;
  restrictions: Record<string, { mustBePresent: boolean; mustBeAbsent: boolean; mustHaveOneOfValues?: string[] }>;
  source: string;
}

const fixtureDir = fileURLToPath(new URL('../../fixtures/selector/', import.meta.url));

function load<T>(name: string): T[] {
  return JSON.parse(readFileSync(fixtureDir + name, 'utf8')) as T[];
}

const caseFiles = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.json') && f !== 'calico-label-restriction-tests.json')
  .sort();

test('fixture files are present and non-trivial', () => {
  assert.ok(caseFiles.length >= 5, `found ${caseFiles.join(', ')}`);
  const total = caseFiles.reduce((n, f) => n + load<SelectorCase>(f).length, 0);
  assert.ok(total >= 300, `only ${total} cases`);
});

/** Calico's canonical form is a fixed point except where `!(!x)` prints as `!!x`, which re-parses as `x`. */
function canonicalIsFixedPoint(canonical: string): boolean {
  return !canonical.includes('!!');
}

for (const file of caseFiles) {
  const cases = load<SelectorCase>(file);
  test(`selector cases from ${file}`, async (t) => {
    for (const [index, c] of cases.entries()) {
      await t.test(`#${index} ${JSON.stringify(c.selector).slice(0, 80)}`, () => {
        const result = parseSelector(c.selector);
        const context = `${JSON.stringify(c.selector)} (${c.source})`;
        assert.equal(result.ok, c.valid, `validity of ${context}: ${result.ok ? result.selector.canonical : result.error.message}`);

        if (c.tokenizes !== undefined) {
          const lexed = tokenize(c.selector);
          assert.equal(lexed.ok, c.tokenizes, `tokenizer acceptance of ${context}`);
          if (lexed.ok && c.tokens !== undefined) {
            const actual = lexed.tokens.map((tok) => (tok.value === '' ? [tok.kind] : [tok.kind, tok.value]));
            // Tokens without a value in the fixture are compared by kind only.
            const expected = c.tokens.map((tok) => (tok.length === 1 || tok[1] === '' ? [tok[0]] : [tok[0], tok[1]]));
            assert.deepEqual(actual, expected, `tokens of ${context}`);
          }
        }
        if (c.bareGlobal !== undefined) assert.equal(isBareGlobal(c.selector), c.bareGlobal, `isBareGlobal(${context})`);

        if (!result.ok) {
          const { offset, end, message } = result.error;
          assert.ok(message.length > 0);
          assert.ok(offset >= 0 && offset <= end && end <= c.selector.length, `error span [${offset}, ${end}) in range`);
          if (c.errorOffset !== undefined) assert.equal(offset, c.errorOffset, `error offset for ${context}: ${message}`);
          return;
        }
        const selector = result.selector;
        if (c.canonical !== undefined) assert.equal(selector.canonical, c.canonical, `canonical form of ${context}`);
        if (c.labels !== undefined) {
          assert.equal(selector.matches(c.labels), c.matches, `${context} against ${JSON.stringify(c.labels)}`);
        }

        // Like Calico's own tests: the canonical form must parse, and must match the same labels.
        const again = parseSelector(selector.canonical);
        assert.ok(again.ok, `canonical form ${JSON.stringify(selector.canonical)} re-parses`);
        if (c.labels !== undefined) assert.equal(again.selector.matches(c.labels), c.matches);
        if (canonicalIsFixedPoint(selector.canonical)) assert.equal(again.selector.canonical, selector.canonical);
      });
    }
  });
}

test('label restrictions from label_restriction_test.go', async (t) => {
  const cases = load<RestrictionCase>('calico-label-restriction-tests.json');
  assert.ok(cases.length >= 30);
  for (const c of cases) {
    await t.test(c.selector || '(empty)', () => {
      const parsed = parseSelector(c.selector);
      assert.ok(parsed.ok, c.selector);
      assert.deepEqual(restrictionsToObject(parsed.selector.labelRestrictions()), c.restrictions);
      // As in Calico's test, and-ing with all() must not change anything.
      if (c.selector !== '') {
        const wrapped = parseSelector(`all() && (${c.selector})`);
        assert.ok(wrapped.ok);
        assert.deepEqual(restrictionsToObject(wrapped.selector.labelRestrictions()), c.restrictions);
      }
    });
  }
});
