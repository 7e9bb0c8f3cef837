/**
 * The evaluation model: which policies apply to each HostEndpoint of the workspace, and the tiers
 * and Felix failsafe settings that order and precede them. It is data kept by the workspace index
 * and updated by difference, exactly like the index itself: adding or removing a policy touches
 * only the host endpoints its selector can match (found through the label index), adding or
 * removing a host endpoint evaluates only the selectors filed under its labels. Nothing is rebuilt
 * globally on an edit; the per-endpoint evaluation order is sorted lazily, when first asked for
 * after a change of that endpoint's set.
 *
 * Invariants:
 * - `add` and `remove` are exact inverses (a property test compares the model after random edits
 *   with a fresh build);
 * - only what Calico enforces is modelled: staged policies and resources Calico would refuse
 *   (`rejected`) never apply, and only GlobalNetworkPolicy selects host endpoints (a namespaced
 *   NetworkPolicy applies to workloads of its namespace only);
 * - the model holds summaries, never parse trees.
 */
import { parseSelector, compareCodePoints, type Selector } from '../selector';
import { LabelIndex, SelectorSet } from '../workspace/selector-set';
import { BUILT_IN_TIERS, policyTier } from '../model/tiers';
import type { FelixSummary, PolicySummary, ProtoPort, ResourceSummary, TierSummary } from '../workspace/summary';

/** Where a resource lives: file, document slot, position in the slot (spans are slot-relative). */
export interface Location {
  fileId: string;
  slotId: number;
}

export interface PolicyEntry extends Location {
  key: string;
  name: string;
  summary: ResourceSummary;
  policy: PolicySummary;
  selector: Selector;
}

export interface HostEndpointEntry extends Location {
  key: string;
  name: string;
  summary: ResourceSummary;
  labels: Record<string, string>;
  /** The endpoints with exactly these labels: the policies that apply depend on nothing else. */
  cls: LabelClass;
}

/**
 * Host endpoints with identical labels share one class, and the class holds what applies to
 * them: a policy is matched against each distinct label set once, however many endpoints carry
 * it (many nodes with the same role is the common case).
 */
export interface LabelClass {
  key: string;
  labels: Record<string, string>;
  heps: Set<HostEndpointEntry>;
  /** Policies whose selector matches the labels (any stage). */
  applicable: Set<PolicyEntry>;
  /** `applicable` in evaluation order; recomputed when the set or the tiers change. */
  sorted?: PolicyEntry[];
  sortedAt?: number;
}

function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}


/**
 * Felix's failsafe defaults (felix/config/config_params.go, `FailsafeInboundHostPorts` and
 * `FailsafeOutboundHostPorts`).
 */
export const DEFAULT_FAILSAFE_INBOUND: ProtoPort[] = [
  { protocol: 6, port: 22 },
  { protocol: 17, port: 68 },
  { protocol: 6, port: 179 },
  { protocol: 6, port: 2379 },
  { protocol: 6, port: 2380 },
  { protocol: 6, port: 5473 },
  { protocol: 6, port: 6443 },
  { protocol: 6, port: 6666 },
  { protocol: 6, port: 6667 },
];
export const DEFAULT_FAILSAFE_OUTBOUND: ProtoPort[] = [
  { protocol: 17, port: 53 },
  { protocol: 17, port: 67 },
  { protocol: 6, port: 179 },
  { protocol: 6, port: 2379 },
  { protocol: 6, port: 2380 },
  { protocol: 6, port: 5473 },
  { protocol: 6, port: 6443 },
  { protocol: 6, port: 6666 },
  { protocol: 6, port: 6667 },
];

interface Keyed<T> {
  key: string;
  loc: Location;
  value: T;
}

const ENFORCING_KINDS = new Set(['GlobalNetworkPolicy']);

export class PolicyModel {
  /** Bumped on every change that can alter an evaluation. */
  version = 0;
  /** Bumped only on changes that can alter untracked evaluation (untracked policies, endpoints, tiers). */
  untrackedVersion = 0;
  private readonly policies = new Map<string, PolicyEntry>();
  private readonly policyLookup = new SelectorSet<PolicyEntry>();
  private readonly heps = new Map<string, HostEndpointEntry>();
  private readonly classes = new Map<string, LabelClass>();
  private readonly classLabels = new LabelIndex<LabelClass>();
  // Several definitions of one name may exist (duplicates, which another check reports); the one
  // used is chosen by file, then by content (`pickOne`), never by the order of edits, so the
  // model is the same whatever the edit history.
  private readonly tiers = new Map<string, Array<Keyed<TierSummary>>>();
  private readonly felix = new Map<string, Array<Keyed<FelixSummary>>>();

  add(key: string, loc: Location, s: ResourceSummary): void {
    if (s.rejected) return;
    if (s.kind === 'HostEndpoint' && s.name !== undefined) {
      const labels = s.labels ?? {};
      const ck = labelsKey(labels);
      let cls = this.classes.get(ck);
      if (!cls) {
        cls = { key: ck, labels, heps: new Set(), applicable: new Set() };
        for (const p of this.policyLookup.candidates(labels)) if (p.selector.matches(labels)) cls.applicable.add(p);
        this.classes.set(ck, cls);
        this.classLabels.add(ck, cls, labels);
      }
      const entry: HostEndpointEntry = { key, ...loc, name: s.name, summary: s, labels, cls };
      cls.heps.add(entry);
      this.heps.set(key, entry);
      this.bump(true);
    } else if (s.policy && ENFORCING_KINDS.has(s.kind) && s.name !== undefined && s.policy.canonicalSelector !== null) {
      const parsed = parseSelector(s.policy.selector ?? '');
      if (!parsed.ok) return;
      const entry: PolicyEntry = { key, ...loc, name: s.name, summary: s, policy: s.policy, selector: parsed.selector };
      this.policies.set(key, entry);
      this.policyLookup.add(entry, parsed.selector);
      for (const c of this.classLabels.candidates(parsed.selector)) {
        if (parsed.selector.matches(c.labels)) {
          c.applicable.add(entry);
          c.sorted = undefined;
        }
      }
      this.bump(s.policy.doNotTrack);
    } else if (s.tier && s.name !== undefined) {
      push(this.tiers, s.name, { key, loc, value: s.tier });
      this.bump(true);
    } else if (s.felix && s.name !== undefined) {
      push(this.felix, s.name, { key, loc, value: s.felix });
      this.bump(true);
    }
  }

  remove(key: string, s: ResourceSummary): void {
    const hep = this.heps.get(key);
    if (hep) {
      this.heps.delete(key);
      const cls = hep.cls;
      cls.heps.delete(hep);
      if (cls.heps.size === 0) {
        this.classes.delete(cls.key);
        this.classLabels.delete(cls.key, cls.labels);
      }
      this.bump(true);
      return;
    }
    const p = this.policies.get(key);
    if (p) {
      this.policies.delete(key);
      this.policyLookup.delete(p);
      for (const c of this.classLabels.candidates(p.selector)) {
        if (c.applicable.delete(p)) c.sorted = undefined;
      }
      this.bump(p.policy.doNotTrack);
      return;
    }
    if (s.tier && s.name !== undefined && pull(this.tiers, s.name, key)) this.bump(true);
    else if (s.felix && s.name !== undefined && pull(this.felix, s.name, key)) this.bump(true);
  }

  private bump(untracked: boolean): void {
    this.version++;
    if (untracked) this.untrackedVersion++;
  }

  get hostEndpointCount(): number {
    return this.heps.size;
  }

  hostEndpoints(): Iterable<HostEndpointEntry> {
    return this.heps.values();
  }

  /** Host endpoints with this name (one, unless the name is defined twice). */
  hostEndpointsNamed(name: string): HostEndpointEntry[] {
    const out: HostEndpointEntry[] = [];
    for (const h of this.heps.values()) if (h.name === name) out.push(h);
    return out.sort((a, b) => compareCodePoints(a.key, b.key));
  }

  /** Host endpoints a selector matches, through the label index. */
  *hostEndpointsMatching(selector: Selector): Iterable<HostEndpointEntry> {
    for (const c of this.classLabels.candidates(selector)) if (selector.matches(c.labels)) yield* c.heps;
  }

  /** The Tier resource for a name, if the workspace defines one. */
  tier(name: string): { tier: TierSummary; loc: Location } | undefined {
    const t = pickOne(this.tiers.get(name));
    return t ? { tier: t.value, loc: t.loc } : undefined;
  }

  get tierCount(): number {
    return this.tiers.size;
  }

  /** The tier's order as Calico sorts it: its resource, else the built-in order, else last. */
  tierOrder(name: string): number {
    const t = this.tier(name);
    if (t) return t.tier.order ?? Infinity;
    return BUILT_IN_TIERS.get(name)?.order ?? Infinity;
  }

  /**
   * Failsafe ports for a node: a `node.<name>` FelixConfiguration overrides `default` field by
   * field (Felix merges per-node over global configuration), else Felix's defaults.
   */
  failsafe(node: string | undefined): { inbound: ProtoPort[]; outbound: ProtoPort[]; from: { inbound: string; outbound: string } } {
    const own = node !== undefined ? pickOne(this.felix.get(`node.${node}`))?.value : undefined;
    const global = pickOne(this.felix.get('default'))?.value;
    const pick = (which: 'inbound' | 'outbound', dflt: ProtoPort[]): [ProtoPort[], string] => {
      if (own?.[which]) return [own[which]!, `FelixConfiguration node.${node}`];
      if (global?.[which]) return [global[which]!, 'FelixConfiguration default'];
      return [dflt, "Felix's defaults"];
    };
    const [inbound, fi] = pick('inbound', DEFAULT_FAILSAFE_INBOUND);
    const [outbound, fo] = pick('outbound', DEFAULT_FAILSAFE_OUTBOUND);
    return { inbound, outbound, from: { inbound: fi, outbound: fo } };
  }

  /** The policies applying to a host endpoint, in Calico's evaluation order (stages not separated). */
  ordered(h: HostEndpointEntry): PolicyEntry[] {
    const c = h.cls;
    if (c.sorted && c.sortedAt === this.version) return c.sorted;
    const list = [...c.applicable];
    const tierOrder = new Map<string, number>();
    for (const p of list) if (!tierOrder.has(policyTier(p.policy))) tierOrder.set(policyTier(p.policy), this.tierOrder(policyTier(p.policy)));
    list.sort((a, b) => comparePolicies(a, b, tierOrder));
    c.sorted = list;
    c.sortedAt = this.version;
    return list;
  }

  /** A canonical dump of the model, for tests comparing an incremental model with a fresh one. */
  snapshot(): string {
    // Lines sorted by their text: keys carry slot ids, which depend on the edit history.
    const heps: string[] = [];
    for (const h of this.heps.values()) heps.push(`hep ${h.fileId} ${h.name} ${JSON.stringify(h.labels)}: ${this.ordered(h).map((p) => `${policyTier(p.policy)}/${p.name}`).join(', ')}`);
    const lines = heps.sort(compareCodePoints);
    for (const [name, list] of [...this.tiers].sort((a, b) => compareCodePoints(a[0], b[0]))) lines.push(`tier ${name} ${pickOne(list)!.value.order ?? '-'} ${pickOne(list)!.value.defaultAction} x${list.length}`);
    for (const [name, list] of [...this.felix].sort((a, b) => compareCodePoints(a[0], b[0]))) lines.push(`felix ${name} ${JSON.stringify(pickOne(list)!.value)} x${list.length}`);
    lines.push(`policies ${this.policies.size}`);
    return lines.join('\n');
  }
}

/**
 * Tiers by order then name; within a tier, policies by order (unset = infinite, last) then name.
 * Calico: "Tiers with identical order will be applied in alphanumerical order based on the Tier
 * Name" (TierSpec.Order in tier.go); policy order has the same wording in the policy spec.
 */
export function comparePolicies(a: PolicyEntry, b: PolicyEntry, tierOrder: ReadonlyMap<string, number>): number {
  if (policyTier(a.policy) !== policyTier(b.policy)) {
    const ta = tierOrder.get(policyTier(a.policy)) ?? Infinity;
    const tb = tierOrder.get(policyTier(b.policy)) ?? Infinity;
    if (ta !== tb) return ta < tb ? -1 : 1;
    return compareCodePoints(policyTier(a.policy), policyTier(b.policy));
  }
  const oa = a.policy.order ?? Infinity;
  const ob = b.policy.order ?? Infinity;
  if (oa !== ob) return oa < ob ? -1 : 1;
  const n = compareCodePoints(a.name, b.name);
  if (n !== 0) return n;
  // The same name twice (a duplicate, which Calico would keep once): order by file, then by
  // content, never by slot ids, which depend on the edit history; identical definitions may come
  // in either order without changing any evaluation.
  if (a.fileId !== b.fileId) return compareCodePoints(a.fileId, b.fileId);
  return compareCodePoints(contentKey(a), contentKey(b));
}

const contentKeys = new WeakMap<PolicySummary, string>();

function contentKey(p: PolicyEntry): string {
  let k = contentKeys.get(p.policy);
  if (k === undefined) contentKeys.set(p.policy, (k = JSON.stringify(p.policy)));
  return k;
}

/** The definition used among duplicates: the first by file id, then by content. */
function pickOne<T>(list: Array<Keyed<T>> | undefined): Keyed<T> | undefined {
  if (!list || list.length === 0) return undefined;
  let best = list[0]!;
  let bestKey = JSON.stringify(best.value);
  for (let i = 1; i < list.length; i++) {
    const x = list[i]!;
    const key = JSON.stringify(x.value);
    const c = compareCodePoints(x.loc.fileId, best.loc.fileId);
    if (c < 0 || (c === 0 && compareCodePoints(key, bestKey) < 0)) {
      best = x;
      bestKey = key;
    }
  }
  return best;
}

function push<T>(map: Map<string, Array<Keyed<T>>>, name: string, item: Keyed<T>): void {
  const list = map.get(name);
  if (list) list.push(item);
  else map.set(name, [item]);
}

function pull<T>(map: Map<string, Array<Keyed<T>>>, name: string, key: string): boolean {
  const list = map.get(name);
  if (!list) return false;
  const i = list.findIndex((x) => x.key === key);
  if (i === -1) return false;
  list.splice(i, 1);
  if (list.length === 0) map.delete(name);
  return true;
}
