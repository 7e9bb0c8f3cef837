/**
 * `invalid-ip`: a field that must hold a single IP address (no prefix length) holds something else,
 * or an address of the wrong family.
 *
 * Sources: the `ip`, `ipv4`, `ipv6` and `reachableBy` validators (Go's `net.ParseIP`; Go counts an
 * IPv4-mapped IPv6 address as IPv4), Felix's address parsing in `validateFelixConfigSpec`, and the
 * FelixConfiguration CEL rules that require `natOutgoingAddress` and `deviceRouteSourceAddress` to
 * be IPv4 and `deviceRouteSourceAddressIPv6` to be IPv6 (CEL's `isIP()` also refuses IPv4-mapped
 * addresses). Empty strings are skipped, as Calico treats them as unset.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { parseIp } from '../../util/ip';
import { celIp, goVersion, isV4Mapped } from './go-net';
import { reportOn, select, shown, str } from './walk';

const CODE = 'invalid-ip';

type Want = 'any' | 'v4' | 'v6' | 'cel-v4' | 'cel-v6';

const FIELDS: Record<string, ReadonlyArray<[string, Want]>> = {
  HostEndpoint: [['spec.expectedIPs[*]', 'any']],
  BGPConfiguration: [
    ['spec.localWorkloadPeeringIPV4', 'v4'],
    ['spec.localWorkloadPeeringIPV6', 'v6'],
  ],
  BGPPeer: [['spec.reachableBy', 'any']],
  FelixConfiguration: [
    ['spec.natOutgoingAddress', 'cel-v4'],
    ['spec.deviceRouteSourceAddress', 'cel-v4'],
    ['spec.deviceRouteSourceAddressIPv6', 'cel-v6'],
  ],
};

function problem(value: string, want: Want): string | undefined {
  const ip = parseIp(value);
  if (!ip) {
    if (value.includes('/') && parseIp(value.slice(0, value.indexOf('/')))) return `${shown(value)} is a CIDR; this field takes a single IP address without a prefix length.`;
    return `${shown(value)} is not a valid IP address.`;
  }
  const v = goVersion(ip);
  switch (want) {
    case 'any':
      return undefined;
    case 'v4':
      return v === 4 ? undefined : `${shown(value)} is an IPv6 address; this field takes an IPv4 address.`;
    case 'v6':
      return v === 6 ? undefined : `${shown(value)} is an IPv4 address; this field takes an IPv6 address.`;
    case 'cel-v4':
    case 'cel-v6': {
      if (!celIp(value)) return `${shown(value)} is an IPv4-mapped IPv6 address, which the API server does not accept here; write the plain ${want === 'cel-v4' ? 'IPv4' : 'IPv6'} address.`;
      const fam = ip.family;
      if (want === 'cel-v4' && fam !== 4) return `${shown(value)} is an IPv6 address; this field takes an IPv4 address.`;
      if (want === 'cel-v6' && fam !== 6) return `${shown(value)} is an IPv4 address; this field takes an IPv6 address.`;
      return undefined;
    }
  }
}

function check(ctx: ResourceContext): void {
  for (const [path, want] of FIELDS[ctx.kind] ?? []) {
    for (const hit of select(ctx.root, path)) {
      const value = str(hit.node);
      if (value === undefined || value === '') continue;
      const why = problem(value, want);
      if (why) {
        const ip = parseIp(value);
        reportOn(ctx, CODE, hit.node, why, { data: { field: hit.path, family: want.endsWith('4') ? 4 : want.endsWith('6') ? 6 : null, mapped: !!ip && isV4Mapped(ip) } });
      }
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'A field that takes a single IP address holds something else, or an address of the wrong family.',
  celRules: [
    '!has(self.natOutgoingAddress) || size(self.natOutgoingAddress) == 0 || (isIP(self.natOutgoingAddress) && ip(self.natOutgoingAddress).family() == 4)',
    '!has(self.deviceRouteSourceAddress) || size(self.deviceRouteSourceAddress) == 0 || (isIP(self.deviceRouteSourceAddress) && ip(self.deviceRouteSourceAddress).family() == 4)',
    '!has(self.deviceRouteSourceAddressIPv6) || size(self.deviceRouteSourceAddressIPv6) == 0 || (isIP(self.deviceRouteSourceAddressIPv6) && ip(self.deviceRouteSourceAddressIPv6).family() == 6)',
  ],
  kinds: Object.keys(FIELDS),
  check,
};
