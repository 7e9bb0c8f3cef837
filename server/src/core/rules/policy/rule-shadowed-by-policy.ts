/**
 * `rule-shadowed-by-policy` (information): a rule that is never reached at any HostEndpoint of the
 * workspace that its policy selects, because an earlier policy of the same tier and stage, which
 * applies there too, has an Allow, Deny or Pass rule matching every packet this rule matches
 * (`policy/cross-shadow.ts` decides, with the containment of `rule-shadowed`). Calico accepts
 * both policies; the later rule simply never takes effect at those endpoints, which usually
 * means the order (or the earlier rule) is not what the author meant.
 *
 * Information, not a warning like `rule-shadowed`: the claim holds at the host endpoints the
 * files define, and a GlobalNetworkPolicy's selector may also match workload endpoints or host
 * endpoints defined elsewhere, where the earlier policy may not apply. For the same reason there
 * is no fix: removing the rule could change what happens at those other endpoints.
 *
 * A cross-document check: it runs for every enforced GlobalNetworkPolicy with rules on each
 * publish, and answers from the per-policy cache of `crossShadowed` (the diagnostics are rebuilt
 * only when that answer changes).
 */
import type { Diagnostic } from '../../types';
import type { WorkspaceRule } from '../workspace-registry';
import type { ResourceSummary } from '../../workspace/summary';
import { crossShadowed, type CrossShadowResult } from '../../policy/cross-shadow';
import { policyTier } from '../../model/tiers';
import { quoteValue } from '../../util/strings';

export interface ShadowedByPolicyData {
  direction: 'ingress' | 'egress';
  index: number;
  /** The earlier rules that decide this rule's packets first (one per endpoint class at most). */
  by: Array<{ policy: string; direction: 'ingress' | 'egress'; index: number; action: string }>;
  /** How many HostEndpoints of the workspace the verdict holds at (all the policy selects). */
  endpoints: number;
}

const SHOWN_ENDPOINTS = 3;
const SHOWN_COVERS = 3;

const cache = new WeakMap<ResourceSummary, { result: CrossShadowResult; diagnostics: Diagnostic[] }>();

function endpointsText(result: CrossShadowResult): string {
  const names = result.endpoints.slice(0, SHOWN_ENDPOINTS).map((h) => quoteValue(h.name));
  const more = result.endpoints.length - names.length;
  const list = more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ');
  return result.endpoints.length === 1 ? `HostEndpoint ${list}, the one this policy selects in these files` : `the ${result.endpoints.length} HostEndpoints this policy selects in these files (${list})`;
}

function ruleText(c: { rule: { direction: string; index: number; action: string } }): string {
  return `${c.rule.direction} rule ${c.rule.index} (${c.rule.action})`;
}

function diagnosticsFor(s: ResourceSummary, result: CrossShadowResult): Diagnostic[] {
  const tier = quoteValue(policyTier(s.policy!));
  return result.shadowed.map(({ rule: r, by }) => {
    const shown = by.slice(0, SHOWN_COVERS);
    const one = by.length === 1 ? by[0]! : undefined;
    // Allow and Deny end evaluation; Pass sends the packet to the next tier, past this policy too.
    const what = one
      ? `policy ${quoteValue(one.policy.name)}, earlier in tier ${tier}, decides every packet this rule matches with its ${ruleText(one)}${one.rule.action === 'Pass' ? ', which passes them to the next tier' : ''}`
      : `earlier policies of tier ${tier} decide every packet this rule matches (${shown.map((c) => `${ruleText(c)} of ${quoteValue(c.policy.name)}`).join('; ')}${by.length > shown.length ? '; …' : ''})`;
    const data: ShadowedByPolicyData = {
      direction: r.direction,
      index: r.index,
      by: by.map((c) => ({ policy: c.policy.name, direction: c.rule.direction, index: c.rule.index, action: c.rule.action })),
      endpoints: result.endpoints.length,
    };
    return {
      code: 'rule-shadowed-by-policy',
      severity: 'information',
      message: `Never reached at ${endpointsText(result)}: ${what}. Workload endpoints are not judged.`,
      start: r.span.start,
      end: r.span.end,
      data,
      related: shown.map((c) => ({ start: c.rule.span.start, end: c.rule.span.end, message: `${ruleText(c)} of policy ${quoteValue(c.policy.name)} decides first`, at: { fileId: c.policy.fileId, slotId: c.policy.slotId } })),
    };
  });
}

export const rule: WorkspaceRule = {
  code: 'rule-shadowed-by-policy',
  severity: 'information',
  origin: 'semantics',
  summary: 'A rule that an earlier policy of the same tier decides first at every HostEndpoint both select: it is never reached there.',
  checkSlot(index, fileId, slot, out) {
    if (index.policies.hostEndpointCount === 0) return;
    const summaries = slot.result.summaries;
    for (let i = 0; i < summaries.length; i++) {
      const s = summaries[i]!;
      if (s.kind !== 'GlobalNetworkPolicy' || !s.policy?.rules || s.policy.rules.length === 0 || s.policy.staged || s.rejected) continue;
      // A replaced definition is not applied: it is neither judged nor in the model.
      if (index.isDuplicated(s) && index.isReplaced(fileId, slot.id, i)) continue;
      const result = crossShadowed(index.policies, s);
      if (!result) continue;
      let hit = cache.get(s);
      if (!hit || hit.result !== result) cache.set(s, (hit = { result, diagnostics: diagnosticsFor(s, result) }));
      for (const d of hit.diagnostics) out.push(d);
    }
  },
};
