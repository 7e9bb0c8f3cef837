/**
 * The evaluation model: which policies apply to each HostEndpoint of the workspace, and the tiers
 * and Felix failsafe settings that order and precede them. It is data kept by the workspace index
 * and updated by difference, exactly like the index itself: adding or removing a policy touches
 * only the host endpoints its selector can match (found through the label index), adding or
 * removing a host endpoint evaluates only the selectors filed under its labels. Nothing is rebuilt
 * globally on an edit; the per-endpoint evaluation order is sorted lazily, when first asked for
 * after a change of that endpoint's set.
 *
 * Beside the sets, the model keeps what caches downstream validate against: content fingerprints
 * (`util/hash.ts`) per label class of its untracked policies and, for the whole model, of the
 * tiers; counters per label class of its endpoints, and of label classes created or deleted. A
 * document re-analysed with the same content (a comment typed into it) removes and re-adds its
 * resources as new objects, and the fingerprints come back to their old values; entries carry
 * `alive` so a cache holding a replaced entry can tell. Only untracked policies are hashed:
 * the workspace keeps each document's cross-document output while the index's content is
 * unchanged, so other fingerprints would only save work in rare cases and cost every open.
 *
 * Invariants:
 * - `add` and `remove` are exact inverses (a property test compares the model after random edits
 *   with a fresh build);
 * - only what Calico enforces is modelled: the definitions in effect (the index adds a resource
 *   defined twice once, the later definition), staged policies and resources Calico would refuse
 *   (`rejected`) never apply, and only GlobalNetworkPolicy selects host endpoints (a namespaced
 *   NetworkPolicy applies to workloads of its namespace only);
 * - the model holds summaries, never parse trees.
 */
import { parseSelector, compareCodePoints, type Selector } from '../selector';
import { LabelIndex, SelectorSet } from '../workspace/selector-set';
import { BUILT_IN_TIERS, policyTier } from '../model/tiers';
import { locatesOnly, type FelixSummary, type PolicySummary, type ProtoPort, type ResourceSummary, type TierSummary } from '../workspace/summary';
import { emptyFingerprint, fold, hash64, type Fingerprint } from '../util/hash';

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
  /**
   * What evaluation reads of the policy (name, and the summary without spans or outline), built
   * on first read: only untracked policies need it at once (see `byContent`).
   */
  readonly content: string;
  /** False once removed: caches holding it must look for the live equivalent (`liveEquivalent`). */
  alive: boolean;
}

export interface HostEndpointEntry extends Location {
  key: string;
  name: string;
  summary: ResourceSummary;
  labels: Record<string, string>;
  /** The endpoints with exactly these labels: the policies that apply depend on nothing else. */
  cls: LabelClass;
  /** Labels, addresses and named ports: endpoints with the same key evaluate alike. */
  evalKey: string;
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
  sortedAt?: string;
  /** Bumped (from a model-wide counter) whenever `applicable` changes. */
  membership: number;
  /** Fingerprint of the untracked policies in `applicable` (by content). */
  untracked: Fingerprint;
  /**
   * Bumped (from a model-wide counter) whenever an endpoint joins or leaves `heps`. A counter,
   * not a content fingerprint: hashing every endpoint at open cost more than the rare recompute
   * it saved (a document re-analysed with equal content while the index's content moved).
   */
  endpointsVersion: number;
  /** False once the last endpoint with these labels is gone. */
  alive: boolean;
}

function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

/** The name and what evaluation reads of a policy, as one string (spans left out). */
export function policyContent(name: string, policy: PolicySummary): string {
  return `${name}\u0000${JSON.stringify(policy, (k, v) => (locatesOnly(k) ? undefined : v))}`;
}

const contentHashes = new WeakMap<PolicyEntry, Fingerprint>();
// Dropped whenever the class's endpoints change.
const sortedEndpoints = new WeakMap<LabelClass, HostEndpointEntry[]>();

function contentHash(p: PolicyEntry): Fingerprint {
  let h = contentHashes.get(p);
  if (!h) contentHashes.set(p, (h = hash64(p.content)));
  return h;
}

/** A policy as the model holds it; `content` is built when first read (most never are). */
class Entry implements PolicyEntry {
  alive = true;
  private built: string | undefined;
  constructor(
    readonly key: string,
    readonly fileId: string,
    readonly slotId: number,
    readonly name: string,
    readonly summary: ResourceSummary,
    readonly policy: PolicySummary,
    readonly selector: Selector,
  ) {}
  get content(): string {
    return (this.built ??= policyContent(this.name, this.policy));
  }
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
  /** Bumped when a label class is created or deleted: the endpoints a selector matches may change. */
  classSetVersion = 0;
  /** Bumped on every host endpoint added or removed. */
  hostEndpointVersion = 0;
  /** Fingerprint of the Tier resources (name, order, default action). */
  readonly tierPrint: Fingerprint = emptyFingerprint();
  private membershipSeed = 0;
  // Live untracked entries by content, to find what replaced an entry a cache still holds.
  private readonly byContent = new Map<string, Set<PolicyEntry>>();
  private readonly policies = new Map<string, PolicyEntry>();
  private readonly policyLookup = new SelectorSet<PolicyEntry>();
  private readonly heps = new Map<string, HostEndpointEntry>();
  private readonly classes = new Map<string, LabelClass>();
  private readonly classLabels = new LabelIndex<LabelClass>();
  // The index hands over only the definitions in effect (of a resource defined twice, the later),
  // so a name has one definition here and `pickOne` costs nothing; it still chooses by file, then
  // by content, never by the order of edits, should a caller add more.
  private readonly tiers = new Map<string, Array<Keyed<TierSummary>>>();
  private readonly felix = new Map<string, Array<Keyed<FelixSummary>>>();

  add(key: string, loc: Location, s: ResourceSummary): void {
    if (s.rejected) return;
    if (s.kind === 'HostEndpoint' && s.name !== undefined) {
      const labels = s.labels ?? {};
      const ck = labelsKey(labels);
      let cls = this.classes.get(ck);
      if (!cls) {
        cls = { key: ck, labels, heps: new Set(), applicable: new Set(), membership: ++this.membershipSeed, untracked: emptyFingerprint(), endpointsVersion: 0, alive: true };
        for (const p of this.policyLookup.candidates(labels)) {
          if (!p.selector.matches(labels)) continue;
          cls.applicable.add(p);
          if (p.policy.doNotTrack) fold(cls.untracked, contentHash(p), 1);
        }
        this.classes.set(ck, cls);
        this.classLabels.add(ck, cls, labels);
        this.classSetVersion++;
      }
      const he = s.hostEndpoint;
      const evalKey = `${ck}\u0000${JSON.stringify(he?.expectedIPs ?? [])}\u0000${JSON.stringify(he?.namedPorts ?? {})}`;
      const entry: HostEndpointEntry = { key, ...loc, name: s.name, summary: s, labels, cls, evalKey };
      cls.heps.add(entry);
      cls.endpointsVersion = ++this.membershipSeed;
      sortedEndpoints.delete(cls);
      this.heps.set(key, entry);
      this.hostEndpointVersion++;
      this.version++;
    } else if (s.policy && ENFORCING_KINDS.has(s.kind) && s.name !== undefined && s.policy.canonicalSelector !== null) {
      const parsed = parseSelector(s.policy.canonicalSelector);
      if (!parsed.ok) return;
      const untracked = s.policy.doNotTrack;
      const entry: PolicyEntry = new Entry(key, loc.fileId, loc.slotId, s.name, s, s.policy, parsed.selector);
      this.policies.set(key, entry);
      this.policyLookup.add(entry, parsed.selector);
      if (untracked) {
        const content = entry.content;
        const same = this.byContent.get(content);
        if (same) same.add(entry);
        else this.byContent.set(content, new Set([entry]));
      }
      for (const c of this.classLabels.candidates(parsed.selector)) {
        if (parsed.selector.matches(c.labels)) {
          c.applicable.add(entry);
          c.membership = ++this.membershipSeed;
          if (untracked) fold(c.untracked, contentHash(entry), 1);
        }
      }
      this.version++;
    } else if (s.tier && s.name !== undefined) {
      push(this.tiers, s.name, { key, loc, value: s.tier });
      this.tierChanged(s.name, s.tier, 1);
    } else if (s.felix && s.name !== undefined) {
      push(this.felix, s.name, { key, loc, value: s.felix });
      this.version++;
    }
  }

  remove(key: string, s: ResourceSummary): void {
    const hep = this.heps.get(key);
    if (hep) {
      this.heps.delete(key);
      const cls = hep.cls;
      cls.heps.delete(hep);
      cls.endpointsVersion = ++this.membershipSeed;
      sortedEndpoints.delete(cls);
      if (cls.heps.size === 0) {
        this.classes.delete(cls.key);
        this.classLabels.delete(cls.key, cls.labels);
        cls.alive = false;
        this.classSetVersion++;
      }
      this.hostEndpointVersion++;
      this.version++;
      return;
    }
    const p = this.policies.get(key);
    if (p) {
      this.policies.delete(key);
      this.policyLookup.delete(p);
      p.alive = false;
      const untracked = p.policy.doNotTrack;
      if (untracked) {
        const same = this.byContent.get(p.content)!;
        same.delete(p);
        if (same.size === 0) this.byContent.delete(p.content);
      }
      for (const c of this.classLabels.candidates(p.selector)) {
        if (!c.applicable.delete(p)) continue;
        c.membership = ++this.membershipSeed;
        if (untracked) fold(c.untracked, contentHash(p), -1);
      }
      this.version++;
      return;
    }
    if (s.tier && s.name !== undefined) {
      const list = this.tiers.get(s.name);
      const removed = list?.find((x) => x.key === key);
      if (removed && pull(this.tiers, s.name, key)) this.tierChanged(s.name, removed.value, -1);
    } else if (s.felix && s.name !== undefined && pull(this.felix, s.name, key)) {
      this.version++;
    }
  }

  private tierChanged(name: string, tier: TierSummary, sign: 1 | -1): void {
    fold(this.tierPrint, hash64(`${name}\u0000${tier.order ?? '-'}\u0000${tier.defaultAction}`), sign);
    this.version++;
  }

  /**
   * The live entry with the same content as `p` (itself while it is alive): a cache validated by
   * fingerprints may hold an entry that an edit replaced by an equal one.
   */
  liveEquivalent(p: PolicyEntry): PolicyEntry | undefined {
    if (p.alive) return p;
    const same = this.byContent.get(p.content);
    if (!same) return undefined;
    let best: PolicyEntry | undefined;
    for (const x of same) if (!best || compareCodePoints(x.key, best.key) < 0) best = x;
    return best;
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

  /**
   * The label classes a selector matches, by class key: an order that does not depend on the
   * history of edits, so a bounded walk over them picks the same endpoints as a fresh build.
   */
  classesMatching(selector: Selector): LabelClass[] {
    const out: LabelClass[] = [];
    for (const c of this.classLabels.candidates(selector)) if (selector.matches(c.labels)) out.push(c);
    return out.sort((a, b) => compareCodePoints(a.key, b.key));
  }

  /** A class's endpoints by name, then by what they evaluate with (sorted once per change). */
  endpointsOf(cls: LabelClass): readonly HostEndpointEntry[] {
    let list = sortedEndpoints.get(cls);
    if (!list) sortedEndpoints.set(cls, (list = [...cls.heps].sort((x, y) => compareCodePoints(x.name, y.name) || compareCodePoints(x.evalKey, y.evalKey))));
    return list;
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
    const at = `${c.membership}\u0000${this.tierPrint.a}\u0000${this.tierPrint.b}`;
    if (c.sorted && c.sortedAt === at) return c.sorted;
    const list = [...c.applicable];
    const tierOrder = new Map<string, number>();
    for (const p of list) if (!tierOrder.has(policyTier(p.policy))) tierOrder.set(policyTier(p.policy), this.tierOrder(policyTier(p.policy)));
    list.sort((a, b) => comparePolicies(a, b, tierOrder));
    c.sorted = list;
    c.sortedAt = at;
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
