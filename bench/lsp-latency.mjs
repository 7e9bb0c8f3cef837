#!/usr/bin/env node
// lsp-latency.mjs — drives one language server over stdio through an open and a series of edits of
// one file, and measures what a user waits for.
//
//   node bench/lsp-latency.mjs (--server "CMD ARGS" | --argv JSON) --file F [options]
//
//   --server "CMD ARGS"  the server's command line (split like a shell would; no shell runs);
//                        a leading `node` is replaced by the Node running this script
//   --argv JSON          the same as a JSON array (safer for paths with spaces)
//   --file F             the document to open
//   --manifest M         gen.mjs manifest of F: check which deliberate mistakes were reported as
//                        errors and which valid documents got errors, after the open and after the edits
//   --settings JSON|@F   settings object keyed by section ({"yaml": {...}}); sent with
//                        workspace/didChangeConfiguration and used to answer workspace/configuration.
//                        "${repoUri}" inside it becomes the file: URI of this repository
//   --root DIR           workspace folder given to the server and its working directory
//                        (default: the current directory)
//   --edits K            one-line edits after the open (default 20), sent as incremental changes
//                        when the server supports them: odd edits insert a comment line before a
//                        seeded-random line, even edits append a trailing comment to one. Neither
//                        changes what the file means, so the diagnostics must stay the same.
//   --seed S             seed for the edit positions (default 1)
//   --quiet MS           diagnostics are final when no new publish came for MS ms (default 300);
//                        the times reported end at the last publish, so the quiet wait is not counted
//   --settle MS          wait after `initialized` before opening (default 1000), so that settings and
//                        workspace start-up finish first
//   --probe MS           during the open, send a textDocument/hover every MS ms and time the answers
//                        (0 = off, the default): is the server responsive while it validates?
//   --timeout S          give up on any wait after S seconds (default 900)
//   --dump FILE          write the diagnostics of the open and of the last edit to FILE
//   --json               print one JSON object (what run-bench.mjs reads) instead of text
//   --verbose            echo the server's stderr and log messages
//
// Memory is VmHWM (peak resident set) and VmRSS of the server process from /proc, read right after
// the open and again after the last edit. Times are wall-clock ms from sending didOpen/didChange to
// the arrival of the last publishDiagnostics of that change.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { fail, parseFlags } from './lib/cli.mjs';
import { LspProcess } from './lib/lsp-client.mjs';
import { checkAgainstManifest } from './lib/manifest.mjs';
import { memoryOf, REPO_URI, splitCommand, withThisNode } from './lib/proc.mjs';
import { uniform } from './lib/random.mjs';
import { median, percentile, round1 } from './lib/stats.mjs';

const SCRIPT = 'lsp-latency.mjs';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function options() {
  const o = parseFlags(SCRIPT, import.meta.url, process.argv.slice(2), {
    server: 'string', argv: 'string', file: 'string', manifest: 'string', settings: 'string', root: 'string', edits: 'number', seed: 'number',
    quiet: 'number', settle: 'number', probe: 'number', timeout: 'number', dump: 'string', json: 'boolean', verbose: 'boolean',
  }, { edits: 20, seed: 1, quiet: 300, settle: 1000, probe: 0, timeout: 900, root: process.cwd(), json: false, verbose: false });
  if (!o.file) fail(SCRIPT, '--file is required');
  if (!o.server && !o.argv) fail(SCRIPT, '--server or --argv is required');
  try {
    o.command = withThisNode(o.argv ? JSON.parse(o.argv) : splitCommand(o.server));
  } catch (e) {
    fail(SCRIPT, `cannot read the server command: ${e.message}`);
  }
  if (!Array.isArray(o.command) || o.command.length === 0) fail(SCRIPT, 'the server command is empty');
  if (!Number.isInteger(o.edits) || o.edits < 0) fail(SCRIPT, '--edits must be a non-negative integer');
  o.file = path.resolve(o.file);
  o.root = path.resolve(o.root);
  if (o.settings) {
    const raw = o.settings.startsWith('@') ? fs.readFileSync(o.settings.slice(1), 'utf8') : o.settings;
    try {
      o.settings = JSON.parse(raw.replaceAll('${repoUri}', REPO_URI));
    } catch (e) {
      fail(SCRIPT, `--settings is not JSON: ${e.message}`);
    }
  }
  return o;
}

/** Looks a dotted section up in the settings object (null when absent; everything when no section). */
function lookup(settings, section) {
  if (!settings) return null;
  if (!section) return settings;
  if (Object.prototype.hasOwnProperty.call(settings, section)) return settings[section];
  let cur = settings;
  for (const part of section.split('.')) {
    if (cur && typeof cur === 'object' && part in cur) cur = cur[part];
    else return null;
  }
  return cur;
}

async function run(o) {
  const text = fs.readFileSync(o.file, 'utf8');
  const manifest = o.manifest ? JSON.parse(fs.readFileSync(o.manifest, 'utf8')) : null;
  const uri = pathToFileURL(o.file).href;
  const rootUri = pathToFileURL(o.root).href;
  const timeoutMs = o.timeout * 1000;
  const publishes = [];
  const waiters = new Set();
  const logCounts = { logMessage: 0, showMessage: 0 };

  const server = new LspProcess(o.command, {
    cwd: o.root,
    onStderr: (s) => o.verbose && process.stderr.write(s),
    onServerRequest(method, params) {
      switch (method) {
        case 'workspace/configuration':
          return (params?.items ?? []).map((it) => lookup(o.settings, it.section));
        case 'workspace/workspaceFolders':
          return [{ uri: rootUri, name: path.basename(o.root) }];
        case 'client/registerCapability':
        case 'client/unregisterCapability':
        case 'window/workDoneProgress/create':
        case 'window/showMessageRequest':
          return null;
        default:
          if (method.endsWith('/refresh')) return null;
          throw new Error(`${SCRIPT} does not handle ${method}`);
      }
    },
    onNotification(method, params, t) {
      if (method === 'textDocument/publishDiagnostics') {
        if (params?.uri !== uri && decodeURIComponent(params?.uri ?? '') !== decodeURIComponent(uri)) return;
        publishes.push({ t, version: params.version, diagnostics: params.diagnostics ?? [] });
        for (const w of waiters) w();
      } else if (method === 'window/logMessage' || method === 'window/showMessage') {
        logCounts[method.slice(7)]++;
        if (o.verbose) process.stderr.write(`[${method}] ${params?.message}\n`);
      }
    },
  });

  /** Waits for the first publish at index ≥ `from` that `accept`s, then for `quiet` ms of silence. */
  const waitStable = (from, t0, accept) =>
    new Promise((resolve) => {
      let first = -1;
      let quietTimer;
      const deadline = setTimeout(() => finish(true), timeoutMs);
      const finish = (timedOut) => {
        clearTimeout(deadline);
        clearTimeout(quietTimer);
        waiters.delete(check);
        if (first < 0) return resolve({ timedOut: true });
        const mine = publishes.slice(first);
        const last = mine[mine.length - 1];
        resolve({ timedOut: false, quietTimedOut: timedOut || undefined, firstMs: mine[0].t - t0, lastMs: last.t - t0, publishes: mine.length, diagnostics: last.diagnostics });
      };
      const check = () => {
        if (server.exit) return finish(true);
        if (first < 0) {
          for (let i = from; i < publishes.length; i++) if (accept(publishes[i])) { first = i; break; }
          if (first < 0) return;
        }
        clearTimeout(quietTimer);
        quietTimer = setTimeout(() => finish(false), o.quiet);
      };
      waiters.add(check);
      server.exited.then(check);
      check();
    });

  const result = { command: o.command, file: o.file, bytes: Buffer.byteLength(text), lines: text.split('\n').length - 1 };
  try {
    const init = await server.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'calico-policy-tools bench', version: '1' },
      locale: 'en',
      rootPath: o.root,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(o.root) }],
      capabilities: {
        general: { positionEncodings: ['utf-16'] },
        window: { workDoneProgress: true },
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
        },
      },
    }, timeoutMs);
    if (init.error) throw new Error(`initialize failed: ${init.error.message}`);
    const caps = init.result?.capabilities ?? {};
    const sync = typeof caps.textDocumentSync === 'number' ? caps.textDocumentSync : caps.textDocumentSync?.change ?? 0;
    result.serverInfo = init.result?.serverInfo ?? null;
    result.initializeMs = round1(init.t - server.spawnedAt);
    result.sync = ['none', 'full', 'incremental'][sync] ?? String(sync);
    result.hoverProvider = !!caps.hoverProvider;
    server.notify('initialized', {});
    if (o.settings) server.notify('workspace/didChangeConfiguration', { settings: o.settings });
    await sleep(o.settle);

    // ---- open ----
    const before = memoryOf(server.pid);
    result.memory = { beforeOpenRssMB: round1(before?.rssMB) };
    let version = 1;
    const lines = text.split('\n');
    const rand = uniform(o.seed);
    const probes = [];
    let probeTimer;
    const openFrom = publishes.length;
    const t0 = performance.now();
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    if (o.probe > 0) {
      probeTimer = setInterval(() => {
        const line = Math.floor(rand() * lines.length);
        probes.push(server.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 2 } }, timeoutMs).catch((e) => ({ failed: e.message })));
      }, o.probe);
    }
    const open = await waitStable(openFrom, t0, () => true);
    clearInterval(probeTimer);
    if (open.timedOut) throw Object.assign(new Error('no diagnostics after the open'), { partial: true });
    result.open = { firstMs: round1(open.firstMs), lastMs: round1(open.lastMs), publishes: open.publishes, diagnostics: open.diagnostics.length, quietTimedOut: open.quietTimedOut };
    const afterOpen = memoryOf(server.pid);
    result.memory.afterOpenPeakMB = round1(afterOpen?.peakMB);
    result.memory.afterOpenRssMB = round1(afterOpen?.rssMB);
    if (probes.length) {
      const answers = await Promise.all(probes);
      const ms = answers.filter((a) => a.ms !== undefined).map((a) => a.ms);
      result.probe = {
        intervalMs: o.probe, sent: probes.length, answered: ms.length, medianMs: round1(median(ms)), p95Ms: round1(percentile(ms, 95)), maxMs: round1(Math.max(...ms)),
        errorAnswers: answers.filter((a) => a.error).length, unsupported: !result.hoverProvider,
      };
    }
    const toLines = (diags, map) => diags.map((d) => ({ line: map ? map[d.range.start.line] ?? -1 : d.range.start.line, severity: d.severity ?? 1, code: d.code === undefined ? undefined : String(d.code) }));
    if (manifest) result.manifestOpen = checkAgainstManifest(manifest.documents, toLines(open.diagnostics));

    // ---- edits ----
    if (o.edits > 0) {
      const incremental = sync === 2;
      const origin = Array.from({ length: lines.length }, (_, i) => i); // current line -> original line (-1: inserted)
      const each = [];
      let lastDiagnostics = open.diagnostics;
      for (let k = 1; k <= o.edits; k++) {
        const line = Math.floor(rand() * lines.length);
        let change;
        if (k % 2 === 1) {
          const inserted = `# bench edit ${k}`;
          lines.splice(line, 0, inserted);
          origin.splice(line, 0, -1);
          change = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${inserted}\n` };
        } else {
          const ch = lines[line].length;
          const added = `  # bench edit ${k}`;
          lines[line] += added;
          change = { range: { start: { line, character: ch }, end: { line, character: ch } }, text: added };
        }
        version++;
        const from = publishes.length;
        const te = performance.now();
        server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [incremental ? change : { text: lines.join('\n') }] });
        const v = version;
        const r = await waitStable(from, te, (p) => p.version == null || p.version >= v);
        if (r.timedOut) {
          each.push({ k, line, timedOut: true });
          break;
        }
        each.push({ k, line, kind: k % 2 ? 'insert-line' : 'append-comment', firstMs: round1(r.firstMs), lastMs: round1(r.lastMs), publishes: r.publishes, diagnostics: r.diagnostics.length });
        lastDiagnostics = r.diagnostics;
      }
      const ok = each.filter((e) => !e.timedOut);
      const ms = ok.map((e) => e.lastMs);
      result.edits = {
        count: each.length, sync: incremental ? 'incremental' : 'full', timedOut: each.length - ok.length,
        medianMs: round1(median(ms)), p95Ms: round1(percentile(ms, 95)), maxMs: round1(Math.max(...ms)),
        diagnosticsCounts: [...new Set(ok.map((e) => e.diagnostics))], each,
      };
      if (manifest) result.manifestEdits = checkAgainstManifest(manifest.documents, toLines(lastDiagnostics, origin));
      if (o.dump) result._last = lastDiagnostics;
    }
    const end = memoryOf(server.pid);
    result.memory.endPeakMB = round1(end?.peakMB);
    result.memory.endRssMB = round1(end?.rssMB);
    result.logMessages = logCounts;
    if (o.dump) {
      fs.writeFileSync(o.dump, JSON.stringify({ uri, open: open.diagnostics, lastEdit: result._last ?? null }) + '\n');
      delete result._last;
    }
  } catch (e) {
    result.error = e.message;
    result.stderrTail = server.stderrTail.slice(-2000);
    result.exit = server.exit;
  }
  await server.stop();
  if (!result.exit) result.exit = server.exit;
  return result;
}

function printText(r) {
  const out = [`server: ${r.command.join(' ')}${r.serverInfo ? ` (${r.serverInfo.name} ${r.serverInfo.version ?? ''})` : ''}`];
  out.push(`file: ${r.file} (${r.bytes} bytes, ${r.lines} lines); initialize ${r.initializeMs} ms; sync ${r.sync}`);
  if (r.open) out.push(`open → diagnostics: ${r.open.lastMs} ms (first publish ${r.open.firstMs} ms, ${r.open.publishes} publishes, ${r.open.diagnostics} diagnostics)`);
  const m = (label, c) => c && out.push(`${label}: ${c.reportedAsError}/${c.invalid} mistakes reported as errors (schema-visible ${c.schemaVisibleAsError}/${c.schemaVisible}, semantic ${c.semanticAsError}/${c.semantic}); ` +
    `${c.validWithError} of ${c.validDocs} valid documents with errors, ${c.validWithOther} with warnings/hints only`);
  m('after the open', r.manifestOpen);
  if (r.probe) out.push(`hover probes during the open: ${r.probe.answered}/${r.probe.sent} answered, median ${r.probe.medianMs} ms, p95 ${r.probe.p95Ms} ms, max ${r.probe.maxMs} ms${r.probe.unsupported ? ' (no hover support: error answers)' : ''}`);
  if (r.edits) out.push(`edits (${r.edits.count}, ${r.edits.sync}): median ${r.edits.medianMs} ms, p95 ${r.edits.p95Ms} ms, max ${r.edits.maxMs} ms; diagnostics counts ${JSON.stringify(r.edits.diagnosticsCounts)}`);
  m('after the edits', r.manifestEdits);
  if (r.memory) out.push(`memory: peak ${r.memory.afterOpenPeakMB} MB after the open, ${r.memory.endPeakMB} MB at the end (RSS ${r.memory.beforeOpenRssMB} → ${r.memory.afterOpenRssMB} → ${r.memory.endRssMB} MB)`);
  if (r.error) out.push(`ERROR: ${r.error}\n${r.stderrTail ?? ''}`);
  console.log(out.join('\n'));
}

const o = options();
const result = await run(o);
if (o.json) console.log(JSON.stringify(result));
else printText(result);
process.exitCode = result.error ? 1 : 0;
