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
import { readRules, type RuleModel } from '../untracked/model';
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
   * Canonical form of the selector (`all()` when absent); `null` when it does not parse, in which
   * case selector-based checks stay silent (the syntax error is reported elsewhere).
   */
  canonicalSelector: string | null;
  /** Rule models, kept only for untracked policies (the symmetry check needs them). */
  rules?: RuleModel[];
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
}

export interface TierSummary {
  /** What happens at the end of the tier: `Deny` unless the Tier says `Pass`. */
  defaultAction: 'Deny' | 'Pass';
}

export interface HostEndpointSummary {
  /** The endpoint falls back to profiles (`spec.profiles`), which decide what unselected traffic does. */
  hasProfiles: boolean;
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
  if (kind === 'Tier') {
    summary.tier = { defaultAction: getString(getValue(root, 'spec'), 'defaultAction') === 'Pass' ? 'Pass' : 'Deny' };
  }
  if (kind === 'HostEndpoint') {
    const profiles = getValue(getValue(root, 'spec'), 'profiles');
    summary.hostEndpoint = { hasProfiles: !!profiles && profiles.kind === 'seq' && profiles.items.length > 0 };
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
      ruleCount: 0,
      logOnly: false,
    };
    const tier = getPair(spec, 'tier');
    if (tier?.value && tier.value.kind === 'scalar' && tier.value.type === 'string') {
      p.tier = tier.value.value as string;
      p.tierSpan = { start: tier.value.start, end: tier.value.end };
    }
    let logs = 0;
    for (const direction of ['ingress', 'egress']) {
      const list = getValue(spec, direction);
      if (!list || list.kind !== 'seq') continue;
      p.ruleCount += list.items.length;
      for (const item of list.items) if (item.kind === 'map' && getString(item, 'action') === 'Log') logs++;
    }
    p.logOnly = p.ruleCount > 0 && logs === p.ruleCount;
    if (sel && sel.kind === 'scalar' && sel.type === 'string') {
      p.selector = sel.value as string;
      p.selectorSpan = { start: sel.start, end: sel.end };
      const parsed = parseSelector(p.selector);
      p.canonicalSelector = parsed.ok ? parsed.selector.canonical : null;
    } else if (sel && !(sel.kind === 'scalar' && sel.type === 'null')) p.canonicalSelector = null;
    if (p.doNotTrack && spec && spec.kind === 'map') p.rules = readRules(spec);
    const types = getValue(spec, 'types');
    if (types && types.kind === 'seq' && types.items.every((t) => t.kind === 'scalar' && t.type === 'string')) {
      p.types = types.items.map((t) => String((t as { value: unknown }).value));
    }
    const flag = getPair(spec, 'doNotTrack') ?? getPair(spec, 'preDNAT');
    if (flag && global) p.flagSpan = { start: flag.key.start, end: flag.key.end };
    summary.policy = p;
  }
  return summary;
}
