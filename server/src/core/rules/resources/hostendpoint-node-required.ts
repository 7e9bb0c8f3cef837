/**
 * `hostendpoint-node-required`: a HostEndpoint must say which node its interface is on. The CRD
 * requires `spec.node` to be present and non-empty (CEL), even though the schema does not list it.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { at, keyAt, nonEmpty, present, specOf } from './walk';

const CODE = 'hostendpoint-node-required';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec || nonEmpty(spec, 'node')) return;
  const node = present(spec, 'node');
  if (node?.value) {
    if (node.value.kind === 'scalar' && node.value.type === 'string') {
      ctx.report(CODE, { ...at(node.value), message: "'node' is empty; name the node that owns this host endpoint's interface.", data: { field: 'spec.node' } });
    }
    return;
  }
  const specPair = present(ctx.root, 'spec')!;
  ctx.report(CODE, { ...keyAt(specPair), message: "A HostEndpoint needs 'spec.node': the name of the node the interface or IPs belong to.", data: { field: 'spec.node' } });
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'A HostEndpoint without the node it belongs to.',
  celRules: ['has(self.node) && size(self.node) > 0'],
  kinds: ['HostEndpoint'],
  check,
};
