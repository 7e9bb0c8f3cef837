/**
 * One line per kind, in our own words, with the Calico reference page for it. Used by hover.
 */
const BASE = 'https://docs.tigera.io/calico/latest/reference/resources/';

export const KIND_DOCS: Readonly<Record<string, { summary: string; page: string }>> = {
  BGPConfiguration: { summary: 'Cluster-wide or per-node BGP settings: AS number, node-to-node mesh, advertised service ranges.', page: 'bgpconfig' },
  BGPFilter: { summary: 'Import and export filters for BGP routes, by CIDR, prefix length and interface.', page: 'bgpfilter' },
  BGPPeer: { summary: 'A BGP peering between Calico nodes and a router or other nodes.', page: 'bgppeer' },
  BlockAffinity: { summary: 'Records which node owns an IPAM block (managed by Calico, rarely written by hand).', page: 'blockaffinity' },
  CalicoNodeStatus: { summary: 'Asks a node to report its BGP and routing status.', page: 'caliconodestatus' },
  ClusterInformation: { summary: 'Read-only facts about the cluster (Calico version, datastore readiness).', page: 'clusterinfo' },
  FelixConfiguration: { summary: 'Settings of Felix, the per-node policy agent (failsafe ports, intervals, data plane options).', page: 'felixconfig' },
  GlobalNetworkPolicy: { summary: 'A cluster-wide policy: it can select host endpoints and workloads in any namespace, and can be untracked or pre-DNAT.', page: 'globalnetworkpolicy' },
  GlobalNetworkSet: { summary: 'A named, labelled set of networks that policies can select as a peer, cluster-wide.', page: 'globalnetworkset' },
  HostEndpoint: { summary: "One or all of a host's network interfaces, put under policy. Without a policy, its traffic is denied except on failsafe ports.", page: 'hostendpoint' },
  IPAMBlock: { summary: 'An allocation block of the IP address manager (managed by Calico).', page: 'ipamblock' },
  IPAMConfiguration: { summary: 'Global settings of the IP address manager.', page: 'ipamconfig' },
  IPAMHandle: { summary: 'Tracks addresses allocated to one owner (managed by Calico).', page: 'ipamhandle' },
  IPPool: { summary: 'A range of addresses for pods, with its encapsulation, NAT and node selection.', page: 'ippool' },
  IPReservation: { summary: 'Addresses that Calico IPAM must never hand out.', page: 'ipreservation' },
  KubeControllersConfiguration: { summary: 'Settings of the Calico Kubernetes controllers.', page: 'kubecontrollersconfig' },
  NetworkPolicy: { summary: 'A namespaced policy for workloads in one namespace.', page: 'networkpolicy' },
  NetworkSet: { summary: 'A named, labelled set of networks that policies in the same namespace can select as a peer.', page: 'networkset' },
  StagedGlobalNetworkPolicy: { summary: 'A GlobalNetworkPolicy that is only previewed (flow logs show its effect), not enforced.', page: 'stagedglobalnetworkpolicy' },
  StagedKubernetesNetworkPolicy: { summary: 'A Kubernetes NetworkPolicy that is only previewed, not enforced.', page: 'stagedkubernetesnetworkpolicy' },
  StagedNetworkPolicy: { summary: 'A Calico NetworkPolicy that is only previewed, not enforced.', page: 'stagednetworkpolicy' },
  Tier: { summary: 'An ordered group of policies; a policy in a higher-priority tier decides first.', page: 'tier' },
};

export function kindDocsUrl(kind: string): string | undefined {
  const k = KIND_DOCS[kind];
  return k ? BASE + k.page : undefined;
}
