/**
 * Tracing one flow at a HostEndpoint of the workspace: the request (endpoint name, direction,
 * peer address and labels, protocol, port) becomes a concrete packet, `evaluate` walks the stages,
 * and each step carries the absolute span of the rule it names. For a flow that an untracked
 * policy allows, the reply (sides and ports swapped, opposite direction) is evaluated through the
 * untracked stage too: untracked policy is stateless, so nothing else lets the reply back
 * ("If you use untracked policy, you must also explicitly allow the return traffic",
 * https://docs.tigera.io/calico/latest/network-policy/extreme-traffic/high-connection-workloads).
 *
 * Invariant: pure; the request is validated here, so any front end gets the same answers and the
 * same refusals (an unknown endpoint lists the ones that exist).
 */
import type { Workspace } from '../workspace/workspace';
import { evaluate, replyOf, type Flow, type Step, type Verdict } from './evaluate';
import type { HostEndpointEntry } from './model';
import type { Side } from './match';
import { parseIp } from '../util/ip';

export interface TraceRequest {
  endpoint: string;
  direction: 'ingress' | 'egress';
  forwarded?: boolean;
  peerIp: string;
  peerLabels?: Record<string, string>;
  /** Name (TCP, udp, ICMP…) or number. */
  protocol: string;
  port?: number;
  icmpType?: number;
  icmpCode?: number;
}

export interface TracedStep extends Omit<Step, 'location'> {
  /** The rule's file and absolute UTF-16 span in it. */
  file?: string;
  start?: number;
  end?: number;
}

export interface TracedVerdict {
  verdict: Verdict['verdict'];
  stage: Verdict['stage'];
  policy: string | null;
  tier: string | null;
  rule: Verdict['rule'];
  certain: boolean;
  steps: TracedStep[];
}

export interface TraceOutput extends TracedVerdict {
  endpoint: string;
  reply: TracedVerdict | null;
}

export type TraceResult = { ok: true; trace: TraceOutput } | { ok: false; error: string };

const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, sctp: 132, udplite: 136 };

export function parseProtocol(text: string): number | undefined {
  if (/^[0-9]{1,3}$/.test(text)) {
    const n = Number(text);
    return n <= 255 ? n : undefined;
  }
  return PROTOCOLS[text.toLowerCase()];
}

function located(ws: Workspace, steps: readonly Step[]): TracedStep[] {
  return steps.map((s) => {
    const { location, ...rest } = s;
    const out: TracedStep = { ...rest };
    if (location) {
      const file = ws.getFile(location.fileId);
      const start = file?.slotStart(location.slotId);
      if (file && start !== undefined) {
        out.file = location.fileId;
        out.start = start + location.start;
        // A block item's span runs to the next item; the rule's text ends at its last character.
        let end = start + location.end;
        while (end > out.start && isSpace(file.charCodeAt(end - 1))) end--;
        out.end = end;
      }
    }
    return out;
  });
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function traced(ws: Workspace, v: Verdict): TracedVerdict {
  return { verdict: v.verdict, stage: v.stage, policy: v.policy, tier: v.tier, rule: v.rule, certain: v.certain, steps: located(ws, v.steps) };
}

/** The flow a request describes, or why it cannot be traced. */
export function flowFor(ws: Workspace, hep: HostEndpointEntry, req: TraceRequest): Flow | string {
  const ip = parseIp(req.peerIp);
  if (!ip) return `'${req.peerIp}' is not an IP address`;
  const protocol = parseProtocol(req.protocol);
  if (protocol === undefined) return `unknown protocol '${req.protocol}'`;
  if (req.port !== undefined && !(Number.isInteger(req.port) && req.port >= 1 && req.port <= 65535)) return `port ${req.port} is not between 1 and 65535`;
  // The peer: the labels given, plus those of host endpoints of the workspace with its address.
  const labelSets: Array<Record<string, string>> = [];
  if (req.peerLabels && Object.keys(req.peerLabels).length > 0) labelSets.push(req.peerLabels);
  let peerIsHost = false;
  for (const h of ws.index.policies.hostEndpoints()) {
    if ((h.summary.hostEndpoint?.expectedIPs ?? []).includes(req.peerIp)) {
      labelSets.push(h.labels);
      peerIsHost = true;
    }
  }
  const peer: Side = { labelSets, ips: [ip] };
  if (peerIsHost) peer.notWorkload = true;
  const own: Side = {
    labelSets: [hep.labels],
    ips: (hep.summary.hostEndpoint?.expectedIPs ?? []).map((s) => parseIp(s)!).filter((x) => x.family === ip.family),
    namedPorts: hep.summary.hostEndpoint?.namedPorts ?? {},
    notWorkload: true,
  };
  if (own.ips!.length === 0) delete own.ips;
  const ports = req.port !== undefined ? ([[req.port, req.port]] as Array<[number, number]>) : undefined;
  // The service port is the destination's: the endpoint's on ingress, the peer's on egress.
  if (req.direction === 'ingress') {
    if (ports) own.ports = ports;
  } else if (ports) peer.ports = ports;
  const packet = req.direction === 'ingress' ? { protocol, ipVersion: ip.family, src: peer, dst: own } : { protocol, ipVersion: ip.family, src: own, dst: peer };
  const flow: Flow = { direction: req.direction, forwarded: !!req.forwarded, packet };
  if (req.icmpType !== undefined) flow.packet.icmpType = req.icmpType;
  if (req.icmpCode !== undefined) flow.packet.icmpCode = req.icmpCode;
  return flow;
}

/** Traces a flow at the named HostEndpoint. The workspace must be analysed. */
export function traceFlow(ws: Workspace, req: TraceRequest): TraceResult {
  const model = ws.index.policies;
  const found = model.hostEndpointsNamed(req.endpoint);
  if (found.length === 0) {
    const names = [...new Set([...model.hostEndpoints()].map((h) => h.name))].sort();
    return { ok: false, error: names.length === 0 ? `no HostEndpoint '${req.endpoint}': the files define no HostEndpoint` : `no HostEndpoint '${req.endpoint}'; the files define: ${names.join(', ')}` };
  }
  const hep = found[0]!;
  const flow = flowFor(ws, hep, req);
  if (typeof flow === 'string') return { ok: false, error: flow };
  const v = evaluate(model, hep, flow);
  let reply: TracedVerdict | null = null;
  if (v.verdict === 'allow' && v.stage === 'untracked') {
    const r = evaluate(model, hep, replyOf(flow), { stages: ['untracked'] });
    if (r.verdict === 'unknown') {
      r.steps.push({ stage: 'untracked', tier: null, policy: null, rule: null, action: 'deny', match: 'always', note: 'no untracked rule allows the reply, and untracked traffic has no connection tracking to let it back' });
      r.verdict = 'deny';
      r.stage = 'untracked';
    }
    reply = traced(ws, r);
  }
  return { ok: true, trace: { endpoint: hep.name, ...traced(ws, v), reply } };
}
