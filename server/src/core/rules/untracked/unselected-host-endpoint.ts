/**
 * `unselected-host-endpoint` (information): a HostEndpoint that no GlobalNetworkPolicy in the
 * workspace selects and that has no profiles. Once a host endpoint exists, Calico denies traffic to
 * and from the host through it by default, except on the failsafe ports, so creating it without a
 * policy can lock the host out (https://docs.tigera.io/calico/latest/reference/host-endpoints/objects).
 */
import type { WorkspaceRule } from '../workspace-registry';

export const rule: WorkspaceRule = {
  code: 'unselected-host-endpoint',
  severity: 'information',
  origin: 'advice',
  summary: 'A HostEndpoint that no policy selects: all its traffic except failsafe ports will be denied.',
  checkSlot(index, fileId, slot, out) {
    slot.result.summaries.forEach((h, i) => {
      if (h.kind !== 'HostEndpoint' || h.hostEndpoint?.hasProfiles) return;
      // A definition that a later one replaces is not checked: the one applied last is.
      if (index.isDuplicated(h) && index.isReplaced(fileId, slot.id, i)) return;
      if (index.selectedBy(fileId, slot.id, i) > 0) return;
      out.push({
        code: 'unselected-host-endpoint',
        severity: 'information',
        message: `No GlobalNetworkPolicy in the workspace selects this HostEndpoint. Once it exists, Calico denies the host's traffic through it by default, except on the failsafe ports: add a policy that allows what the host needs (SSH, the kubelet, BGP…) before creating it.`,
        ...h.nameSpan,
        data: { labels: h.labels ?? {} },
      });
    });
  },
};
