/**
 * `untracked-no-host-endpoint`: an untracked or pre-DNAT policy whose selector matches no
 * HostEndpoint the workspace knows. Such policies only ever act on host endpoints, so a policy
 * that selects none does nothing. Information when the workspace holds no HostEndpoint at all
 * (they may live elsewhere); a warning when HostEndpoints exist but none matches.
 */
import type { WorkspaceRule } from '../workspace-registry';
import { DOCS } from './common';

export const rule: WorkspaceRule = {
  code: 'untracked-no-host-endpoint',
  severity: 'warning',
  origin: 'semantics',
  summary: 'An untracked or pre-DNAT policy that selects no HostEndpoint in the workspace.',
  checkSlot(index, fileId, slot, out) {
    const summaries = slot.result.summaries;
    for (let i = 0; i < summaries.length; i++) {
      const s = summaries[i]!;
      const p = s.policy;
      if (!p || !(p.doNotTrack || p.preDNAT) || p.canonicalSelector === null) continue;
      // A definition that a later one replaces is not checked: the one applied last is.
      if (index.isDuplicated(s) && index.isReplaced(fileId, slot.id, i)) continue;
      const span = p.selectorSpan ?? p.flagSpan ?? s.nameSpan;
      const kind = p.doNotTrack ? 'Untracked' : 'Pre-DNAT';
      const total = index.hostEndpointCount;
      if (total === 0) {
        out.push({
          code: 'untracked-no-host-endpoint',
          severity: 'information',
          message: `${kind} policy only acts on host endpoints, and no HostEndpoint is defined in the files checked. Make sure one with matching labels exists, or the policy has no effect (see ${DOCS.summary}).`,
          ...span,
          data: { hostEndpoints: 0 },
        });
        continue;
      }
      const matches = index.hostEndpointMatches(p.canonicalSelector);
      if (matches === undefined || matches > 0) continue;
      out.push({
        code: 'untracked-no-host-endpoint',
        severity: 'warning',
        message: `${kind} policy only acts on host endpoints, but its selector matches none of the ${total} HostEndpoint${total === 1 ? '' : 's'} in the workspace, so it has no effect.`,
        ...span,
        data: { hostEndpoints: total },
      });
    }
  },
};
