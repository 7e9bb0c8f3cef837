/**
 * `invalid-endpoint-port`: a HostEndpoint named port (`spec.ports[]`) that Calico refuses: its
 * `name` must be an IANA service name (1–15 lower-case letters, digits and single hyphens, with at
 * least one letter), and its `protocol` must be one that carries ports: `TCP`, `UDP` or `SCTP`
 * (case-sensitive) or their numbers 6, 17, 132. Port numbers are the schema's (1–65535).
 */
import type { ResourceContext, ResourceRule } from '../types';
import { portNameProblems } from '../../util/k8s-names';
import { parseProtocol, showProtocol, supportsPorts } from '../../model/numorstring';
import { first, reportOn, select, shown, str } from './walk';

const CODE = 'invalid-endpoint-port';

function check(ctx: ResourceContext): void {
  for (const port of select(ctx.root, 'spec.ports[*]')) {
    const name = first(port.node, 'name');
    const nameText = str(name?.node);
    if (name && nameText !== undefined) {
      const why = portNameProblems(nameText)[0];
      if (why) reportOn(ctx, CODE, name.node, `The port name ${shown(nameText)} ${nameText === '' ? 'is empty' : why}; port names follow the IANA service-name rules (such as 'https' or 'metrics-1').`, { data: { field: `${port.path}.name` } });
    }
    const proto = first(port.node, 'protocol');
    if (!proto) continue;
    const data = { field: `${port.path}.protocol` };
    const p = parseProtocol(proto.node);
    if (p.kind === 'error') {
      if (p.layer !== 'type') reportOn(ctx, CODE, proto.node, `Invalid protocol: ${p.message}`, { data });
      continue;
    }
    if (!supportsPorts(p)) {
      reportOn(ctx, CODE, proto.node, `A host endpoint port needs a protocol with ports (TCP, UDP or SCTP); ${showProtocol(p)} has none.`, { data });
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'A HostEndpoint named port with an invalid name or a protocol without ports.',
  kinds: ['HostEndpoint'],
  check,
};
