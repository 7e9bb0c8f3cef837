/**
 * `invalid-network`: a field that takes an address range holds something Calico cannot parse, or a
 * range of the wrong IP family.
 *
 * Most such fields use Calico's CIDR-or-IP parser (`10.0.0.0/8`, or a bare address meaning a single
 * host, with IPv4 and IPv6 both allowed): network set `nets`, Felix's BPF CIDR lists and
 * `externalNodesList` (IPv4 only), kube-controllers' host endpoint template `interfaceCIDRs`.
 * BGP filter rules take IPv4 CIDRs in `exportV4`/`importV4` and IPv6 in `exportV6`/`importV6`.
 * The IPPool CRD parses `spec.cidr` with the Kubernetes CEL `cidr()` function, which also refuses
 * IPv4-mapped IPv6 prefixes and a prefix length with a leading zero.
 *
 * Fields whose CRD schema already has `format: cidr` are only checked here for what that format
 * does not cover, so a value is never reported twice.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { parseCidr, parseIp } from '../../util/ip';
import { celCidr, isV4Mapped, parseCidrOrIp } from './go-net';
import { reportOn, select, shown, str } from './walk';

const CODE = 'invalid-network';

interface Field {
  path: string;
  /** Only this Go family is accepted. */
  family?: 4 | 6;
  /** The schema checks the syntax (`format: cidr`): only the family is checked here. */
  schemaFormat?: boolean;
  /** Parsed by CEL's cidr(). */
  cel?: boolean;
}

const BGP_FILTER: Field[] = [
  { path: 'spec.exportV4[*].cidr', family: 4, schemaFormat: true },
  { path: 'spec.importV4[*].cidr', family: 4, schemaFormat: true },
  { path: 'spec.exportV6[*].cidr', family: 6, schemaFormat: true },
  { path: 'spec.importV6[*].cidr', family: 6, schemaFormat: true },
];

const FIELDS: Record<string, readonly Field[]> = {
  GlobalNetworkSet: [{ path: 'spec.nets[*]' }],
  NetworkSet: [{ path: 'spec.nets[*]' }],
  FelixConfiguration: [
    { path: 'spec.externalNodesList[*]', family: 4 },
    { path: 'spec.bpfDSROptoutCIDRs[*]' },
    { path: 'spec.bpfExcludeCIDRsFromNAT[*]' },
  ],
  KubeControllersConfiguration: [{ path: 'spec.controllers.node.hostEndpoint.templates[*].interfaceCIDRs[*]' }],
  BGPFilter: BGP_FILTER,
  IPPool: [{ path: 'spec.cidr', schemaFormat: true, cel: true }],
  // Calico Enterprise/Cloud (checked only in that edition; `validate:"omitempty,net"` in tigera/api).
  EgressGatewayPolicy: [{ path: 'spec.rules[*].destination.cidr' }],
};

function check(ctx: ResourceContext): void {
  for (const f of FIELDS[ctx.kind] ?? []) {
    for (const hit of select(ctx.root, f.path)) {
      const value = str(hit.node);
      if (value === undefined) continue;
      if (value === '' && (f.schemaFormat || f.path.endsWith('.cidr'))) continue;
      if (f.schemaFormat && !parseCidr(value)) continue;
      const parsed = parseCidrOrIp(value);
      const data = { field: hit.path, family: f.family ?? null };
      if (!parsed) {
        const slash = value.indexOf('/');
        const ip = slash === -1 ? undefined : parseIp(value.slice(0, slash));
        const why = ip ? `the prefix length must be a number from 0 to ${ip.family === 4 ? 32 : 128}` : 'it is not an IP address or CIDR';
        reportOn(ctx, CODE, hit.node, `${shown(value)} is not a valid address range: ${why} (such as 10.0.0.0/16 or fd00::/64).`, { data });
        continue;
      }
      if (f.family && parsed.version !== f.family) {
        const where = hit.path.includes('V4') ? 'IPv4 rules take' : hit.path.includes('V6') ? 'IPv6 rules take' : 'this field takes';
        reportOn(ctx, CODE, hit.node, `${shown(value)} is an IPv${parsed.version} range; ${where} IPv${f.family} only.`, { data });
        continue;
      }
      if (f.cel && !celCidr(value)) {
        const why = isV4Mapped(parsed.cidr.ip) ? 'is written as an IPv4-mapped IPv6 prefix' : 'has a prefix length with a leading zero';
        reportOn(ctx, CODE, hit.node, `${shown(value)} ${why}, which the IPPool CRD cannot parse; write it in plain form such as ${parsed.version === 4 ? '10.0.0.0/16' : 'fd00::/64'}.`, { data });
      }
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'An address range that Calico cannot parse, or of the wrong IP family for the field.',
  kinds: Object.keys(FIELDS),
  check,
};
