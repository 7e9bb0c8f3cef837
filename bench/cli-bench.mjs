#!/usr/bin/env node
// cli-bench.mjs — times `calico-lint` (dist/cli.js) against the floor process on the same input:
// a Node process that reads the same file(s) and parses them with `yaml`'s parseAllDocuments.
// Both are timed from the outside (spawn to exit), so both pay Node's start-up and a cold JIT.
//
//   node bench/cli-bench.mjs --path FILE|DIR [--manifest M] [--runs R] [--json]
//
//   --path P       one file, or a directory (every .yaml/.yml file under it, like the CLI does)
//   --manifest M   gen.mjs manifest of P (for a directory: written with --split-dir): count the
//                  deliberate mistakes the CLI reported as errors and the valid documents it flagged
//   --runs R       pairs of runs (default 1); the order alternates, floor first on odd pairs
//   --cli-first    start with the CLI instead of the floor (the runner alternates this per round)
//   --edition E    the edition the CLI validates for (oss or enterprise; default oss)
//   --json         print one JSON object
//
// The CLI is `dist/cli.js` of this checkout, or BENCH_DIST/cli.js when that variable is set.
// Reported per side: wall ms (median over the runs), CPU ms (user + system), peak RSS (from
// process.resourceUsage(), written by lib/report-usage.cjs when the process exits).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fail, parseFlags } from './lib/cli.mjs';
import { checkAgainstManifest } from './lib/manifest.mjs';
import { BENCH_DIR, distDir, REPO_DIR } from './lib/proc.mjs';
import { median, round1 } from './lib/stats.mjs';

const o = parseFlags('cli-bench.mjs', import.meta.url, process.argv.slice(2), { path: 'string', manifest: 'string', runs: 'number', 'cli-first': 'boolean', edition: 'string', json: 'boolean' }, { runs: 1, cliFirst: false, edition: 'oss', json: false });
if (o.edition !== 'oss' && o.edition !== 'enterprise') fail('cli-bench.mjs', `--edition must be oss or enterprise, not ${o.edition}`);
if (!o.path) fail('cli-bench.mjs', '--path is required');
const target = path.resolve(o.path);
const preload = path.join(BENCH_DIR, 'lib', 'report-usage.cjs');
const usageFile = path.join(os.tmpdir(), `calico-bench-usage-${process.pid}.json`);

/** Runs `node -r report-usage.cjs ...args` and returns wall time, usage and output. */
function timed(args) {
  fs.rmSync(usageFile, { force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', preload, ...args], { cwd: REPO_DIR, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, BENCH_USAGE_FILE: usageFile } });
  const wallMs = performance.now() - t0;
  let usage = null;
  try {
    usage = JSON.parse(fs.readFileSync(usageFile, 'utf8'));
  } catch {
    // The process died before its exit hook ran; reported as missing figures.
  }
  return { wallMs, status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, cpuMs: usage ? (usage.userCPUTime + usage.systemCPUTime) / 1000 : null, maxRssMB: usage ? usage.maxRSS / 1024 : null };
}

// Builds from before the edition setting know no --edition; the open-source default needs none.
const editionArgs = o.edition === 'oss' ? [] : ['--edition', o.edition];
const cliRuns = [];
const floorRuns = [];
let lastCli;
for (let i = 0; i < o.runs; i++) {
  const floor = () => floorRuns.push(timed([path.join(BENCH_DIR, 'parse-floor.mjs'), '--once', target]));
  const cli = () => cliRuns.push((lastCli = timed([path.join(distDir(), 'cli.js'), '--format', 'json', ...editionArgs, target])));
  if ((i % 2 === 0) !== o.cliFirst) { floor(); cli(); } else { cli(); floor(); }
}
const result = { path: target, runs: o.runs, edition: o.edition };
const summary = (runs) => ({ wallMs: round1(median(runs.map((r) => r.wallMs))), cpuMs: round1(median(runs.map((r) => r.cpuMs))), maxRssMB: round1(median(runs.map((r) => r.maxRssMB))), status: [...new Set(runs.map((r) => r.status))] });
result.floor = summary(floorRuns);
result.cli = summary(cliRuns);
result.ratio = result.cli.wallMs / result.floor.wallMs;
if (![0, 1].includes(lastCli.status)) {
  result.error = `calico-lint exited with ${lastCli.status ?? lastCli.signal}: ${lastCli.stderr.slice(-1500)}`;
} else {
  const report = JSON.parse(lastCli.stdout);
  result.cli.files = report.files.length;
  result.cli.diagnostics = report.files.reduce((n, f) => n + f.diagnostics.length, 0);
  if (o.manifest) result.manifest = checkManifest(JSON.parse(fs.readFileSync(o.manifest, 'utf8')), report);
}

/**
 * Maps the report's diagnostics onto the manifest. For a split directory, each file's lines are
 * placed one after the other in a virtual concatenation so the same checker works.
 */
function checkManifest(manifest, report) {
  const docs = manifest.documents;
  if (!manifest.args.split) {
    const diags = report.files.flatMap((f) => f.diagnostics).map((d) => ({ line: d.range.start.line, severity: d.severity, code: d.code }));
    return checkAgainstManifest(docs, diags);
  }
  const virtual = [];
  const offsetOf = new Map();
  let at = 0;
  for (const d of docs) {
    offsetOf.set(d.file, at);
    virtual.push({ ...d, startLine: at, endLine: at + d.endLine });
    at += d.endLine + 2;
  }
  const diags = [];
  for (const f of report.files) {
    const off = offsetOf.get(path.basename(f.path));
    if (off === undefined) continue;
    for (const d of f.diagnostics) diags.push({ line: off + d.range.start.line, severity: d.severity, code: d.code });
  }
  return checkAgainstManifest(virtual, diags);
}

if (o.json) console.log(JSON.stringify(result));
else {
  console.log(`${target}: floor (read + parseAllDocuments) ${result.floor.wallMs} ms wall, ${result.floor.cpuMs} ms CPU, ${result.floor.maxRssMB} MB peak`);
  console.log(`calico-lint --format json: ${result.cli.wallMs} ms wall, ${result.cli.cpuMs} ms CPU, ${result.cli.maxRssMB} MB peak; ${result.cli.diagnostics} diagnostics in ${result.cli.files} files; ratio ${result.ratio.toFixed(2)}×`);
  const m = result.manifest;
  if (m) console.log(`mistakes reported as errors: ${m.reportedAsError}/${m.invalid} (schema-visible ${m.schemaVisibleAsError}/${m.schemaVisible}, semantic ${m.semanticAsError}/${m.semantic}); valid documents with errors: ${m.validWithError}/${m.validDocs}`);
  if (result.error) console.log(`ERROR: ${result.error}`);
}
process.exitCode = result.error ? 1 : 0;
