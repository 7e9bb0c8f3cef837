/**
 * What `calico-lint` checks: files given by name (any extension), directories searched
 * recursively for `*.yaml` / `*.yml` (skipping `node_modules` and `.git`, in a stable order), and
 * standard input for `-`. The result never depends on the order of the paths.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { removeTree, runCli, tempTree } from '../support/cli';
import { CLEAN, HEP_TYPO, NOT_CALICO, WARNING_ONLY } from './fixtures';

interface JsonReport {
  files: { path: string; diagnostics: { code: string; severity: string; range: unknown }[] }[];
}

const root = tempTree({
  'policies/a.yaml': HEP_TYPO,
  'policies/b.yml': CLEAN,
  'policies/UPPER.YAML': HEP_TYPO,
  'policies/nested/deeper/c.yaml': HEP_TYPO,
  'policies/notes.txt': HEP_TYPO,
  'policies/config.json': '{}',
  'policies/yaml': HEP_TYPO,
  'policies/node_modules/dep/d.yaml': HEP_TYPO,
  'policies/.git/e.yaml': HEP_TYPO,
  'policies/nested/node_modules/f.yaml': HEP_TYPO,
  'policies/.hidden/g.yaml': HEP_TYPO,
  'other/deployment.yaml': NOT_CALICO,
  'single/typo.txt': HEP_TYPO,
  'order/warn.yaml': WARNING_ONLY,
  'order/replies.yaml': CLEAN.replace(/memcached-node-1-eth0/g, 'memcached-node-2-eth0'),
});
after(() => removeTree(root));

async function json(args: string[], input?: string): Promise<{ code: number | null; report: JsonReport; stderr: string }> {
  const r = await runCli(['--format', 'json', ...args], { cwd: root, ...(input !== undefined ? { input } : {}) });
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

test('a directory is searched recursively for .yaml and .yml files, skipping node_modules and .git', async () => {
  const { code, report } = await json(['policies']);
  assert.equal(code, 1);
  assert.deepEqual(
    report.files.map((f) => f.path),
    // Sorted by name at each level (uppercase first in code-unit order); dot-directories other than .git are searched.
    [join('policies', '.hidden', 'g.yaml'), join('policies', 'UPPER.YAML'), join('policies', 'a.yaml'), join('policies', 'b.yml'), join('policies', 'nested', 'deeper', 'c.yaml')],
  );
});

test('a file named explicitly is checked whatever its extension', async () => {
  const { code, report } = await json([join('single', 'typo.txt')]);
  assert.equal(code, 1);
  assert.deepEqual(
    report.files.map((f) => f.path),
    [join('single', 'typo.txt')],
  );
});

test('several paths: each file once, in the order given', async () => {
  const { report } = await json(['other', join('policies', 'a.yaml'), 'policies/a.yaml', join('policies', 'b.yml')]);
  assert.deepEqual(
    report.files.map((f) => f.path),
    [join('other', 'deployment.yaml'), join('policies', 'a.yaml'), join('policies', 'b.yml')],
  );
  assert.deepEqual(report.files[0]!.diagnostics, []);
});

test('- reads standard input, reported as <stdin>', async () => {
  const { code, report } = await json(['-'], HEP_TYPO);
  assert.equal(code, 1);
  assert.equal(report.files.length, 1);
  assert.equal(report.files[0]!.path, '<stdin>');
  assert.ok(report.files[0]!.diagnostics.some((d) => d.code === 'unknown-field'));
  const both = await json([join('policies', 'b.yml'), '-'], NOT_CALICO);
  assert.equal(both.code, 0);
  assert.deepEqual(
    both.report.files.map((f) => f.path),
    [join('policies', 'b.yml'), '<stdin>'],
  );
  const text = await runCli(['-'], { cwd: root, input: HEP_TYPO });
  assert.match(text.stdout, /^<stdin>:8:3 error unknown-field /m);
  const empty = await json(['-'], '');
  assert.equal(empty.code, 0);
  assert.deepEqual(empty.report, { files: [{ path: '<stdin>', diagnostics: [] }] });
});

test('cross-file results do not depend on the order of the paths', async () => {
  const a = await json([join('order', 'warn.yaml'), join('order', 'replies.yaml')]);
  const b = await json([join('order', 'replies.yaml'), join('order', 'warn.yaml')]);
  const byPath = (r: JsonReport) => Object.fromEntries(r.files.map((f) => [f.path, f.diagnostics]));
  assert.deepEqual(byPath(a.report), byPath(b.report));
});
