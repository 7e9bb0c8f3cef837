/**
 * The facts about one resource that checks spanning several documents need: names, labels of
 * things that selectors match (host endpoints, network sets), and the selector and flags of
 * policies. Summaries are small plain records so the workspace index can keep thousands of them
 * without keeping any parse tree alive.
 *
 * Navigation reads them too (outline, definition, references, code lens, workspace symbols), so
 * they also carry the spans it needs: the `kind` value, the labels, each rule item with a one-line
 * label, and every selector and the `tier` reference of a policy. Those are gathered from the tree
 * the analysis already built, in one walk of the rules, so navigation never re-parses a document.
 *
 * Spans are relative to the YAML document the resource is in; the file model shifts them.
 */
import { getBoolean, getPair, getString, getValue, type YMap } from '../yaml/tree';
import type { Span } from '../types';
import { parseSelector } from '../selector';
import { enforcedGlobalSelector } from '../model/global-policy-selector';
import { protocolNumber, readRules, type RuleModel } from '../untracked/model';
import { parseIp } from '../util/ip';
import { readNavigation, type RuleOutline, type SelectorRef } from './nav-summary';

export interface ResourceSummary {
  kind: string;
  name?: string;
  namespace?: string;
  /** Span of the whole resource. */
  span: Span;
  /** Span of `metadata.name`'s value, or of the resource's first line when absent. */
  nameSpan: Span;
  /** Span of the `kind` value. */
  kindSpan?: Span;
  /** Span of the `labels: …` pair under `metadata` (key and value), for navigation from labels. */
  labelsSpan?: Span;
  /** Labels whose keys and values are strings (what a selector can match). */
  labels?: Record<string, string>;
  /** Policies only. */
  policy?: PolicySummary;
  /** HostEndpoints only. */
  hostEndpoint?: HostEndpointSummary;
  /** Tiers only. */
  tier?: TierSummary;
  /** FelixConfigurations only: the failsafe ports, when the resource sets them. */
  felix?: FelixSummary;
  /** The resource has an error, so Calico would refuse it: it exists only in this file, not in a cluster. */
  rejected?: boolean;
}

export interface PolicySummary {
  selector?: string;
  selectorSpan?: Span;
  doNotTrack: boolean;
  preDNAT: boolean;
  applyOnForward: boolean;
  /** The `doNotTrack` or `preDNAT` key, for diagnostics about the policy as a whole. */
  flagSpan?: Span;
  /**
   * Canonical form of the selector Felix enforces (`all()` when absent; for the global kinds with
   * `namespaceSelector` or `serviceAccountSelector` folded in, `model/global-policy-selector.ts`);
   * `null` when it does not parse, in which case selector-based checks stay silent (the syntax
   * error is reported elsewhere). Match endpoints with this, never with `selector`.
   */
  canonicalSelector: string | null;
  /**
   * Rule models of every policy (the symmetry check, the evaluation model and the shadowing check
   * read them), computed once per document analysis.
   */
  rules?: RuleModel[];
  /** `spec.order`; undefined when unset (Calico then orders the policy last). */
  order?: number;
  /** The directions the policy applies to: `types`, or Calico's default from the rules present. */
  applies: { ingress: boolean; egress: boolean };
  /** The policy has a rule list that the model cannot read (not a sequence): evaluation says "depends". */
  unreadable?: boolean;
  /** The `types` list when given explicitly and valid. */
  types?: string[];
  /** Staged policies do not enforce anything; some checks skip them. */
  staged: boolean;
  /** `spec.tier` when it is a string, and its value's span (absent: the `default` tier). */
  tier?: string;
  tierSpan?: Span;
  /** Every rule item, in order (ingress, then egress), with its outline label. */
  outline: RuleOutline[];
  /** Every selector of the policy that navigation can start from. */
  refs: SelectorRef[];
  /** Ingress and egress rules written (items of the lists, whatever they hold). */
  ruleCount: number;
  /** Every rule's action is `Log` (and there is at least one rule). */
  logOnly: boolean;
  /**
   * `spec.namespaceSelector` or `spec.serviceAccountSelector` is set (not empty): Calico then
   * ANDs it, prefixed, into the selector (libcalico-go updateprocessors/
   * globalnetworkpolicyprocessor.go), so whether the policy reaches host endpoints depends on
   * more than `selector`. Checks that must be certain leave such policies out.
   */
  endpointScoped?: boolean;
}

export interface HostEndpointSummary {
  /** The endpoint falls back to profiles (`spec.profiles`), which decide what unselected traffic does. */
  hasProfiles: boolean;
  profiles: string[];
  /** `spec.expectedIPs` that parse as IP addresses. */
  expectedIPs: string[];
  node?: string;
  interfaceName?: string;
  /** Named ports (`spec.ports`): name → port number and protocol number. */
  namedPorts: Record<string, { port: number; protocol?: number }>;
}

export interface TierSummary {
  /** Undefined when unset (the tier is then ordered last). */
  order?: number;
  /** What happens at the end of the tier: `Deny` unless the Tier says `Pass`. */
  defaultAction: 'Deny' | 'Pass';
}

/** One failsafe entry (`failsafeInboundHostPorts` / `failsafeOutboundHostPorts`). */
export interface ProtoPort {
  /** IANA protocol number. */
  protocol: number;
  port: number;
  /** Optional CIDR restricting the peer. */
  net?: string;
}

export interface FelixSummary {
  inbound?: ProtoPort[];
  outbound?: ProtoPort[];
}

/**
 * Keys of summaries that locate things rather than say what the resource is or does: `span`,
 * every `…Span` and `…Spans`, and the navigation data (outline, refs).
 */
export function locatesOnly(key: string): boolean {
  return key === 'span' || key.endsWith('Span') || key.endsWith('Spans') || key === 'outline' || key === 'refs';
}

/**
 * What a document's summaries say, spans left out, as one string: two documents with equal
 * content here contribute the same to every cross-document check, wherever their text sits.
 */
export function summariesContent(summaries: readonly ResourceSummary[]): string {
  return JSON.stringify(summaries, (k, v) => (locatesOnly(k) ? undefined : v));
}

const POLICY_KINDS = new Set(['GlobalNetworkPolicy', 'StagedGlobalNetworkPolicy', 'NetworkPolicy', 'StagedNetworkPolicy']);
const GLOBAL_KINDS = new Set(['GlobalNetworkPolicy', 'StagedGlobalNetworkPolicy']);
const LABELLED_KINDS = new Set(['HostEndpoint', 'GlobalNetworkSet', 'NetworkSet']);

function stringMap(node: ReturnType<typeof getValue>): Record<string, string> | undefined {
  if (!node || node.kind !== 'map') return undefined;
  const out: Record<string, string> = {};
  for (const p of node.pairs) {
    if (p.keyText !== null && p.value && p.value.kind === 'scalar' && p.value.type === 'string') out[p.keyText] = p.value.value as string;
  }
  return out;
}

function numberValue(node: ReturnType<typeof getValue>): number | undefined {
  if (!node || node.kind !== 'scalar') return undefined;
  return (node.type === 'integer' || node.type === 'float') && typeof node.value === 'number' && Number.isFinite(node.value) ? node.value : undefined;
}

function stringList(node: ReturnType<typeof getValue>): string[] {
  if (!node || node.kind !== 'seq') return [];
  const out: string[] = [];
  for (const item of node.items) if (item.kind === 'scalar' && item.type === 'string') out.push(String(item.value));
  return out;
}

/**
 * A failsafe list: entries `{protocol, port, net}`; Felix's default protocol is TCP. `undefined`
 * when the key is absent (the defaults apply) or unreadable.
 */
function protoPorts(node: ReturnType<typeof getValue>): ProtoPort[] | undefined {
  if (!node || node.kind !== 'seq') return undefined;
  const out: ProtoPort[] = [];
  for (const item of node.items) {
    if (item.kind !== 'map') return undefined;
    const port = numberValue(getValue(item, 'port'));
    const protoNode = getValue(item, 'protocol');
    const protocol = protoNode ? protocolNumber(protoNode) : 6;
    if (port === undefined || protocol === undefined) return undefined;
    const entry: ProtoPort = { protocol, port };
    const net = getString(item, 'net');
    if (net) entry.net = net;
    out.push(entry);
  }
  return out;
}

export function summarize(root: YMap, kind: string | undefined): ResourceSummary | undefined {
  if (!kind) return undefined;
  const metadata = getValue(root, 'metadata');
  const namePair = getPair(metadata, 'name');
  const name = getString(metadata, 'name');
  const nameSpan = namePair?.value ? { start: namePair.value.start, end: namePair.value.end } : { start: root.start, end: root.start };
  const summary: ResourceSummary = { kind, span: { start: root.start, end: root.end }, nameSpan };
  const kindValue = getPair(root, 'kind')?.value;
  if (kindValue) summary.kindSpan = { start: kindValue.start, end: kindValue.end };
  const labelsPair = getPair(metadata, 'labels');
  if (labelsPair) summary.labelsSpan = { start: labelsPair.key.start, end: labelsPair.value ? labelsPair.value.end : labelsPair.key.end };
  if (name !== undefined) summary.name = name;
  const ns = getString(metadata, 'namespace');
  if (ns !== undefined) summary.namespace = ns;
  if (LABELLED_KINDS.has(kind)) summary.labels = stringMap(getValue(metadata, 'labels')) ?? {};
  if (kind === 'HostEndpoint') {
    const profiles = getValue(getValue(root, 'spec'), 'profiles');
    const spec = getValue(root, 'spec');
    const hep: HostEndpointSummary = {
      hasProfiles: !!profiles && profiles.kind === 'seq' && profiles.items.length > 0,
      profiles: stringList(profiles),
      expectedIPs: stringList(getValue(spec, 'expectedIPs')).filter((ip) => parseIp(ip) !== undefined),
      namedPorts: {},
    };
    const node = getString(spec, 'node');
    if (node !== undefined) hep.node = node;
    const iface = getString(spec, 'interfaceName');
    if (iface !== undefined) hep.interfaceName = iface;
    const ports = getValue(spec, 'ports');
    if (ports && ports.kind === 'seq') {
      for (const item of ports.items) {
        const pname = getString(item, 'name');
        const port = numberValue(getValue(item, 'port'));
        if (pname === undefined || port === undefined) continue;
        const proto = protocolNumber(getValue(item, 'protocol'));
        hep.namedPorts[pname] = proto === undefined ? { port } : { port, protocol: proto };
      }
    }
    summary.hostEndpoint = hep;
  }
  if (kind === 'Tier') {
    const spec = getValue(root, 'spec');
    const order = numberValue(getValue(spec, 'order'));
    const tier: TierSummary = { defaultAction: getString(spec, 'defaultAction') === 'Pass' ? 'Pass' : 'Deny' };
    if (order !== undefined) tier.order = order;
    summary.tier = tier;
  }
  if (kind === 'FelixConfiguration') {
    const spec = getValue(root, 'spec');
    const felix: FelixSummary = {};
    const inbound = protoPorts(getValue(spec, 'failsafeInboundHostPorts'));
    const outbound = protoPorts(getValue(spec, 'failsafeOutboundHostPorts'));
    if (inbound) felix.inbound = inbound;
    if (outbound) felix.outbound = outbound;
    summary.felix = felix;
  }
  if (POLICY_KINDS.has(kind)) {
    const spec = getValue(root, 'spec');
    const sel = getValue(spec, 'selector');
    // The flags only exist on the global kinds; on a namespaced policy they are unknown fields.
    const global = GLOBAL_KINDS.has(kind);
    const p: PolicySummary = {
      doNotTrack: global && getBoolean(spec, 'doNotTrack') === true,
      preDNAT: global && getBoolean(spec, 'preDNAT') === true,
      applyOnForward: global && getBoolean(spec, 'applyOnForward') === true,
      canonicalSelector: 'all()',
      staged: kind.startsWith('Staged'),
      ...readNavigation(kind, root),
      applies: { ingress: true, egress: false },
      ruleCount: 0,
      logOnly: false,
    };
    let logs = 0;
    for (const direction of ['ingress', 'egress']) {
      const list = getValue(spec, direction);
      if (!list || list.kind !== 'seq') continue;
      p.ruleCount += list.items.length;
      for (const item of list.items) if (item.kind === 'map' && getString(item, 'action') === 'Log') logs++;
    }
    p.logOnly = p.ruleCount > 0 && logs === p.ruleCount;
    const order = numberValue(getValue(spec, 'order'));
    if (order !== undefined) p.order = order;
    for (const key of ['namespaceSelector', 'serviceAccountSelector']) {
      const v = getValue(spec, key);
      if (v && !(v.kind === 'scalar' && (v.type === 'null' || v.value === ''))) p.endpointScoped = true;
    }
    if (sel && sel.kind === 'scalar' && sel.type === 'string') {
      p.selector = sel.value as string;
      p.selectorSpan = { start: sel.start, end: sel.end };
      const parsed = parseSelector(p.selector);
      p.canonicalSelector = parsed.ok ? parsed.selector.canonical : null;
    } else if (sel && !(sel.kind === 'scalar' && sel.type === 'null')) p.canonicalSelector = null;
    if (global && p.canonicalSelector !== null) {
      // What Felix enforces: the namespace and service-account selectors folded in.
      const ns = getString(spec, 'namespaceSelector') ?? '';
      const sa = getString(spec, 'serviceAccountSelector') ?? '';
      if (ns !== '' || sa !== '') {
        const enforced = enforcedGlobalSelector(p.selector ?? '', ns, sa);
        const parsed = enforced === undefined ? undefined : parseSelector(enforced);
        p.canonicalSelector = parsed?.ok ? parsed.selector.canonical : null;
      }
    }
    if (spec && spec.kind === 'map') p.rules = readRules(spec);
    const types = getValue(spec, 'types');
    if (types && types.kind === 'seq' && types.items.every((t) => t.kind === 'scalar' && t.type === 'string')) {
      p.types = types.items.map((t) => String((t as { value: unknown }).value));
    }
    const ingress = getValue(spec, 'ingress');
    const egress = getValue(spec, 'egress');
    for (const list of [ingress, egress]) if (list && list.kind !== 'seq' && !(list.kind === 'scalar' && list.type === 'null')) p.unreadable = true;
    const count = (n: typeof ingress): number => (n && n.kind === 'seq' ? n.items.length : 0);
    if (p.types && p.types.length > 0) p.applies = { ingress: p.types.includes('Ingress'), egress: p.types.includes('Egress') };
    // Calico's default (api/pkg/defaults/networkpolicy.go, defaultPolicyTypesField): Ingress when
    // there are no egress rules, Egress when there are only egress rules, else both.
    else if (count(egress) === 0) p.applies = { ingress: true, egress: false };
    else if (count(ingress) === 0) p.applies = { ingress: false, egress: true };
    else p.applies = { ingress: true, egress: true };
    const flag = getPair(spec, 'doNotTrack') ?? getPair(spec, 'preDNAT');
    if (flag && global) p.flagSpan = { start: flag.key.start, end: flag.key.end };
    summary.policy = p;
  }
  return summary;
}
