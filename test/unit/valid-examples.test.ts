/**
 * Published and hand-written valid examples of every kind (test/fixtures/valid/<kind>/) produce no
 * error through the whole engine, each file on its own: the tool must never call an error what
 * Calico accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText, KINDS } from '../../server/src/core';

const ROOT = join(__dirname, '..', 'fixtures', 'valid');

test('there are valid examples for every kind', () => {
  const dirs = new Set(readdirSync(ROOT));
  for (const k of KINDS) assert.ok(dirs.has(k.kind.toLowerCase()), `no examples for ${k.kind}`);
});

for (const dir of readdirSync(ROOT).sort()) {
  for (const name of readdirSync(join(ROOT, dir)).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    test(`valid example ${dir}/${name} has no error`, () => {
      const errors = lintText(readFileSync(join(ROOT, dir, name), 'utf8')).filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), []);
    });
  }
}
