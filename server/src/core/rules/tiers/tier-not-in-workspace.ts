/**
 * `tier-not-in-workspace` (warning): a policy whose `tier` names a tier that none of the files
 * checked defines, while they do define other tiers (so tiers are evidently managed here, and a
 * missing one is most likely a typo or a forgotten file). Built-in tiers always exist and are
 * never reported.
 *
 * Not an error: Calico refuses to create a policy whose tier does not exist at that moment (the
 * v3 client looks the tier up first: projectcalico/calico libcalico-go/lib/clientv3/
 * globalnetworkpolicy.go, `Create`), but the tier may well exist in the cluster already.
 *
 * Cost per policy: one lookup; the "did you mean" suggestion reads the tier names only when a
 * diagnostic is made, and only when there are at most `SUGGEST_MAX` of them.
 */
import type { WorkspaceRule } from '../workspace-registry';
import { closest, quoteValue } from '../../util/strings';
import { TIER_DOCS } from './common';
import { BUILT_IN_TIERS } from '../../model/tiers';

const SUGGEST_MAX = 500;

export interface TierNotInWorkspaceData {
  tier: string;
  /** A defined tier with a close name, when there is one. */
  suggestion?: string;
}

export const rule: WorkspaceRule = {
  code: 'tier-not-in-workspace',
  severity: 'warning',
  origin: 'semantics',
  summary: 'A policy in a tier that no file checked defines, while the files define other tiers.',
  checkSlot(index, fileId, slot, out) {
    const summaries = slot.result.summaries;
    for (let i = 0; i < summaries.length; i++) {
      const s = summaries[i]!;
      const p = s.policy;
      if (!p || p.tier === undefined || p.tier === '' || !p.tierSpan || s.rejected) continue;
      if (BUILT_IN_TIERS.has(p.tier) || index.tier(p.tier)) continue;
      let custom = index.tierCount;
      for (const name of BUILT_IN_TIERS.keys()) if (index.tier(name)) custom--;
      if (custom === 0) continue;
      if (index.isDuplicated(s) && index.isReplaced(fileId, slot.id, i)) continue;
      // Sorted, so the suggestion does not depend on the order in which files were read.
      const suggestion = index.tierCount <= SUGGEST_MAX ? closest(p.tier, [...index.tierNames()].sort()) : undefined;
      const data: TierNotInWorkspaceData = { tier: p.tier };
      if (suggestion !== undefined) data.suggestion = suggestion;
      const hint = suggestion !== undefined ? ` Did you mean ${quoteValue(suggestion)}?` : '';
      out.push({
        code: 'tier-not-in-workspace',
        severity: 'warning',
        message: `No Tier ${quoteValue(p.tier)} is defined in the files checked, though they define ${custom === 1 ? 'another tier' : `${custom} other tiers`}.${hint} Calico refuses to create a policy whose tier does not exist yet, so apply the Tier first, or fix the name (see ${TIER_DOCS}).`,
        ...p.tierSpan,
        data,
      });
    }
  },
};
