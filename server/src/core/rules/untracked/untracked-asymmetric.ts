/**
 * `untracked-asymmetric` (warning): an Allow rule of an untracked policy whose replies no rule
 * allows. Calico accepts the policy, but because untracked traffic bypasses connection tracking
 * the replies are dropped and connections hang. Fixes add the missing reply rule ("mirror"), one
 * rule or all of them at once.
 *
 * Two modes:
 * - exact, when the policy's selector matches HostEndpoints of the workspace: for each of them,
 *   the replies are evaluated through the untracked policies that apply to that endpoint, in
 *   Calico's order (`policy/reply.ts`), whatever their selectors; a reply that meets an earlier
 *   Deny is reported naming that rule (related information), and then no mirror is offered,
 *   since a reply rule added after the Deny could never be reached;
 * - by selector group, when no HostEndpoint is known: the reply rule may be in the same policy or
 *   in any other untracked policy with the same selector (or one that selects everything).
 * Either way only policies Calico would accept count.
 */
import type { Diagnostic } from '../../types';
import type { WorkspaceRule } from '../workspace-registry';
import type { PolicySummary, ResourceSummary } from '../../workspace/summary';
import { ALL_SELECTOR, type WorkspaceIndex } from '../../workspace/index';
import { findAsymmetries, ReplyIndex } from '../../untracked/symmetry';
import { formatIntervals, protocolName, type Intervals, type RuleModel } from '../../untracked/model';
import { denyLocation, rememberedReplyFate, replyFate, stampHolds, untrackedStamp, type ReplyFate, type UntrackedStamp } from '../../policy/reply';
import { policyContent, type HostEndpointEntry, type LabelClass, type PolicyEntry } from '../../policy/model';
import { selectorOf } from '../../policy/match';
import { DOCS } from './common';

/** What the mirror fixes need to find and rebuild the rule. */
export interface AsymmetryData {
  direction: 'ingress' | 'egress';
  index: number;
  /** Our-side ports still lacking a reply rule; absent when the whole rule lacks one. */
  missingPorts?: Intervals;
  /**
   * Where the policy starts in its document: the rule (and so the diagnostic) may be written in
   * another resource, when the list comes from an alias or a merge.
   */
  resource?: number;
  /**
   * Exact mode: the replies meet this Deny first (policy name, rule direction and index), so a
   * mirrored rule could not help and none is offered.
   */
  blockedBy?: { policy: string; direction: 'ingress' | 'egress'; index: number };
  /** Exact mode: the HostEndpoint whose evaluation found the problem. */
  endpoint?: string;
}

function typeOf(direction: 'ingress' | 'egress'): string {
  return direction === 'ingress' ? 'Ingress' : 'Egress';
}

function effectiveRules(p: PolicySummary, own: boolean): RuleModel[] {
  const rules = p.rules ?? [];
  // Another policy's rules only count in the directions its `types` enables. The policy's own
  // rules always count here: a direction missing from its own `types` has a warning of its own.
  if (own || !p.types) return rules;
  return rules.filter((r) => p.types!.includes(typeOf(r.direction)));
}

/** What exact-mode results depend on in one label class, as it was when they were computed. */
interface ClassStamp {
  cls: LabelClass;
  /** Its untracked policies and the tiers (what `replyFate` reads of the model). */
  at: UntrackedStamp;
  /** The class's `endpointsVersion`. */
  endpoints: number;
}

interface Cached {
  /** Label classes created or deleted since change which endpoints the selector matches. */
  classSet: number;
  /** The selector groups' versions, when the result used the selector-group mode at all. */
  group?: { own: number; everything: number };
  /** Exact mode: the classes of the endpoints judged. */
  classes?: ClassStamp[];
  /** Policies whose rules the diagnostics point at (related information). */
  deps?: PolicyEntry[];
  diagnostics: Diagnostic[];
}

/**
 * At most this many HostEndpoints are looked at per policy, and at most `MAX_DISTINCT` distinct
 * ones (labels, addresses, named ports) evaluated, so the work stays bounded per rule.
 */
const MAX_ENDPOINTS = 64;
const MAX_DISTINCT = 4;

// Results per policy summary (stable while its document is unchanged), valid while what they were
// computed from is unchanged (see `stillValid`). The check for a hit allocates nothing, since it
// runs for every untracked policy of the file on every publish.
const cache = new WeakMap<ResourceSummary, Cached>();

interface Shared {
  own: number;
  everything: number;
  replies: ReplyIndex;
  /** Allow rules to DNS names (Enterprise \`domains\`), which may carry replies no file shows. */
  domains: RuleModel[];
}

// The reply candidates contributed by a whole group (policies with one canonical selector, plus
// those selecting everything), computed once per group version and shared by all its members: a
// group of thousands of policies would otherwise make every member walk every other member.
const sharedByIndex = new WeakMap<WorkspaceIndex, Map<string, Shared>>();

function groupCandidates(index: WorkspaceIndex, canonical: string, staged: boolean, ownVersion: number, allVersion: number): Shared {
  let shared = sharedByIndex.get(index);
  if (!shared) sharedByIndex.set(index, (shared = new Map()));
  const key = `${staged ? 's' : 'e'}\u0000${canonical}`;
  const hit = shared.get(key);
  if (hit && hit.own === ownVersion && hit.everything === allVersion) return hit;
  const rules: RuleModel[] = [];
  const domains: RuleModel[] = [];
  const groups = canonical === ALL_SELECTOR ? [index.untrackedGroup(ALL_SELECTOR).members] : [index.untrackedGroup(canonical).members, index.untrackedGroup(ALL_SELECTOR).members];
  for (const members of groups) {
    for (const m of members) {
      const o = m.summary;
      if (o.rejected || o.policy!.staged !== staged) continue;
      for (const r of effectiveRules(o.policy!, false)) {
        if (r.action !== 'Allow') continue;
        if (r.source.domains || r.destination.domains) domains.push(r);
        if (!r.opaque) rules.push(r);
      }
    }
  }
  const entry: Shared = { own: ownVersion, everything: allVersion, replies: new ReplyIndex([rules]), domains };
  shared.set(key, entry);
  return entry;
}

function groupDiagnostics(s: ResourceSummary, index: WorkspaceIndex, ownVersion: number, allVersion: number): Diagnostic[] {
  const p = s.policy!;
  // The policy's own rules count whatever its `types` say (see effectiveRules); the group's rules
  // include them again, filtered, which changes nothing.
  const group = groupCandidates(index, p.canonicalSelector!, p.staged, ownVersion, allVersion);
  const domains = [...group.domains, ...effectiveRules(p, true).filter((r) => r.action === 'Allow' && (r.source.domains || r.destination.domains))];
  // A rule whose replies an Allow to DNS names could carry cannot be judged: nothing is said.
  const undecided = (rule: RuleModel): boolean => domains.some((r) => r.direction !== rule.direction && (r.protocol === undefined || r.protocol === rule.protocol));
  return findAsymmetries(p.rules!, new ReplyIndex([effectiveRules(p, true)]), group.replies).filter((a) => !undecided(a.rule)).map((a) => {
    const data: AsymmetryData = { direction: a.rule.direction, index: a.rule.index, resource: s.span.start };
    if (a.missingPorts) data.missingPorts = a.missingPorts;
    return {
      code: 'untracked-asymmetric',
      severity: 'warning',
      message: `Untracked policy is stateless, but ${a.description}, so these connections will hang. Add the mirrored ${a.rule.direction === 'ingress' ? 'egress' : 'ingress'} rule (see ${DOCS.highConnection}).`,
      start: a.rule.span.start,
      end: a.rule.span.end,
      data,
    };
  });
}

/** The host endpoints a selector picks for exact mode, and what that pick was made from. */
interface Selected {
  /** The classes walked, each with the endpoint list it gave (`endpointsOf` hands a new list after any change). */
  walked: Array<{ cls: LabelClass; list: readonly HostEndpointEntry[] }>;
  classSet: number;
  heps: HostEndpointEntry[];
  /** The first endpoint of each of the first MAX_DISTINCT evaluation keys, in `heps` order: the ones judged. */
  distinct: HostEndpointEntry[];
  /** The classes of `heps`, in first-seen order. */
  classes: LabelClass[];
}

// Picks by canonical selector, per index: the policies of a workspace share a handful of
// selectors, and the pick depends only on the selector, the label classes and their endpoints.
// Bounded, cleared when full.
const selectedBySelector = new WeakMap<WorkspaceIndex, Map<string, Selected>>();

/**
 * Valid while no label class was created or deleted (which classes the selector matches) and the
 * classes walked hand the same endpoint lists (`endpointsOf` makes a new list after any change).
 */
function stillSelected(hit: Selected, index: WorkspaceIndex): boolean {
  if (hit.classSet !== index.policies.classSetVersion) return false;
  for (const w of hit.walked) if (index.policies.endpointsOf(w.cls) !== w.list) return false;
  return true;
}

/**
 * The host endpoints an enforced untracked policy selects, when the workspace knows some: at most
 * MAX_ENDPOINTS, walked by class key and then by name, so the same ones whatever the edit history.
 */
function selectedEndpoints(s: ResourceSummary, index: WorkspaceIndex): Selected | undefined {
  const p = s.policy!;
  const model = index.policies;
  if (p.staged || s.rejected || model.hostEndpointCount === 0) return undefined;
  const canonical = p.canonicalSelector!;
  let bySel = selectedBySelector.get(index);
  if (!bySel) selectedBySelector.set(index, (bySel = new Map()));
  let picked = bySel.get(canonical);
  if (!picked || !stillSelected(picked, index)) {
    picked = pick(canonical, model);
    if (bySel.size > 4096) bySel.clear();
    bySel.set(canonical, picked);
  }
  return picked.heps.length > 0 ? picked : undefined;
}

function pick(canonical: string, model: WorkspaceIndex['policies']): Selected {
  const picked: Selected = { walked: [], classSet: model.classSetVersion, heps: [], distinct: [], classes: [] };
  const sel = selectorOf(canonical);
  if (!sel) return picked;
  const out = picked.heps;
  for (const cls of model.classesMatching(sel)) {
    const list = model.endpointsOf(cls);
    picked.walked.push({ cls, list });
    for (const h of list) {
      out.push(h);
      if (out.length >= MAX_ENDPOINTS) break;
    }
    if (out.length >= MAX_ENDPOINTS) break;
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Endpoints with the same labels, addresses and named ports get the same answer: the first of
  // each of the first MAX_DISTINCT keys is judged.
  const seen = new Set<string>();
  const classes = new Set<LabelClass>();
  for (const h of out) {
    classes.add(h.cls);
    if (seen.size < MAX_DISTINCT && !seen.has(h.evalKey)) {
      seen.add(h.evalKey);
      picked.distinct.push(h);
    }
  }
  picked.classes = [...classes];
  return picked;
}

function portsText(rule: RuleModel, ports: Intervals): string {
  const proto = protocolName(rule.protocol);
  return ports.length === 1 && ports[0]![0] === 1 && ports[0]![1] === 65535 ? `any ${proto} port` : `${proto} ${formatIntervals(ports)}`;
}

function exactDiagnostics(s: ResourceSummary, judgedAt: readonly HostEndpointEntry[], index: WorkspaceIndex, fallback: () => Diagnostic[], deps: PolicyEntry[]): Diagnostic[] {
  const p = s.policy!;
  const model = index.policies;
  // The policy's content is only read when a policy at the endpoint leaves the reply's direction
  // out of its `applies`: made then, once.
  let ownContent: string | undefined;
  const own = (): string => (ownContent ??= policyContent(s.name ?? '', p));
  const shareable = p.applies.ingress && p.applies.egress;
  const out: Diagnostic[] = [];
  let groupResult: Diagnostic[] | undefined;
  for (const rule of p.rules!) {
    if (rule.action !== 'Allow') continue;
    let found: { hep: HostEndpointEntry; fate: ReplyFate } | undefined;
    let judged = true;
    for (const hep of judgedAt) {
      // Fates are shared where the judged policy's `types` cannot change them (see rememberedReplyFate).
      const fate = shareable ? rememberedReplyFate(model, hep, rule, own) : replyFate(model, hep, rule, own);
      if (!fate) {
        judged = false;
        break;
      }
      if (fate.missing.length === 0) continue;
      // A Deny is the more useful finding: it names what to change.
      if (!found || (fate.deniedBy && !found.fate.deniedBy)) found = { hep, fate };
    }
    if (!judged) {
      // What the exact model cannot judge (any protocol, named ports, HTTP matches) is judged
      // as before, by selector group.
      groupResult ??= fallback();
      for (const d of groupResult) {
        const data = d.data as AsymmetryData;
        if (data.direction === rule.direction && data.index === rule.index) out.push(d);
      }
      continue;
    }
    if (!found) continue;
    const { hep, fate } = found;
    const replyDir = rule.direction === 'ingress' ? 'egress' : 'ingress';
    const peer = rule.direction === 'ingress' ? rule.source : rule.destination;
    const peerText = peer.selectorText ? `\`${peer.selectorText}\`` : peer.nets ? peer.nets.join(', ') : rule.direction === 'ingress' ? 'the clients' : 'the servers';
    const data: AsymmetryData = { direction: rule.direction, index: rule.index, resource: s.span.start, endpoint: hep.name };
    const isAll = !rule.destination.ports && !rule.destination.notPorts && fate.missing.length === 1 && fate.missing[0]![0] === 1 && fate.missing[0]![1] === 65535;
    if (!isAll) data.missingPorts = fate.missing;
    const d: Diagnostic = {
      code: 'untracked-asymmetric',
      severity: 'warning',
      message: '',
      start: rule.span.start,
      end: rule.span.end,
      data,
    };
    const located = fate.deniedBy ? denyLocation(model, fate.deniedBy) : undefined;
    if (fate.deniedBy && located) {
      const by = { ...fate.deniedBy, policy: located.policy, location: located.location };
      deps.push(located.policy);
      data.blockedBy = { policy: by.policy.name, direction: by.rule.direction, index: by.rule.index };
      d.message = `Untracked policy is stateless, and at HostEndpoint '${hep.name}' the replies (${portsText(rule, by.ports)} ${replyDir === 'egress' ? 'to' : 'from'} ${peerText}) meet ${by.rule.direction} rule ${by.rule.index} (Deny) of untracked policy '${by.policy.name}' first, so these connections will hang. A mirrored rule here would come too late: allow the replies before that rule, or narrow it (see ${DOCS.highConnection}).`;
      d.related = [{ start: by.location.start, end: by.location.end, message: `this Deny drops the replies`, at: { fileId: by.policy.fileId, slotId: by.policy.slotId } }];
    } else {
      const what = `${portsText(rule, fate.missing)} ${replyDir === 'egress' ? 'to' : 'at'} ${peerText}`;
      d.message = `Untracked policy is stateless, but no ${replyDir} rule allows replies from ${what} (evaluated at HostEndpoint '${hep.name}' through every untracked policy that applies to it), so these connections will hang. Add the mirrored ${replyDir} rule (see ${DOCS.highConnection}).`;
    }
    out.push(d);
  }
  return out;
}

function stillValid(hit: Cached, s: ResourceSummary, index: WorkspaceIndex): boolean {
  const model = index.policies;
  if (hit.classSet !== model.classSetVersion) return false;
  if (hit.group) {
    const canonical = s.policy!.canonicalSelector!;
    if (hit.group.own !== index.untrackedGroupVersion(canonical)) return false;
    if (hit.group.everything !== (canonical === ALL_SELECTOR ? 0 : index.untrackedGroupVersion(ALL_SELECTOR))) return false;
  }
  if (hit.classes) {
    for (const c of hit.classes) {
      const cls = c.cls;
      if (!cls.alive || !stampHolds(c.at, model, cls) || c.endpoints !== cls.endpointsVersion) return false;
    }
  }
  if (hit.deps) for (const d of hit.deps) if (!d.alive) return false;
  return true;
}

function check(s: ResourceSummary, index: WorkspaceIndex): Diagnostic[] {
  const hit = cache.get(s);
  if (hit && stillValid(hit, s, index)) return hit.diagnostics;
  const p = s.policy!;
  const model = index.policies;
  const entry: Cached = { classSet: model.classSetVersion, diagnostics: [] };
  const group = (): Diagnostic[] => {
    const own = index.untrackedGroupVersion(p.canonicalSelector!);
    const everything = p.canonicalSelector === ALL_SELECTOR ? 0 : index.untrackedGroupVersion(ALL_SELECTOR);
    entry.group = { own, everything };
    return groupDiagnostics(s, index, own, everything);
  };
  const picked = selectedEndpoints(s, index);
  if (picked) {
    entry.classes = picked.classes.map((cls) => ({ cls, at: untrackedStamp(model, cls), endpoints: cls.endpointsVersion }));
    const deps: PolicyEntry[] = [];
    entry.diagnostics = exactDiagnostics(s, picked.distinct, index, group, deps);
    if (deps.length > 0) entry.deps = deps;
  } else entry.diagnostics = group();
  cache.set(s, entry);
  return entry.diagnostics;
}

export const rule: WorkspaceRule = {
  code: 'untracked-asymmetric',
  severity: 'warning',
  origin: 'semantics',
  summary: 'An untracked Allow rule whose replies no rule allows (untracked policy is stateless).',
  checkSlot(index, fileId, slot, out) {
    const summaries = slot.result.summaries;
    for (let i = 0; i < summaries.length; i++) {
      const s = summaries[i]!;
      if (!s.policy?.doNotTrack || !s.policy.rules || s.policy.canonicalSelector === null) continue;
      // A replaced definition is not applied, so its rules are neither checked nor replies.
      if (index.isDuplicated(s) && index.isReplaced(fileId, slot.id, i)) continue;
      for (const d of check(s, index)) out.push(d);
    }
  },
};
