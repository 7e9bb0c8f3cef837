/**
 * scripts/check-vsix.mjs is what keeps the .vsix to exactly the files that should ship, so it is
 * tested on small packages written here (a zip writer of our own, stored entries): the exact list
 * passes, and each way a package can go wrong (an extra file, a missing rule page, the repository
 * README in place of the package README, the CLI bundle, an icon the vsixmanifest does not
 * declare, a bundle that requires a package) fails with a message naming it. The real package is
 * checked by `npm run package`, which needs a production build and vsce.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'check-vsix-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const CRC_TABLE = Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip file of stored (uncompressed) entries, as check-vsix reads them. */
function zip(files: Map<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBuf = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { icon: string };
const read = (path: string) => readFileSync(join(ROOT, path));

/** The files a correct package holds (bundles stand-ins: check-vsix reads only what they require). */
function goodPackage(): Map<string, Buffer> {
  const files = new Map<string, Buffer>([
    ['[Content_Types].xml', Buffer.from('<Types/>')],
    ['extension.vsixmanifest', Buffer.from(`<PackageManifest><Icon>extension/${manifest.icon}</Icon></PackageManifest>`)],
    ['extension/package.json', read('package.json')],
    ['extension/readme.md', read('packaging/README.md')],
    ['extension/changelog.md', read('CHANGELOG.md')],
    ['extension/LICENSE.txt', read('LICENSE')],
    ['extension/dist/client.js', Buffer.from('const vscode = require("vscode"); const path = require("node:path");')],
    ['extension/dist/server.js', Buffer.from('const fs = require("fs");')],
    ['extension/docs/suppressing.md', read('docs/suppressing.md')],
    [`extension/${manifest.icon}`, read(manifest.icon)],
  ]);
  for (const page of readdirSync(join(ROOT, 'docs', 'rules'))) if (page.endsWith('.md')) files.set(`extension/docs/rules/${page}`, read(`docs/rules/${page}`));
  return files;
}

let n = 0;
function check(files: Map<string, Buffer>): { status: number | null; output: string } {
  const file = join(dir, `p${n++}.vsix`);
  writeFileSync(file, zip(files));
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'check-vsix.mjs'), file], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

function fails(files: Map<string, Buffer>, message: RegExp): void {
  const r = check(files);
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, message);
}

test('the exact list of files passes', () => {
  const r = check(goodPackage());
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /vsix contents OK/);
});

test('a file that is not in the list fails, with the reason when it must never ship', () => {
  fails(new Map([...goodPackage(), ['extension/notes.txt', Buffer.from('x')]]), /extension\/notes\.txt: must not be packaged \(not in the list of files that ship\)/);
  fails(new Map([...goodPackage(), ['extension/README.md', read('README.md')]]), /extension\/README\.md: must not be packaged \(development files/);
  fails(new Map([...goodPackage(), ['extension/dist/cli.js', Buffer.from('')]]), /extension\/dist\/cli\.js: must not be packaged \(the extension never runs the CLI\)/);
  fails(new Map([...goodPackage(), ['extension/node_modules/yaml/index.js', Buffer.from('')]]), /node_modules\/yaml\/index\.js: must not be packaged \(dependencies/);
});

test('a missing file fails', () => {
  const files = goodPackage();
  files.delete('extension/docs/rules/untracked-asymmetric.md');
  fails(files, /extension\/docs\/rules\/untracked-asymmetric\.md: missing/);
  const noIcon = goodPackage();
  noIcon.delete(`extension/${manifest.icon}`);
  fails(noIcon, new RegExp(`extension/${manifest.icon}: missing`));
});

test('the README must be the package README, unchanged', () => {
  fails(new Map([...goodPackage(), ['extension/readme.md', read('README.md')]]), /extension\/readme\.md: is not packaging\/README\.md/);
});

test('the icon must be a 128×128 PNG that the vsixmanifest declares', () => {
  fails(new Map([...goodPackage(), ['extension.vsixmanifest', Buffer.from('<PackageManifest/>')]]), /does not declare the icon/);
  fails(new Map([...goodPackage(), [`extension/${manifest.icon}`, Buffer.from('not a png, but long enough to read a size from')]]), /must be a 128×128 PNG/);
});

test('a bundle that requires a package fails', () => {
  fails(new Map([...goodPackage(), ['extension/dist/server.js', Buffer.from('const y = require("yaml");')]]), /extension\/dist\/server\.js: requires 'yaml', which is not packaged/);
});
