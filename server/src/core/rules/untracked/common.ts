/**
 * Shared facts and readers for the untracked and pre-DNAT checks.
 *
 * Background (https://docs.tigera.io/calico/latest/reference/host-endpoints/summary and
 * https://docs.tigera.io/calico/latest/network-policy/extreme-traffic/high-connection-workloads): untracked
 * (`doNotTrack`) and pre-DNAT policies exist only on (Staged)GlobalNetworkPolicy, act on host
 * endpoints, and must set `applyOnForward: true`. Untracked policy skips connection tracking, so
 * it is stateless: replies need rules of their own.
 */
import { getPair, getValue, type YMap, type YNode, type YPair } from '../../yaml/tree';

export const GLOBAL_POLICY_KINDS = ['GlobalNetworkPolicy', 'StagedGlobalNetworkPolicy'] as const;

export const DOCS = {
  preDnat: 'https://docs.tigera.io/calico/latest/reference/host-endpoints/pre-dnat',
  forwarded: 'https://docs.tigera.io/calico/latest/reference/host-endpoints/forwarded',
  failsafe: 'https://docs.tigera.io/calico/latest/reference/host-endpoints/failsafe',
  summary: 'https://docs.tigera.io/calico/latest/reference/host-endpoints/summary',
  highConnection: 'https://docs.tigera.io/calico/latest/network-policy/extreme-traffic/high-connection-workloads',
};

export interface Flags {
  spec: YMap;
  doNotTrack?: YPair;
  preDNAT?: YPair;
  applyOnForward?: YPair;
  /** Each flag's value when it is a real boolean; undefined when absent or mistyped. */
  isDoNotTrack: boolean;
  isPreDNAT: boolean;
  /** `true`, `false`, `'absent'`, or `'invalid'` (a non-boolean, reported by the schema). */
  applyOnForwardState: boolean | 'absent' | 'invalid';
}

function boolOf(p: YPair | undefined): boolean | 'absent' | 'invalid' {
  if (!p || !p.value || (p.value.kind === 'scalar' && p.value.type === 'null')) return 'absent';
  return p.value.kind === 'scalar' && p.value.type === 'boolean' ? (p.value.value as boolean) : 'invalid';
}

/** Reads the policy flags from a resource, if it has a mapping `spec`. */
export function readFlags(root: YMap): Flags | undefined {
  const spec = getValue(root, 'spec');
  if (!spec || spec.kind !== 'map') return undefined;
  const doNotTrack = getPair(spec, 'doNotTrack');
  const preDNAT = getPair(spec, 'preDNAT');
  const applyOnForward = getPair(spec, 'applyOnForward');
  const f: Flags = {
    spec,
    isDoNotTrack: boolOf(doNotTrack) === true,
    isPreDNAT: boolOf(preDNAT) === true,
    applyOnForwardState: boolOf(applyOnForward),
  };
  if (doNotTrack) f.doNotTrack = doNotTrack;
  if (preDNAT) f.preDNAT = preDNAT;
  if (applyOnForward) f.applyOnForward = applyOnForward;
  return f;
}

/** The rule lists of a spec that are real sequences. */
export function ruleList(spec: YMap, direction: 'ingress' | 'egress'): YNode[] {
  const v = getValue(spec, direction);
  return v && v.kind === 'seq' ? v.items : [];
}

/** The Allow rules of both directions of a spec, in order. */
export function* allowRules(spec: YMap): Iterable<{ direction: 'ingress' | 'egress'; item: YNode }> {
  for (const direction of ['ingress', 'egress'] as const) {
    for (const item of ruleList(spec, direction)) {
      const action = getValue(item, 'action');
      if (action && action.kind === 'scalar' && action.value === 'Allow') yield { direction, item };
    }
  }
}

export function keySpan(p: YPair): { start: number; end: number } {
  return { start: p.key.start, end: p.key.end };
}
