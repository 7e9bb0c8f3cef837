/**
 * The navigation index: what go to definition, find references, code lens and workspace symbols
 * ask about the workspace, kept by difference as documents are analysed, edited or removed (the
 * `WorkspaceIndex` forwards every `add` and `remove` here), so no query reads any document's text.
 *
 * It holds
 * - every resource, for workspace symbols;
 * - host endpoints and network sets filed by label (`LabelIndex`), so a selector is evaluated only
 *   against those that carry a label it requires;
 * - the distinct selectors of cluster-wide policies (GlobalNetworkPolicy and its staged kind), each
 *   with the policies that use it, filed by a label they require (`SelectorSet`), so a host
 *   endpoint is evaluated only against selectors that could match it;
 * - every rule `source`/`destination` with a selector, filed the same way, for references to a
 *   network set;
 * - tiers by name and policies by tier.
 *
 * What a selector reaches follows Calico's scoping
 * (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#entityrule and
 * …/globalnetworkpolicy): a policy's own `selector` picks the endpoints it applies to, and only the
 * cluster-wide kinds can apply to host endpoints (a namespaced NetworkPolicy applies only to
 * workloads of its namespace). In a rule, a selector of a cluster-wide policy matches host
 * endpoints, GlobalNetworkSets and NetworkSets of every namespace; of a namespaced policy, only
 * NetworkSets of its own namespace; `namespaceSelector: global()` limits it to the cluster-scoped
 * host endpoints and GlobalNetworkSets, and any other namespace selector to NetworkSets in the
 * namespaces it selects. The workspace knows a namespace only by its name, so a namespace
 * selector is evaluated against the labels every namespace carries for it
 * (`projectcalico.org/name`, `kubernetes.io/metadata.name`).
 *
 * Filing is deferred: `add` only queues the member, and the first query files everything queued
 * (a `remove` of a member still queued just takes it out of the queue). Diagnostics never ask this
 * index anything, so opening a large file does not pay for navigation before its diagnostics are
 * published; the first go to definition, code lens or symbol request does, once. `lensVersion`
 * moves on `add` and `remove` themselves, so a client is told to re-read its lenses as before.
 *
 * Invariant: `add` and `remove` are exact inverses (entries are keyed by the member's key), queued
 * or filed: a query sees the same index as if every `add` had filed at once.
 * Queries cost the candidates the label filing yields, never a pass over all documents, except
 * `members()` (workspace symbols), which is linear in the number of resources by design, and the
 * one-time filing of what was queued, linear in the members queued.
 */
import { parseSelector, type Labels, type Selector } from '../selector';
import type { Member } from './index';
import { LabelIndex, SelectorSet } from './selector-set';
import type { EntitySelectors } from './nav-summary';
import type { ResourceSummary } from './summary';
import { policyTier } from '../model/tiers';

/** Cluster-wide policy kinds: the only ones whose `selector` can pick host endpoints. */
export const HOST_POLICY_KINDS: ReadonlySet<string> = new Set(['GlobalNetworkPolicy', 'StagedGlobalNetworkPolicy']);
const NAMESPACED_POLICY_KINDS: ReadonlySet<string> = new Set(['NetworkPolicy', 'StagedNetworkPolicy']);
const LABELLED_KINDS: ReadonlySet<string> = new Set(['HostEndpoint', 'GlobalNetworkSet', 'NetworkSet']);

interface PolicySelector {
  selector: Selector;
  members: Map<string, Member>;
  /** Host endpoints it matches, valid while the host endpoints are unchanged (`hostVersion`). */
  count?: { version: number; n: number };
}

/** A rule `source`/`destination` that has selectors, parsed. */
export interface EntityEntry {
  member: Member;
  entity: EntitySelectors;
  selector: Selector;
  notSelector?: Selector;
  namespaceSelector?: Selector;
}

function parsed(text: string | undefined): Selector | null | undefined {
  if (text === undefined) return undefined;
  const r = parseSelector(text);
  return r.ok ? r.selector : null;
}

/** The labels the workspace can attribute to the namespace `ns` (see the module comment). */
export function namespaceLabels(ns: string): Labels {
  return { 'projectcalico.org/name': ns, 'kubernetes.io/metadata.name': ns };
}

/** Parses an entity's selectors; null when one of them does not parse (navigation stays silent). */
export function parseEntity(entity: EntitySelectors): Omit<EntityEntry, 'member'> | null {
  const selector = parsed(entity.selector ?? '');
  const notSelector = parsed(entity.notSelector);
  const namespaceSelector = parsed(entity.namespaceSelector);
  if (!selector || notSelector === null || namespaceSelector === null) return null;
  const out: Omit<EntityEntry, 'member'> = { entity, selector };
  if (notSelector) out.notSelector = notSelector;
  if (namespaceSelector) out.namespaceSelector = namespaceSelector;
  return out;
}

/**
 * Whether a rule entity of `policy` can reach `target` (a host endpoint or network set) at all,
 * by scope: the namespace rules of the module comment, before the label selectors are applied.
 */
export function inEntityScope(policy: ResourceSummary, namespaceSelector: Selector | undefined, target: ResourceSummary): boolean {
  const global = HOST_POLICY_KINDS.has(policy.kind);
  if (!global && !NAMESPACED_POLICY_KINDS.has(policy.kind)) return false;
  const clusterScoped = target.kind !== 'NetworkSet';
  if (!namespaceSelector) return global || (!clusterScoped && (target.namespace ?? 'default') === (policy.namespace ?? 'default'));
  if (namespaceSelector.usesGlobal) return clusterScoped;
  return !clusterScoped && namespaceSelector.matches(namespaceLabels(target.namespace ?? 'default'));
}

/** Whether the entity matches `target`; with `excluded`, whether its `notSelector` excludes it. */
export function entityMatches(policy: ResourceSummary, e: Omit<EntityEntry, 'member'>, target: ResourceSummary, excluded = false): boolean {
  if (!inEntityScope(policy, e.namespaceSelector, target)) return false;
  const labels = target.labels ?? {};
  if (excluded) return !!e.notSelector && e.notSelector.matches(labels);
  return e.selector.matches(labels) && !(e.notSelector && e.notSelector.matches(labels));
}

export class NavigationIndex {
  /**
   * Bumped when a host endpoint or a cluster-wide policy comes or goes (what code lenses count),
   * so a client can be told to re-read its lenses; other resources leave it alone.
   */
  lensVersion = 0;
  /** Bumped when host endpoints change (the per-selector match counts are cached against it). */
  private hostVersion = 0;
  private all = new Map<string, Member>();
  private labelled = new LabelIndex<Member>();
  private policySelectors = new Map<string, PolicySelector>();
  private policyLookup = new SelectorSet<PolicySelector>();
  private entities = new SelectorSet<EntityEntry>();
  private entitiesOf = new Map<string, EntityEntry[]>();
  private tiers = new Map<string, Map<string, Member>>();
  private tierPolicies = new Map<string, Map<string, Member>>();
  /** Members added and not yet filed, in the order they came (see the module comment). */
  private queued = new Map<string, Member>();

  add(m: Member): void {
    if (lensCounted(m.summary)) this.lensVersion++;
    this.queued.set(m.key, m);
  }

  /** Files every queued member; each query calls it first. */
  private file(): void {
    if (this.queued.size === 0) return;
    const queued = this.queued;
    this.queued = new Map();
    for (const m of queued.values()) this.fileOne(m);
  }

  private fileOne(m: Member): void {
    const s = m.summary;
    this.all.set(m.key, m);
    if (LABELLED_KINDS.has(s.kind)) {
      this.labelled.add(m.key, m, s.labels ?? {});
      if (s.kind === 'HostEndpoint') this.hostVersion++;
    }
    if (s.kind === 'Tier' && s.name !== undefined) addTo(this.tiers, s.name, m);
    const p = s.policy;
    if (!p) return;
    addTo(this.tierPolicies, policyTier(p), m);
    if (HOST_POLICY_KINDS.has(s.kind) && p.canonicalSelector !== null) {
      let entry = this.policySelectors.get(p.canonicalSelector);
      if (!entry) {
        const selector = parsed(p.canonicalSelector);
        if (selector) {
          entry = { selector, members: new Map() };
          this.policySelectors.set(p.canonicalSelector, entry);
          this.policyLookup.add(entry, selector);
        }
      }
      entry?.members.set(m.key, m);
    }
    const mine: EntityEntry[] = [];
    let last: EntitySelectors | undefined;
    for (const ref of p.refs) {
      // The refs of one entity share its object; file each entity once.
      if (!ref.entity || ref.entity === last) continue;
      last = ref.entity;
      const e = parseEntity(ref.entity);
      if (!e) continue;
      const entry: EntityEntry = { member: m, ...e };
      this.entities.add(entry, e.selector);
      mine.push(entry);
    }
    if (mine.length > 0) this.entitiesOf.set(m.key, mine);
  }

  remove(m: Member): void {
    const s = m.summary;
    if (this.queued.get(m.key) === m) {
      this.queued.delete(m.key);
      if (lensCounted(s)) this.lensVersion++;
      return;
    }
    if (!this.all.delete(m.key)) return;
    if (lensCounted(s)) this.lensVersion++;
    if (LABELLED_KINDS.has(s.kind)) {
      this.labelled.delete(m.key, s.labels ?? {});
      if (s.kind === 'HostEndpoint') this.hostVersion++;
    }
    if (s.kind === 'Tier' && s.name !== undefined) deleteFrom(this.tiers, s.name, m);
    const p = s.policy;
    if (!p) return;
    deleteFrom(this.tierPolicies, policyTier(p), m);
    if (HOST_POLICY_KINDS.has(s.kind) && p.canonicalSelector !== null) {
      const entry = this.policySelectors.get(p.canonicalSelector);
      if (entry && entry.members.delete(m.key) && entry.members.size === 0) {
        this.policySelectors.delete(p.canonicalSelector);
        this.policyLookup.delete(entry);
      }
    }
    const mine = this.entitiesOf.get(m.key);
    if (mine) {
      for (const e of mine) this.entities.delete(e);
      this.entitiesOf.delete(m.key);
    }
  }

  /** Every resource of the workspace (for workspace symbols). */
  members(): Iterable<Member> {
    this.file();
    return this.all.values();
  }

  /** The member with this key, if it is still in the index. */
  member(key: string): Member | undefined {
    this.file();
    return this.all.get(key);
  }

  /** Host endpoints a cluster-wide policy selector selects (the first `limit` found). */
  hostEndpointsMatching(selector: Selector, limit = Infinity): Member[] {
    this.file();
    const out: Member[] = [];
    for (const h of this.labelled.candidates(selector)) {
      if (out.length >= limit) break;
      if (h.summary.kind === 'HostEndpoint' && selector.matches(h.summary.labels ?? {})) out.push(h);
    }
    return out;
  }

  /** How many host endpoints the cluster-wide policy selector with this canonical form selects. */
  hostEndpointCount(canonical: string, selector: Selector): number {
    this.file();
    const entry = this.policySelectors.get(canonical);
    if (entry?.count && entry.count.version === this.hostVersion) return entry.count.n;
    const n = this.hostEndpointsMatching(selector).length;
    if (entry) entry.count = { version: this.hostVersion, n };
    return n;
  }

  /** Cluster-wide policies (staged ones too, when asked) whose selector selects the host endpoint. */
  policiesSelecting(hep: ResourceSummary, options: { staged: boolean }): Member[] {
    this.file();
    const labels = hep.labels ?? {};
    const out: Member[] = [];
    for (const entry of this.policyLookup.candidates(labels)) {
      if (!entry.selector.matches(labels)) continue;
      for (const m of entry.members.values()) if (options.staged || !m.summary.policy!.staged) out.push(m);
    }
    return out;
  }

  /** Host endpoints and network sets that a rule entity of `policy` matches (or, `excluded`, excludes). */
  entityTargets(policy: ResourceSummary, e: Omit<EntityEntry, 'member'>, excluded = false): Member[] {
    this.file();
    const out: Member[] = [];
    const filing = excluded ? (e.notSelector ?? null) : e.selector;
    for (const t of this.labelled.candidates(filing)) if (entityMatches(policy, e, t.summary, excluded)) out.push(t);
    return out;
  }

  /** Rule entities that match the host endpoint or network set `target`. */
  entitiesMatching(target: ResourceSummary): EntityEntry[] {
    this.file();
    const out: EntityEntry[] = [];
    for (const e of this.entities.candidates(target.labels ?? {})) if (entityMatches(e.member.summary, e, target)) out.push(e);
    return out;
  }

  /** Tier resources with this name. */
  tiersNamed(name: string): Member[] {
    this.file();
    return [...(this.tiers.get(name)?.values() ?? [])];
  }

  /** Policies in the tier with this name (`default`: also those that name no tier). */
  policiesInTier(name: string): Member[] {
    this.file();
    return [...(this.tierPolicies.get(name)?.values() ?? [])];
  }
}

/** Whether code lenses count this resource (host endpoints and cluster-wide policies). */
function lensCounted(s: ResourceSummary): boolean {
  return s.kind === 'HostEndpoint' || HOST_POLICY_KINDS.has(s.kind);
}

function addTo(map: Map<string, Map<string, Member>>, name: string, m: Member): void {
  let set = map.get(name);
  if (!set) map.set(name, (set = new Map()));
  set.set(m.key, m);
}

function deleteFrom(map: Map<string, Map<string, Member>>, name: string, m: Member): void {
  const set = map.get(name);
  if (set && set.delete(m.key) && set.size === 0) map.delete(name);
}
