/**
 * Exit statuses of `calico-lint` and its messages: 0 without errors, 1 with at least one error
 * (or more warnings than `--max-warnings`), 2 for usage and I/O problems (missing file,
 * unreadable directory or file, bad option, bad config), each reported as one line on stderr.
 * A bad path never stops the run: the other files are still checked and reported.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneLine, removeTree, runCli, tempTree } from '../support/cli';
import { CLEAN, HEP_TYPO, NOT_CALICO, WARNING_ONLY } from './fixtures';

const root = tempTree({ 'clean.yaml': CLEAN, 'typo.yaml': HEP_TYPO, 'warn.yaml': WARNING_ONLY, 'deployment.yaml': NOT_CALICO });
after(() => removeTree(root));

interface JsonReport {
  files: { path: string; diagnostics: { code: string; severity: string }[] }[];
}

test('0 when there is no error, 1 when there is one', async () => {
  assert.equal((await runCli(['clean.yaml'], { cwd: root })).code, 0);
  assert.equal((await runCli(['deployment.yaml'], { cwd: root })).code, 0);
  assert.equal((await runCli(['warn.yaml'], { cwd: root })).code, 0, 'warnings alone do not fail');
  assert.equal((await runCli(['typo.yaml'], { cwd: root })).code, 1);
  assert.equal((await runCli(['clean.yaml', 'typo.yaml'], { cwd: root })).code, 1);
  for (const format of ['json', 'sarif']) assert.equal((await runCli(['--format', format, 'typo.yaml'], { cwd: root })).code, 1);
});

test('--max-warnings N: 1 when there are more than N warnings', async () => {
  assert.equal((await runCli(['--max-warnings', '0', 'warn.yaml'], { cwd: root })).code, 1);
  assert.equal((await runCli(['--max-warnings=1', 'warn.yaml'], { cwd: root })).code, 0);
  assert.equal((await runCli(['--max-warnings', '5', 'clean.yaml'], { cwd: root })).code, 0);
  for (const bad of ['-1', 'many', '1.5']) {
    const r = await runCli(['--max-warnings', bad, 'warn.yaml'], { cwd: root });
    assert.equal(r.code, 2, `--max-warnings ${bad}`);
    assert.match(oneLine(r.stderr), /^calico-lint: .*max-warnings/);
  }
});

test('2 for a missing file, with one line on stderr, and the other files are still reported', async () => {
  const r = await runCli(['--format', 'json', 'missing.yaml', 'typo.yaml', 'clean.yaml'], { cwd: root });
  assert.equal(r.code, 2);
  assert.match(oneLine(r.stderr), /^calico-lint: .*'missing\.yaml'.*no such file/);
  const report = JSON.parse(r.stdout) as JsonReport;
  assert.deepEqual(
    report.files.map((f) => f.path),
    ['typo.yaml', 'clean.yaml'],
  );
  assert.ok(report.files[0]!.diagnostics.some((d) => d.code === 'unknown-field'));
});

test('2 for usage problems, each a single line on stderr and nothing on stdout', async () => {
  const cases: [string[], RegExp][] = [
    [['--bogus', 'clean.yaml'], /unknown option '--bogus'/],
    [[], /no PATH/],
    [['--format', 'xml', 'clean.yaml'], /--format must be text, json or sarif/],
    [['--format'], /--format/],
    [['--config'], /--config/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args, { cwd: root });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(oneLine(r.stderr), message);
    assert.match(r.stderr, /^calico-lint: /);
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('2 for a bad config file: missing, invalid JSON, unknown rule or level (one line)', async () => {
  writeFileSync(join(root, 'broken.json'), '{ "rules": ');
  writeFileSync(join(root, 'unknown.json'), JSON.stringify({ rules: { 'no-such-rule': 'off', 'unknown-field': 'loud' } }));
  writeFileSync(join(root, 'array.json'), '[]');
  const cases: [string, RegExp][] = [
    ['missing.json', /cannot read config 'missing\.json'.*no such file/],
    ['broken.json', /broken\.json.*invalid JSON/],
    ['unknown.json', /unknown\.json.*no-such-rule.*unknown-field/],
    ['array.json', /array\.json/],
  ];
  for (const [config, message] of cases) {
    const r = await runCli(['--config', config, 'typo.yaml'], { cwd: root });
    assert.equal(r.code, 2, config);
    assert.match(oneLine(r.stderr), message);
  }
});

// Permissions do not stop root, so the unreadable cases run the CLI as `nobody` when the tests
// run as root.
const asUser = process.getuid?.() === 0 ? { uid: 65534 } : {};

test('2 for an unreadable directory or file; the readable ones are still checked', async () => {
  const dir = tempTree({ 'ok/typo.yaml': HEP_TYPO, 'locked/inside.yaml': HEP_TYPO, 'secret.yaml': HEP_TYPO });
  try {
    chmodSync(join(dir, 'locked'), 0o000);
    chmodSync(join(dir, 'secret.yaml'), 0o000);
    mkdirSync(join(dir, 'ok', 'empty'));
    const r = await runCli(['--format', 'json', '.'], { cwd: dir, ...asUser });
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 2, r.stderr);
    assert.ok(lines.some((l) => /^calico-lint: cannot read directory '.*locked'.*permission denied/.test(l)), r.stderr);
    assert.ok(lines.some((l) => /^calico-lint: cannot read '.*secret\.yaml'.*permission denied/.test(l)), r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      report.files.map((f) => f.path),
      [join('ok', 'typo.yaml')],
    );
    assert.equal(report.files[0]!.diagnostics.filter((d) => d.severity === 'error').length, 1);
  } finally {
    chmodSync(join(dir, 'locked'), 0o755);
    removeTree(dir);
  }
});

test('errors and an I/O problem together: the I/O problem (2) wins', async () => {
  const r = await runCli(['typo.yaml', 'nope.yaml'], { cwd: root });
  assert.equal(r.code, 2);
  assert.match(r.stdout, /typo\.yaml:\d+:\d+ error unknown-field/);
});
