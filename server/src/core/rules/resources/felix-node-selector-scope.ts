/**
 * `felix-node-selector-scope`: a FelixConfiguration named `default` applies to every node and one
 * named `node.<name>` to that node, so the CRD refuses a `nodeSelector` on them; only other names
 * are selector-scoped configurations.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { keyAt, present, select, specOf, str } from './walk';

const CODE = 'felix-node-selector-scope';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  const sel = present(spec, 'nodeSelector');
  const name = str(select(ctx.root, 'metadata.name')[0]?.node);
  if (!sel || name === undefined) return;
  if (name !== 'default' && !name.startsWith('node.')) return;
  const scope = name === 'default' ? 'the cluster-wide default' : `the per-node configuration of '${name.slice(5)}'`;
  ctx.report(CODE, {
    ...keyAt(sel),
    message: `'${name}' is ${scope}, so it cannot have a nodeSelector; give a selector-scoped configuration another name.`,
    data: { name },
  });
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: "A nodeSelector on the 'default' or a 'node.<name>' FelixConfiguration.",
  celRules: ["self.metadata.name == 'default' || self.metadata.name.startsWith('node.') ? !has(self.spec.nodeSelector) : true"],
  kinds: ['FelixConfiguration'],
  check,
};
