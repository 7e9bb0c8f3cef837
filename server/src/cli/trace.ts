/**
 * `calico-lint trace`: how Calico evaluates one flow at a HostEndpoint of the given files.
 *
 *   calico-lint trace --endpoint NAME (--ingress|--egress) [--forward] --peer IP[,label=value…]
 *                     --protocol P [--port N] [--format text|json] PATH...
 *
 * Prints the evaluation step by step (stage, tier, policy, rule index, the rule's own text range)
 * and the verdict; for a flow an untracked policy allows, the reply's verdict too. Exit codes: 0
 * when the trace ran (whatever the verdict), 2 for bad arguments, an unknown endpoint (the message
 * lists the ones that exist) or unreadable files.
 *
 * The work is the core's (`core/policy/trace.ts`); this module parses arguments, reads files and
 * formats positions (`common/positions.ts`).
 */
import { promises as fs } from 'node:fs';
import { Workspace, traceFlow, type TraceRequest, type TracedStep, type TracedVerdict } from '../core';
import { mapperFor, toRange } from '../common/positions';
import { collectFiles, describe } from './files';
import { decodeBytes } from '../common/encoding';

export interface TraceIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => Promise<Uint8Array>;
}

export const TRACE_USAGE = 'usage: calico-lint trace --endpoint NAME (--ingress|--egress) [--forward] --peer IP[,label=value...] --protocol P [--port N] [--format text|json] PATH...';

type Parsed = { ok: true; req: TraceRequest; format: 'text' | 'json'; paths: string[] } | { ok: false; message: string };

/** A label key or value as the command line gives it; Kubernetes syntax is checked by Calico, not here. */
function parsePeer(text: string): { ip: string; labels: Record<string, string> } | string {
  const parts = text.split(',');
  const ip = parts[0]!;
  const labels: Record<string, string> = {};
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    if (eq <= 0) return `--peer: '${p}' is not label=value`;
    labels[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return { ip, labels };
}

export function parseTraceArgs(argv: readonly string[]): Parsed {
  let endpoint: string | undefined;
  let direction: 'ingress' | 'egress' | undefined;
  let forwarded = false;
  let peer: { ip: string; labels: Record<string, string> } | undefined;
  let protocol: string | undefined;
  let port: number | undefined;
  let format: 'text' | 'json' = 'text';
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string | undefined => argv[++i];
    switch (a) {
      case '--endpoint': {
        endpoint = value();
        if (!endpoint) return { ok: false, message: '--endpoint needs a HostEndpoint name' };
        break;
      }
      case '--ingress':
      case '--egress': {
        const d = a === '--ingress' ? 'ingress' : 'egress';
        if (direction && direction !== d) return { ok: false, message: 'give one of --ingress and --egress' };
        direction = d;
        break;
      }
      case '--forward':
        forwarded = true;
        break;
      case '--peer': {
        const v = value();
        if (!v) return { ok: false, message: '--peer needs IP[,label=value...]' };
        const p = parsePeer(v);
        if (typeof p === 'string') return { ok: false, message: p };
        peer = p;
        break;
      }
      case '--protocol': {
        protocol = value();
        if (!protocol) return { ok: false, message: '--protocol needs a protocol name or number' };
        break;
      }
      case '--port': {
        const v = value();
        const n = Number(v);
        if (!v || !/^[0-9]+$/.test(v) || n < 1 || n > 65535) return { ok: false, message: `--port needs a port number between 1 and 65535${v ? `, not '${v}'` : ''}` };
        port = n;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') return { ok: false, message: `--format must be text or json${v === undefined ? '' : `, not '${v}'`}` };
        format = v;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') return { ok: false, message: `unknown option '${a}'` };
        paths.push(a);
    }
  }
  if (!endpoint) return { ok: false, message: '--endpoint NAME is required' };
  if (!direction) return { ok: false, message: 'one of --ingress and --egress is required' };
  if (!peer) return { ok: false, message: '--peer IP is required' };
  if (!protocol) return { ok: false, message: '--protocol is required' };
  if (paths.length === 0) return { ok: false, message: 'no PATH given' };
  const req: TraceRequest = { endpoint, direction, forwarded, peerIp: peer.ip, peerLabels: peer.labels, protocol };
  if (port !== undefined) req.port = port;
  return { ok: true, req, format, paths };
}

interface JsonStep extends Omit<TracedStep, 'file' | 'start' | 'end'> {
  file?: string;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export async function runTraceCommand(argv: readonly string[], io: TraceIo): Promise<number> {
  const parsed = parseTraceArgs(argv);
  if (!parsed.ok) {
    io.stderr(`calico-lint trace: ${parsed.message}\n${TRACE_USAGE}\n`);
    return 2;
  }
  const { files, problems } = await collectFiles(parsed.paths);
  for (const p of problems) io.stderr(`calico-lint trace: ${p}\n`);
  if (problems.length > 0) return 2;
  const ws = new Workspace();
  const texts = new Map<string, string>();
  for (const { path } of files) {
    try {
      const text = decodeBytes(path === '-' ? await io.stdin() : await fs.readFile(path)).text;
      texts.set(path, text);
      ws.setFile(path, text);
    } catch (e) {
      io.stderr(`calico-lint trace: cannot read '${path}': ${describe(e)}\n`);
      return 2;
    }
  }
  ws.analyzeAll();
  const result = traceFlow(ws, parsed.req);
  if (!result.ok) {
    io.stderr(`calico-lint trace: ${result.error}\n`);
    return 2;
  }
  const mappers = new Map<string, ReturnType<typeof mapperFor>>();
  const rangeOf = (s: TracedStep): JsonStep['range'] | undefined => {
    if (s.file === undefined || s.start === undefined || s.end === undefined) return undefined;
    let m = mappers.get(s.file);
    if (!m) mappers.set(s.file, (m = mapperFor(texts.get(s.file) ?? '')));
    return toRange(m, { start: s.start, end: s.end });
  };
  const jsonSteps = (v: TracedVerdict): JsonStep[] =>
    v.steps.map((s) => {
      const { file, start: _s, end: _e, ...rest } = s;
      const out: JsonStep = { ...rest };
      const range = rangeOf(s);
      if (file !== undefined && range) {
        out.file = file;
        out.range = range;
      }
      return out;
    });
  const t = result.trace;
  if (parsed.format === 'json') {
    const head = (v: TracedVerdict): Record<string, unknown> => ({ verdict: v.verdict, stage: v.stage, policy: v.policy, tier: v.tier, rule: v.rule, certain: v.certain });
    const out = { ...head(t), endpoint: t.endpoint, reply: t.reply ? { ...head(t.reply), steps: jsonSteps(t.reply) } : null, steps: jsonSteps(t) };
    io.stdout(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  const lines: string[] = [];
  const req = parsed.req;
  lines.push(`${req.forwarded ? 'forwarded ' : ''}${req.direction} ${req.protocol}${req.port !== undefined ? ` port ${req.port}` : ''} ${req.direction === 'ingress' ? 'from' : 'to'} ${req.peerIp} at HostEndpoint ${t.endpoint}`);
  const describeSteps = (v: TracedVerdict, indent: string): void => {
    v.steps.forEach((s, i) => {
      const where = [s.tier !== null ? `tier ${s.tier}` : '', s.policy !== null ? `policy ${s.policy}` : '', s.rule ? `${s.rule.direction}[${s.rule.index}]` : ''].filter(Boolean).join(' ');
      const r = rangeOf(s);
      const at = r && s.file !== undefined ? ` (${s.file}:${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1})` : '';
      lines.push(`${indent}${i + 1}. ${s.stage}${where ? ` ${where}` : ''}: ${s.action}${s.match === 'depends' ? ' (may match)' : ''}; ${s.note}${at}`);
    });
  };
  const summary = (v: TracedVerdict): string =>
    `${v.verdict} in the ${v.stage} stage${v.tier ? `, tier ${v.tier}` : ''}${v.policy ? `, policy ${v.policy}` : ''}${v.rule ? `, ${v.rule.direction} rule ${v.rule.index}` : ''}${v.certain ? '' : ' (uncertain: a rule before it may match, see the steps)'}`;
  describeSteps(t, '  ');
  lines.push(`verdict: ${summary(t)}`);
  if (t.reply) {
    lines.push('reply (untracked, so evaluated on its own):');
    describeSteps(t.reply, '  ');
    lines.push(`reply verdict: ${summary(t.reply)}`);
  }
  io.stdout(lines.join('\n') + '\n');
  return 0;
}
