/**
 * `rejected-on-apply`: checks Calico makes only in its create/update path (calicoctl apply/create
 * and the Calico API server), not in the CRD schema: a `kubectl apply` against the native
 * projectcalico.org/v3 CRDs accepts these, while calicoctl and the Calico API server refuse them.
 * Since the verdict depends on how the resource is applied, they are warnings.
 *
 * - BGPConfiguration: only the one named `default` may set the cluster-wide fields
 *   (`nodeToNodeMeshEnabled`, `asNumber`, `serviceLoadBalancerIPs`, `serviceExternalIPs`,
 *   `serviceClusterIPs`, `nodeMeshPassword`, `nodeMeshMaxRestartTime`).
 * - KubeControllersConfiguration: only `default` can be created; each host endpoint template needs
 *   a `generateName` that no other template uses, and `interfaceCIDRs` or `interfacePattern`.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { keyAt, nonEmpty, present, select, specOf, str } from './walk';

const CODE = 'rejected-on-apply';

const DEFAULT_ONLY = ['nodeToNodeMeshEnabled', 'asNumber', 'serviceLoadBalancerIPs', 'serviceExternalIPs', 'serviceClusterIPs', 'nodeMeshPassword', 'nodeMeshMaxRestartTime'];
/** The list fields count only when non-empty. */
const LISTS = new Set(['serviceLoadBalancerIPs', 'serviceExternalIPs', 'serviceClusterIPs']);

function nameOf(ctx: ResourceContext) {
  const hit = select(ctx.root, 'metadata.name')[0];
  const name = str(hit?.node);
  return hit && name !== undefined ? { node: hit.node, name } : undefined;
}

function checkBgpConfiguration(ctx: ResourceContext): void {
  const name = nameOf(ctx);
  const spec = specOf(ctx);
  if (!name || name.name === 'default' || !spec) return;
  for (const key of DEFAULT_ONLY) {
    const p = LISTS.has(key) ? nonEmpty(spec, key) : present(spec, key);
    if (!p) continue;
    ctx.report(CODE, {
      ...keyAt(p),
      message: `'${key}' is a cluster-wide setting: calicoctl and the Calico API server only accept it on the BGPConfiguration named 'default', not on '${name.name}'.`,
      data: { field: `spec.${key}`, name: name.name },
    });
  }
}

function checkKubeControllers(ctx: ResourceContext): void {
  const name = nameOf(ctx);
  if (name && name.name !== 'default') {
    ctx.report(CODE, {
      start: name.node.start,
      end: name.node.end,
      message: `calicoctl and the Calico API server only create a KubeControllersConfiguration named 'default'.`,
      data: { field: 'metadata.name', name: name.name },
    });
  }
  const seen = new Set<string>();
  for (const t of select(ctx.root, 'spec.controllers.node.hostEndpoint.templates[*]')) {
    if (t.node.kind !== 'map') continue;
    const first = t.node.pairs[0];
    if (!first) continue;
    const gen = present(t.node, 'generateName');
    const genName = str(gen?.value);
    if (!gen || genName === '' || genName === undefined) {
      if (!gen || genName === '') ctx.report(CODE, { ...keyAt(gen ?? first), message: "Each host endpoint template needs a 'generateName' when applied with calicoctl or the Calico API server.", data: { field: `${t.path}.generateName` } });
    } else if (seen.has(genName)) {
      ctx.report(CODE, { ...keyAt(gen), message: `Another template already uses generateName '${genName}'; calicoctl and the Calico API server require them to be unique.`, data: { field: `${t.path}.generateName` } });
    } else {
      seen.add(genName);
    }
    if (!nonEmpty(t.node, 'interfaceCIDRs') && !nonEmpty(t.node, 'interfacePattern')) {
      ctx.report(CODE, { ...keyAt(first), message: "This template matches no interface: calicoctl and the Calico API server require 'interfaceCIDRs' or 'interfacePattern'.", data: { field: t.path } });
    }
  }
}

function check(ctx: ResourceContext): void {
  if (ctx.kind === 'BGPConfiguration') checkBgpConfiguration(ctx);
  else if (ctx.kind === 'KubeControllersConfiguration') checkKubeControllers(ctx);
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'warning',
  origin: 'validator',
  summary: 'Accepted by the CRDs, but refused when applied with calicoctl or through the Calico API server.',
  kinds: ['BGPConfiguration', 'KubeControllersConfiguration'],
  check,
};
