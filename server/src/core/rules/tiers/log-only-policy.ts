/**
 * `log-only-policy` (warning; information when the tier passes): a policy with rules, all of
 * them `Log`. Log does not end evaluation, so the policy decides nothing, yet selecting an
 * endpoint makes the tier's end-of-tier action apply to it: traffic that no other policy of the
 * tier allows is denied at the end of the tier (its `defaultAction`, Deny unless the Tier says
 * Pass). A "logging only" policy in its own tier therefore blocks everything it selects.
 *
 * The tier's action comes from the Tier resource in the workspace (the definition applied last),
 * else from the built-in tiers; a tier the workspace does not define is said to deny "unless it
 * sets Pass". Untracked and pre-DNAT policies are left out (their stages end without a verdict:
 * https://docs.tigera.io/calico/latest/reference/host-endpoints/summary), and so are staged ones,
 * which enforce nothing. A tier whose policies all only log gets one warning per policy, which
 * already says it all; no separate note on the Tier.
 */
import type { WorkspaceRule } from '../workspace-registry';
import { quoteValue } from '../../util/strings';
import { TIER_DOCS } from './common';
import { BUILT_IN_TIERS, policyTier } from '../../model/tiers';

export interface LogOnlyPolicyData {
  tier: string;
  /** The tier's end-of-tier action, or `unknown` when no Tier resource of that name is known. */
  defaultAction: 'Deny' | 'Pass' | 'unknown';
}

export const rule: WorkspaceRule = {
  code: 'log-only-policy',
  severity: 'warning',
  origin: 'semantics',
  summary: "A policy whose rules are all Log: it allows nothing, and the traffic it selects meets the tier's end-of-tier deny.",
  checkSlot(index, fileId, slot, out) {
    const summaries = slot.result.summaries;
    for (let i = 0; i < summaries.length; i++) {
      const s = summaries[i]!;
      const p = s.policy;
      if (!p || !p.logOnly || p.staged || p.doNotTrack || p.preDNAT || s.rejected) continue;
      if (index.isDuplicated(s) && index.isReplaced(fileId, slot.id, i)) continue;
      const tier = policyTier(p);
      const action = index.tier(tier)?.defaultAction ?? BUILT_IN_TIERS.get(tier)?.defaultAction ?? 'unknown';
      const shown = quoteValue(tier);
      const start = `Every rule of this policy is Log, and Log does not decide anything, so the policy allows nothing`;
      let message: string;
      if (action === 'Pass') {
        message = `${start}: traffic of the endpoints it selects goes on to the next policy, and at the end of tier ${shown} (defaultAction Pass) to the next tier. Add an Allow, Deny or Pass rule if the policy should decide something.`;
      } else {
        const deny = action === 'Deny' ? `is denied there (tier ${shown} has defaultAction Deny)` : `is denied there unless tier ${shown} sets defaultAction: Pass (no Tier resource of that name is among the files checked)`;
        message = `${start}. Because it selects endpoints, the end of tier ${shown} now applies to them: their traffic that no other policy of the tier allows ${deny}. Add the Allow rules the policy is meant to make, or a final 'action: Pass' rule to hand the traffic to the next tier (see ${TIER_DOCS}).`;
      }
      const data: LogOnlyPolicyData = { tier, defaultAction: action };
      out.push({
        code: 'log-only-policy',
        severity: action === 'Pass' ? 'information' : 'warning',
        message,
        ...s.nameSpan,
        data,
      });
    }
  },
};
