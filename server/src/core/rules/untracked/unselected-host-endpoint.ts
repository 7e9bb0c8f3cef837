/**
 * `unselected-host-endpoint` (information): a HostEndpoint that no GlobalNetworkPolicy in the
 * workspace selects and that has no profiles. Once a host endpoint exists, Calico denies traffic to
 * and from the host through it by default, except on the failsafe ports, so creating it without a
 * policy can lock the host out (https://docs.tigera.io/calico/latest/reference/host-endpoints/objects).
 */
import type { Diagnostic } from '../../types';
import type { WorkspaceRule } from '../workspace-registry';
import type { ResourceSummary } from '../../workspace/summary';
import { parseSelector } from '../../selector';

export const rule: WorkspaceRule = {
  code: 'unselected-host-endpoint',
  severity: 'information',
  origin: 'advice',
  summary: 'A HostEndpoint that no policy selects: all its traffic except failsafe ports will be denied.',
  check(ws, fileId, out: Diagnostic[]) {
    const all = ws.summaries();
    const heps = (all.get(fileId) ?? []).filter((s) => s.kind === 'HostEndpoint' && !s.hostEndpoint?.hasProfiles);
    if (heps.length === 0) return;
    const policies: ResourceSummary[] = [];
    for (const list of all.values()) for (const s of list) if (s.kind === 'GlobalNetworkPolicy' && s.policy) policies.push(s);
    for (const h of heps) {
      const labels = h.labels ?? {};
      const selected = policies.some((p) => {
        if (p.policy!.canonicalSelector === null) return true; // unknown: do not claim it is unselected
        const parsed = parseSelector(p.policy!.selector ?? '');
        return !parsed.ok || parsed.selector.matches(labels);
      });
      if (selected) continue;
      out.push({
        code: 'unselected-host-endpoint',
        severity: 'information',
        message: `No GlobalNetworkPolicy in the workspace selects this HostEndpoint. Once it exists, Calico denies the host's traffic through it by default, except on the failsafe ports: add a policy that allows what the host needs (SSH, the kubelet, BGP…) before creating it.`,
        start: h.nameSpan.start,
        end: h.nameSpan.end,
        data: { labels },
      });
    }
  },
};
