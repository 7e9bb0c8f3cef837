// Turns the raw per-round measurements of run-bench.mjs into the summary the report shows:
// medians over rounds, edit latencies pooled over rounds, ratios computed within each round (so
// both sides share that round's machine noise) and then their median, the worst correctness
// figures over all rounds, and the targets with a verdict each.
import { median, percentile, ratio } from './stats.mjs';

const ok = (x) => x && !x.error;

/** Worst case over rounds of manifest checks (fewest mistakes found, most false errors). */
function worst(checks) {
  const list = checks.filter(Boolean);
  if (list.length === 0) return null;
  const pick = list.reduce((a, b) => (b.reportedAsError < a.reportedAsError || (b.reportedAsError === a.reportedAsError && b.validWithError > a.validWithError) ? b : a));
  const min = (k) => Math.min(...list.map((c) => c[k]));
  const max = (k) => Math.max(...list.map((c) => c[k]));
  return {
    invalid: pick.invalid, reportedAsError: min('reportedAsError'), schemaVisible: pick.schemaVisible, schemaVisibleAsError: min('schemaVisibleAsError'),
    semantic: pick.semantic, semanticAsError: min('semanticAsError'), validDocs: pick.validDocs, validWithError: max('validWithError'), validWithOther: max('validWithOther'),
    missedById: pick.missedById, falseErrorCodes: pick.falseErrorCodes, otherCodesOnValid: pick.otherCodesOnValid, rounds: list.length,
  };
}

function serverSummary(rounds, key, floors) {
  const runs = rounds.map((r) => r.lsp[key]);
  const good = runs.filter(ok);
  const edits = good.flatMap((r) => (r.edits?.each ?? []).filter((e) => !e.timedOut).map((e) => e.lastMs));
  const perRound = (f) => median(runs.map((r, i) => (ok(r) ? f(r, i) : null)));
  const other = key === 'ours' ? 'yaml-ls' : null;
  const vsOther = (f) => (other ? median(rounds.map((rd) => (ok(rd.lsp[key]) && ok(rd.lsp[other]) ? ratio(f(rd.lsp[key]), f(rd.lsp[other])) : null))) : null);
  return {
    rounds: runs.length,
    failures: runs.filter((r) => r && r.error).map((r) => r.error),
    openMs: median(good.map((r) => r.open?.lastMs)),
    openRatioFloor: perRound((r, i) => ratio(r.open?.lastMs, floors[i])),
    openRatioYamlLs: vsOther((r) => r.open?.lastMs),
    editCount: edits.length,
    editTimedOut: good.reduce((n, r) => n + (r.edits?.timedOut ?? 0), 0),
    editMedianMs: median(edits),
    editP95Ms: percentile(edits, 95),
    editP95RatioFloor: perRound((r, i) => ratio(r.edits?.p95Ms, floors[i])),
    editMedianRatioFloor: perRound((r, i) => ratio(r.edits?.medianMs, floors[i])),
    editRatioYamlLs: vsOther((r) => r.edits?.medianMs),
    editP95RatioYamlLs: vsOther((r) => r.edits?.p95Ms),
    peakOpenMB: median(good.map((r) => r.memory?.afterOpenPeakMB)),
    peakEndMB: median(good.map((r) => r.memory?.endPeakMB)),
    rssOpenMB: median(good.map((r) => r.memory?.afterOpenRssMB)),
    rssEndMB: median(good.map((r) => r.memory?.endRssMB)),
    memGrowth: perRound((r) => ratio(r.memory?.endPeakMB, r.memory?.afterOpenPeakMB)),
    memRatioYamlLs: vsOther((r) => r.memory?.afterOpenPeakMB),
    diagnostics: [...new Set(good.map((r) => r.open?.diagnostics))],
    correctOpen: worst(good.map((r) => r.manifestOpen)),
    correctEdits: worst(good.map((r) => r.manifestEdits)),
    serverInfo: good[0]?.serverInfo ?? null,
  };
}

function cliSummary(runs) {
  const good = runs.filter(ok);
  if (runs.length === 0) return null;
  return {
    rounds: runs.length,
    failures: runs.filter((r) => r && r.error).map((r) => r.error),
    floorMs: median(good.map((r) => r.floor.wallMs)),
    cliMs: median(good.map((r) => r.cli.wallMs)),
    ratio: median(good.map((r) => ratio(r.cli.wallMs, r.floor.wallMs))),
    floorRssMB: median(good.map((r) => r.floor.maxRssMB)),
    cliRssMB: median(good.map((r) => r.cli.maxRssMB)),
    cliCpuMs: median(good.map((r) => r.cli.cpuMs)),
    correct: worst(good.map((r) => r.manifest)),
  };
}

export function aggregate(raw) {
  const sizes = raw.sizes.map((s) => {
    const floors = s.rounds.map((r) => (ok(r.floor) ? r.floor.medianMs : null));
    const first = s.rounds.find((r) => ok(r.floor))?.floor;
    const servers = {};
    for (const key of s.servers) servers[key] = serverSummary(s.rounds, key, floors);
    const probes = s.rounds.map((r) => r.probe).filter((p) => ok(p) && p.probe);
    return {
      n: s.n, bytes: first?.bytes ?? null, documents: first?.documents ?? null,
      floorMs: median(floors), floorColdMs: median(s.rounds.map((r) => r.floor?.coldMs)),
      servers,
      probe: probes.length ? {
        rounds: probes.length, intervalMs: probes[0].probe.intervalMs, answered: probes.reduce((n, p) => n + p.probe.answered, 0), sent: probes.reduce((n, p) => n + p.probe.sent, 0),
        medianMs: median(probes.map((p) => p.probe.medianMs)), p95Ms: median(probes.map((p) => p.probe.p95Ms)), maxMs: Math.max(...probes.map((p) => p.probe.maxMs)),
        unsupported: probes.some((p) => p.probe.unsupported), openMs: median(probes.map((p) => p.open?.lastMs)),
      } : null,
      probeFailures: s.rounds.map((r) => r.probe).filter((p) => p && p.error).map((p) => p.error),
      cli: cliSummary(s.rounds.map((r) => r.cli).filter(Boolean)),
    };
  });
  const dir = raw.dir ? { files: raw.dir.files, ...cliSummary(raw.dir.rounds) } : null;
  return { sizes, dir, targets: targets(sizes, dir, raw.options.edits) };
}

/** The targets, judged on the 10,000-document file (or the largest below it). */
function targets(sizes, dir, editCount) {
  const out = [];
  const main = sizes.find((s) => s.n === 10000) ?? [...sizes].filter((s) => s.n <= 10000).pop() ?? sizes[sizes.length - 1];
  const ours = main?.servers.ours;
  const add = (what, value, shown, pass) => out.push({ what, shown, met: value == null ? null : pass });
  if (ours) {
    const at = `${main.n.toLocaleString('en-US')} docs`;
    add(`open → diagnostics ≤ 1.3 × parse floor (${at})`, ours.openRatioFloor, ours.openRatioFloor, ours.openRatioFloor <= 1.3);
    add(`open → diagnostics ≤ 0.5 × yaml-language-server (${at})`, ours.openRatioYamlLs, ours.openRatioYamlLs, ours.openRatioYamlLs <= 0.5);
    add(`edit → diagnostics p95 ≤ 0.02 × parse floor (${at})`, ours.editP95RatioFloor, ours.editP95RatioFloor, ours.editP95RatioFloor <= 0.02);
    add(`edit → diagnostics ≥ 100 × faster than yaml-language-server (median; ${at})`, ours.editRatioYamlLs, ours.editRatioYamlLs, ours.editRatioYamlLs <= 0.01);
    add(`peak RSS after open ≤ ⅓ of yaml-language-server's (${at})`, ours.memRatioYamlLs, ours.memRatioYamlLs, ours.memRatioYamlLs <= 1 / 3);
    add(`peak RSS after ${editCount} edits ≤ 1.2 × after open (the issue says 50; ${at})`, ours.memGrowth, ours.memGrowth, ours.memGrowth <= 1.2);
  }
  const all = sizes.flatMap((s) => (s.servers.ours ? [s.servers.ours.correctOpen, s.servers.ours.correctEdits] : [])).filter(Boolean);
  if (all.length) {
    const found = Math.min(...all.map((c) => c.reportedAsError / Math.max(1, c.invalid)));
    const falseErrors = Math.max(...all.map((c) => c.validWithError));
    out.push({ what: 'every deliberate mistake reported as an error (every size, open and after edits)', shown: `${(found * 100).toFixed(1)}% (worst)`, met: found === 1 });
    out.push({ what: 'no error on a valid document (every size, open and after edits)', shown: `${falseErrors} (worst)`, met: falseErrors === 0 });
  }
  for (const s of sizes) {
    if (s.cli && (s.n >= 10000)) out.push({ what: `CLI on one file ≤ 1.3 × floor process (${s.n.toLocaleString('en-US')} docs)`, shown: s.cli.ratio, met: s.cli.ratio == null ? null : s.cli.ratio <= 1.3 });
    if (s.probe && s.n >= 10000) out.push({ what: `hover answered within 100 ms while validating (p95; ${s.n.toLocaleString('en-US')} docs)`, shown: `${s.probe.p95Ms} ms (max ${s.probe.maxMs} ms)`, met: s.probe.p95Ms <= 100 });
    if (s.n >= 100000) {
      const o = s.servers.ours;
      if (o) out.push({ what: `opens ${s.n.toLocaleString('en-US')} docs without crashing`, shown: o.failures.length ? o.failures[0].slice(0, 80) : 'yes', met: o.failures.length === 0 });
    }
  }
  if (dir?.ratio != null) out.push({ what: `CLI on a directory of ${dir.files.toLocaleString('en-US')} files ≤ 1.5 × floor process`, shown: dir.ratio, met: dir.ratio <= 1.5 });
  return out;
}
