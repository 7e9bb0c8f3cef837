/**
 * Rule settings for `calico-lint`: `--config FILE`, or `.calico-lint.json` in the current
 * directory by default, with the same severities and `off` as the editor's `calico.rules`.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTree, runCli, tempTree } from '../support/cli';
import { HEP_TYPO, WARNING_ONLY } from './fixtures';

interface JsonReport {
  files: { path: string; diagnostics: { code: string; severity: string }[] }[];
}

const root = tempTree({ 'project/typo.yaml': HEP_TYPO, 'project/warn.yaml': WARNING_ONLY });
after(() => removeTree(root));
const project = join(root, 'project');

const severities = (stdout: string, code: string) =>
  (JSON.parse(stdout) as JsonReport).files.flatMap((f) => f.diagnostics).filter((d) => d.code === code).map((d) => d.severity);

test('--config overrides severities and turns rules off', async () => {
  writeFileSync(join(root, 'lenient.json'), JSON.stringify({ rules: { 'unknown-field': 'warning' } }));
  writeFileSync(join(root, 'silent.json'), JSON.stringify({ rules: { 'unknown-field': 'off', 'untracked-asymmetric': 'off' } }));
  writeFileSync(join(root, 'strict.json'), JSON.stringify({ rules: { 'untracked-asymmetric': 'error' } }));

  const lenient = await runCli(['--format', 'json', '--config', join(root, 'lenient.json'), 'typo.yaml'], { cwd: project });
  assert.equal(lenient.code, 0, 'an error downgraded to a warning no longer fails');
  assert.deepEqual(severities(lenient.stdout, 'unknown-field'), ['warning']);

  const silent = await runCli(['--format', 'json', `--config=${join(root, 'silent.json')}`, 'typo.yaml', 'warn.yaml'], { cwd: project });
  assert.equal(silent.code, 0);
  assert.deepEqual(severities(silent.stdout, 'unknown-field'), []);
  assert.deepEqual(severities(silent.stdout, 'untracked-asymmetric'), []);

  const strict = await runCli(['--format', 'json', '-c', join(root, 'strict.json'), 'warn.yaml'], { cwd: project });
  assert.equal(strict.code, 1, 'a warning raised to an error fails');
  assert.deepEqual(severities(strict.stdout, 'untracked-asymmetric'), ['error']);
});

test('.calico-lint.json in the current directory is read by default; --config wins over it', async () => {
  const dir = tempTree({ 'typo.yaml': HEP_TYPO, '.calico-lint.json': JSON.stringify({ rules: { 'unknown-field': 'hint' } }), 'other.json': JSON.stringify({ rules: { 'unknown-field': 'information' } }) });
  try {
    const byDefault = await runCli(['--format', 'json', 'typo.yaml'], { cwd: dir });
    assert.equal(byDefault.code, 0);
    assert.deepEqual(severities(byDefault.stdout, 'unknown-field'), ['hint']);
    const explicit = await runCli(['--format', 'json', '--config', 'other.json', 'typo.yaml'], { cwd: dir });
    assert.deepEqual(severities(explicit.stdout, 'unknown-field'), ['information']);
    // Without a config file in the current directory, defaults apply.
    const elsewhere = await runCli(['--format', 'json', join(dir, 'typo.yaml')], { cwd: root });
    assert.deepEqual(severities(elsewhere.stdout, 'unknown-field'), ['error']);
  } finally {
    removeTree(dir);
  }
});

test('a broken default .calico-lint.json is an error (2), not silently ignored', async () => {
  const dir = tempTree({ 'typo.yaml': HEP_TYPO, '.calico-lint.json': '{"rules": {"unknown-field": "loud"}}' });
  try {
    const r = await runCli(['typo.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^calico-lint: \.calico-lint\.json: .*unknown-field.*loud.*\n$/);
  } finally {
    removeTree(dir);
  }
});
