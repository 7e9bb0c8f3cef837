/**
 * `hostendpoint-no-interface`: a HostEndpoint must identify its interface by `interfaceName`, by
 * `expectedIPs`, or both; with neither (or both empty) it matches nothing and the CRD rejects it.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { keyAt, nonEmpty, present, specOf } from './walk';

const CODE = 'hostendpoint-no-interface';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec || nonEmpty(spec, 'interfaceName') || nonEmpty(spec, 'expectedIPs')) return;
  // A value of the wrong type is the schema's finding; only judge strings and lists.
  const iface = present(spec, 'interfaceName')?.value;
  const ips = present(spec, 'expectedIPs')?.value;
  if ((iface && !(iface.kind === 'scalar' && iface.type === 'string')) || (ips && ips.kind !== 'seq')) return;
  const anchor = present(spec, 'interfaceName') ?? present(spec, 'expectedIPs') ?? present(ctx.root, 'spec')!;
  ctx.report(CODE, {
    ...keyAt(anchor),
    message: "A HostEndpoint needs a non-empty 'interfaceName' (an interface name, or '*' for all of the node's interfaces) or 'expectedIPs', or both.",
    data: { field: 'spec' },
  });
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'A HostEndpoint with neither an interface name nor expected IPs.',
  celRules: ['(has(self.interfaceName) && size(self.interfaceName) > 0) || (has(self.expectedIPs) && size(self.expectedIPs) > 0)'],
  kinds: ['HostEndpoint'],
  check,
};
