/**
 * Calico's evaluation of a packet at a host endpoint, stage by stage, as Felix programs it
 * (felix/rules/static.go and endpoints.go; docs/policy-evaluation.md lists every rule with its
 * source):
 *
 * 1. failsafe: the failsafe ports (FelixConfiguration, else Felix's defaults) are allowed first,
 *    for traffic to or from the host itself (no fail-safe chains for forwarded traffic);
 * 2. untracked (doNotTrack) policies, in the raw table: Allow ends evaluation (the packet skips
 *    pre-DNAT and normal policy), Deny drops, Pass goes to the next tier; the end of a tier or of
 *    the stage gives no verdict (the packet continues);
 * 3. pre-DNAT policies, ingress only, in the mangle table: the same, Allow skipping normal policy;
 * 4. normal policies (forwarded traffic: only those with `applyOnForward: true`): Allow and Deny
 *    end evaluation, Pass goes to the next tier, Log continues; at the end of a tier in which some
 *    (non-staged) policy applied, the tier's `defaultAction` (Deny unless Pass) decides: the Tier
 *    resource's, else the built-in tier's (`kube-admin` and `kube-baseline` pass, `default`
 *    denies), else Deny (`model/tiers.ts`, `defaultActionWithoutResource`);
 * 5. default: forwarded traffic that met no applyOnForward policy is allowed; other traffic goes
 *    to the endpoint's profiles and is dropped when none accepts it (so a host endpoint that no
 *    policy selects denies everything but the failsafe ports).
 *
 * A rule whose match `depends` on what the trace did not say (the client's port, a symbolic peer)
 * is recorded and treated as not matching; the verdict is then marked uncertain.
 *
 * Invariant: pure, and linear in the rules of the policies that apply to the endpoint.
 */
import type { HostEndpointEntry, PolicyEntry, PolicyModel } from './model';
import type { ProtoPort } from '../workspace/summary';
import type { RuleModel } from '../untracked/model';
import { and, matchRule, type Packet, type Side, type Tri } from './match';
import { cidrContains, parseNet } from '../util/ip';
import { defaultActionWithoutResource, policyTier } from '../model/tiers';

export type Stage = 'failsafe' | 'untracked' | 'preDNAT' | 'normal' | 'default';
export type Direction = 'ingress' | 'egress';

export interface Flow {
  /** Relative to the endpoint: ingress = towards it. */
  direction: Direction;
  /** The packet passes through the host (routed), rather than starting or ending on it. */
  forwarded: boolean;
  packet: Packet;
}

/** Where a rule is: its document, and its span in that document. */
export interface RuleLocation {
  fileId: string;
  slotId: number;
  start: number;
  end: number;
}

export interface Step {
  stage: Stage;
  tier: string | null;
  policy: string | null;
  rule: { direction: Direction; index: number } | null;
  /** The rule's action, or what the step did (`allow`, `deny`, `pass`, `continue`). */
  action: string;
  match: Tri;
  /** Why: a short sentence. */
  note: string;
  location?: RuleLocation;
}

export interface Verdict {
  verdict: 'allow' | 'deny' | 'unknown';
  stage: Stage;
  policy: string | null;
  tier: string | null;
  rule: { direction: Direction; index: number } | null;
  /** False when a rule that could have decided earlier `depends` on something unknown. */
  certain: boolean;
  steps: Step[];
  location?: RuleLocation;
}

export interface StagePolicies {
  stage: 'untracked' | 'preDNAT' | 'normal';
  /** Tiers in evaluation order, each with its policies in order. */
  tiers: Array<{ name: string; defaultAction: 'Deny' | 'Pass'; policies: PolicyEntry[] }>;
}

/** The policies that apply to an endpoint for one direction, by stage and tier, in order. */
/**
 * `alsoFor`: a policy summary counted in every direction whatever its `types` (the symmetry check
 * judges a policy's own reply rules so, since a missing direction has its own warning).
 */
export function stagesFor(model: PolicyModel, hep: HostEndpointEntry, direction: Direction, forwarded: boolean, alsoFor?: unknown): StagePolicies[] {
  const out: StagePolicies[] = [];
  const ordered = model.ordered(hep);
  for (const stage of ['untracked', 'preDNAT', 'normal'] as const) {
    if (stage === 'preDNAT' && direction === 'egress') continue;
    const tiers: StagePolicies['tiers'] = [];
    for (const p of ordered) {
      const pol = p.policy;
      const inStage = stage === 'untracked' ? pol.doNotTrack : stage === 'preDNAT' ? pol.preDNAT && !pol.doNotTrack : !pol.doNotTrack && !pol.preDNAT;
      if (!inStage || pol.staged || (!pol.applies[direction] && p.summary !== alsoFor)) continue;
      if (forwarded && !pol.applyOnForward) continue;
      let last = tiers[tiers.length - 1];
      if (!last || last.name !== policyTier(pol)) {
        last = { name: policyTier(pol), defaultAction: model.tier(policyTier(pol))?.tier.defaultAction ?? defaultActionWithoutResource(policyTier(pol)), policies: [] };
        tiers.push(last);
      }
      last.policies.push(p);
    }
    out.push({ stage, tiers });
  }
  return out;
}

function failsafeMatch(entries: readonly ProtoPort[], packet: Packet, peer: Side, service: Side): { entry: ProtoPort; match: Tri } | undefined {
  let best: { entry: ProtoPort; match: Tri } | undefined;
  for (const e of entries) {
    if (e.protocol !== packet.protocol) continue;
    let m: Tri = !service.ports ? 'depends' : service.ports.length === 1 && service.ports[0]![0] === e.port && service.ports[0]![1] === e.port ? 'always' : service.ports.some(([a, b]) => a <= e.port && e.port <= b) ? 'depends' : 'never';
    if (e.net && m !== 'never') {
      const c = parseNet(e.net);
      if (!c || c.ip.family !== packet.ipVersion) continue;
      const ips = peer.ips?.filter((ip) => ip.family === packet.ipVersion);
      m = and(m, !ips || ips.length === 0 ? 'depends' : ips.every((ip) => cidrContains(c, ip)) ? 'always' : ips.some((ip) => cidrContains(c, ip)) ? 'depends' : 'never');
    }
    if (m === 'always') return { entry: e, match: m };
    if (m === 'depends' && !best) best = { entry: e, match: m };
  }
  return best;
}

function locationOf(p: PolicyEntry, r: RuleModel): RuleLocation {
  return { fileId: p.fileId, slotId: p.slotId, start: r.itemSpan.start, end: r.itemSpan.end };
}

export interface EvaluateOptions {
  /** Only these stages (the untracked symmetry check evaluates the untracked stage alone). */
  stages?: ReadonlyArray<Stage>;
}

/** Evaluates one packet at a host endpoint. */
export function evaluate(model: PolicyModel, hep: HostEndpointEntry, flow: Flow, options: EvaluateOptions = {}): Verdict {
  const steps: Step[] = [];
  const { packet, direction } = flow;
  let certain = true;
  const want = (s: Stage): boolean => !options.stages || options.stages.includes(s);
  const done = (verdict: Verdict['verdict'], stage: Stage, tier: string | null, policy: string | null, rule: Verdict['rule'], location?: RuleLocation): Verdict => {
    const v: Verdict = { verdict, stage, tier, policy, rule, certain, steps };
    if (location) v.location = location;
    return v;
  };

  // 1. Failsafe: static.go failsafeInChain / failsafeOutChain (DestPorts of the entry; SourceNet
  // for inbound); not rendered for forwarded traffic (endpoints.go: "No fail-safe chains for
  // forward traffic").
  if (want('failsafe') && !flow.forwarded) {
    const fs = model.failsafe(hep.summary.hostEndpoint?.node);
    const inbound = direction === 'ingress';
    const hit = failsafeMatch(inbound ? fs.inbound : fs.outbound, packet, inbound ? packet.src : packet.dst, packet.dst);
    const from = inbound ? fs.from.inbound : fs.from.outbound;
    if (hit) {
      const what = `${protoText(hit.entry.protocol)}:${hit.entry.port}${hit.entry.net ? ` from ${hit.entry.net}` : ''}`;
      steps.push({ stage: 'failsafe', tier: null, policy: null, rule: null, action: 'allow', match: hit.match, note: `failsafe ${inbound ? 'inbound' : 'outbound'} port ${what} (${from})` });
      if (hit.match === 'always') return done('allow', 'failsafe', null, null, null);
      certain = false;
    } else steps.push({ stage: 'failsafe', tier: null, policy: null, rule: null, action: 'continue', match: 'never', note: `no failsafe ${inbound ? 'inbound' : 'outbound'} port matches (${from})` });
  }

  const stages = stagesFor(model, hep, direction, flow.forwarded);
  let anyNormalTier = false;
  for (const sp of stages) {
    if (!want(sp.stage)) continue;
    if (sp.stage === 'normal') anyNormalTier = sp.tiers.length > 0;
    tiers: for (const tier of sp.tiers) {
      for (const p of tier.policies) {
        const rules = p.policy.rules ?? [];
        if (p.policy.unreadable) certain = false;
        for (const r of rules) {
          if (r.direction !== direction) continue;
          const m = matchRule(r, packet);
          const rule = { direction: r.direction, index: r.index };
          if (m === 'never') continue;
          const step: Step = { stage: sp.stage, tier: tier.name, policy: p.name, rule, action: r.action, match: m, note: m === 'always' ? 'the rule matches' : 'the rule may match (it tests something the flow leaves open)', location: locationOf(p, r) };
          steps.push(step);
          if (m === 'depends') {
            if (r.action !== 'Log') certain = false;
            continue;
          }
          if (r.action === 'Allow') return done('allow', sp.stage, tier.name, p.name, rule, step.location);
          if (r.action === 'Deny') return done('deny', sp.stage, tier.name, p.name, rule, step.location);
          if (r.action === 'Pass') continue tiers;
          // Log: logs and continues with the next rule.
        }
      }
      // End of tier. endpoints.go: only normal and forward chains drop here ("For untracked and
      // pre-DNAT rules, we don't do that because there may be normal rules still to be applied"),
      // and not when the tier's defaultAction is Pass.
      if (sp.stage === 'normal' && tier.defaultAction === 'Deny') {
        steps.push({ stage: 'normal', tier: tier.name, policy: null, rule: null, action: 'deny', match: 'always', note: `end of tier ${tier.name}: no rule of its policies decided, and the tier's default action is Deny` });
        return done('deny', 'normal', tier.name, null, null);
      }
      steps.push({ stage: sp.stage, tier: tier.name, policy: null, rule: null, action: 'continue', match: 'always', note: sp.stage === 'normal' ? `end of tier ${tier.name}: default action Pass, on to the next tier` : `end of tier ${tier.name}: no verdict in the ${sp.stage} stage, the packet continues` });
    }
    if (sp.stage !== 'normal' && sp.tiers.length > 0) steps.push({ stage: sp.stage, tier: null, policy: null, rule: null, action: 'continue', match: 'always', note: `end of the ${sp.stage} stage: no verdict, on to the next stage` });
  }
  if (!want('default')) return done('unknown', stages.length > 0 ? stages[stages.length - 1]!.stage : 'default', null, null, null);

  // 5. Default. endpoints.go: forwarded traffic with no applyOnForward policy is allowed ("Allow
  // forwarded traffic by default"); otherwise the profiles, then "Drop if no profiles matched".
  if (flow.forwarded) {
    if (!anyNormalTier) {
      steps.push({ stage: 'default', tier: null, policy: null, rule: null, action: 'allow', match: 'always', note: 'forwarded traffic that no applyOnForward policy applies to is allowed' });
      return done('allow', 'default', null, null, null);
    }
    certain = false;
    steps.push({ stage: 'default', tier: null, policy: null, rule: null, action: 'unknown', match: 'depends', note: 'every tier passed forwarded traffic on; the forward chain ends without a host endpoint verdict' });
    return done('unknown', 'default', null, null, null);
  }
  const profiles = hep.summary.hostEndpoint?.profiles ?? [];
  if (profiles.includes('projectcalico-default-allow')) {
    steps.push({ stage: 'default', tier: null, policy: null, rule: null, action: 'allow', match: 'always', note: 'profile projectcalico-default-allow accepts the packet' });
    return done('allow', 'default', null, null, null);
  }
  if (profiles.length > 0) {
    certain = false;
    steps.push({ stage: 'default', tier: null, policy: null, rule: null, action: 'unknown', match: 'depends', note: `the endpoint's profiles (${profiles.join(', ')}) decide; profiles are not modelled` });
    return done('unknown', 'default', null, null, null);
  }
  steps.push({ stage: 'default', tier: null, policy: null, rule: null, action: 'deny', match: 'always', note: anyNormalTier ? 'every tier passed the packet on and the endpoint has no profile: dropped' : 'no normal policy applies to the host endpoint and it has no profile: default deny' });
  return done('deny', 'default', null, null, null);
}

function protoText(n: number): string {
  return n === 6 ? 'tcp' : n === 17 ? 'udp' : n === 132 ? 'sctp' : String(n);
}

/**
 * The reply to a flow: sides swapped (the reply's source is the original destination, with its
 * port), opposite direction, ICMP echo answered by echo reply.
 */
export function replyOf(flow: Flow): Flow {
  const p = flow.packet;
  const packet: Packet = { protocol: p.protocol, ipVersion: p.ipVersion, src: p.dst, dst: p.src };
  if (p.icmpType !== undefined) {
    packet.icmpType = p.protocol === 1 && p.icmpType === 8 ? 0 : p.protocol === 58 && p.icmpType === 128 ? 129 : p.icmpType;
    if (p.icmpCode !== undefined) packet.icmpCode = p.icmpCode;
  }
  return { direction: flow.direction === 'ingress' ? 'egress' : 'ingress', forwarded: flow.forwarded, packet };
}
