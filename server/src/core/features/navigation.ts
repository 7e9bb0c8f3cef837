/**
 * Navigation over Calico resources: the outline of a file, go to definition from a selector or a
 * tier, find references from a host endpoint, network set, tier or selector, code lenses above host
 * endpoints and cluster-wide policies, and workspace symbols.
 *
 * Everything is answered from the analysis the file model caches (each document's resource
 * summaries, which carry the spans navigation needs: `workspace/nav-summary.ts`) and from the
 * navigation index (`workspace/nav-index.ts`), never by parsing a document again. What a selector
 * reaches follows Calico's scoping, described in nav-index.ts.
 *
 * Offsets are UTF-16 offsets of the whole file, as everywhere in the core. Locations in other files
 * are found through the slot a resource lives in (`FileAnalysis.slotStart`), so they stay exact
 * however the documents before it moved.
 *
 * Invariant: files without a Calico resource get no symbols and no lenses; a position on nothing
 * navigable gives an empty list, never an error.
 */
import type { Workspace } from '../workspace/workspace';
import type { Member } from '../workspace/index';
import type { ResourceSummary } from '../workspace/summary';
import type { SelectorRef } from '../workspace/nav-summary';
import { HOST_POLICY_KINDS, parseEntity } from '../workspace/nav-index';
import { parseSelector } from '../selector';
import type { Span } from '../types';
import { policyTier } from '../model/tiers';

/** A span in a file of the workspace. */
export interface NavLocation {
  fileId: string;
  start: number;
  end: number;
}

export interface OutlineSymbol {
  /** `GlobalNetworkPolicy allow-memcached`, or a rule's label (`ingress[0] Allow TCP → 11211`). */
  name: string;
  /** The namespace of a namespaced resource. */
  detail?: string;
  /** The resource's kind, or `rule` for a rule item. */
  kind: string;
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: OutlineSymbol[];
}

export interface LensAnchor {
  kind: 'hostEndpoint' | 'policy';
  start: number;
  end: number;
}

export interface ResolvedLens {
  title: string;
  /** What the lens is about: the policies that apply, or the host endpoints selected. */
  locations: NavLocation[];
}

export interface WorkspaceSymbol {
  name: string;
  kind: string;
  namespace?: string;
  location: NavLocation;
}

/** A lens lists at most this many locations (its title still gives the exact count). */
export const MAX_LENS_LOCATIONS = 1000;
/** Workspace symbols returned at most. */
export const MAX_WORKSPACE_SYMBOLS = 1000;
/** Untracked policy names listed in a host endpoint's lens before "and N more". */
const MAX_LENS_NAMES = 5;

function contains(span: Span | undefined, local: number): boolean {
  return !!span && span.start <= local && local <= span.end;
}

/** A member's span (relative to its document) as a location in its file, if it is still there. */
function locate(ws: Workspace, m: Member, span: Span): NavLocation | undefined {
  const base = ws.getFile(m.fileId)?.slotStart(m.slotId);
  return base === undefined ? undefined : { fileId: m.fileId, start: base + span.start, end: base + span.end };
}

function namesOf(ws: Workspace, members: Iterable<Member>, limit = Infinity): NavLocation[] {
  const out: NavLocation[] = [];
  for (const m of members) {
    if (out.length >= limit) break;
    const l = locate(ws, m, m.summary.nameSpan);
    if (l) out.push(l);
  }
  return sortLocations(out);
}

function sortLocations(list: NavLocation[]): NavLocation[] {
  return list.sort((a, b) => (a.fileId < b.fileId ? -1 : a.fileId > b.fileId ? 1 : a.start - b.start));
}

/** The resource at `offset` of a file, with its document's start. */
function resourceAt(ws: Workspace, fileId: string, offset: number): { summary: ResourceSummary; base: number; local: number } | undefined {
  const file = ws.getFile(fileId);
  if (!file || offset < 0 || offset > file.length) return undefined;
  file.analyzeAll();
  const doc = file.documentAt(offset);
  if (!doc.result) return undefined;
  const local = offset - doc.start;
  const summary = doc.result.summaries.find((s) => contains(s.span, local));
  return summary ? { summary, base: doc.start, local } : undefined;
}

/** The outline of a file: one symbol per Calico resource, its rules as children. */
export function documentSymbols(ws: Workspace, fileId: string): OutlineSymbol[] {
  const file = ws.getFile(fileId);
  if (!file) return [];
  file.analyzeAll();
  if (!file.hasCalico) return [];
  const out: OutlineSymbol[] = [];
  file.forEachAnalysedSlot((slot) => {
    const base = slot.start;
    for (const s of slot.result.summaries) {
      const selection = s.name !== undefined ? s.nameSpan : (s.kindSpan ?? s.nameSpan);
      const symbol: OutlineSymbol = {
        name: s.name !== undefined ? `${s.kind} ${s.name}` : s.kind,
        kind: s.kind,
        start: base + s.span.start,
        end: base + s.span.end,
        selectionStart: base + selection.start,
        selectionEnd: base + selection.end,
        children: [],
      };
      if (s.namespace !== undefined) symbol.detail = s.namespace;
      for (const r of s.policy?.outline ?? []) {
        const start = base + r.span.start;
        const end = base + r.span.end;
        symbol.children.push({ name: r.label, kind: 'rule', start, end, selectionStart: start, selectionEnd: end, children: [] });
      }
      out.push(symbol);
    }
  });
  return out;
}

/** What the selector `ref` of `policy` reaches (host endpoints, network sets), as members. */
function selectorTargets(ws: Workspace, policy: ResourceSummary, ref: SelectorRef): Member[] {
  const nav = ws.index.navigation;
  if (ref.place === 'policy') {
    if (ref.field !== 'selector' || !HOST_POLICY_KINDS.has(policy.kind)) return [];
    const r = parseSelector(ref.text);
    return r.ok ? nav.hostEndpointsMatching(r.selector) : [];
  }
  if (!ref.entity || ref.field === 'serviceAccounts.selector') return [];
  const e = parseEntity(ref.entity);
  if (!e) return [];
  return nav.entityTargets(policy, e, ref.field === 'notSelector');
}

/**
 * Go to definition at `offset`: from a policy's `selector` to the host endpoints it applies to,
 * from a rule's `selector`/`namespaceSelector` to the host endpoints and network sets it matches
 * (from `notSelector`, to those it excludes), and from `tier` to the Tier. Locations are the
 * targets' `metadata.name` values. Service-account selectors and a policy's namespace selector
 * select objects the workspace does not hold (service accounts, namespaces): no locations.
 */
export function findDefinition(ws: Workspace, fileId: string, offset: number): NavLocation[] {
  const at = resourceAt(ws, fileId, offset);
  const p = at?.summary.policy;
  if (!at || !p) return [];
  if (p.tier !== undefined && contains(p.tierSpan, at.local)) return namesOf(ws, ws.index.navigation.tiersNamed(policyTier(p)));
  const ref = p.refs.find((r) => contains(r.span, at.local));
  return ref ? namesOf(ws, selectorTargets(ws, at.summary, ref)) : [];
}

/**
 * Find references at `offset`: on a host endpoint's name or labels, the cluster-wide policies
 * (staged ones included) whose selector selects it; on a network set's name or labels, the rule
 * selectors that match it; on a Tier's name (or a policy's `tier`), the policies in that tier; on
 * a selector, what it selects (as go to definition). With `includeDeclaration`, the resource's own
 * name comes too.
 */
export function findReferences(ws: Workspace, fileId: string, offset: number, includeDeclaration: boolean): NavLocation[] {
  const at = resourceAt(ws, fileId, offset);
  if (!at) return [];
  const { summary: s, base, local } = at;
  const nav = ws.index.navigation;
  const own = (): NavLocation[] => (includeDeclaration ? [{ fileId, start: base + s.nameSpan.start, end: base + s.nameSpan.end }] : []);
  const onName = contains(s.nameSpan, local) || contains(s.labelsSpan, local);
  if (s.kind === 'HostEndpoint' && onName) return own().concat(namesOf(ws, nav.policiesSelecting(s, { staged: true })));
  if ((s.kind === 'GlobalNetworkSet' || s.kind === 'NetworkSet') && onName) {
    const out: NavLocation[] = [];
    for (const e of nav.entitiesMatching(s)) {
      const l = locate(ws, e.member, e.entity.span);
      if (l) out.push(l);
    }
    return own().concat(sortLocations(out));
  }
  if (s.kind === 'Tier' && s.name !== undefined && contains(s.nameSpan, local)) return own().concat(namesOf(ws, nav.policiesInTier(s.name)));
  const p = s.policy;
  if (!p) return [];
  if (p.tier !== undefined && contains(p.tierSpan, local)) return namesOf(ws, nav.policiesInTier(policyTier(p)));
  const ref = p.refs.find((r) => contains(r.span, local));
  return ref ? namesOf(ws, selectorTargets(ws, s, ref)) : [];
}

/** Where the code lenses of a file go: above each host endpoint and each cluster-wide policy. */
export function codeLenses(ws: Workspace, fileId: string): LensAnchor[] {
  const file = ws.getFile(fileId);
  if (!file) return [];
  file.analyzeAll();
  if (!file.hasCalico) return [];
  const out: LensAnchor[] = [];
  file.forEachAnalysedSlot((slot) => {
    for (const s of slot.result.summaries) {
      const kind = s.kind === 'HostEndpoint' ? 'hostEndpoint' : HOST_POLICY_KINDS.has(s.kind) ? 'policy' : undefined;
      if (kind) out.push({ kind, start: slot.start + s.nameSpan.start, end: slot.start + s.nameSpan.end });
    }
  });
  return out;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The title and locations of the lens whose anchor starts at `offset` (resolved lazily: a client
 * asks only for the lenses it shows). A host endpoint: "N policies apply (untracked: a, b)", the
 * enforced cluster-wide policies that select it; a policy: "selects N host endpoints".
 */
export function resolveCodeLens(ws: Workspace, fileId: string, offset: number): ResolvedLens | undefined {
  const at = resourceAt(ws, fileId, offset);
  if (!at) return undefined;
  const s = at.summary;
  const nav = ws.index.navigation;
  if (s.kind === 'HostEndpoint') {
    const applying = nav.policiesSelecting(s, { staged: false });
    const untracked = [...new Set(applying.filter((m) => m.summary.policy!.doNotTrack).map((m) => m.summary.name ?? '(unnamed)'))].sort();
    const shown = untracked.length === 0 ? 'none' : untracked.slice(0, MAX_LENS_NAMES).join(', ') + (untracked.length > MAX_LENS_NAMES ? ` and ${untracked.length - MAX_LENS_NAMES} more` : '');
    const title = `${plural(applying.length, 'policy applies', 'policies apply')} (untracked: ${shown})`;
    return { title, locations: namesOf(ws, applying, MAX_LENS_LOCATIONS) };
  }
  const p = s.policy;
  if (!p || !HOST_POLICY_KINDS.has(s.kind)) return undefined;
  const r = parseSelector(p.canonicalSelector ?? '');
  if (!r.ok || p.canonicalSelector === null) return { title: 'selects no host endpoints (the selector does not parse)', locations: [] };
  const n = nav.hostEndpointCount(p.canonicalSelector, r.selector);
  return { title: `selects ${plural(n, 'host endpoint', 'host endpoints')}`, locations: n === 0 ? [] : namesOf(ws, nav.hostEndpointsMatching(r.selector, MAX_LENS_LOCATIONS)) };
}

/** Lower-case `query`'s characters appear in `name` in order (a loose, linear "fuzzy" match). */
function subsequence(name: string, query: string): boolean {
  let j = 0;
  for (let i = 0; i < name.length && j < query.length; i++) if (name.charCodeAt(i) === query.charCodeAt(j)) j++;
  return j === query.length;
}

/**
 * Resources of the whole workspace whose name contains `query` (case-insensitively), then those
 * whose name holds its characters in order; at most `limit`, each located on its name.
 */
export function workspaceSymbols(ws: Workspace, query: string, limit = MAX_WORKSPACE_SYMBOLS): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const exact: Array<{ m: Member; name: string }> = [];
  const loose: Array<{ m: Member; name: string }> = [];
  for (const m of ws.index.navigation.members()) {
    const name = m.summary.name;
    if (name === undefined) continue;
    const lower = name.toLowerCase();
    if (lower.includes(q)) exact.push({ m, name });
    else if (exact.length < limit && subsequence(lower, q)) loose.push({ m, name });
  }
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const out: WorkspaceSymbol[] = [];
  for (const { m, name } of [...exact.sort(byName), ...loose.sort(byName)]) {
    if (out.length >= limit) break;
    const location = locate(ws, m, m.summary.nameSpan);
    if (!location) continue;
    const sym: WorkspaceSymbol = { name, kind: m.summary.kind, location };
    if (m.summary.namespace !== undefined) sym.namespace = m.summary.namespace;
    out.push(sym);
  }
  return out;
}
