/**
 * `untracked-asymmetric` (warning): an Allow rule of an untracked policy whose replies no rule
 * allows. Calico accepts the policy, but because untracked traffic bypasses connection tracking
 * the replies are dropped and connections hang. The reply rule may be in the same policy or in any
 * other untracked policy with the same selector (or one that selects everything), anywhere in the
 * workspace, provided Calico would accept that policy. Fixes add the missing reply rule ("mirror"), one rule or all of them at once.
 */
import type { Diagnostic } from '../../types';
import type { WorkspaceRule } from '../workspace-registry';
import type { PolicySummary, ResourceSummary } from '../../workspace/summary';
import { findAsymmetries } from '../../untracked/symmetry';
import type { Intervals, RuleModel } from '../../untracked/model';
import { DOCS } from './common';

/** What the mirror fixes need to find and rebuild the rule. */
export interface AsymmetryData {
  direction: 'ingress' | 'egress';
  index: number;
  /** Our-side ports still lacking a reply rule; absent when the whole rule lacks one. */
  missingPorts?: Intervals;
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

export const rule: WorkspaceRule = {
  code: 'untracked-asymmetric',
  severity: 'warning',
  origin: 'semantics',
  summary: 'An untracked Allow rule whose replies no rule allows (untracked policy is stateless).',
  check(ws, fileId, out: Diagnostic[]) {
    const all = ws.summaries();
    const mine = (all.get(fileId) ?? []).filter((s) => s.policy?.doNotTrack && s.policy.rules && s.policy.canonicalSelector !== null);
    if (mine.length === 0) return;
    const untracked: ResourceSummary[] = [];
    for (const list of all.values()) for (const s of list) if (s.policy?.doNotTrack && s.policy.rules) untracked.push(s);
    for (const s of mine) {
      const p = s.policy!;
      const peers = untracked.filter((o) => o !== s && !o.rejected && o.policy!.staged === p.staged && (o.policy!.canonicalSelector === p.canonicalSelector || o.policy!.canonicalSelector === 'all()'));
      const candidates = [...effectiveRules(p, true), ...peers.flatMap((o) => effectiveRules(o.policy!, false))];
      for (const a of findAsymmetries(p.rules!, candidates)) {
        const data: AsymmetryData = { direction: a.rule.direction, index: a.rule.index };
        if (a.missingPorts) data.missingPorts = a.missingPorts;
        out.push({
          code: 'untracked-asymmetric',
          severity: 'warning',
          message: `Untracked policy is stateless, but ${a.description}, so these connections will hang. Add the mirrored ${a.rule.direction === 'ingress' ? 'egress' : 'ingress'} rule (see ${DOCS.highConnection}).`,
          start: a.rule.span.start,
          end: a.rule.span.end,
          data,
        });
      }
    }
  },
};
