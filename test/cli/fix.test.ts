/**
 * `calico-lint --fix`: applies only safe fixes, in place, then reports what remains. A file whose
 * only fixes are unsafe (renaming an unknown field) is left byte-for-byte untouched.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTree, runCli, tempTree } from '../support/cli';
import { CLEAN, HEP_TYPO, NOT_CALICO, SAFE_FIXABLE } from './fixtures';

const root = tempTree();
after(() => removeTree(root));

test('--fix leaves files with only unsafe fixes (or nothing to fix) untouched', async () => {
  const files = { 'typo.yaml': HEP_TYPO, 'crlf.yaml': HEP_TYPO.replace(/\n/g, '\r\n'), 'clean.yaml': CLEAN, 'deployment.yaml': NOT_CALICO };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  const before = Object.fromEntries(Object.keys(files).map((n) => [n, statSync(join(root, n)).mtimeMs]));
  const r = await runCli(['--fix', ...Object.keys(files)], { cwd: root });
  assert.equal(r.code, 1, 'the unknown fields remain and are reported');
  assert.equal(r.stderr, '', 'nothing reported as fixed');
  assert.match(r.stdout, /typo\.yaml:8:3 error unknown-field/);
  assert.match(r.stdout, /crlf\.yaml:8:3 error unknown-field/);
  for (const [name, text] of Object.entries(files)) {
    assert.equal(readFileSync(join(root, name), 'utf8'), text, `${name} is unchanged`);
    assert.equal(statSync(join(root, name)).mtimeMs, before[name], `${name} was not rewritten`);
  }
});

test('--fix applies safe fixes in place and reports what remains', async () => {
  // One safe fix (add applyOnForward) and one unsafe one (the rename) in the same file.
  const text = SAFE_FIXABLE + '---\n' + HEP_TYPO.replace(/memcached-node-1/g, 'memcached-node-2');
  writeFileSync(join(root, 'mixed.yaml'), text);
  const r = await runCli(['--fix', '--format', 'json', 'mixed.yaml'], { cwd: root });
  const fixed = readFileSync(join(root, 'mixed.yaml'), 'utf8');
  assert.match(fixed, /\n {2}applyOnForward: true\n/, 'the safe fix was applied');
  assert.equal(fixed.replace(/\n {2}applyOnForward: true\n/, '\n'), text, 'and nothing else changed');
  assert.match(r.stderr, /^calico-lint: fixed mixed\.yaml: .*applyOnForward.*\n$/);
  const report = JSON.parse(r.stdout) as { files: { diagnostics: { code: string; severity: string }[] }[] };
  const errors = report.files[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  assert.deepEqual(errors, ['unknown-field'], 'what remains is reported against the fixed text');
  assert.equal(r.code, 1);
  // A second run has nothing left to fix.
  const again = await runCli(['--fix', 'mixed.yaml'], { cwd: root });
  assert.equal(again.stderr, '');
  assert.equal(readFileSync(join(root, 'mixed.yaml'), 'utf8'), fixed);
});

test('--fix with standard input prints the fixed text', async () => {
  const r = await runCli(['--fix', '-'], { cwd: root, input: SAFE_FIXABLE });
  assert.match(r.stdout, /\n {2}applyOnForward: true\n/);
  assert.equal(r.stdout.replace(/\n {2}applyOnForward: true\n/, '\n'), SAFE_FIXABLE);
  assert.equal(r.code, 0, 'nothing is left after the fix');
  const untouched = await runCli(['--fix', '-'], { cwd: root, input: HEP_TYPO });
  assert.equal(untouched.stdout, HEP_TYPO);
  assert.equal(untouched.code, 1);
});

test('--fix never turns a file with warnings only into one with errors (exit 0 stays 0)', async () => {
  // Replies exist for ports 11211 and up; the mirror for the rest must start at port 1 (Calico
  // refuses port 0), and the comment after the empty `egress` of the second policy must stay.
  const head = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: NAME\nspec:\n  selector: all()\n  doNotTrack: true\n  applyOnForward: true\n';
  const text =
    head.replace('NAME', 'partial') +
    "  ingress:\n    - action: Allow\n      protocol: TCP\n  egress:\n    - action: Allow\n      protocol: TCP\n      source:\n        ports: ['11211:65535']\n---\n" +
    head.replace('NAME', 'empty') +
    '  ingress:\n    - action: Allow\n      protocol: UDP\n      destination:\n        ports: [53]\n  egress: # replies go here\n';
  const before = await runCli(['-'], { cwd: root, input: text });
  assert.equal(before.code, 0, before.stdout);
  const r = await runCli(['--fix', '-'], { cwd: root, input: text });
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /ports:\n {10}- '1:11210'\n/);
  assert.match(r.stdout, /\n {2}egress: # replies go here\n {4}- action: Allow\n/);
});
