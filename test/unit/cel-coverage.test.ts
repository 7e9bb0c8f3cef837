/**
 * Every CEL rule of Calico's CRDs (schemas/cel-rules.json, regenerated with the schemas) is
 * implemented by one of our rules, which lists the expression verbatim in `celRules`. A CRD
 * update that brings a new CEL rule makes this test fail until a check for it exists.
 *
 * The only exception is `self == oldSelf` (fields that cannot change after creation): it compares
 * a resource with its previous version, which a file does not have.
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

test('every claimed CEL rule exists in the CRDs (no stale claims)', () => {
  const rules = new Set((JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'cel-rules.json'), 'utf8')) as Array<{ rule: string }>).map((r) => norm(r.rule)));
  const stale: string[] = [];
  for (const [code, meta] of RULES_BY_CODE) for (const r of meta.celRules ?? []) if (!rules.has(norm(r))) stale.push(`${code}: ${r}`);
  assert.deepEqual(stale, []);
});
