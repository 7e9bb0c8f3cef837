/**
 * One or two sentences, in our own words, for the fields people write by hand, each with the
 * section of Calico's reference page that covers it. Hover shows them above the facts the schema
 * gives (type, allowed values, ranges, default). The CRDs' descriptions are Calico's prose and are
 * deliberately not used; facts (defaults, ranges, which combinations are refused) come from
 * Calico's reference pages (tigera/docs, calico/reference/resources/*.mdx) and sources.
 *
 * Paths are written as a resource's keys with `[]` for a list item (`spec.ingress[].action`); the
 * same text serves every place a structure occurs (a rule under `ingress` and `egress`, an entity
 * rule under `source` and `destination`). The three untracked-policy flags of GlobalNetworkPolicy
 * (`doNotTrack`, `preDNAT`, `applyOnForward`) have longer hovers of their own (`flag-docs.ts`).
 *
 * Invariants: every path exists in its kind's schema, and every link's anchor exists on the
 * Calico page it names (test/unit/field-docs.test.ts checks both, the anchors against a snapshot
 * of the pages' headings and field ids). Lookups are one map access per hover.
 */

const BASE = 'https://docs.tigera.io/calico/latest/reference/resources/';

export interface FieldDoc {
  /** Markdown: one or two sentences. */
  text: string;
  /** The Calico reference page and section. */
  url: string;
  /** How the link is labelled, e.g. "GlobalNetworkPolicy: Rule". */
  label: string;
}

interface Section {
  page: string;
  anchor: string;
  label: string;
  /** Path (relative to `under`) → text. */
  fields: Readonly<Record<string, string>>;
}

// ---------------------------------------------------------------------------------------------
// Policies: GlobalNetworkPolicy, NetworkPolicy and their staged variants.

const POLICY_SPEC: Readonly<Record<string, string>> = {
  order:
    'Where this policy stands among the policies of its tier: lower values are applied first. A policy without an `order` comes after every policy that has one.',
  tier: 'The tier the policy belongs to (`default` when omitted). Tiers are evaluated in their own `order`; the tier named here must exist, and a policy name in a tier other than `default` starts with `<tier>.`.',
  selector:
    'Which endpoints the policy applies to, as a Calico selector over their labels. Omitted or `all()` selects every endpoint in scope.',
  serviceAccountSelector:
    'Narrows the policy to endpoints whose Kubernetes service account has matching labels; `projectcalico.org/name` holds the account name.',
  types:
    'The directions the policy governs: `Ingress`, `Egress` or both. When omitted, Calico derives it from which rule lists are present (`Ingress` when there are none). A direction listed without rules allows nothing itself: unless another policy of the tier allows the traffic, the tier\'s default action drops it.',
  ingress: 'Rules for traffic arriving at the selected endpoints, tried in order; the first rule whose match succeeds decides (except `Log`).',
  egress: 'Rules for traffic leaving the selected endpoints, tried in order; the first rule whose match succeeds decides (except `Log`).',
  performanceHints:
    "Hints that let Calico compute the policy more cheaply; they never change what it enforces. `AssumeNeededOnEveryNode` prepares the policy on every node instead of only where it selects a local endpoint.",
};

const GLOBAL_POLICY_SPEC: Readonly<Record<string, string>> = {
  ...POLICY_SPEC,
  namespaceSelector:
    'Restricts the policy to endpoints in namespaces whose labels match (`projectcalico.org/name` holds the namespace name). Host endpoints have no namespace, so a policy with a namespace selector never applies to them.',
};

const STAGED_ACTION = {
  stagedAction: 'What applying the staged policy would do: `Set` (the default) creates or updates the enforced policy of the same name, `Delete` removes it (and then no other spec field may be set).',
};

const RULE: Readonly<Record<string, string>> = {
  action:
    '`Allow` and `Deny` decide at once; `Log` records the packet and goes on with the next rule; `Pass` skips the rest of this tier and continues with the next tier (or the profiles).',
  protocol: 'Matches packets of this IP protocol: `TCP`, `UDP`, `ICMP`, `ICMPv6`, `SCTP`, `UDPLite` (exactly so written), or a number 1–255. Port matches need `TCP`, `UDP` or `SCTP`.',
  notProtocol: 'Matches packets of any IP protocol except this one (a name or a number 1–255, as for `protocol`).',
  ipVersion: 'Matches only IPv4 (`4`) or only IPv6 (`6`) packets. It must agree with the families of the rule\'s CIDRs, with `ICMP` (4) and with `ICMPv6` (6).',
  icmp: 'Matches ICMP messages by `type` (and optionally `code`); the rule\'s `protocol` must be `ICMP` or `ICMPv6`.',
  notICMP: 'Matches every packet except ICMP messages of this `type` (and `code`); the rule\'s `protocol` must be `ICMP` or `ICMPv6`.',
  source: 'Conditions on where the packet comes from: addresses, selected endpoints or network sets, ports, service accounts or a service. All conditions given must hold.',
  destination: 'Conditions on where the packet goes: addresses, selected endpoints or network sets, ports, service accounts or a service. All conditions given must hold.',
  http: 'Matches HTTP requests by method and path (application layer policy, which must be enabled). Allowed only on ingress rules with action `Allow` and protocol `TCP`.',
  metadata: 'Information kept with the rule that does not change what it matches (annotations; with iptables they appear as rule comments).',
  'metadata.annotations': 'Free-form key/value notes on the rule, following the Kubernetes annotation syntax.',
};

const ICMP: Readonly<Record<string, string>> = {
  type: 'The ICMP message type to match (0–254), for example 8 for an IPv4 echo request or 128 for an ICMPv6 one.',
  code: 'The ICMP code to match within the `type` (0–255); needs `type`.',
};

const ENTITY: Readonly<Record<string, string>> = {
  nets: 'Matches when the address is in one of these CIDRs (written with a prefix length, with no host bits set; all of one IP family per rule).',
  notNets: 'Matches when the address is in none of these CIDRs. `0.0.0.0/0` or `::/0` here would match nothing and is refused.',
  selector:
    'Matches traffic of the endpoints and network sets whose labels satisfy this selector. It matches known endpoints only: to match any address, leave the selector out rather than write `all()`.',
  notSelector:
    'Matches traffic of anything except the endpoints and network sets this selector matches: unlike `selector: !…`, it also matches addresses that belong to no endpoint.',
  namespaceSelector:
    'Limits `selector` and `serviceAccounts` to namespaces whose labels match. Without it, a NetworkPolicy looks in its own namespace and a global policy in all of them; `global()` selects the non-namespaced resources (host endpoints, global network sets).',
  ports: 'Matches these ports (numbers, `min:max` ranges, or named ports); the rule needs a `protocol` of `TCP`, `UDP` or `SCTP`.',
  notPorts: 'Matches ports other than these (numbers, `min:max` ranges or named ports); the rule needs a `protocol` of `TCP`, `UDP` or `SCTP`.',
  serviceAccounts: 'Matches endpoints that run under the Kubernetes service accounts given by `names` and/or `selector`.',
  'serviceAccounts.names': 'Service account names to match (any of them).',
  'serviceAccounts.selector': 'A selector over the labels of service accounts to match.',
  services:
    "Matches the endpoints of a Kubernetes Service (by `name` and `namespace`). On an egress destination it must stand alone; on an ingress source only ports may go with it. Needs the Kubernetes datastore.",
  'services.name': 'The name of the Kubernetes Service.',
  'services.namespace': 'The namespace of the Service; required in a global policy, defaults to the policy\'s own namespace in a NetworkPolicy.',
};

const HTTP: Readonly<Record<string, string>> = {
  methods: 'HTTP methods to match, case-sensitive (`GET`, `POST`…); each at most once.',
  paths: 'Request paths to match, each as `exact` or `prefix` (case-sensitive, without the query string).',
};

const HTTP_PATH: Readonly<Record<string, string>> = {
  exact: 'Matches a request whose path is exactly this one (query string and fragment left out).',
  prefix: 'Matches a request whose path starts with this text.',
};

function under(prefix: string, table: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(table)) out[`${prefix}.${k}`] = v;
  return out;
}

function ruleSections(page: string, kind: string): Section[] {
  const sections: Section[] = [];
  for (const dir of ['ingress', 'egress']) {
    const rule = `spec.${dir}[]`;
    sections.push({ page, anchor: 'rule', label: `${kind}: Rule`, fields: under(rule, Object.fromEntries(Object.entries(RULE).filter(([k]) => k !== 'metadata.annotations'))) });
    sections.push({ page, anchor: 'rulemetadata', label: `${kind}: RuleMetadata`, fields: { [`${rule}.metadata.annotations`]: RULE['metadata.annotations']! } });
    for (const icmp of ['icmp', 'notICMP']) sections.push({ page, anchor: 'icmp', label: `${kind}: ICMP`, fields: under(`${rule}.${icmp}`, ICMP) });
    for (const side of ['source', 'destination']) {
      const entity = `${rule}.${side}`;
      const plain = Object.fromEntries(Object.entries(ENTITY).filter(([k]) => !k.includes('.')));
      sections.push({ page, anchor: 'entityrule', label: `${kind}: EntityRule`, fields: under(entity, plain) });
      sections.push({ page, anchor: 'serviceaccountmatch', label: `${kind}: ServiceAccountMatch`, fields: under(entity, { 'serviceAccounts.names': ENTITY['serviceAccounts.names']!, 'serviceAccounts.selector': ENTITY['serviceAccounts.selector']! }) });
      sections.push({ page, anchor: 'servicematch', label: `${kind}: ServiceMatch`, fields: under(entity, { 'services.name': ENTITY['services.name']!, 'services.namespace': ENTITY['services.namespace']! }) });
    }
    sections.push({ page, anchor: 'httpmatch', label: `${kind}: HTTPMatch`, fields: under(`${rule}.http`, HTTP) });
    sections.push({ page, anchor: 'httppathmatch', label: `${kind}: HTTPPathMatch`, fields: under(`${rule}.http.paths[]`, HTTP_PATH) });
  }
  return sections;
}

function policySections(page: string, kind: string, spec: Readonly<Record<string, string>>): Section[] {
  const { performanceHints, tier, ...rest } = spec;
  return [
    { page, anchor: 'spec', label: `${kind}: Spec`, fields: under('spec', rest) },
    { page, anchor: 'performance-hints', label: `${kind}: Performance hints`, fields: { 'spec.performanceHints': performanceHints! } },
    { page: 'tier', anchor: 'how-policy-is-evaluated', label: 'Tier: how policy is evaluated', fields: { 'spec.tier': tier! } },
    ...ruleSections(page, kind),
  ];
}

// ---------------------------------------------------------------------------------------------
// Endpoints, network sets, tiers.

const HOST_ENDPOINT: Section[] = [
  {
    page: 'hostendpoint',
    anchor: 'spec',
    label: 'HostEndpoint: Spec',
    fields: {
      'spec.node': 'The name of the Calico node (host) this endpoint belongs to. Required.',
      'spec.interfaceName':
        'The host interface that policy is enforced on, or `*` for all of the host\'s interfaces (untracked policy does not work with `*`). Without it, Calico finds the interface by `expectedIPs`; with neither, the endpoint is refused.',
      'spec.expectedIPs':
        'The addresses of the interface. Other hosts turn rule selectors that match this endpoint into these addresses, so without them such rules never match its traffic.',
      'spec.profiles': 'Profiles whose rules apply to the endpoint when no policy decides; `projectcalico-default-allow` turns the default deny into allow.',
      'spec.ports': 'Named ports on this host, so rules can match them by name (`ports: [https]`). Naming a port does not open it.',
    },
  },
  {
    page: 'hostendpoint',
    anchor: 'endpointport',
    label: 'HostEndpoint: EndpointPort',
    fields: {
      'spec.ports[].name': 'The name rules use for this port: lower-case letters, digits and hyphens, at most 15 characters, unique on the endpoint.',
      'spec.ports[].protocol': 'The protocol of the named port: `TCP`, `UDP` or `SCTP`.',
      'spec.ports[].port': 'The port number, 1–65535.',
    },
  },
];

const NETS = 'The networks in the set, as CIDRs or single addresses (IPv4 and IPv6 may be mixed). Rules select the set by its labels and match these addresses.';

const NETWORK_SETS: Record<string, Section[]> = {
  GlobalNetworkSet: [{ page: 'globalnetworkset', anchor: 'spec', label: 'GlobalNetworkSet: Spec', fields: { 'spec.nets': NETS } }],
  NetworkSet: [{ page: 'networkset', anchor: 'spec', label: 'NetworkSet: Spec', fields: { 'spec.nets': `${NETS} Only policies of the same namespace see a NetworkSet.` } }],
};

const TIER: Section[] = [
  {
    page: 'tier',
    anchor: 'spec',
    label: 'Tier: Spec',
    fields: {
      'spec.order': 'The tier\'s place in evaluation: tiers with lower values decide first; a tier without an order comes last. The built-in tiers have fixed orders.',
      'spec.defaultAction':
        'What happens to traffic that policies of this tier select but no rule decides: `Deny` (the default) drops it, `Pass` hands it to the next tier.',
    },
  },
];

// ---------------------------------------------------------------------------------------------
// IP pools.

const IPPOOL: Section[] = [
  {
    page: 'ippool',
    anchor: 'spec',
    label: 'IPPool: Spec',
    fields: {
      'spec.cidr': 'The address range of the pool, as a CIDR. It must not overlap another pool or the link-local ranges.',
      'spec.natOutgoing': 'When `true`, traffic from pods in this pool to addresses outside every Calico pool is source-NATed to the node\'s address.',
      'spec.disabled': 'When `true`, no new addresses are handed out from the pool; addresses already in use stay.',
      'spec.disableBGPExport': 'When `true`, routes for this pool are not advertised to BGP peers.',
    },
  },
  {
    page: 'ippool',
    anchor: 'block-sizes',
    label: 'IPPool: Block sizes',
    fields: { 'spec.blockSize': 'The prefix length of the blocks in which the pool\'s addresses are handed to nodes: 20–32 for IPv4 (default 26, 64 addresses), 116–128 for IPv6 (default 122). It cannot change once the pool exists.' },
  },
  {
    page: 'ippool',
    anchor: 'ipip',
    label: 'IPPool: IPIP',
    fields: { 'spec.ipipMode': 'When to encapsulate pod traffic in IP-in-IP: `Never`, `Always`, or `CrossSubnet` (only between nodes in different subnets). IPv4 pools only, and not together with `vxlanMode`.' },
  },
  {
    page: 'ippool',
    anchor: 'vxlan',
    label: 'IPPool: VXLAN',
    fields: { 'spec.vxlanMode': 'When to encapsulate pod traffic in VXLAN: `Never`, `Always`, or `CrossSubnet` (only between nodes in different subnets). Not together with IP-in-IP.' },
  },
  {
    page: 'ippool',
    anchor: 'node-selector',
    label: 'IPPool: Node selector',
    fields: { 'spec.nodeSelector': 'The nodes that may take addresses from this pool, as a selector over node labels; `all()` when omitted.' },
  },
  {
    page: 'ippool',
    anchor: 'allowed-uses',
    label: 'IPPool: Allowed uses',
    fields: { 'spec.allowedUses': 'What the pool\'s addresses are for: `Workload` and/or `Tunnel` (both by default), or `LoadBalancer` on its own. It only affects new allocations.' },
  },
  {
    page: 'ippool',
    anchor: 'assignment-mode',
    label: 'IPPool: Assignment mode',
    fields: { 'spec.assignmentMode': '`Automatic` (the default) lets IPAM pick this pool by itself; `Manual` hands out its addresses only when a pod or service asks for this pool explicitly.' },
  },
];

// ---------------------------------------------------------------------------------------------
// BGP.

const BGP_CONFIGURATION: Section[] = [
  {
    page: 'bgpconfig',
    anchor: 'spec',
    label: 'BGPConfiguration: Spec',
    fields: {
      'spec.asNumber': 'The AS number the nodes use by default (64512 when unset). Set it on the `default` BGPConfiguration; a node\'s own setting overrides it.',
      'spec.nodeToNodeMeshEnabled':
        'Whether every node peers with every other node (`true` by default). Turn it off, on the `default` BGPConfiguration, when you peer with route reflectors or routers through BGPPeers instead.',
      'spec.serviceClusterIPs': 'Service cluster IP ranges to advertise over BGP, so routers outside the cluster can reach services. Read from the `default` BGPConfiguration only.',
      'spec.serviceExternalIPs': 'The ranges from which Service external IPs are advertised over BGP; external IPs outside them are not. Read from the `default` BGPConfiguration only.',
      'spec.serviceLoadBalancerIPs': 'The ranges from which LoadBalancer service addresses are advertised over BGP. Read from the `default` BGPConfiguration only.',
      'spec.listenPort': 'The TCP port BGP listens on (179 by default).',
      'spec.bindMode': '`None` listens for BGP on every address; `NodeIP` only on the node\'s own BGP address.',
      'spec.logSeverityScreen': 'How much the BGP daemon logs (`Info` by default).',
      'spec.nodeMeshPassword': 'A password, from a Kubernetes secret, for every session of the node-to-node mesh.',
      'spec.nodeMeshMaxRestartTime': 'How long mesh peers keep this node\'s routes while its BGP session restarts (graceful restart), as a duration.',
      'spec.ignoredInterfaces': 'Interfaces (names, with `*` wildcards) whose routes the BGP daemon ignores.',
    },
  },
  {
    page: 'bgpconfig',
    anchor: 'communities',
    label: 'BGPConfiguration: communities',
    fields: { 'spec.communities': 'Named BGP community values (`aa:nn` or `aa:nn:mm`) that `prefixAdvertisements` can attach to routes; a community is only sent when an advertisement uses it.' },
  },
  {
    page: 'bgpconfig',
    anchor: 'prefixadvertisements',
    label: 'BGPConfiguration: prefixAdvertisements',
    fields: { 'spec.prefixAdvertisements': 'Which communities to attach to the routes of given CIDRs, by community name or value.' },
  },
];

const BGP_PEER: Section[] = [
  {
    page: 'bgppeer',
    anchor: 'spec',
    label: 'BGPPeer: Spec',
    fields: {
      'spec.peerIP': 'The address of the peer, optionally with a port: `10.0.0.1`, `10.0.0.1:1179` or `[fd00::1]:1179`. Goes with `asNumber`; not with `peerSelector`.',
      'spec.asNumber': 'The AS number of the peer at `peerIP`.',
      'spec.node': 'The one node that makes this peering; without it (and without `nodeSelector`) every node does.',
      'spec.nodeSelector': 'The nodes that make this peering, as a selector over node labels; not together with `node`.',
      'spec.peerSelector': 'Peer with the Calico nodes this selector matches, instead of an address; not together with `peerIP` and `asNumber`.',
      'spec.localASNumber': 'The AS number the nodes present to this peer, instead of the cluster\'s.',
      'spec.sourceAddress': '`UseNodeIP` (the default) sets the node\'s address as the session\'s source; `None` leaves it to the routing table.',
      'spec.filters': 'Names of BGPFilter resources applied to the routes exchanged with this peer, in order.',
      'spec.keepOriginalNextHop': 'Deprecated in favour of `nextHopMode: Keep`: pass routes on with their original next hop.',
      'spec.nextHopMode': 'How the next hop of routes sent to the peer is set: `Auto` (the default), `Self` or `Keep`.',
      'spec.reachableBy': 'The gateway through which the peer is reached; Calico adds a static route to it so the session does not flap.',
      'spec.ttlSecurity': 'The number of hops to the peer, for GTSM: packets arriving with a lower TTL than that implies are dropped.',
      'spec.maxRestartTime': 'How long the peer keeps routes while the session restarts (graceful restart), as a duration.',
      'spec.localWorkloadSelector': 'Peer with the local workloads this selector matches (for example a BGP-speaking pod); needs the local workload peering addresses of BGPConfiguration.',
      'spec.reversePeering': 'For peerings by `peerSelector`: `Auto` (the default) creates the reverse sessions too, `Manual` leaves them to another BGPPeer.',
    },
  },
  {
    page: 'bgppeer',
    anchor: 'bgppassword',
    label: 'BGPPeer: BGPPassword',
    fields: { 'spec.password': 'The session password (at most 80 characters), read from a Kubernetes secret (`secretKeyRef`: the secret\'s `name` and `key`) in the namespace where calico-node runs, which must be allowed to read it.' },
  },
];

// ---------------------------------------------------------------------------------------------
// Felix. Each field has its own anchor on the page (the field's YAML name).

const FELIX_FIELDS: Readonly<Record<string, string>> = {
  bpfEnabled: 'Use the eBPF data plane instead of iptables or nftables (`false` by default). It needs a recent kernel, and kube-proxy should then be turned off.',
  bpfMapSizeConntrack: 'Entries in the eBPF connection-tracking map (512,000 by default): one per live connection. Changing it on a running node resets tracked connections.',
  bpfMapSizePerCpuConntrack: 'When not 0, the conntrack map gets this many entries per CPU instead of `bpfMapSizeConntrack`.',
  bpfMapSizeConntrackScaling: '`DoubleIfFull` (the default) doubles the conntrack map when it stays nearly full after cleanup; `Disabled` keeps its size fixed.',
  bpfMapSizeConntrackCleanupQueue: 'Room for NAT connections waiting to be cleaned up (100,000 by default); it should hold those that expire within one cleanup pass.',
  bpfMapSizeNATFrontend: 'Entries in the eBPF NAT front-end map (65,536 by default): one per service port, node port and external IP.',
  bpfMapSizeNATBackend: 'Entries in the eBPF NAT back-end map (262,144 by default): one per service endpoint.',
  bpfMapSizeNATAffinity: 'Entries in the map that remembers session affinity for services that ask for it (65,536 by default).',
  bpfMapSizeRoute: 'Entries in the eBPF routes map (262,144 by default): about one per workload plus a few per host.',
  bpfMapSizeIPSets: 'Entries in the eBPF IP set map (1,048,576 by default): one per endpoint per selector used in rules, so broad selectors cost many.',
  bpfMapSizeIfState: 'Entries in the interface state map (1,000 by default): one per interface on the host, workloads included.',
  bpfConntrackTimeouts: 'Timeouts of the eBPF connection tracker per state (`tcpEstablished`, `udpTimeout`, …), each a duration or `Auto` to take the Linux conntrack setting.',
  bpfConntrackMode: 'How eBPF conntrack entries are cleaned up: `Auto` (the default), `BPFProgram` or `Userspace`.',
  bpfLogLevel: 'Logging of the eBPF programs to the kernel trace pipe: `Off` (the default), `Info` or `Debug`. Debug logging is slow.',
  bpfExternalServiceMode: 'How traffic from outside the cluster to a service reaches a pod on another node in eBPF mode: `Tunnel` (the default) or `DSR` (replies go straight back; needs a permissive L2 network).',
  bpfConnectTimeLoadBalancing: 'Whether the eBPF data plane resolves services when a connection is opened: `TCP` (the default), `Enabled` or `Disabled`.',
  bpfKubeProxyIptablesCleanupEnabled: 'In eBPF mode, remove kube-proxy\'s iptables rules (`true` by default); only right when kube-proxy is not running.',
  bpfDataIfacePattern: 'A regular expression naming the host interfaces that eBPF programs attach to for traffic to and from the network.',
  bpfEnforceRPF: 'Reverse-path filtering by the eBPF programs: `Loose` (the default), `Strict` or `Disabled`.',
  failsafeInboundHostPorts:
    'Ports on which hosts always accept traffic, whatever the policy, so a mistake cannot cut off SSH, BGP, etcd or the API server. By default TCP 22, 179, 2379, 2380, 5473, 6443, 6666, 6667 and UDP 68; `[]` turns this off.',
  failsafeOutboundHostPorts:
    'Ports to which hosts may always send, whatever the policy. By default TCP 179, 2379, 2380, 5473, 6443, 6666, 6667 and UDP 53, 67; `[]` turns this off.',
  defaultEndpointToHostAction:
    'What happens to traffic from a pod to its own host after the pod\'s egress policy: `Drop` (the default), `Accept`, or `Return` (leave it to the host\'s own iptables INPUT rules).',
  logSeverityScreen: 'The lowest severity Felix logs to standard output: `Trace`, `Debug`, `Info` (the default), `Warning`, `Error` or `Fatal`.',
  logSeverityFile: 'The lowest severity Felix writes to its log file (`Info` by default).',
  iptablesBackend: 'Which iptables implementation Felix programs: `Auto` (the default: whichever the host uses), `Legacy` or `NFT`. Switching on a running node can leave rules behind in the other one.',
  iptablesRefreshInterval: 'How often Felix re-checks its iptables rules and repairs changes made by others, as a duration; 0 turns it off.',
  nftablesMode: 'Whether Felix uses nftables: `Auto` (the default), `Enabled` or `Disabled`.',
  routeRefreshInterval: 'How often Felix re-checks the routes it programs and repairs them (90 s by default); 0 turns it off.',
  reportingInterval: 'How often Felix writes its status to the datastore (30 s by default); 0 turns it off, which OpenStack deployments must not do.',
  interfacePrefix: 'Name prefixes (comma-separated) of workload interfaces, which tell them from host interfaces: `cali` on Kubernetes.',
  ipipEnabled: 'Forces the IP-in-IP tunnel device on or off; when unset, Felix decides from the IP pools.',
  vxlanEnabled: 'Forces the IPv4 VXLAN tunnel device on or off; when unset, Felix decides from the IP pools.',
  wireguardEnabled: 'Encrypt IPv4 traffic between nodes with WireGuard (`false` by default).',
  ipv6Support: 'Whether Felix programs IPv6 (`true` by default).',
  natOutgoingAddress: 'The source address for traffic leaving a `natOutgoing` pool; by default the address of the outgoing interface.',
  prometheusMetricsEnabled: 'Serve Felix\'s Prometheus metrics (`false` by default), on `prometheusMetricsPort`.',
  prometheusMetricsPort: 'The TCP port of the Prometheus metrics server (9091 by default).',
  healthPort: 'The TCP port of Felix\'s health endpoint (9099 by default).',
  xdpEnabled: 'Accelerate untracked deny rules with XDP where the interface supports it (`true` by default; iptables data plane).',
};

const FELIX: Section[] = [
  ...Object.entries(FELIX_FIELDS).map(([field, text]) => ({ page: 'felixconfig', anchor: field, label: `FelixConfiguration: ${field}`, fields: { [`spec.${field}`]: text } })),
  {
    page: 'felixconfig',
    anchor: 'selector-scoped-configuration',
    label: 'FelixConfiguration: selector-scoped configuration',
    fields: { 'spec.nodeSelector': 'Applies this configuration to the nodes whose labels match. Not allowed on `default` or `node.<name>` configurations, which already say where they apply.' },
  },
  ...['failsafeInboundHostPorts', 'failsafeOutboundHostPorts'].map((list) => ({
    page: 'felixconfig',
    anchor: 'protoport',
    label: 'FelixConfiguration: ProtoPort',
    fields: {
      [`spec.${list}[].protocol`]: 'The port\'s protocol (`tcp`, `udp` or `sctp`, as Calico\'s defaults write them); `tcp` when omitted.',
      [`spec.${list}[].port`]: 'The port number (0–65535). Required.',
      [`spec.${list}[].net`]: 'Limit the exception to this peer CIDR; any address when omitted.',
    },
  })),
];

// ---------------------------------------------------------------------------------------------

const SECTIONS: Readonly<Record<string, readonly Section[]>> = {
  GlobalNetworkPolicy: policySections('globalnetworkpolicy', 'GlobalNetworkPolicy', GLOBAL_POLICY_SPEC),
  StagedGlobalNetworkPolicy: [
    ...policySections('globalnetworkpolicy', 'GlobalNetworkPolicy', GLOBAL_POLICY_SPEC),
    { page: 'stagedglobalnetworkpolicy', anchor: 'spec', label: 'StagedGlobalNetworkPolicy: Spec', fields: under('spec', STAGED_ACTION) },
  ],
  NetworkPolicy: policySections('networkpolicy', 'NetworkPolicy', POLICY_SPEC),
  StagedNetworkPolicy: [
    ...policySections('networkpolicy', 'NetworkPolicy', POLICY_SPEC),
    { page: 'stagednetworkpolicy', anchor: 'spec', label: 'StagedNetworkPolicy: Spec', fields: under('spec', STAGED_ACTION) },
  ],
  HostEndpoint: HOST_ENDPOINT,
  ...NETWORK_SETS,
  Tier: TIER,
  IPPool: IPPOOL,
  BGPConfiguration: BGP_CONFIGURATION,
  BGPPeer: BGP_PEER,
  FelixConfiguration: FELIX,
};

/** Kind → path pattern → documentation. Built once. */
export const FIELD_DOCS: ReadonlyMap<string, ReadonlyMap<string, FieldDoc>> = (() => {
  const out = new Map<string, Map<string, FieldDoc>>();
  for (const [kind, sections] of Object.entries(SECTIONS)) {
    const m = new Map<string, FieldDoc>();
    for (const s of sections) {
      for (const [path, text] of Object.entries(s.fields)) m.set(path, { text, url: `${BASE}${s.page}#${s.anchor}`, label: s.label });
    }
    out.set(kind, m);
  }
  return out;
})();

/** `spec.ingress[].source` for the keys `['spec', 'ingress', 0, 'source']`. */
export function pathPattern(keys: ReadonlyArray<string | number>): string {
  let out = '';
  for (const k of keys) out += typeof k === 'number' ? '[]' : out ? `.${k}` : k;
  return out;
}

/** The documentation of the field at `keys` in a resource of `kind`, if we have written one. */
export function fieldDoc(kind: string, keys: ReadonlyArray<string | number>): FieldDoc | undefined {
  return FIELD_DOCS.get(kind)?.get(pathPattern(keys));
}
