/**
 * `bgpconfig-node-mesh`: `nodeMeshPassword` and `nodeMeshMaxRestartTime` configure the node-to-node
 * mesh, so the BGPConfiguration CRD refuses them when `nodeToNodeMeshEnabled` is explicitly false.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { bool, keyAt, present, specOf } from './walk';

const CODE = 'bgpconfig-node-mesh';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  const mesh = present(spec, 'nodeToNodeMeshEnabled');
  if (!mesh || bool(mesh.value) !== false) return;
  for (const key of ['nodeMeshPassword', 'nodeMeshMaxRestartTime']) {
    const p = present(spec, key);
    if (!p) continue;
    ctx.report(CODE, {
      ...keyAt(p),
      message: `'${key}' applies to the node-to-node mesh, which 'nodeToNodeMeshEnabled: false' turns off; remove it or enable the mesh.`,
      data: { field: `spec.${key}` },
    });
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'Node-to-node mesh settings on a BGPConfiguration that disables the mesh.',
  celRules: [
    '!has(self.nodeMeshPassword) || !has(self.nodeToNodeMeshEnabled) || self.nodeToNodeMeshEnabled == true',
    '!has(self.nodeMeshMaxRestartTime) || !has(self.nodeToNodeMeshEnabled) || self.nodeToNodeMeshEnabled == true',
  ],
  kinds: ['BGPConfiguration'],
  check,
};
