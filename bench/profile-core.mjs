#!/usr/bin/env node
// profile-core.mjs — profiles the analysis core in-process (no LSP, no I/O) on one file: the open
// (setFile + diagnostics) and then one-line edits (applyChanges + diagnostics), each phase under
// the V8 profiler, and prints where the time goes. Runs the TypeScript sources through tsx:
//
//   node --import tsx bench/profile-core.mjs [--file F] [--edits K] [--top N] [--save DIR] [--json]
//
//   --file F     the file (default bench/data/calico-10000.yaml; make it with gen.mjs or run-bench)
//   --edits K    one-line edits after the open (default 50; the same kinds lsp-latency.mjs sends)
//   --top N      functions per list (default 20)
//   --save DIR   also write open.cpuprofile and edits.cpuprofile to DIR (open them in Chrome
//                DevTools or VS Code)
//   --json       print JSON
//
// Besides the profiles it times, in the same process and without the profiler: the parse floor
// (parseAllDocuments of the whole text, warm), parsing every document on its own the way the core
// does, and the open split into setFile (document split), analysis, and diagnostics (cross-document
// rules and settings).
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { fail, parseFlags } from './lib/cli.mjs';
import { BENCH_DIR, REPO_DIR } from './lib/proc.mjs';
import { printSummary, summariseProfile } from './lib/profile.mjs';
import { uniform } from './lib/random.mjs';
import { median, percentile, round1 } from './lib/stats.mjs';

const o = parseFlags('profile-core.mjs', import.meta.url, process.argv.slice(2), { file: 'string', edits: 'number', top: 'number', save: 'string', json: 'boolean' },
  { file: path.join(BENCH_DIR, 'data', 'calico-10000.yaml'), edits: 50, top: 20, json: false });
if (!fs.existsSync(o.file)) fail('profile-core.mjs', `${o.file} does not exist (node bench/gen.mjs --docs 10000 --out ${o.file})`);
let core;
try {
  core = await import(path.join(REPO_DIR, 'server', 'src', 'core', 'index.ts'));
} catch (e) {
  fail('profile-core.mjs', `cannot load the core sources (${e.message}); run with: node --import tsx bench/profile-core.mjs`);
}
const YAML = createRequire(path.join(REPO_DIR, 'package.json'))('yaml');
const { splitSegments } = await import(path.join(REPO_DIR, 'server', 'src', 'core', 'yaml', 'segments.ts'));

const session = new Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
await post('Profiler.enable');
await post('Profiler.setSamplingInterval', { interval: 200 });
const profiled = async (f) => {
  await post('Profiler.start');
  const t0 = performance.now();
  f();
  const ms = performance.now() - t0;
  const { profile } = await post('Profiler.stop');
  return { ms, profile };
};

const text = fs.readFileSync(o.file, 'utf8');
const result = { file: o.file, bytes: Buffer.byteLength(text) };

// Reference timings (not profiled): the floor and per-document parsing as the core does it.
const timeIt = (f, runs = 3) => {
  const t = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return { coldMs: round1(t[0]), warmMs: round1(median(t.slice(1))) };
};
result.floor = timeIt(() => YAML.parseAllDocuments(text));
const segments = splitSegments(text);
result.documents = segments.length;
result.splitMs = timeIt(() => splitSegments(text)).warmMs;
const parseOptions = { schema: 'failsafe', uniqueKeys: true, prettyErrors: false, strict: true };
result.perDocumentParse = timeIt(() => { for (const s of segments) YAML.parseAllDocuments(text.slice(s.start, s.end), parseOptions); });

// The open, profiled as a whole and timed by phase.
const id = 'file:///bench/profiled.yaml';
const ws = new core.Workspace();
let phases;
const open = await profiled(() => {
  const t0 = performance.now();
  ws.setFile(id, text);
  const t1 = performance.now();
  ws.getFile(id).analyzeAll();
  const t2 = performance.now();
  const d = ws.diagnostics(id);
  const t3 = performance.now();
  phases = { setFileMs: round1(t1 - t0), analyseMs: round1(t2 - t1), diagnosticsMs: round1(t3 - t2), diagnostics: d.length };
});
result.open = { ms: round1(open.ms), ...phases };
global.gc?.();
result.heapAfterOpenMB = round1(process.memoryUsage().heapUsed / 2 ** 20);

// Edits like lsp-latency.mjs: insert a comment line, or append a trailing comment.
const rand = uniform(7);
const editTimes = [];
const edits = await profiled(() => {
  for (let k = 1; k <= o.edits; k++) {
    // A random line start, found by reading only the document around it (asking the core for
    // the whole text would join every document and profile that instead of the edit).
    const file = ws.getFile(id);
    const at = Math.floor(rand() * file.length);
    const doc = file.documentAt(at);
    const local = at - doc.start;
    const lineStart = doc.start + doc.text.lastIndexOf('\n', local - 1) + 1;
    let change;
    if (k % 2) change = { start: lineStart, end: lineStart, text: `# bench edit ${k}\n` };
    else {
      const e = doc.text.indexOf('\n', lineStart - doc.start);
      const end = e === -1 ? doc.end : doc.start + e;
      change = { start: end, end, text: `  # bench edit ${k}` };
    }
    const t0 = performance.now();
    ws.applyChanges(id, [change]);
    ws.diagnostics(id);
    editTimes.push(performance.now() - t0);
  }
});
result.edits = { count: o.edits, medianMs: round1(median(editTimes)), p95Ms: round1(percentile(editTimes, 95)), maxMs: round1(Math.max(...editTimes)) };
global.gc?.();
result.heapAfterEditsMB = round1(process.memoryUsage().heapUsed / 2 ** 20);

const summaryOpen = summariseProfile(open.profile, { top: o.top, phases: false, idleGap: 150 }).summaries[0];
summaryOpen.label = 'open (setFile + diagnostics)';
const summaryEdits = summariseProfile(edits.profile, { top: o.top, phases: false, idleGap: 150 }).summaries[0];
summaryEdits.label = `${o.edits} edits (applyChanges + diagnostics)`;
if (o.save) {
  fs.mkdirSync(o.save, { recursive: true });
  fs.writeFileSync(path.join(o.save, 'open.cpuprofile'), JSON.stringify(open.profile));
  fs.writeFileSync(path.join(o.save, 'edits.cpuprofile'), JSON.stringify(edits.profile));
}
if (o.json) console.log(JSON.stringify({ ...result, profiles: [summaryOpen, summaryEdits] }, null, 1));
else {
  console.log(`${result.file}: ${result.bytes} bytes, ${result.documents} documents`);
  console.log(`parse floor (whole text, parseAllDocuments): cold ${result.floor.coldMs} ms, warm ${result.floor.warmMs} ms`);
  console.log(`document split ${result.splitMs} ms; parsing each document on its own (failsafe, as the core does): cold ${result.perDocumentParse.coldMs} ms, warm ${result.perDocumentParse.warmMs} ms`);
  console.log(`open: ${result.open.ms} ms under the profiler = setFile ${result.open.setFileMs} + analysis ${result.open.analyseMs} + diagnostics ${result.open.diagnosticsMs} ms (${result.open.diagnostics} diagnostics); heap ${result.heapAfterOpenMB} MB`);
  console.log(`edits: median ${result.edits.medianMs} ms, p95 ${result.edits.p95Ms} ms, max ${result.edits.maxMs} ms (under the profiler); heap ${result.heapAfterEditsMB} MB`);
  printSummary({ summaries: [summaryOpen, summaryEdits] });
}
