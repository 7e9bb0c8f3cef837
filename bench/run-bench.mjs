#!/usr/bin/env node
// run-bench.mjs — the whole benchmark (`npm run bench`): our language server and
// yaml-language-server side by side against the YAML parse floor, then the CLI against its floor,
// on generated files of several sizes; writes bench/RESULTS.md and bench/results/*.json and prints
// the tables.
//
//   npm run bench [-- options]        (= node bench/run-bench.mjs [options])
//
//   --sizes N,N,...        documents per file (default 100,1000,10000)
//   --docs N[,N]           the same as --sizes (e.g. --docs 100000 for the 62 MiB file)
//   --quick                sizes 100,1000, one round, no directory run; writes results/RESULTS-quick.md
//   --rounds R             rounds per size (default 3); in each round the floor, then every server
//                          (a fresh process each; their order rotates between rounds), then the CLI
//   --edits K              one-line edits per server and round (default 20; try 50)
//   --servers LIST         which servers: ours,yaml-ls (default both)
//   --yaml-ls-max-docs N   skip yaml-language-server on files with more documents (default 10000;
//                          it needs minutes per edit beyond that)
//   --probe MS             an extra open of our server per round, sending a hover every MS ms while
//                          it validates, to time its answers (default 100; 0 = off)
//   --probe-min-docs N     only for files with at least N documents (default 10000)
//   --no-cli               skip the CLI measurements
//   --dir-files N          CLI on a directory of N one-document files (default 10000; 0 = skip)
//   --invalid F            share of documents with one schema-visible mistake (default 0.04)
//   --semantic-invalid F   share with one mistake only Calico's CEL/validator rules see (default 0.01)
//   --seed S               generator seed (default 1)
//   --floor-runs R         timed parses per floor measurement (default 5)
//   --quiet MS --settle MS --timeout S   passed to lsp-latency.mjs (defaults 300, 1000, 900)
//   --out FILE             the Markdown report (default bench/RESULTS.md)
//   --dist DIR             measure the bundles in DIR (server.js, cli.js) instead of dist/, e.g. a
//                          build of a clean export of HEAD while the working tree is being edited
//   --edition E            the edition our server and CLI validate for: oss (default) or enterprise
//                          (`calico.edition`, `--edition`); the generated files are the same
//   --dist-label TEXT      what that build is (e.g. "HEAD 87ac64d"), shown in the report
//   --render FILE.json     measure nothing: rewrite the report (--out) from a saved results file
//
// Needs `npm ci && npm run build` first (dist/server.js, dist/cli.js); no network.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fail, parseFlags } from './lib/cli.mjs';
import { describeMachine, distHashes, loadAverage } from './lib/machine.mjs';
import { BENCH_DIR, distDir, REPO_DIR } from './lib/proc.mjs';
import { aggregate } from './lib/aggregate.mjs';
import { renderReport } from './lib/report.mjs';

const SCRIPT = 'run-bench.mjs';
const SERVERS = {
  ours: { label: 'calico-policy-tools', argv: null /* set once --dist is known */, settings: '{"calico": {}}' },
  'yaml-ls': {
    label: 'yaml-language-server',
    argv: ['node', path.join(REPO_DIR, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    settings: `@${path.join(BENCH_DIR, 'yaml-ls-settings.json')}`,
  },
};

const argv = process.argv.slice(2);
const o = parseFlags(SCRIPT, import.meta.url, argv, {
  sizes: 'numbers', docs: 'numbers', quick: 'boolean', rounds: 'number', edits: 'number', servers: 'list', 'yaml-ls-max-docs': 'number',
  probe: 'number', 'probe-min-docs': 'number', cli: 'boolean', 'dir-files': 'number', invalid: 'number', 'semantic-invalid': 'number',
  seed: 'number', 'floor-runs': 'number', quiet: 'number', settle: 'number', timeout: 'number', out: 'string', dist: 'string', 'dist-label': 'string', render: 'string', edition: 'string',
}, {
  sizes: [100, 1000, 10000], rounds: 3, edits: 20, servers: ['ours', 'yaml-ls'], yamlLsMaxDocs: 10000, probe: 100, probeMinDocs: 10000, cli: true,
  dirFiles: 10000, invalid: 0.04, semanticInvalid: 0.01, seed: 1, floorRuns: 5, quiet: 300, settle: 1000, timeout: 900, edition: 'oss',
});
if (o.docs) o.sizes = o.docs;
if (o.render) {
  // Re-render a saved run (say, after a change to the report's wording); nothing is measured.
  const saved = JSON.parse(fs.readFileSync(o.render, 'utf8'));
  if (o.distLabel) saved.options.distLabel = o.distLabel;
  const out = path.resolve(o.out ?? path.join(BENCH_DIR, 'RESULTS.md'));
  const markdown = renderReport(saved, aggregate(saved));
  fs.writeFileSync(out, markdown);
  console.log(markdown);
  process.exit(0);
}
if (o.dist) process.env.BENCH_DIST = path.resolve(o.dist); // read by every script this one starts
SERVERS.ours.argv = ['node', path.join(distDir(), 'server.js'), '--stdio'];
if (o.edition !== 'oss' && o.edition !== 'enterprise') fail(SCRIPT, `--edition must be oss or enterprise, not ${o.edition}`);
SERVERS.ours.settings = JSON.stringify({ calico: o.edition === 'oss' ? {} : { edition: o.edition } });
if (o.quick) {
  if (!argv.some((a) => a.startsWith('--sizes') || a.startsWith('--docs'))) o.sizes = [100, 1000];
  if (!argv.some((a) => a.startsWith('--rounds'))) o.rounds = 1;
  if (!argv.some((a) => a.startsWith('--dir-files'))) o.dirFiles = 0;
}
o.out = path.resolve(o.out ?? (o.quick ? path.join(BENCH_DIR, 'results', 'RESULTS-quick.md') : path.join(BENCH_DIR, 'RESULTS.md')));
for (const s of o.servers) if (!SERVERS[s]) fail(SCRIPT, `unknown server ${s} (known: ${Object.keys(SERVERS).join(', ')})`);
if (o.sizes.some((n) => !Number.isInteger(n) || n < 1)) fail(SCRIPT, '--sizes must be positive integers');
if (!Number.isInteger(o.rounds) || o.rounds < 1) fail(SCRIPT, '--rounds must be a positive integer');
for (const f of [path.join(distDir(), 'server.js'), path.join(distDir(), 'cli.js'), path.join(REPO_DIR, 'node_modules', 'yaml', 'package.json')]) {
  if (!fs.existsSync(f)) fail(SCRIPT, `${path.relative(process.cwd(), f)} is missing: run \`npm ci && npm run build\` first`);
}
if (o.servers.includes('yaml-ls') && !fs.existsSync(SERVERS['yaml-ls'].argv[1])) fail(SCRIPT, 'yaml-language-server is missing: run `npm ci`');

const DATA = path.join(BENCH_DIR, 'data');
const WORKSPACE = path.join(DATA, 'workspace'); // an empty workspace folder: nothing for the servers to index
const RESULTS = path.join(BENCH_DIR, 'results');
fs.mkdirSync(WORKSPACE, { recursive: true });
fs.mkdirSync(RESULTS, { recursive: true });

const log = (s) => process.stderr.write(`${s}\n`);

/** Runs one of our scripts and returns the JSON object it printed last. */
function runJson(script, args, label) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join(BENCH_DIR, script), ...args, '--json'], { cwd: WORKSPACE, encoding: 'utf8', maxBuffer: 1 << 30 });
  const line = (r.stdout ?? '').trim().split('\n').pop();
  let j;
  try {
    j = JSON.parse(line);
  } catch {
    j = { error: `${script} failed (exit ${r.status ?? r.signal}): ${(r.stderr || r.stdout || '').slice(-1500)}` };
  }
  log(`  ${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s${j.error ? ` — ERROR ${j.error.split('\n')[0]}` : ''}`);
  return j;
}

function generate(n, extra) {
  const args = [path.join(BENCH_DIR, 'gen.mjs'), '--docs', String(n), '--invalid', String(o.invalid), '--semantic-invalid', String(o.semanticInvalid), '--seed', String(o.seed), ...extra];
  execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

const machine = describeMachine();
const startedAt = Date.now();
const sizes = [];
for (const n of o.sizes) {
  const file = path.join(DATA, `calico-${n}.yaml`);
  const manifest = path.join(DATA, `calico-${n}.manifest.json`);
  generate(n, ['--out', file, '--manifest', manifest]);
  const servers = o.servers.filter((s) => s !== 'yaml-ls' || n <= o.yamlLsMaxDocs);
  const rounds = [];
  for (let r = 1; r <= o.rounds; r++) {
    log(`N=${n} round ${r}/${o.rounds} (load ${loadAverage()})`);
    const round = { floor: null, lsp: {}, probe: null, cli: null, load: loadAverage() };
    round.floor = runJson('parse-floor.mjs', ['--file', file, '--runs', String(o.floorRuns)], 'parse floor');
    const order = servers.map((_, i) => servers[(i + r - 1) % servers.length]);
    for (const key of order) {
      const s = SERVERS[key];
      round.lsp[key] = runJson('lsp-latency.mjs', ['--argv', JSON.stringify(s.argv), '--file', file, '--manifest', manifest, '--settings', s.settings, '--root', WORKSPACE,
        '--edits', String(o.edits), '--seed', String(o.seed * 1000 + r), '--quiet', String(o.quiet), '--settle', String(o.settle), '--timeout', String(o.timeout)], s.label);
    }
    if (o.probe > 0 && n >= o.probeMinDocs && servers.includes('ours')) {
      const s = SERVERS.ours;
      round.probe = runJson('lsp-latency.mjs', ['--argv', JSON.stringify(s.argv), '--file', file, '--settings', s.settings, '--root', WORKSPACE, '--edits', '0',
        '--probe', String(o.probe), '--seed', String(o.seed * 1000 + r), '--quiet', String(o.quiet), '--settle', String(o.settle), '--timeout', String(o.timeout)], `${s.label} with hover probes`);
    }
    if (o.cli) round.cli = runJson('cli-bench.mjs', ['--path', file, '--manifest', manifest, '--edition', o.edition, ...(r % 2 === 0 ? ['--cli-first'] : [])], 'CLI vs floor process');
    rounds.push(round);
  }
  sizes.push({ n, file: path.relative(REPO_DIR, file), servers, rounds });
}

let dir = null;
if (o.cli && o.dirFiles > 0) {
  const where = path.join(DATA, `dir-${o.dirFiles}`);
  const manifest = path.join(DATA, `dir-${o.dirFiles}.manifest.json`);
  fs.rmSync(where, { recursive: true, force: true });
  generate(o.dirFiles, ['--split-dir', where, '--manifest', manifest]);
  const rounds = [];
  for (let r = 1; r <= o.rounds; r++) {
    log(`directory of ${o.dirFiles} files, round ${r}/${o.rounds} (load ${loadAverage()})`);
    rounds.push(runJson('cli-bench.mjs', ['--path', where, '--manifest', manifest, '--edition', o.edition, ...(r % 2 === 0 ? ['--cli-first'] : [])], 'CLI vs floor process'));
  }
  dir = { files: o.dirFiles, path: path.relative(REPO_DIR, where), rounds };
}

machine.loadAtEnd = loadAverage();
machine.distAtEnd = distHashes();
if (JSON.stringify(machine.distAtEnd) !== JSON.stringify(machine.dist)) log('WARNING: dist/ changed during the run; the figures mix two builds');
machine.minutes = Math.round((Date.now() - startedAt) / 6000) / 10;
const command = `npm run bench${argv.length ? ` -- ${argv.map((a) => (/[\s"'$]/.test(a) ? `'${a}'` : a)).join(' ')}` : ''}`;
const raw = { machine, command, options: o, sizes, dir };
const summary = aggregate(raw);
const stamp = machine.date.replace(/[:.]/g, '-');
const json = JSON.stringify({ ...raw, summary }, null, 1) + '\n';
fs.writeFileSync(path.join(RESULTS, `bench-${stamp}.json`), json);
fs.writeFileSync(path.join(RESULTS, 'latest.json'), json);
const markdown = renderReport(raw, summary);
fs.mkdirSync(path.dirname(o.out), { recursive: true });
fs.writeFileSync(o.out, markdown);
console.log(markdown);
log(`wrote ${path.relative(process.cwd(), o.out)} and bench/results/bench-${stamp}.json (${machine.minutes} min)`);
