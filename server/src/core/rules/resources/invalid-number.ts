/**
 * `invalid-number`: a number outside the range Calico accepts for the field, where the CRD schema
 * does not already say so. The limits come from Calico's validator tags (route priorities 1 to
 * 2147483646, Wireguard ports 1 to 65535, Go runtime settings at least -1, …) and from the Go types
 * the value is decoded into: 16-bit ports (Felix failsafe ports), 8-bit values (BGP `ttlSecurity`,
 * a numeric `istioDSCPMark`) and unsigned AS numbers, which cannot be negative.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { int, reportOn, select } from './walk';

const CODE = 'invalid-number';

/** [path, min, max, what the limit is]. */
type Limit = readonly [string, number, number, string];

const ROUTE_PRIORITY: [number, number, string] = [1, 2147483646, 'a route priority'];
const AS_NUMBER: [number, number, string] = [0, Number.MAX_SAFE_INTEGER, 'an AS number'];

const FIELDS: Record<string, readonly Limit[]> = {
  FelixConfiguration: [
    ['spec.debugPort', 0, 65535, 'a port'],
    ['spec.bpfKubeProxyHealthzPort', 0, 65535, 'a port'],
    ['spec.bpfExtToServiceConnmark', 0, 4294967295, 'a 32-bit connection mark'],
    ['spec.ipv4NormalRoutePriority', ...ROUTE_PRIORITY],
    ['spec.ipv4ElevatedRoutePriority', ...ROUTE_PRIORITY],
    ['spec.ipv6NormalRoutePriority', ...ROUTE_PRIORITY],
    ['spec.ipv6ElevatedRoutePriority', ...ROUTE_PRIORITY],
    ['spec.wireguardListeningPort', 1, 65535, 'a port'],
    ['spec.wireguardListeningPortV6', 1, 65535, 'a port'],
    ['spec.wireguardRoutingRulePriority', 1, 32765, 'a routing rule priority'],
    ['spec.goGCThreshold', -1, Number.MAX_SAFE_INTEGER, 'this setting (-1 disables it)'],
    ['spec.goMemoryLimitMB', -1, Number.MAX_SAFE_INTEGER, 'this setting (-1 disables it)'],
    ['spec.goMaxProcs', -1, Number.MAX_SAFE_INTEGER, 'this setting (-1 disables it)'],
    ['spec.bpfMaglevMaxEndpointsPerService', 1, 3000, 'this limit'],
    ['spec.bpfMaglevMaxServices', 1, 3000, 'this limit'],
    ['spec.failsafeInboundHostPorts[*].port', 0, 65535, 'a port'],
    ['spec.failsafeOutboundHostPorts[*].port', 0, 65535, 'a port'],
    ['spec.istioDSCPMark', 0, 255, 'a DSCP value'],
  ],
  BGPPeer: [
    ['spec.asNumber', ...AS_NUMBER],
    ['spec.localASNumber', ...AS_NUMBER],
    ['spec.ttlSecurity', 0, 255, 'a TTL hop count'],
  ],
  BGPConfiguration: [['spec.asNumber', ...AS_NUMBER]],
  BGPFilter: ['exportV4', 'importV4', 'exportV6', 'importV6'].flatMap((r): Limit[] => [
    [`spec.${r}[*].asPathPrefix[*]`, ...AS_NUMBER],
    [`spec.${r}[*].operations[*].prependASPath.prefix[*]`, ...AS_NUMBER],
  ]),
  CalicoNodeStatus: [['spec.updatePeriodSeconds', 0, 86400, 'the update period (seconds, at most one day)']],
};

function check(ctx: ResourceContext): void {
  for (const [path, min, max, what] of FIELDS[ctx.kind] ?? []) {
    for (const hit of select(ctx.root, path)) {
      const n = int(hit.node);
      if (n === undefined || (n >= min && n <= max)) continue;
      const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
      reportOn(ctx, CODE, hit.node, `${n} is out of range for ${what}: Calico accepts ${range}.`, { data: { field: hit.path, min, max: max === Number.MAX_SAFE_INTEGER ? null : max } });
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: "A number outside the range Calico's validator or Go types accept for the field.",
  kinds: Object.keys(FIELDS),
  check,
};
