/**
 * The Cilium agent options of the conntrack and NAT family that we check and explain: their value
 * type (how the agent parses them), their defaults and what they do. The same names are flags in
 * Terway's `cilium_args` (`--name=value`) and keys of Cilium's `cilium-config` ConfigMap.
 *
 * Sources (cilium/cilium): `pkg/maps/mapsize` (the map-size flags and their dynamic defaults),
 * `daemon/cmd/daemon_main.go` (`bpf-ct-timeout-*` flags and their defaults, `conntrack-gc-*`),
 * `pkg/defaults/defaults.go` (`ConntrackGCStartingInterval` 5m, `ConntrackGCMinInterval` 10s,
 * `ConntrackGCMaxLRUInterval` 12h).
 *
 * Invariant: data only. A name is "of the family" (so that an unknown one is worth reporting) when
 * it starts with one of `FAMILY_PREFIXES` or is within two edits of a known name.
 */

import { closest, editDistance } from '../util/strings';

export type OptionType = 'int' | 'float' | 'duration';

export interface CiliumOption {
  name: string;
  type: OptionType;
  /** The default as the agent states it. */
  defaultText: string;
  /** The default in seconds, for duration options with a fixed default. */
  defaultSeconds?: number;
  /** Our one-line description. */
  doc: string;
  /** For CT timeouts: which table the entries live in, for the capacity arithmetic. */
  table?: 'tcp' | 'any';
}

export const CILIUM_OPTIONS: readonly CiliumOption[] = [
  { name: 'bpf-map-dynamic-size-ratio', type: 'float', defaultText: '0.0025', doc: 'Share of the node\'s total memory used to size the CT, NAT, neighbour and socket reverse-NAT maps, in (0, 1]; 0 turns dynamic sizing off.' },
  { name: 'bpf-ct-global-tcp-max', type: 'int', defaultText: '0 (sized dynamically; 524,288 with dynamic sizing off)', doc: 'Entries of the TCP conntrack map. An explicit value replaces the dynamic size; it must lie in [1,024, 16,777,216].' },
  { name: 'bpf-ct-global-any-max', type: 'int', defaultText: '0 (sized dynamically; 262,144 with dynamic sizing off)', doc: 'Entries of the non-TCP (UDP, ICMP, other) conntrack map. An explicit value must lie in [1,024, 16,777,216].' },
  { name: 'bpf-nat-global-max', type: 'int', defaultText: '0 (sized dynamically; 524,288 with dynamic sizing off)', doc: 'Entries of the NAT map. It must lie in [1,024, 16,777,216] and not exceed the two CT maps together; dynamically it is at most two thirds of their sum.' },
  { name: 'bpf-neigh-global-max', type: 'int', defaultText: '0 (the NAT map\'s size)', doc: 'Entries of the neighbour map (IP to MAC for NodePort replies).' },
  { name: 'bpf-ct-timeout-regular-tcp', type: 'duration', defaultText: '8000s (2h13m20s)', defaultSeconds: 8000, doc: 'Lifetime of an established TCP connection\'s entry after its last packet.', table: 'tcp' },
  { name: 'bpf-ct-timeout-regular-tcp-syn', type: 'duration', defaultText: '60s', defaultSeconds: 60, doc: 'Lifetime of a TCP entry while the connection is being set up (SYN seen).', table: 'tcp' },
  { name: 'bpf-ct-timeout-regular-tcp-fin', type: 'duration', defaultText: '10s', defaultSeconds: 10, doc: 'Lifetime of a TCP entry once the connection is closing (FIN seen).', table: 'tcp' },
  { name: 'bpf-ct-timeout-regular-any', type: 'duration', defaultText: '60s', defaultSeconds: 60, doc: 'Lifetime of a non-TCP entry after its last packet.', table: 'any' },
  { name: 'bpf-ct-timeout-service-tcp', type: 'duration', defaultText: '8000s (2h13m20s)', defaultSeconds: 8000, doc: 'Lifetime of an established TCP entry of a service (load-balanced) connection.', table: 'tcp' },
  { name: 'bpf-ct-timeout-service-tcp-grace', type: 'duration', defaultText: '60s', defaultSeconds: 60, doc: 'Lifetime of a service TCP entry whose backend is going away (graceful termination).', table: 'tcp' },
  { name: 'bpf-ct-timeout-service-any', type: 'duration', defaultText: '60s', defaultSeconds: 60, doc: 'Lifetime of a non-TCP service entry after its last packet.', table: 'any' },
  { name: 'conntrack-gc-interval', type: 'duration', defaultText: '0s (dynamic: starts at 5m, adapts between 10s and 12h)', doc: 'Fixed interval of the agent\'s conntrack garbage collection; 0 lets the agent adapt it to how full the tables are.' },
  { name: 'conntrack-gc-max-interval', type: 'duration', defaultText: '0s (12h for the LRU maps)', doc: 'Upper bound of the dynamic garbage-collection interval.' },
];

export const OPTIONS_BY_NAME: ReadonlyMap<string, CiliumOption> = new Map(CILIUM_OPTIONS.map((o) => [o.name, o]));

export const FAMILY_PREFIXES: readonly string[] = ['bpf-ct-', 'bpf-nat-', 'bpf-neigh-', 'conntrack-gc', 'bpf-map-dynamic'];

/** The dynamic GC interval's starting value, which the Alibaba Cloud guidance says not to exceed. */
export const GC_STARTING_INTERVAL_SECONDS = 300;

const NAMES = CILIUM_OPTIONS.map((o) => o.name);

/** The known option closest to `name`, for "did you mean". */
export function closestOption(name: string): string | undefined {
  return closest(name, NAMES);
}

/** Whether an unknown name belongs to the conntrack family (and so deserves a diagnostic). */
export function isFamilyName(name: string): boolean {
  if (FAMILY_PREFIXES.some((p) => name.startsWith(p))) return true;
  return CILIUM_OPTIONS.some((o) => editDistance(name, o.name, 2) <= 2);
}
