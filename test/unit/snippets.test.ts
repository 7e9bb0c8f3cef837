/**
 * Every snippet, expanded with its placeholders at their defaults, is a valid Calico file with no
 * error and no warning; and the expander handles the snippet syntax we use.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNIPPETS, expandSnippet, lintText } from '../../server/src/core';

test('the extension contributes no snippets file: the server offers the snippets where a resource can start', () => {
  // VS Code offers a contributed snippet at any position, inside a spec too; completion from the
  // server places them (see test/unit/completion-values.test.ts).
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  assert.equal(pkg.contributes.snippets, undefined);
  const client = readFileSync(join(__dirname, '..', '..', 'client', 'src', 'extension.ts'), 'utf8');
  assert.match(client, /clientHasSnippets: false/);
  assert.ok(SNIPPETS.length >= 8);
});

for (const s of SNIPPETS) {
  test(`snippet ${s.prefix} expands to a clean Calico file`, () => {
    const text = expandSnippet(s.body);
    assert.ok(!text.includes('$'), `unexpanded placeholder in ${s.prefix}: ${text}`);
    assert.ok(text.includes('apiVersion: projectcalico.org/v3'));
    const bad = lintText(text).filter((d) => d.severity === 'error' || d.severity === 'warning');
    assert.deepEqual(bad.map((d) => `${d.code}: ${d.message}`), []);
  });
}

test('the untracked pair snippet mirrors its rules (no asymmetry, no missing applyOnForward)', () => {
  const pair = SNIPPETS.find((s) => s.prefix === 'calico-untracked-pair')!;
  const codes = lintText(expandSnippet(pair.body)).map((d) => d.code);
  assert.ok(!codes.includes('untracked-asymmetric'));
  assert.ok(!codes.includes('apply-on-forward-required'));
  assert.ok(!codes.includes('untracked-no-host-endpoint'));
});

test('expandSnippet handles placeholders, repeats, choices, escapes and final tab stops', () => {
  assert.equal(expandSnippet('a ${1:x} b $1 ${2|TCP,UDP|} ${2} \\$ $0'), 'a x b x TCP TCP $ ');
  assert.equal(expandSnippet('${1:one} ${1:ignored}'), 'one one');
});
