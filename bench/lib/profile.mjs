// Summarises a V8 CPU profile (the JSON of a .cpuprofile file, or what the inspector's
// Profiler.stop returns) by function: self and inclusive time, optionally split into bursts of
// work separated by idle gaps. Used by profile-summary.mjs and profile-core.mjs.
import path from 'node:path';

/**
 * @param profile {nodes, samples, timeDeltas}
 * @param o {top: number, phases: boolean, idleGap: number}
 */
export function summariseProfile(profile, o) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);
  const keyOf = (n) => {
    const cf = n.callFrame;
    const where = cf.url ? `${path.basename(cf.url.replace(/^file:\/\//, ''))}:${cf.lineNumber + 1}` : '';
    return `${cf.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
  /** Stack keys of a sample's node, innermost first, each function once. */
  const stackCache = new Map();
  function stackOf(id) {
    let s = stackCache.get(id);
    if (s) return s;
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = nodes.get(cur);
      if (n.callFrame.functionName === '(root)') break;
      seen.add(keyOf(n));
    }
    s = [...seen];
    stackCache.set(id, s);
    return s;
  }

  // Sample times (ms from the profile start) and durations.
  const samples = profile.samples;
  const deltas = profile.timeDeltas;
  const times = [];
  let t = 0;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] / 1000;
    times.push(t);
  }
  const dur = (i) => (i + 1 < times.length ? times[i + 1] - times[i] : 0);
  const isIdle = (i) => nodes.get(samples[i]).callFrame.functionName === '(idle)';

  function summarise(indices, label) {
    const self = new Map();
    const incl = new Map();
    const special = { '(idle)': 0, '(program)': 0, '(garbage collector)': 0 };
    let busy = 0;
    for (const i of indices) {
      const d = dur(i);
      const n = nodes.get(samples[i]);
      const name = n.callFrame.functionName;
      if (SPECIAL.has(name)) {
        special[name] = (special[name] ?? 0) + d;
        if (name !== '(idle)') busy += d;
        continue;
      }
      busy += d;
      const k = keyOf(n);
      self.set(k, (self.get(k) ?? 0) + d);
      for (const key of stackOf(samples[i])) incl.set(key, (incl.get(key) ?? 0) + d);
    }
    const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, o.top).map(([fn, ms]) => ({ fn, ms: Math.round(ms), pct: Math.round((1000 * ms) / busy) / 10 }));
    const wall = indices.length ? times[indices[indices.length - 1]] - times[indices[0]] + dur(indices[indices.length - 1]) : 0;
    return { label, wallMs: Math.round(wall), busyMs: Math.round(busy), gcMs: Math.round(special['(garbage collector)']), programMs: Math.round(special['(program)']), idleMs: Math.round(special['(idle)']), self: top(self), inclusive: top(incl) };
  }

  const all = samples.map((_, i) => i);
  const out = { summaries: [] };
  if (!o.phases) out.summaries.push(summarise(all, 'whole profile'));
  else {
    // Bursts: maximal runs of samples without an idle stretch of idle-gap ms or more.
    const bursts = [];
    let cur = [];
    let idleRun = 0;
    for (const i of all) {
      if (isIdle(i)) {
        idleRun += dur(i);
        if (idleRun >= o.idleGap && cur.length) {
          bursts.push(cur);
          cur = [];
        }
        continue;
      }
      idleRun = 0;
      cur.push(i);
    }
    if (cur.length) bursts.push(cur);
    const busyOf = (b) => b.reduce((s, i) => s + dur(i), 0);
    let openAt = 0;
    for (let b = 1; b < bursts.length; b++) if (busyOf(bursts[b]) > busyOf(bursts[openAt])) openAt = b;
    out.bursts = bursts.map((b, k) => ({ k, startMs: Math.round(times[b[0]]), busyMs: Math.round(busyOf(b)), role: k < openAt ? 'start-up' : k === openAt ? 'open' : 'edit' }));
    out.summaries.push(summarise(bursts.slice(0, openAt).flat(), 'start-up (before the open)'));
    out.summaries.push(summarise(bursts[openAt], 'open'));
    const edits = bursts.slice(openAt + 1);
    if (edits.length) out.summaries.push(summarise(edits.flat(), `edits (${edits.length} bursts, ${Math.round(edits.reduce((s, b) => s + busyOf(b), 0) / edits.length)} ms busy each on average)`));
  }

  return out;
}

/** Prints a summary made by summariseProfile as text. */
export function printSummary(out) {
  for (const s of out.summaries) {
    console.log(`\n== ${s.label}: ${s.busyMs} ms busy (GC ${s.gcMs} ms, program ${s.programMs} ms) over ${s.wallMs} ms`);
    console.log('-- self time');
    for (const x of s.self) console.log(`${String(x.ms).padStart(7)} ms ${String(x.pct).padStart(5)}%  ${x.fn}`);
    console.log('-- inclusive time');
    for (const x of s.inclusive) console.log(`${String(x.ms).padStart(7)} ms ${String(x.pct).padStart(5)}%  ${x.fn}`);
  }
}
