/**
 * `--fix` replaces a file in one step: the fixed text goes to a temporary file in the same
 * directory that is renamed over the original. When anything fails on the way (a full disk, a
 * size limit), the original is byte for byte what it was and no temporary file is left; the run
 * says so, exits 2 and goes on with the other files. The file's mode (and as root its owner and
 * group) is kept.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, promises as fsp, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, type AtomicWriteFs } from '../../server/src/cli/atomic-write';
import { CLI_JS, removeTree, runCli, tempTree, type CliResult } from '../support/cli';
import { CLEAN, SAFE_FIXABLE } from './fixtures';

const root = tempTree();
after(() => removeTree(root));

function enospc(): Error {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}

/** The real file system, except that writing the temporary file stops with ENOSPC halfway. */
const fullDisk: AtomicWriteFs = {
  ...(fsp as unknown as AtomicWriteFs),
  async open(path, flags, mode) {
    const handle = await fsp.open(path, flags, mode);
    return Object.assign(Object.create(handle) as typeof handle, {
      async writeFile(data: Uint8Array) {
        await handle.writeFile(data.subarray(0, data.length >> 1));
        throw enospc();
      },
      chmod: (m: number) => handle.chmod(m),
      chown: (u: number, g: number) => handle.chown(u, g),
      sync: () => handle.sync(),
      close: () => handle.close(),
    });
  },
};

/** The real file system, except that the final rename fails. */
const failingRename: AtomicWriteFs = {
  ...(fsp as unknown as AtomicWriteFs),
  async rename() {
    throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
  },
};

function fileAt(name: string, content: string, mode = 0o644): string {
  const path = join(root, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

test('writeFileAtomic: a write that fails halfway leaves the original intact and no temporary file', async () => {
  for (const [name, fs] of [
    ['full-disk.yaml', fullDisk],
    ['rename.yaml', failingRename],
  ] as const) {
    const path = fileAt(name, SAFE_FIXABLE);
    const before = readdirSync(root).sort();
    await assert.rejects(writeFileAtomic(path, Buffer.from(CLEAN.repeat(50)), fs), (e: { code?: string }) => e.code === (fs === fullDisk ? 'ENOSPC' : 'EXDEV'));
    assert.equal(readFileSync(path, 'utf8'), SAFE_FIXABLE, `${name}: the original is unchanged`);
    assert.deepEqual(readdirSync(root).sort(), before, `${name}: no temporary file is left`);
  }
});

test('writeFileAtomic: replaces the content and keeps the mode', async () => {
  for (const mode of [0o640, 0o755, 0o600, 0o664]) {
    const path = fileAt(`mode-${mode.toString(8)}.yaml`, SAFE_FIXABLE, mode);
    const inode = statSync(path).ino;
    await writeFileAtomic(path, Buffer.from(CLEAN));
    assert.equal(readFileSync(path, 'utf8'), CLEAN);
    assert.equal(statSync(path).mode & 0o7777, mode, `mode ${mode.toString(8)} is kept`);
    assert.notEqual(statSync(path).ino, inode, 'the file was replaced, not rewritten in place');
  }
  assert.deepEqual(
    readdirSync(root).filter((n) => n.endsWith('.tmp')),
    [],
  );
});

test('writeFileAtomic: refuses what is not a regular file', async () => {
  await assert.rejects(writeFileAtomic(root, Buffer.from('x')), (e: { code?: string }) => e.code === 'ENOTFILE');
});

test('writeFileAtomic: as root, keeps the owner and group', { skip: process.getuid?.() !== 0 && 'needs root' }, async () => {
  const path = fileAt('owned.yaml', SAFE_FIXABLE, 0o640);
  chownSync(path, 65534, 65534);
  await writeFileAtomic(path, Buffer.from(CLEAN));
  const st = statSync(path);
  assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [65534, 65534, 0o640]);
});

/** Runs the CLI with a file-size limit (`ulimit -f`, 1 KB or 2 KB depending on the shell): larger writes fail with EFBIG. */
function runWithSizeLimit(args: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', 'ulimit -f 2 && exec "$0" "$@"', process.execPath, CLI_JS, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

test('--fix: a write that fails leaves the file as it was, says so, exits 2 and fixes the other files', { skip: process.platform === 'win32' && 'needs a POSIX shell' }, async () => {
  const dir = tempTree();
  try {
    // Larger than the size limit, so writing its fixed text fails part way (as on a full disk).
    const big = '# ' + 'padding '.repeat(400) + '\n' + SAFE_FIXABLE;
    writeFileSync(join(dir, 'big.yaml'), big);
    writeFileSync(join(dir, 'small.yaml'), SAFE_FIXABLE.replace(/memcached/g, 'm'));
    const r = await runWithSizeLimit(['--fix', '--format', 'json', 'big.yaml', 'small.yaml'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^calico-lint: cannot write 'big\.yaml': file too large; the file was left as it was$/m);
    assert.match(r.stderr, /^calico-lint: fixed small\.yaml: /m);
    assert.equal(readFileSync(join(dir, 'big.yaml'), 'utf8'), big, 'big.yaml is byte for byte what it was');
    assert.match(readFileSync(join(dir, 'small.yaml'), 'utf8'), /applyOnForward: true/, 'small.yaml was fixed');
    assert.deepEqual(readdirSync(dir).sort(), ['big.yaml', 'small.yaml'], 'no temporary file is left');
    // The report is of what is on disk: big.yaml still has its error, small.yaml has none.
    const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { severity: string }[] }[] };
    assert.deepEqual(
      report.files.map((f) => [f.path, f.diagnostics.filter((d) => d.severity === 'error').length]),
      [
        ['big.yaml', 1],
        ['small.yaml', 0],
      ],
    );
  } finally {
    removeTree(dir);
  }
});

test('--fix keeps the mode of the files it fixes', async () => {
  const dir = tempTree({ 'a.yaml': SAFE_FIXABLE, 'b.yaml': SAFE_FIXABLE.replace(/memcached/g, 'm') });
  try {
    chmodSync(join(dir, 'a.yaml'), 0o640);
    chmodSync(join(dir, 'b.yaml'), 0o755);
    const r = await runCli(['--fix', 'a.yaml', 'b.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(statSync(join(dir, 'a.yaml')).mode & 0o7777, 0o640);
    assert.equal(statSync(join(dir, 'b.yaml')).mode & 0o7777, 0o755);
    assert.match(readFileSync(join(dir, 'a.yaml'), 'utf8'), /applyOnForward: true/);
    assert.deepEqual(readdirSync(dir).sort(), ['a.yaml', 'b.yaml']);
  } finally {
    removeTree(dir);
  }
});
