/**
 * `untracked-no-host-endpoint`: an untracked or pre-DNAT policy whose selector matches no
 * HostEndpoint the workspace knows. Such policies only ever act on host endpoints, so a policy
 * that selects none does nothing. Information when the workspace holds no HostEndpoint at all
 * (they may live elsewhere); a warning when HostEndpoints exist but none matches.
 */
import type { Diagnostic } from '../../types';
import type { WorkspaceRule } from '../workspace-registry';
import type { ResourceSummary } from '../../workspace/summary';
import { parseSelector } from '../../selector';
import { DOCS } from './common';

export const rule: WorkspaceRule = {
  code: 'untracked-no-host-endpoint',
  severity: 'warning',
  origin: 'semantics',
  summary: 'An untracked or pre-DNAT policy that selects no HostEndpoint in the workspace.',
  check(ws, fileId, out: Diagnostic[]) {
    const all = ws.summaries();
    const mine = (all.get(fileId) ?? []).filter((s) => (s.policy?.doNotTrack || s.policy?.preDNAT) && s.policy.canonicalSelector !== null);
    if (mine.length === 0) return;
    const heps: ResourceSummary[] = [];
    for (const list of all.values()) for (const s of list) if (s.kind === 'HostEndpoint') heps.push(s);
    for (const s of mine) {
      const p = s.policy!;
      const span = p.selectorSpan ?? p.flagSpan ?? s.nameSpan;
      const kind = p.doNotTrack ? 'Untracked' : 'Pre-DNAT';
      if (heps.length === 0) {
        out.push({
          code: 'untracked-no-host-endpoint',
          severity: 'information',
          message: `${kind} policy only acts on host endpoints, and no HostEndpoint is defined in the files checked. Make sure one with matching labels exists, or the policy has no effect (see ${DOCS.summary}).`,
          start: span.start,
          end: span.end,
          data: { hostEndpoints: 0 },
        });
        continue;
      }
      const parsed = parseSelector(p.selector ?? '');
      if (!parsed.ok) continue;
      if (heps.some((h) => parsed.selector.matches(h.labels ?? {}))) continue;
      out.push({
        code: 'untracked-no-host-endpoint',
        severity: 'warning',
        message: `${kind} policy only acts on host endpoints, but its selector matches none of the ${heps.length} HostEndpoint${heps.length === 1 ? '' : 's'} in the workspace, so it has no effect.`,
        start: span.start,
        end: span.end,
        data: { hostEndpoints: heps.length },
      });
    }
  },
};
