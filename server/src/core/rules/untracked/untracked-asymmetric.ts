/**
 * `untracked-asymmetric` (warning): an Allow rule of an untracked policy whose replies no rule
 * allows. Calico accepts the policy, but because untracked traffic bypasses connection tracking
 * the replies are dropped and connections hang. The reply rule may be in the same policy or in any
 * other untracked policy with the same selector (or one that selects everything), anywhere in the
 * workspace, provided Calico would accept that policy. Fixes add the missing reply rule
 * ("mirror"), one rule or all of them at once.
 */
import type { Diagnostic } from '../../types';
import type { WorkspaceRule } from '../workspace-registry';
import type { PolicySummary, ResourceSummary } from '../../workspace/summary';
import { ALL_SELECTOR, type WorkspaceIndex } from '../../workspace/index';
import { findAsymmetries, ReplyIndex } from '../../untracked/symmetry';
import type { Intervals, RuleModel } from '../../untracked/model';
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

interface Cached {
  own: number;
  everything: number;
  diagnostics: Diagnostic[];
}

// Results per policy summary (stable while its document is unchanged), valid while the two
// groups it depends on keep their versions. The check for a hit allocates nothing, since it runs
// for every untracked policy of the file on every publish.
const cache = new WeakMap<ResourceSummary, Cached>();

interface Shared {
  own: number;
  everything: number;
  replies: ReplyIndex;
}

// The reply candidates contributed by a whole group (policies with one canonical selector, plus
// those selecting everything), computed once per group version and shared by all its members: a
// group of thousands of policies would otherwise make every member walk every other member.
const sharedByIndex = new WeakMap<WorkspaceIndex, Map<string, Shared>>();

function groupCandidates(index: WorkspaceIndex, canonical: string, staged: boolean, ownVersion: number, allVersion: number): ReplyIndex {
  let shared = sharedByIndex.get(index);
  if (!shared) sharedByIndex.set(index, (shared = new Map()));
  const key = `${staged ? 's' : 'e'}\u0000${canonical}`;
  const hit = shared.get(key);
  if (hit && hit.own === ownVersion && hit.everything === allVersion) return hit.replies;
  const rules: RuleModel[] = [];
  const groups = canonical === ALL_SELECTOR ? [index.untrackedGroup(ALL_SELECTOR).members] : [index.untrackedGroup(canonical).members, index.untrackedGroup(ALL_SELECTOR).members];
  for (const members of groups) {
    for (const m of members) {
      const o = m.summary;
      if (o.rejected || o.policy!.staged !== staged) continue;
      for (const r of effectiveRules(o.policy!, false)) if (r.action === 'Allow' && !r.opaque) rules.push(r);
    }
  }
  const replies = new ReplyIndex([rules]);
  shared.set(key, { own: ownVersion, everything: allVersion, replies });
  return replies;
}

function check(s: ResourceSummary, index: WorkspaceIndex): Diagnostic[] {
  const p = s.policy!;
  const ownVersion = index.untrackedGroupVersion(p.canonicalSelector!);
  const allVersion = p.canonicalSelector === ALL_SELECTOR ? 0 : index.untrackedGroupVersion(ALL_SELECTOR);
  const hit = cache.get(s);
  if (hit && hit.own === ownVersion && hit.everything === allVersion) return hit.diagnostics;
  // The policy's own rules count whatever its `types` say (see effectiveRules); the group's rules
  // include them again, filtered, which changes nothing.
  const group = groupCandidates(index, p.canonicalSelector!, p.staged, ownVersion, allVersion);
  const diagnostics: Diagnostic[] = findAsymmetries(p.rules!, new ReplyIndex([effectiveRules(p, true)]), group).map((a) => {
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
  cache.set(s, { own: ownVersion, everything: allVersion, diagnostics });
  return diagnostics;
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
