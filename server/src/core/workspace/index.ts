/**
 * The workspace index: what cross-document checks need to know, kept up to date incrementally as
 * documents are analysed, edited or removed, so a keystroke never re-evaluates every selector
 * against every endpoint.
 *
 * It tracks
 * - host endpoints (labels) and network sets, for selector hover and matching;
 * - the distinct selectors of untracked and pre-DNAT policies, each with the number of host
 *   endpoints it matches (updated when either side changes);
 * - for each host endpoint, how many distinct GlobalNetworkPolicy selectors select it (a policy
 *   that repeats a known selector only bumps that selector's count);
 * - untracked policies grouped by canonical selector, each group with a version that changes
 *   whenever a member is added or removed (the symmetry check caches its results by it);
 * - tiers (their `defaultAction`), for the checks of policies' tiers;
 * - every resource's definitions by Calico identity (kind, namespace, name; `resource-keys.ts`).
 *   A resource defined more than once counts as one: only the definition applied last (in the
 *   order the workspace gives: files by rank, then position in the file) is counted above, and
 *   the others are "replaced". When that changes, the replaced definition is taken out of the
 *   counts and the winner put in, so the work stays proportional to the documents changed.
 *
 * It also owns the `NavigationIndex` (nav-index.ts: names, tiers, policy and rule selectors for
 * go to definition, references, code lens and workspace symbols), told of the same additions and
 * removals.
 *
 * Entries are keyed by (file, document slot, position in the slot). Summaries' spans are relative
 * to their slot; the caller shifts them.
 *
 * Invariant: `add` and `remove` are exact inverses, so after any sequence of edits the index
 * equals the one a fresh analysis would build (a test checks this through the diagnostics).
 */
import { parseSelector, type Selector } from '../selector';
import { summariesContent, type ResourceSummary } from './summary';
import { LabelIndex, SelectorSet } from './selector-set';
import { NavigationIndex } from './nav-index';
import { identityOf, ResourceKeys } from './resource-keys';
import type { TierSummary } from './summary';
import { PolicyModel } from '../policy/model';

export interface Member {
  key: string;
  fileId: string;
  /** The document slot (see FileAnalysis.slotStart) and the resource's position in it. */
  slotId: number;
  index: number;
  summary: ResourceSummary;
  /** Calico identity (see resource-keys.ts); undefined when the resource has none. */
  identity?: string;
}

/**
 * Where definitions are, for the order in which they apply. The workspace provides it; without
 * one, files are ordered by id and documents by slot id (enough for tests of the index alone).
 */
export interface DefinitionOrder {
  /** Negative when file `a` applies before file `b`. */
  compareFiles(a: string, b: string): number;
  /** Where the document starts in its file now, while it is attached. */
  slotStart(fileId: string, slotId: number): number | undefined;
}

const BY_ID: DefinitionOrder = {
  compareFiles: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  slotStart: (_f, slotId) => slotId,
};

interface SelectorCount {
  canonical: string;
  selector: Selector;
  /** Policies using this selector. */
  refs: number;
  /** Host endpoints it matches. */
  matches: number;
}

interface Group {
  version: number;
  members: Map<string, Member>;
}

interface GnpSelector {
  selector: Selector | null;
  refs: number;
}

const ALL = 'all()';
let groupVersionSeed = 0;

/** Removed documents remembered for pairing with re-added equal ones, at most (see `contentVersion`). */
const MAX_UNMATCHED = 64;

export class WorkspaceIndex {
  /** Bumped on every change to the index; tells callers that cross-file results may differ. */
  version = 0;
  private _contentVersion = 0;
  /**
   * Content (`summariesContent`, with the file) of documents removed since `contentVersion` was
   * last read, with how many; an equal document added again cancels one. Undefined once more than
   * MAX_UNMATCHED pile up (a file closed, say): the next read then counts as a change anyway.
   */
  private unmatched: Map<string, number> | undefined = new Map();
  private heps = new Map<string, Member>();
  // The same host endpoints, filed by label, to find those a new selector might match.
  private hepLabels = new LabelIndex<Member>();
  private labelled = new Map<string, Member>();
  private hostPolicySelectors = new Map<string, SelectorCount>();
  private gnpSelectors = new Map<string, GnpSelector>();
  // The same selectors, filed for quick lookup by a host endpoint's labels.
  private hostPolicyLookup = new SelectorSet<SelectorCount>();
  private gnpLookup = new SelectorSet<GnpSelector>();
  private hepSelectedBy = new Map<string, number>();
  private groups = new Map<string, Group>();
  /** What navigation needs, kept by difference alongside the rest. */
  readonly navigation = new NavigationIndex();
  /** The evaluation model (policies per host endpoint, tiers, failsafe ports), kept by difference too. */
  readonly policies = new PolicyModel();
  private tiers = new Map<string, TierSummary>();
  private members = new Map<string, Member>();
  /** Members whose identity has more than one definition, and the documents holding them. */
  private duplicated = new Set<ResourceSummary>();
  private duplicatedSlots = new Map<string, Map<number, number>>();
  private definitionsByKey: ResourceKeys<Member>;

  constructor(private readonly order: DefinitionOrder = BY_ID) {
    this.definitionsByKey = new ResourceKeys<Member>((a, b) => this.compareMembers(a, b));
  }

  private compareMembers(a: Member, b: Member): number {
    if (a.fileId !== b.fileId) return this.order.compareFiles(a.fileId, b.fileId);
    if (a.slotId !== b.slotId) return (this.order.slotStart(a.fileId, a.slotId) ?? 0) - (this.order.slotStart(b.fileId, b.slotId) ?? 0);
    return a.index - b.index;
  }

  /**
   * Moves only when what the index holds changes in content, not in place: a document analysed
   * again with equal summaries (an edit inside a comment, a line inserted that moves spans only)
   * is removed and added with equal content, and the pair cancels out. Cross-document results
   * computed at one value stay right while it stands, except for their spans in other documents,
   * which callers validate by document (a document analysed again has a new slot id).
   *
   * Pairing ignores where the document sits among the others; that matters only for a resource
   * defined more than once (the one applied last wins), so such documents never pair.
   */
  get contentVersion(): number {
    if (this.unmatched === undefined || this.unmatched.size > 0) {
      this._contentVersion++;
      this.unmatched = new Map();
    }
    return this._contentVersion;
  }

  private contentKey(fileId: string, summaries: readonly ResourceSummary[]): string {
    return `${fileId}\u0000${summariesContent(summaries)}`;
  }

  add(fileId: string, slotId: number, summaries: readonly ResourceSummary[]): void {
    if (summaries.length === 0) return;
    this.addMembers(fileId, slotId, summaries);
    const unmatched = this.unmatched;
    // With nothing removed since the last read there is nothing to pair with (the open of a file):
    // no content string is built.
    if (unmatched === undefined || unmatched.size === 0 || summaries.some((s) => this.duplicated.has(s))) {
      this._contentVersion++;
      return;
    }
    const key = this.contentKey(fileId, summaries);
    const n = unmatched.get(key);
    if (n === undefined) this._contentVersion++;
    else if (n > 1) unmatched.set(key, n - 1);
    else unmatched.delete(key);
  }

  private addMembers(fileId: string, slotId: number, summaries: readonly ResourceSummary[]): void {
    summaries.forEach((summary, index) => {
      const m: Member = { key: memberKey(fileId, slotId, index), fileId, slotId, index, summary };
      const identity = identityOf(summary);
      this.members.set(m.key, m);
      this.navigation.add(m);
      if (identity === undefined) return this.addOne(m);
      m.identity = identity;
      const change = this.definitionsByKey.add(identity, m);
      const defs = this.definitionsByKey.definitions(identity);
      if (defs.length === 2) for (const d of defs) this.markDuplicate(d, true);
      else if (defs.length > 2) this.markDuplicate(m, true);
      if (change.before) this.removeOne(change.before);
      if (change.after) this.addOne(change.after);
      // The replaced definitions' own diagnostics change too.
      this.version++;
    });
  }

  remove(fileId: string, slotId: number, summaries: readonly ResourceSummary[]): void {
    if (summaries.length === 0) return;
    const present = summaries.every((summary, index) => this.members.get(memberKey(fileId, slotId, index))?.summary === summary);
    if (present && this.unmatched !== undefined && this.unmatched.size < MAX_UNMATCHED && !summaries.some((s) => this.duplicated.has(s))) {
      const key = this.contentKey(fileId, summaries);
      this.unmatched.set(key, (this.unmatched.get(key) ?? 0) + 1);
    } else if (present) {
      this.unmatched = undefined;
      this._contentVersion++;
    }
    this.removeMembers(fileId, slotId, summaries);
  }

  private removeMembers(fileId: string, slotId: number, summaries: readonly ResourceSummary[]): void {
    summaries.forEach((summary, index) => {
      const key = memberKey(fileId, slotId, index);
      const m = this.members.get(key);
      if (!m || m.summary !== summary) return;
      this.members.delete(key);
      this.navigation.remove(m);
      if (m.identity === undefined) return this.removeOne(m);
      const change = this.definitionsByKey.remove(m.identity, m);
      if (this.duplicated.has(m.summary)) this.markDuplicate(m, false);
      const defs = this.definitionsByKey.definitions(m.identity);
      if (defs.length === 1) this.markDuplicate(defs[0]!, false);
      if (change.before) this.removeOne(change.before);
      if (change.after) this.addOne(change.after);
      this.version++;
    });
  }

  private markDuplicate(m: Member, on: boolean): void {
    if (on === this.duplicated.has(m.summary)) return;
    let slots = this.duplicatedSlots.get(m.fileId);
    if (on) {
      this.duplicated.add(m.summary);
      if (!slots) this.duplicatedSlots.set(m.fileId, (slots = new Map()));
      slots.set(m.slotId, (slots.get(m.slotId) ?? 0) + 1);
    } else {
      this.duplicated.delete(m.summary);
      const n = (slots?.get(m.slotId) ?? 1) - 1;
      if (n > 0) slots!.set(m.slotId, n);
      else slots?.delete(m.slotId);
      if (slots && slots.size === 0) this.duplicatedSlots.delete(m.fileId);
    }
  }

  /** The documents of a file that hold a resource defined more than once (undefined: none). */
  slotsWithDuplicates(fileId: string): ReadonlyMap<number, number> | undefined {
    return this.duplicatedSlots.get(fileId);
  }

  /** True when this summary's resource is defined more than once (a cheap test before lookups). */
  isDuplicated(summary: ResourceSummary): boolean {
    return this.duplicated.has(summary);
  }

  /**
   * The definitions of the resource at (file, slot, index) in the order they apply, when it is
   * defined more than once; undefined otherwise.
   */
  duplicatesOf(fileId: string, slotId: number, index: number): readonly Member[] | undefined {
    if (this.definitionsByKey.duplicated === 0) return undefined;
    const m = this.members.get(memberKey(fileId, slotId, index));
    if (!m || m.identity === undefined) return undefined;
    const defs = this.definitionsByKey.definitions(m.identity);
    return defs.length > 1 ? defs : undefined;
  }

  /** True when a later definition of the same resource replaces this one. */
  isReplaced(fileId: string, slotId: number, index: number): boolean {
    if (this.definitionsByKey.duplicated === 0) return false;
    const defs = this.duplicatesOf(fileId, slotId, index);
    return defs !== undefined && defs[defs.length - 1]!.key !== memberKey(fileId, slotId, index);
  }

  /** Where a held document starts in its file now (for locations in other documents). */
  slotStart(fileId: string, slotId: number): number | undefined {
    return this.order.slotStart(fileId, slotId);
  }

  /** The Tier resource of this name (its definition in effect), if the workspace has one. */
  tier(name: string): TierSummary | undefined {
    return this.tiers.get(name);
  }

  /** Number of Tier resources (distinct names) the workspace defines. */
  get tierCount(): number {
    return this.tiers.size;
  }

  /** The names of the Tier resources, for suggestions. */
  tierNames(): Iterable<string> {
    return this.tiers.keys();
  }

  // Called for the definitions in effect only (a resource defined twice applies once, the later
  // definition replacing the earlier), so the evaluation model holds what Calico would hold.
  private addOne(m: Member): void {
    const s = m.summary;
    const modelBefore = this.policies.version;
    this.policies.add(m.key, { fileId: m.fileId, slotId: m.slotId }, s);
    let changed = this.policies.version !== modelBefore;
    if (s.labels && (s.kind === 'HostEndpoint' || s.kind === 'GlobalNetworkSet' || s.kind === 'NetworkSet')) {
      this.labelled.set(m.key, m);
      changed = true;
    }
    if (s.tier && s.name !== undefined && !s.rejected) {
      // Only definitions with an identity get here more than once per name, and those one at a time.
      this.tiers.set(s.name, s.tier);
      changed = true;
    }
    if (s.kind === 'HostEndpoint') {
      this.heps.set(m.key, m);
      const labels = s.labels ?? {};
      this.hepLabels.add(m.key, m, labels);
      for (const c of this.hostPolicyLookup.candidates(labels)) if (c.selector.matches(labels)) c.matches++;
      let selectedBy = 0;
      for (const g of this.gnpLookup.candidates(labels)) if (!g.selector || g.selector.matches(labels)) selectedBy++;
      this.hepSelectedBy.set(m.key, selectedBy);
    }
    const p = s.policy;
    if (p && (p.doNotTrack || p.preDNAT) && p.canonicalSelector !== null) {
      const c = this.hostPolicySelectors.get(p.canonicalSelector);
      if (c) c.refs++;
      else {
        const parsed = parseSelector(p.canonicalSelector);
        if (parsed.ok) {
          let matches = 0;
          for (const h of this.hepLabels.candidates(parsed.selector)) if (parsed.selector.matches(h.summary.labels ?? {})) matches++;
          const entry: SelectorCount = { canonical: p.canonicalSelector, selector: parsed.selector, refs: 1, matches };
          this.hostPolicySelectors.set(p.canonicalSelector, entry);
          this.hostPolicyLookup.add(entry, parsed.selector);
        }
      }
      changed = true;
    }
    if (p && s.kind === 'GlobalNetworkPolicy') {
      const key = p.canonicalSelector ?? `\u0000invalid`;
      const g = this.gnpSelectors.get(key);
      const selector = g ? g.selector : p.canonicalSelector === null ? null : parsedOrNull(p.canonicalSelector);
      if (g) g.refs++;
      else {
        // A selector seen for the first time: count it once for each host endpoint it matches.
        const entry: GnpSelector = { selector, refs: 1 };
        this.gnpSelectors.set(key, entry);
        this.gnpLookup.add(entry, selector);
        for (const h of this.hepLabels.candidates(selector)) if (!selector || selector.matches(h.summary.labels ?? {})) this.hepSelectedBy.set(h.key, (this.hepSelectedBy.get(h.key) ?? 0) + 1);
      }
      changed = true;
    }
    if (p && p.doNotTrack && p.rules && p.canonicalSelector !== null) {
      let g = this.groups.get(p.canonicalSelector);
      if (!g) {
        g = { version: 0, members: new Map() };
        this.groups.set(p.canonicalSelector, g);
      }
      g.members.set(m.key, m);
      g.version = ++groupVersionSeed;
      changed = true;
    }
    if (changed) this.version++;
  }

  private removeOne(m: Member): void {
    const s = m.summary;
    const modelBefore = this.policies.version;
    this.policies.remove(m.key, s);
    let changed = this.policies.version !== modelBefore;
    if (this.labelled.delete(m.key)) changed = true;
    if (s.tier && s.name !== undefined && !s.rejected && this.tiers.get(s.name) === s.tier) {
      this.tiers.delete(s.name);
      changed = true;
    }
    if (s.kind === 'HostEndpoint' && this.heps.delete(m.key)) {
      const labels = s.labels ?? {};
      this.hepLabels.delete(m.key, labels);
      for (const c of this.hostPolicyLookup.candidates(labels)) if (c.selector.matches(labels)) c.matches--;
      this.hepSelectedBy.delete(m.key);
    }
    const p = s.policy;
    if (p && (p.doNotTrack || p.preDNAT) && p.canonicalSelector !== null) {
      const c = this.hostPolicySelectors.get(p.canonicalSelector);
      if (c && --c.refs === 0) {
        this.hostPolicySelectors.delete(p.canonicalSelector);
        this.hostPolicyLookup.delete(c);
      }
      changed = true;
    }
    if (p && s.kind === 'GlobalNetworkPolicy') {
      const key = p.canonicalSelector ?? `\u0000invalid`;
      const g = this.gnpSelectors.get(key);
      if (g) {
        if (g.refs === 1) {
          for (const h of this.hepLabels.candidates(g.selector)) if (!g.selector || g.selector.matches(h.summary.labels ?? {})) this.hepSelectedBy.set(h.key, (this.hepSelectedBy.get(h.key) ?? 1) - 1);
        }
        if (--g.refs === 0) {
          this.gnpSelectors.delete(key);
          this.gnpLookup.delete(g);
        }
      }
      changed = true;
    }
    if (p && p.doNotTrack && p.rules && p.canonicalSelector !== null) {
      const g = this.groups.get(p.canonicalSelector);
      if (g && g.members.delete(m.key)) {
        g.version = ++groupVersionSeed;
        if (g.members.size === 0) this.groups.delete(p.canonicalSelector);
      }
      changed = true;
    }
    if (changed) this.version++;
  }

  /** Number of HostEndpoints known. */
  get hostEndpointCount(): number {
    return this.heps.size;
  }

  /** Host endpoints matched by the selector of an untracked or pre-DNAT policy (by canonical form). */
  hostEndpointMatches(canonical: string): number | undefined {
    return this.hostPolicySelectors.get(canonical)?.matches;
  }

  /** How many distinct GlobalNetworkPolicy selectors select the host endpoint at (file, slot, index). */
  selectedBy(fileId: string, slotId: number, index: number): number {
    return this.hepSelectedBy.get(`${fileId}\u0000${slotId}\u0000${index}`) ?? 0;
  }

  /** The version of the untracked group with this canonical selector (0 when there is none). */
  untrackedGroupVersion(canonical: string): number {
    return this.groups.get(canonical)?.version ?? 0;
  }

  /** Untracked policies whose selector has this canonical form, and the group's version. */
  untrackedGroup(canonical: string): { version: number; members: Iterable<Member> } {
    const g = this.groups.get(canonical);
    return g ? { version: g.version, members: g.members.values() } : { version: 0, members: [] };
  }

  /** Host endpoints and network sets, for hover. */
  labelledResources(): Iterable<Member> {
    return this.labelled.values();
  }
}

function memberKey(fileId: string, slotId: number, index: number): string {
  return `${fileId}\u0000${slotId}\u0000${index}`;
}

function parsedOrNull(text: string): Selector | null {
  const r = parseSelector(text);
  return r.ok ? r.selector : null;
}

export const ALL_SELECTOR = ALL;
