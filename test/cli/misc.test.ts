/**
 * `calico-lint --help`, `--version`, the `selector` sub-command, and the bundled examples.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { REPO_ROOT } from '../support/lspClient';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

test('--help prints the usage on stdout and exits 0', async () => {
  for (const flag of ['--help', '-h']) {
    const r = await runCli([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^usage: calico-lint /);
    for (const option of ['--format', '--fix', '--config', '--max-warnings', 'exit status']) assert.ok(r.stdout.includes(option), option);
  }
});

test('--version prints the package version', async () => {
  for (const flag of ['--version', '-v']) {
    const r = await runCli([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `calico-lint ${pkg.version}\n`);
  }
});

test('selector: checks, canonicalises and evaluates a selector', async () => {
  const ok = await runCli(['selector', "role == 'web' && has(tier)", '--labels', '{"role":"web","tier":"1"}']);
  assert.equal(ok.code, 0);
  const line = JSON.parse(ok.stdout) as { valid: boolean; canonical: string; matches: boolean };
  assert.equal(line.valid, true);
  assert.equal(line.matches, true);
  assert.equal(typeof line.canonical, 'string');

  const bad = await runCli(['selector', 'role == ']);
  assert.equal(bad.code, 1);
  const error = JSON.parse(bad.stdout) as { valid: boolean; error: { message: string; offset: number } };
  assert.equal(error.valid, false);
  assert.ok(Number.isInteger(error.error.offset));

  const jsonl = await runCli(['selector', '--jsonl'], { input: '{"selector":"all()"}\n{"selector":"a in {"}\n' });
  assert.equal(jsonl.code, 1);
  assert.deepEqual(
    jsonl.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { valid: boolean }).valid),
    [true, false],
  );

  const usage = await runCli(['selector']);
  assert.equal(usage.code, 2);
  assert.equal(usage.stdout, '');
  assert.equal(usage.stderr.trim().split('\n').length, 1);
});

test('the bundled examples: the canonical pair is clean, the mistakes are reported', async () => {
  const clean = await runCli(['examples/memcached-untracked.yaml']);
  assert.equal(clean.code, 0, clean.stdout);
  assert.equal(clean.stdout, '1 file checked, no problems found.\n');
  const all = await runCli(['--format', 'json', 'examples']);
  assert.equal(all.code, 1);
  const report = JSON.parse(all.stdout) as { files: { path: string; diagnostics: { severity: string }[] }[] };
  const byName = Object.fromEntries(report.files.map((f) => [f.path.replace(/^examples[\\/]/, ''), f.diagnostics]));
  assert.deepEqual(byName['memcached-untracked.yaml'], []);
  assert.deepEqual(byName['not-calico.yaml'], []);
  assert.ok(byName['schema-mistakes.yaml']!.some((d) => d.severity === 'error'));
});
