#!/usr/bin/env node
// profile-summary.mjs — where does a process spend its time? Summarises a V8 .cpuprofile (from
// `node --cpu-prof`) by function: self time and inclusive time, in ms and % of the busy time.
//
//   node bench/profile-summary.mjs FILE.cpuprofile [--top N] [--phases] [--idle-gap MS] [--json]
//
//   --top N         functions per list (default 25)
//   --phases        split the profile into bursts of work separated by idle gaps and summarise the
//                   longest burst ("open") and every burst after it ("edits") separately. This fits
//                   lsp-latency.mjs runs, where the open and each edit are followed by a quiet period.
//   --idle-gap MS   an idle stretch at least this long separates bursts (default 150)
//   --json          print JSON
//
// A function is identified by name, file and line. Inclusive time counts a sample once per
// function even when the function is on the stack several times (recursion). "(idle)",
// "(program)" and "(garbage collector)" are reported apart from the busy time.
import fs from 'node:fs';
import { printSummary, summariseProfile } from './lib/profile.mjs';
import { fail, parseFlags } from './lib/cli.mjs';

const argv = process.argv.slice(2);
const file = argv.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const o = parseFlags('profile-summary.mjs', import.meta.url, argv.filter((a) => a !== file), { top: 'number', phases: 'boolean', 'idle-gap': 'number', json: 'boolean' }, { top: 25, phases: false, idleGap: 150, json: false });
if (!file) fail('profile-summary.mjs', 'give a .cpuprofile file');
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

const out = { file, ...summariseProfile(profile, o) };
if (o.json) console.log(JSON.stringify(out, null, 1));
else printSummary(out);
