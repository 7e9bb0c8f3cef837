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

/**
 * The kinds only Calico Enterprise / Calico Cloud has, one line each in our own words, shown by
 * hover in the Enterprise edition. They link to the Enterprise resource overview, which lists
 * every kind's page.
 */
export const ENTERPRISE_KIND_DOCS: Readonly<Record<string, string>> = {
  AlertException: 'Suppresses matching security alerts for a time window.',
  BFDConfiguration: 'Bidirectional Forwarding Detection on node interfaces, for fast BGP failover.',
  DeepPacketInspection: 'Turns on intrusion detection by packet inspection for the selected workloads of a namespace.',
  EgressGatewayPolicy: 'Chooses, per destination, whether traffic leaves directly or through which egress gateways.',
  ExternalNetwork: 'A network outside the cluster reached through its own routing table, for egress gateways and BGP peers.',
  GlobalAlert: 'An alert raised when a query over flow, DNS, audit, L7, WAF or vulnerability records crosses a threshold.',
  GlobalAlertTemplate: 'A reusable pattern for GlobalAlerts, offered in the web console.',
  GlobalReport: 'A scheduled compliance report (inventory, network access, policy audit, CIS benchmark).',
  GlobalReportType: 'The definition of a report type: which data it collects and how it is rendered.',
  GlobalThreatFeed: 'A feed of malicious addresses or domains, pulled periodically, that policy and alerts can use.',
  GlobalWAFPlugin: 'Cluster-wide web application firewall rules that WAF policies can include.',
  GlobalWAFPolicy: "The cluster's web application firewall policy (named default).",
  GlobalWAFValidationPolicy: 'Rego rules that WAF policies of the selected namespaces must satisfy.',
  LicenseKey: 'The Calico Enterprise license (named default).',
  LicenseUsageReport: 'A signed record of licensed usage (written by Calico).',
  ManagedCluster: 'A cluster managed from this management cluster.',
  Network: 'A layer-2 bridge or VRF network that workloads can be attached to.',
  PacketCapture: 'Captures packets of the selected workloads of a namespace, optionally in a time window.',
  PolicyRecommendationScope: 'Where and how often policy recommendations are generated from observed traffic.',
  RemoteClusterConfiguration: 'Access to another cluster, for federated endpoints and services.',
  SecurityEventWebhook: 'Sends matching security events to Slack, Jira or another webhook.',
  UISettings: 'One saved view, layer or dashboard of the web console.',
  UISettingsGroup: 'A group of saved web console settings, shared or per user.',
  WAFPlugin: 'Web application firewall rules of one namespace that its WAF policies can include.',
  WAFPolicy: 'Web application firewall protection for Gateway API gateways or routes of a namespace.',
  WAFValidationPolicy: 'Rego rules that the WAF policies of this namespace must satisfy.',
};

export const ENTERPRISE_KINDS_URL = 'https://docs.tigera.io/calico-enterprise/latest/reference/resources/overview';
