// Checks the packaged extension (run by `npm run package` after vsce): lists the .vsix, fails when
// it holds anything that must not ship (node_modules, sources, tests, benchmarks, source maps, an
// older .vsix...) or lacks something the extension needs at run time (the three bundles, the
// manifest's `main` and snippet files, the licence, every rule page that diagnostics link to), and
// fails when a bundle requires a package that is not in the .vsix (it is packaged with
// --no-dependencies, so the bundles must be self-contained). Prints the size and a summary.
//
// usage: node scripts/check-vsix.mjs [dist/calico-policy-tools.vsix] [--list]
//
// The .vsix is a zip file; it is read here with Node alone (central directory + zlib), so the
// check needs no unzip tool.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const args = process.argv.slice(2);
const list = args.includes('--list');
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
  [/^extension\/(test|bench|scripts|examples|\.tmp|\.git|\.ci|\.github|\.vscode)\//, 'development files'],
  [/^extension\/docs\/dev\//, 'developer documentation'],
  [/\.vsix$/, 'an earlier package'],
  [/^extension\/(tsconfig\.json|package-lock\.json|ARCHITECTURE\.md|\.gitignore|\.vscodeignore|\.calico-lint\.json)$/, 'development files'],
  [/(^|\/)\.env(\.|$)/, 'environment files'],
];

/** What is expected in the package; anything else is listed as a warning. */
const EXPECTED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/LICENSE(\.txt)?$/i,
  /^extension\/dist\/(client|server)\.js$/,
  /^extension\/docs\/rules\/[a-z0-9-]+\.md$/,
  /^extension\/docs\/suppressing\.md$/,
  /^extension\/snippets\/[^/]+\.json$/,
  /^extension\/schemas\/[^/]+\.json$/,
  /^extension\/images?\/[^/]+\.png$/,
];

const problems = [];
const warnings = [];
const buf = readFileSync(file);
const entries = readZip(buf);
const names = new Set(entries.map((e) => e.name));

for (const e of entries) {
  const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(e.name));
  if (forbidden) problems.push(`${e.name}: must not be packaged (${forbidden[1]})`);
  else if (!EXPECTED.some((p) => p.test(e.name))) warnings.push(`${e.name}: unexpected file`);
}

// What the manifest points at, and what the server links to.
const manifest = JSON.parse(entries.find((e) => e.name === 'extension/package.json')?.data().toString('utf8') ?? 'null');
if (!manifest) problems.push('extension/package.json is missing');
const required = ['extension/dist/client.js', 'extension/dist/server.js'];
if (![...names].some((n) => /^extension\/changelog\.md$/i.test(n))) problems.push('the changelog is missing');
// The CLI bundle is for the npm `bin`; the extension never runs it, so it must not ship.
if (names.has('extension/dist/cli.js')) problems.push('extension/dist/cli.js: must not be packaged (the extension never runs the CLI)');
if (manifest?.main) required.push(posix.join('extension', manifest.main));
for (const s of manifest?.contributes?.snippets ?? []) required.push(posix.join('extension', s.path));
for (const page of readdirSync(join('docs', 'rules')).filter((n) => n.endsWith('.md'))) required.push(`extension/docs/rules/${page}`);
for (const r of new Set(required)) if (!names.has(r)) problems.push(`${r}: missing`);
if (![...names].some((n) => /^extension\/LICENSE(\.txt)?$/i.test(n))) problems.push('the licence file is missing');

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
for (const w of warnings) console.warn(`warning: ${w}`);
if (problems.length > 0) {
  for (const p of problems) console.error(`error: ${p}`);
  process.exit(1);
}
console.log('vsix contents OK');
