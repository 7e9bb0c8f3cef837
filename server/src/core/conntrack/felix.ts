/**
 * Felix's eBPF conntrack defaults, shared by the Felix timeout rule and the hover. Sources
 * (projectcalico/calico): `felix/config/config_params.go` (map sizes: `BPFMapSizeConntrack`
 * `int;512000;non-zero`, NAT frontend 65536, backend 262144, affinity 65536) and
 * `felix/bpf/conntrack/timeouts` (`DefaultTimeouts`; `Auto` reads the matching Linux sysctl for
 * TCPSynSent, TCPEstablished, TCPFinsSeen, GenericTimeout and ICMPTimeout).
 */

/** Default seconds per `bpfConntrackTimeouts` key. */
export const FELIX_TIMEOUT_DEFAULTS: Readonly<Record<string, number>> = {
  creationGracePeriod: 10,
  tcpSynSent: 20,
  tcpEstablished: 3600,
  tcpFinsSeen: 30,
  tcpResetSeen: 40,
  udpTimeout: 60,
  genericTimeout: 600,
  icmpTimeout: 5,
};

export const FELIX_MAP_DEFAULTS: Readonly<Record<string, number>> = {
  bpfMapSizeConntrack: 512000,
  bpfMapSizeNATFrontend: 65536,
  bpfMapSizeNATBackend: 262144,
  bpfMapSizeNATAffinity: 65536,
};
