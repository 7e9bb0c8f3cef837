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
 *   whenever a member is added or removed (the symmetry check caches its results by it).
 *
 * Entries are keyed by (file, document slot, position in the slot). Summaries' spans are relative
 * to their slot; the caller shifts them.
 *
 * Invariant: `add` and `remove` are exact inverses, so after any sequence of edits the index
 * equals the one a fresh analysis would build (a test checks this through the diagnostics).
 */
import { parseSelector, type Selector } from '../selector';
import type { ResourceSummary } from './summary';
import { LabelIndex, SelectorSet } from './selector-set';
import { PolicyModel } from '../policy/model';

export interface Member {
  key: string;
  fileId: string;
  summary: ResourceSummary;
}

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

export class WorkspaceIndex {
  /** Bumped on every change to the index; tells callers that cross-file results may differ. */
  version = 0;
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
  /** The evaluation model (policies per host endpoint, tiers, failsafe ports), kept by difference too. */
  readonly policies = new PolicyModel();

  add(fileId: string, slotId: number, summaries: readonly ResourceSummary[]): void {
    summaries.forEach((s, i) => {
      const key = `${fileId}\u0000${slotId}\u0000${i}`;
      this.addOne({ key, fileId, summary: s });
      const before = this.policies.version;
      this.policies.add(key, { fileId, slotId }, s);
      if (this.policies.version !== before) this.version++;
    });
  }

  remove(fileId: string, slotId: number, summaries: readonly ResourceSummary[]): void {
    summaries.forEach((s, i) => {
      const key = `${fileId}\u0000${slotId}\u0000${i}`;
      this.removeOne({ key, fileId, summary: s });
      const before = this.policies.version;
      this.policies.remove(key, s);
      if (this.policies.version !== before) this.version++;
    });
  }

  private addOne(m: Member): void {
    const s = m.summary;
    let changed = false;
    if (s.labels && (s.kind === 'HostEndpoint' || s.kind === 'GlobalNetworkSet' || s.kind === 'NetworkSet')) {
      this.labelled.set(m.key, m);
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
        const parsed = parseSelector(p.selector ?? '');
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
      const selector = g ? g.selector : p.canonicalSelector === null ? null : parsedOrNull(p.selector ?? '');
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
    let changed = false;
    if (this.labelled.delete(m.key)) changed = true;
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

function parsedOrNull(text: string): Selector | null {
  const r = parseSelector(text);
  return r.ok ? r.selector : null;
}

export const ALL_SELECTOR = ALL;
