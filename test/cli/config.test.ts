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

test('--max-document-size and the config file\'s maxDocumentSize bound the analysis of a document', async () => {
  const dir = tempTree();
  try {
    const nets = Array.from({ length: 40 }, (_, i) => `    - 10.0.${i}.0/24\n`).join('');
    const doc = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: Big\nspec:\n  nets:\n${nets}`;
    writeFileSync(join(dir, 'big.yaml'), doc);
    // Checked in full: the upper-case name is an error.
    let r = await runCli(['--format', 'json', 'big.yaml'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout).files[0].diagnostics.map((d: { code: string }) => d.code), ['invalid-name']);
    // Over the limit: syntax only, one note, exit 0.
    r = await runCli(['--format', 'json', '--max-document-size', '500', 'big.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const diags = JSON.parse(r.stdout).files[0].diagnostics;
    assert.deepEqual(diags.map((d: { code: string }) => d.code), ['document-too-large']);
    assert.deepEqual(diags[0].range.start, { line: 0, character: 0 });
    writeFileSync(join(dir, '.calico-lint.json'), JSON.stringify({ maxDocumentSize: 500 }));
    r = await runCli(['--format', 'json', 'big.yaml'], { cwd: dir });
    assert.equal(r.code, 0);
    // The option wins over the file.
    r = await runCli(['--format', 'json', '--max-document-size', '0', 'big.yaml'], { cwd: dir });
    assert.equal(r.code, 1);
    writeFileSync(join(dir, '.calico-lint.json'), JSON.stringify({ maxDocumentSize: -1 }));
    r = await runCli(['big.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /maxDocumentSize: must be a whole number/);
    r = await runCli(['--max-document-size', 'big', 'big.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--max-document-size needs a whole number/);
  } finally {
    removeTree(dir);
  }
});

test('the edition: --edition, "edition" in the config file (the option wins), and a bad value', async () => {
  const domains = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: mirrors
spec:
  selector: role == "builder"
  types: [Egress]
  egress:
    - action: Allow
      destination:
        domains: ["mirror.example.com"]
---
apiVersion: projectcalico.org/v3
kind: GlobalAlert
metadata:
  name: denied
spec:
  description: denied flows
  severity: 10
  dataSet: flows
`;
  const dir = tempTree({ 'p.yaml': domains, 'ent.json': JSON.stringify({ edition: 'enterprise' }), 'bad.json': JSON.stringify({ edition: 'premium' }) });
  try {
    const codes = (stdout: string) => (JSON.parse(stdout) as JsonReport).files.flatMap((f) => f.diagnostics).map((d) => d.code);
    const oss = await runCli(['--format', 'json', 'p.yaml'], { cwd: dir });
    assert.equal(oss.code, 1);
    assert.deepEqual(codes(oss.stdout), ['unknown-field', 'enterprise-kind']);
    const flag = await runCli(['--format', 'json', '--edition', 'enterprise', 'p.yaml'], { cwd: dir });
    assert.equal(flag.code, 0);
    assert.deepEqual(codes(flag.stdout), []);
    const config = await runCli(['--format', 'json', '--config', 'ent.json', 'p.yaml'], { cwd: dir });
    assert.deepEqual(codes(config.stdout), []);
    const wins = await runCli(['--format', 'json', '--config', 'ent.json', '--edition=oss', 'p.yaml'], { cwd: dir });
    assert.deepEqual(codes(wins.stdout), ['unknown-field', 'enterprise-kind']);
    const badFlag = await runCli(['--edition', 'premium', 'p.yaml'], { cwd: dir });
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /--edition must be oss or enterprise/);
    const badConfig = await runCli(['--config', 'bad.json', 'p.yaml'], { cwd: dir });
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.stderr, /edition/);
  } finally {
    removeTree(dir);
  }
});

test("the config file's conntrack key turns the conntrack family off", async () => {
  const dir = tempTree();
  try {
    const doc = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: c\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          env:\n            - name: CONNECTION_RENEWAL_THRESHOLD\n              value: 3\n';
    writeFileSync(join(dir, 'cleaner.yaml'), doc);
    let r = await runCli(['--format', 'json', 'cleaner.yaml'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout).files[0].diagnostics.map((d: { code: string }) => d.code), ['conntrack-value-not-string']);
    writeFileSync(join(dir, '.calico-lint.json'), JSON.stringify({ conntrack: false }));
    r = await runCli(['--format', 'json', 'cleaner.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    writeFileSync(join(dir, '.calico-lint.json'), JSON.stringify({ conntrack: 'no' }));
    r = await runCli(['cleaner.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /conntrack: must be true or false/);
  } finally {
    removeTree(dir);
  }
});
