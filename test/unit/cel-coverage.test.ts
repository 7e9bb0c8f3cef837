/**
 * Every CEL rule of Calico's CRDs (schemas/cel-rules.json, regenerated with the schemas) is
 * implemented by one of our rules, which lists the expression verbatim in `celRules`. A CRD
 * update that brings a new CEL rule makes this test fail until a check for it exists. The same
 * holds for the Calico Enterprise/Cloud CRDs (schemas/enterprise/cel-rules.json).
 *
 * The only exceptions are update-only rules (`self == oldSelf`, and Enterprise's
 * `has(self.vrf) == has(oldSelf.vrf)`): they compare a resource with its previous version, which
 * a file does not have.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES_BY_CODE } from '../../server/src/core';

const UPDATE_ONLY = 'self == oldSelf';

function norm(rule: string): string {
  return rule.replace(/\s+/g, ' ').trim();
}

test('every CEL rule of the CRDs has a check', () => {
  const rules = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'cel-rules.json'), 'utf8')) as Array<{ kind: string; rule: string }>;
  assert.ok(rules.length > 50);
  const claimed = new Set<string>();
  for (const meta of RULES_BY_CODE.values()) for (const r of meta.celRules ?? []) claimed.add(norm(r));
  const missing = [...new Set(rules.map((r) => norm(r.rule)))].filter((r) => r !== UPDATE_ONLY && !claimed.has(r));
  assert.deepEqual(missing, []);
});

test('every CEL rule of the Calico Enterprise/Cloud CRDs has a check', () => {
  const rules = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'enterprise', 'cel-rules.json'), 'utf8')) as Array<{ kind: string; rule: string }>;
  assert.ok(rules.length > 250);
  const claimed = new Set<string>();
  for (const meta of RULES_BY_CODE.values()) for (const r of meta.celRules ?? []) claimed.add(norm(r));
  const updateOnly = (r: string): boolean => r === UPDATE_ONLY || r.includes('oldSelf');
  const missing = [...new Set(rules.map((r) => norm(r.rule)))].filter((r) => !updateOnly(r) && !claimed.has(r));
  assert.deepEqual(missing, []);
});

test('every claimed CEL rule exists in the CRDs of either edition (no stale claims)', () => {
  const read = (...p: string[]) => (JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', ...p), 'utf8')) as Array<{ rule: string }>).map((r) => norm(r.rule));
  const rules = new Set([...read('cel-rules.json'), ...read('enterprise', 'cel-rules.json')]);
  const stale: string[] = [];
  for (const [code, meta] of RULES_BY_CODE) for (const r of meta.celRules ?? []) if (!rules.has(norm(r))) stale.push(`${code}: ${r}`);
  assert.deepEqual(stale, []);
});
