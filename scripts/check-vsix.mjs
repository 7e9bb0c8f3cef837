// Checks the packaged extension (run by `npm run package` after vsce). The .vsix must hold exactly
// the files listed below, no more and no fewer: the vsix metadata, the manifest, the package README
// (packaging/README.md, byte for byte, never the repository's README), the changelog, the licence,
// the icon the manifest names (a 128×128 PNG, also declared in the vsixmanifest), the two bundles,
// every rule page that diagnostics link to and the page on silencing them. Anything else is an
// error, with the reason when it is something that must never ship (node_modules, sources, tests,
// source maps, the CLI bundle, an older .vsix...). It also fails when a bundle requires a package
// that is not in the .vsix (it is packaged with --no-dependencies, so the bundles must be
// self-contained), and, with --ls, when `vsce ls` (with the package's --readme-path) names other
// files than the .vsix holds. Prints the size and a summary.
//
// usage: node scripts/check-vsix.mjs [dist/calico-policy-tools.vsix] [--list] [--ls]
//
// The .vsix is a zip file; it is read here with Node alone (central directory + zlib), so the
// check needs no unzip tool.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join, posix } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const args = process.argv.slice(2);
const list = args.includes('--list');
const compareLs = args.includes('--ls');
const file = args.find((a) => !a.startsWith('--')) ?? 'dist/calico-policy-tools.vsix';

/** Reads the entries of a zip file: name, sizes and a function returning the uncompressed data. */
function readZip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    entries.push({
      name,
      size,
      compressed,
      data() {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(start, start + compressed);
        if (method === 0) return raw;
        if (method === 8) return inflateRawSync(raw);
        throw new Error(`${name}: unsupported compression method ${method}`);
      },
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Paths that must never ship, with the reason shown when one does. */
const FORBIDDEN = [
  [/(^|\/)node_modules\//, 'dependencies (the bundles are self-contained)'],
  [/^extension\/(client|server)\/src\//, 'TypeScript sources'],
  [/\.ts$/, 'TypeScript sources'],
  [/\.map$/, 'source maps'],
  [/^extension\/dist\/cli\.js$/, 'the extension never runs the CLI'],
  [/^extension\/(test|bench|scripts|examples|\.tmp|\.git|\.ci|\.github|\.vscode)\//, 'development files'],
  [/^extension\/docs\/dev\//, 'developer documentation'],
  [/\.vsix$/, 'an earlier package'],
  [/^extension\/(README\.md|tsconfig\.json|package-lock\.json|ARCHITECTURE\.md|\.gitignore|\.vscodeignore|\.calico-lint\.json)$/, 'development files (the package README is packaging/README.md)'],
  [/(^|\/)\.env(\.|$)/, 'environment files'],
];

/** The package's README, given to vsce with --readme-path by the `package` and `package:ls` scripts. */
const README_PATH = 'packaging/README.md';

const problems = [];
const buf = readFileSync(file);
const entries = readZip(buf);
const names = new Set(entries.map((e) => e.name));
const byName = new Map(entries.map((e) => [e.name, e]));

const manifest = JSON.parse(byName.get('extension/package.json')?.data().toString('utf8') ?? 'null');
if (!manifest) problems.push('extension/package.json is missing');

// What ships, each vsix path with the repository file it comes from (undefined: vsce writes it).
const expected = new Map([
  ['[Content_Types].xml', undefined],
  ['extension.vsixmanifest', undefined],
  ['extension/package.json', 'package.json'],
  ['extension/readme.md', README_PATH],
  ['extension/changelog.md', 'CHANGELOG.md'],
  ['extension/LICENSE.txt', 'LICENSE'],
  ['extension/dist/client.js', 'dist/client.js'],
  ['extension/dist/server.js', 'dist/server.js'],
  ['extension/docs/suppressing.md', 'docs/suppressing.md'],
]);
for (const page of readdirSync(join('docs', 'rules')).filter((n) => n.endsWith('.md'))) expected.set(`extension/docs/rules/${page}`, `docs/rules/${page}`);
if (typeof manifest?.icon === 'string') expected.set(posix.join('extension', manifest.icon), manifest.icon);
else problems.push('package.json has no `icon`');
for (const s of manifest?.contributes?.snippets ?? []) expected.set(posix.join('extension', s.path), s.path);
if (manifest?.main && !expected.has(posix.join('extension', manifest.main))) problems.push(`package.json \`main\` (${manifest.main}) is not one of the bundles`);

for (const e of entries) {
  if (expected.has(e.name)) continue;
  const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(e.name));
  problems.push(`${e.name}: must not be packaged (${forbidden ? forbidden[1] : 'not in the list of files that ship'})`);
}
for (const name of expected.keys()) if (!names.has(name)) problems.push(`${name}: missing`);

// The README, the changelog and the icon are shown by the marketplace: they must be ours, unchanged.
for (const [name, source] of [['extension/readme.md', README_PATH], ['extension/changelog.md', 'CHANGELOG.md']]) {
  const entry = byName.get(name);
  if (entry && Buffer.compare(entry.data(), readFileSync(source)) !== 0) problems.push(`${name}: is not ${source} as it is in the repository`);
}
if (typeof manifest?.icon === 'string') {
  const icon = byName.get(posix.join('extension', manifest.icon))?.data();
  if (icon) {
    const png = icon.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    if (!png || icon.readUInt32BE(16) !== 128 || icon.readUInt32BE(20) !== 128) problems.push(`${manifest.icon}: the icon must be a 128×128 PNG`);
  }
  const vsixManifest = byName.get('extension.vsixmanifest')?.data().toString('utf8') ?? '';
  if (!vsixManifest.includes(`<Icon>${posix.join('extension', manifest.icon)}</Icon>`)) problems.push('extension.vsixmanifest does not declare the icon');
}

// `vsce ls` names repository files; mapped to their vsix paths they must be exactly what shipped
// (the two metadata files are vsce's own).
if (compareLs) {
  const vsce = join(createRequire(import.meta.url).resolve('@vscode/vsce/package.json'), '..', 'vsce');
  const ls = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies', '--readme-path', README_PATH], { encoding: 'utf8' });
  if (ls.status !== 0) problems.push(`vsce ls failed: ${ls.stderr.trim()}`);
  else {
    const fromSource = new Map([...expected].filter(([, source]) => source).map(([name, source]) => [source, name]));
    const listed = new Set(ls.stdout.split('\n').map((l) => l.trim()).filter(Boolean));
    for (const source of listed) if (!fromSource.has(source)) problems.push(`vsce ls lists ${source}, which is not in the .vsix`);
    for (const [source, name] of fromSource) if (!listed.has(source)) problems.push(`vsce ls does not list ${source} (${name})`);
  }
}

// The bundles may require only Node's built-in modules (and `vscode`, which VS Code provides to
// the client); anything else would be missing at run time.
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
for (const name of ['extension/dist/client.js', 'extension/dist/server.js']) {
  const entry = entries.find((e) => e.name === name);
  if (!entry) continue;
  const code = entry.data().toString('utf8');
  const allowed = name.endsWith('client.js') ? new Set(['vscode']) : new Set();
  const external = new Set();
  // Calls only: a `require("…")` right after a quote is text inside a string (ajv keeps such
  // strings for its standalone code generation, which is never used at run time).
  for (const m of code.matchAll(/(?<![\w$.'"`])require\(\s*["']([^"']+)["']\s*\)/g)) {
    const id = m[1];
    if (!builtins.has(id) && !builtins.has(id.split('/')[0]) && !allowed.has(id) && !id.startsWith('.')) external.add(id);
  }
  for (const id of external) problems.push(`${name}: requires '${id}', which is not packaged`);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
if (list) for (const e of entries) console.log(`${String(e.size).padStart(9)}  ${e.name}`);
const total = entries.reduce((s, e) => s + e.size, 0);
const groups = new Map();
for (const e of entries) {
  const g = e.name.replace(/^extension\//, '').replace(/\/[^/]*$/, '/') || e.name;
  const key = e.name.includes('/') ? g : '(vsix metadata)';
  const cur = groups.get(key) ?? { files: 0, bytes: 0 };
  cur.files++;
  cur.bytes += e.size;
  groups.set(key, cur);
}
console.log(`${file}: ${kb(buf.length)} (${buf.length} bytes), ${entries.length} files, ${kb(total)} unpacked`);
for (const [g, { files, bytes }] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes)) console.log(`  ${g.padEnd(24)} ${String(files).padStart(3)} file${files === 1 ? ' ' : 's'} ${kb(bytes).padStart(10)}`);
if (problems.length > 0) {
  for (const p of problems) console.error(`error: ${p}`);
  process.exit(1);
}
console.log('vsix contents OK');
