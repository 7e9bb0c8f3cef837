#!/usr/bin/env node
// parse-floor.mjs — the floor of any YAML tool's work on a file: parsing it with the `yaml` package
// (the parser our server also uses), in this process, with nothing else.
//
//   node bench/parse-floor.mjs --file F [--runs R] [--min-ms T] [--phases] [--json]
//   node bench/parse-floor.mjs --once PATH
//
//   --file F     time `parseAllDocuments(text)` R times (default 5) in this process; the first run is
//                reported as "cold" (it pays JIT warm-up like a freshly started server does) and the
//                median of the others as the floor
//   --runs R     timed runs (default 5)
//   --min-ms T   keep running, beyond R and up to 200 runs, until T ms were spent, so that small files
//                get a warmed-up JIT like a long-running process has (default 1500)
//   --phases     also time the phases on their own: the lexer, lexer + CST (`Parser`), and
//                parseAllDocuments (lexer + CST + building Documents); medians of R runs
//   --once PATH  read PATH (a file, or every .yaml/.yml file under a directory, sorted) and parse each
//                with parseAllDocuments once, then exit: the floor process for the CLI comparison,
//                timed from the outside like the CLI itself
//   --json       print one JSON object
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { fail, parseFlags } from './lib/cli.mjs';
import { median, round1 } from './lib/stats.mjs';
import { REPO_DIR } from './lib/proc.mjs';

// The repository's own `yaml`, whichever directory this runs from.
const require = createRequire(path.join(REPO_DIR, 'package.json'));
const YAML = require('yaml');

const o = parseFlags('parse-floor.mjs', import.meta.url, process.argv.slice(2),
  { file: 'string', once: 'string', runs: 'number', 'min-ms': 'number', phases: 'boolean', json: 'boolean' },
  { runs: 5, minMs: 1500, phases: false, json: false });

if (o.once) {
  const files = listYaml(o.once);
  let documents = 0;
  for (const f of files) documents += YAML.parseAllDocuments(fs.readFileSync(f, 'utf8')).length;
  process.stdout.write(JSON.stringify({ files: files.length, documents }) + '\n');
} else {
  if (!o.file) fail('parse-floor.mjs', '--file or --once is required');
  const text = fs.readFileSync(o.file, 'utf8');
  const times = [];
  let docs;
  const spent = () => times.reduce((a, b) => a + b, 0);
  while (times.length < o.runs || (spent() < o.minMs && times.length < 200)) {
    const t0 = performance.now();
    docs = YAML.parseAllDocuments(text);
    times.push(performance.now() - t0);
  }
  const warm = times.length > 1 ? times.slice(1) : times;
  const result = {
    file: o.file, bytes: Buffer.byteLength(text), documents: docs.length, parseErrors: docs.reduce((n, d) => n + d.errors.length, 0),
    yaml: require('yaml/package.json').version, runs: times.length, coldMs: round1(times[0]), medianMs: round1(median(warm)), minMs: round1(Math.min(...warm)),
    maxRssMB: round1(process.resourceUsage().maxRSS / 1024),
  };
  if (o.phases) {
    const time = (f) => {
      const t = [];
      for (let r = 0; r < Math.max(3, o.runs); r++) {
        const t0 = performance.now();
        f();
        t.push(performance.now() - t0);
      }
      return round1(median(t.slice(1)));
    };
    result.phases = {
      lexerMs: time(() => { let n = 0; for (const _ of new YAML.Lexer().lex(text)) n++; return n; }),
      cstMs: time(() => { let n = 0; for (const _ of new YAML.Parser().parse(text)) n++; return n; }),
      parseAllDocumentsMs: time(() => YAML.parseAllDocuments(text)),
    };
  }
  if (o.json) console.log(JSON.stringify(result));
  else {
    console.log(`${result.file}: ${result.bytes} bytes, ${result.documents} documents, ${result.parseErrors} parse errors (yaml ${result.yaml})`);
    console.log(`parseAllDocuments: cold ${result.coldMs} ms, median ${result.medianMs} ms, min ${result.minMs} ms over ${warm.length} warm runs; peak RSS ${result.maxRssMB} MB`);
    if (result.phases) console.log(`phases (medians): lexer ${result.phases.lexerMs} ms, lexer + CST ${result.phases.cstMs} ms, parseAllDocuments ${result.phases.parseAllDocumentsMs} ms`);
  }
}

function listYaml(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return [p];
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(e.name)) out.push(full);
    }
  };
  walk(p);
  return out;
}
