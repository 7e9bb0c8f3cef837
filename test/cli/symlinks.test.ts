/**
 * Symbolic links: a directory walk skips them all (links to files, to directories, to a parent),
 * so it cannot loop or reach outside the tree it was given. A link named on the command line is
 * read and checked, but `--fix` writes through a link only with `--fix-follow-symlinks`, and then
 * replaces the file the link points to, leaving the link a link.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneLine, removeTree, runCli, tempTree } from '../support/cli';
import { HEP_TYPO, SAFE_FIXABLE } from './fixtures';

interface JsonReport {
  files: { path: string; diagnostics: { code: string; severity: string }[] }[];
}

const skip = process.platform === 'win32' && 'symbolic links need privileges on Windows';

function setUp(): string {
  const dir = tempTree({ 'tree/real.yaml': HEP_TYPO, 'outside/target.yaml': SAFE_FIXABLE, 'outside/sub/other.yaml': SAFE_FIXABLE.replace(/memcached/g, 'm') });
  symlinkSync(join('..', 'outside', 'target.yaml'), join(dir, 'tree', 'link.yaml'));
  symlinkSync(join('..', 'outside', 'sub'), join(dir, 'tree', 'linked-dir'));
  symlinkSync('..', join(dir, 'tree', 'parent'));
  symlinkSync('.', join(dir, 'tree', 'self'));
  symlinkSync('missing.yaml', join(dir, 'tree', 'dangling.yaml'));
  return dir;
}

const dirs: string[] = [];
after(() => dirs.forEach(removeTree));

test('a directory walk skips symbolic links to files and directories, and loops', { skip }, async () => {
  const dir = setUp();
  dirs.push(dir);
  const r = await runCli(['--fix', '--format', 'json', 'tree'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, '', 'nothing fixed, nothing reported: the links are not part of the walk');
  assert.deepEqual(
    (JSON.parse(r.stdout) as JsonReport).files.map((f) => f.path),
    [join('tree', 'real.yaml')],
  );
  assert.equal(readFileSync(join(dir, 'outside', 'target.yaml'), 'utf8'), SAFE_FIXABLE, 'the file outside the tree is untouched');
  assert.equal(readFileSync(join(dir, 'outside', 'sub', 'other.yaml'), 'utf8'), SAFE_FIXABLE.replace(/memcached/g, 'm'));
});

test('a symbolic link named on the command line is checked, but --fix does not write through it', { skip }, async () => {
  const dir = setUp();
  dirs.push(dir);
  const link = join('tree', 'link.yaml');
  const check = await runCli(['--format', 'json', link], { cwd: dir });
  assert.equal(check.code, 1, 'the target has an error');
  assert.ok((JSON.parse(check.stdout) as JsonReport).files[0]!.diagnostics.some((d) => d.code === 'apply-on-forward-required'));

  const fix = await runCli(['--fix', '--format', 'json', link], { cwd: dir });
  assert.equal(fix.code, 2, 'a fix that was asked for and not made');
  assert.equal(oneLine(fix.stderr), `calico-lint: not fixing '${link}': it is a symbolic link; pass --fix-follow-symlinks to write the file it points to`);
  assert.equal(readFileSync(join(dir, 'outside', 'target.yaml'), 'utf8'), SAFE_FIXABLE);
  assert.ok((JSON.parse(fix.stdout) as JsonReport).files[0]!.diagnostics.some((d) => d.code === 'apply-on-forward-required'), 'the report is of the unfixed file');

  // A directory named through a link is searched, and its files are not written either.
  const viaDir = await runCli(['--fix', '--format', 'json', join('tree', 'linked-dir')], { cwd: dir });
  assert.equal(viaDir.code, 2);
  assert.match(oneLine(viaDir.stderr), /^calico-lint: not fixing '.*other\.yaml': it was found through the symbolic link '.*linked-dir'; pass --fix-follow-symlinks/);
  assert.equal(readFileSync(join(dir, 'outside', 'sub', 'other.yaml'), 'utf8'), SAFE_FIXABLE.replace(/memcached/g, 'm'));

  const dangling = await runCli([join('tree', 'dangling.yaml')], { cwd: dir });
  assert.equal(dangling.code, 2);
  assert.match(oneLine(dangling.stderr), /cannot read '.*dangling\.yaml' \(a symbolic link\): no such file/);
});

test('--fix-follow-symlinks replaces the file the link points to, and the link stays a link', { skip }, async () => {
  const dir = setUp();
  dirs.push(dir);
  const link = join('tree', 'link.yaml');
  const r = await runCli(['--fix', '--fix-follow-symlinks', link, join('tree', 'linked-dir')], { cwd: dir });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stderr, /^calico-lint: fixed tree[\\/]link\.yaml \(wrote .*outside[\\/]target\.yaml\): /m);
  assert.match(r.stderr, /^calico-lint: fixed tree[\\/]linked-dir[\\/]other\.yaml \(wrote .*outside[\\/]sub[\\/]other\.yaml\): /m);
  assert.match(readFileSync(join(dir, 'outside', 'target.yaml'), 'utf8'), /applyOnForward: true/);
  assert.match(readFileSync(join(dir, 'outside', 'sub', 'other.yaml'), 'utf8'), /applyOnForward: true/);
  assert.ok(lstatSync(join(dir, link)).isSymbolicLink(), 'still a link');
  assert.equal(readlinkSync(join(dir, link)), join('..', 'outside', 'target.yaml'), 'pointing where it did');
  assert.ok(lstatSync(join(dir, 'tree', 'linked-dir')).isSymbolicLink());
});

test('--fix-follow-symlinks is documented and needs --fix', async () => {
  const help = await runCli(['--help']);
  assert.ok(help.stdout.includes('--fix-follow-symlinks'));
  const dir = tempTree({ 'a.yaml': HEP_TYPO });
  dirs.push(dir);
  const r = await runCli(['--fix-follow-symlinks', 'a.yaml'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(oneLine(r.stderr), /--fix-follow-symlinks only works together with --fix/);
});

test('a link to a directory deep inside a walked tree does not loop', { skip }, async () => {
  const dir = tempTree({ 'a/b/c/x.yaml': HEP_TYPO });
  dirs.push(dir);
  mkdirSync(join(dir, 'a', 'b', 'c', 'd'));
  symlinkSync(join(dir, 'a'), join(dir, 'a', 'b', 'c', 'd', 'up'));
  writeFileSync(join(dir, 'a', 'b', 'y.yml'), HEP_TYPO);
  const r = await runCli(['--format', 'json', 'a'], { cwd: dir });
  assert.deepEqual(
    (JSON.parse(r.stdout) as JsonReport).files.map((f) => f.path),
    [join('a', 'b', 'c', 'x.yaml'), join('a', 'b', 'y.yml')],
  );
});
