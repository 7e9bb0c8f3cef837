/**
 * `ippool-allowed-uses`: the IPPool CRD's rules on `allowedUses`.
 *
 * A `LoadBalancer` pool serves Service load-balancer addresses only: it cannot also allow
 * `Workload` or `Tunnel`, cannot use IP-in-IP or VXLAN, cannot set `disableBGPExport: true` (its
 * addresses must be advertised), and its `nodeSelector` must be `all()` (the default). A pool that
 * allows `Tunnel` cannot have a `namespaceSelector`.
 *
 * When `allowedUses` is not set, the CRD accepts a `namespaceSelector`, but calicoctl and the
 * Calico API server first fill in the default `[Workload, Tunnel]` and then refuse the pool; that
 * case is a warning.
 *
 * Calico Enterprise/Cloud only (the value exists only there): an `L2Workload` pool (addresses for
 * workloads on a layer-2 network) is used for nothing else, is not encapsulated, and is not
 * advertised over BGP (`disableBGPExport: true`).
 */
import type { ResourceContext, ResourceRule } from '../types';
import { at, keyAt, nonEmpty, present, specOf, str } from './walk';
import { readPool } from './ippool-util';

const CODE = 'ippool-allowed-uses';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  const pool = readPool(spec);
  const uses = pool.uses;
  if (uses?.includes('LoadBalancer') && pool.usesPair?.value) {
    const other = uses.filter((u) => u === 'Workload' || u === 'Tunnel');
    if (other.length > 0) {
      ctx.report(CODE, {
        ...at(pool.usesPair.value),
        message: `A LoadBalancer pool cannot also be used for ${other.join(' or ')}; make a separate pool for ${other.length > 1 ? 'those' : 'that'}.`,
        data: { conflict: other },
      });
    }
    for (const mode of [pool.ipip, pool.vxlan]) {
      if (!mode?.value) continue;
      ctx.report(CODE, {
        ...at(mode.value),
        message: `A LoadBalancer pool cannot use encapsulation; set '${mode.keyText}: Never' or remove it.`,
        data: { field: `spec.${mode.keyText}` },
      });
    }
    const noExport = present(spec, 'disableBGPExport');
    if (noExport?.value && noExport.value.kind === 'scalar' && noExport.value.value === true) {
      ctx.report(CODE, {
        ...at(noExport.value),
        message: 'A LoadBalancer pool must be advertised over BGP; remove disableBGPExport or set it to false.',
        data: { field: 'spec.disableBGPExport' },
      });
    }
    const sel = present(spec, 'nodeSelector');
    const selText = str(sel?.value);
    // An empty selector is replaced by all() before Calico stores the pool.
    if (sel?.value && selText !== undefined && selText !== '' && selText !== 'all()') {
      ctx.report(CODE, {
        ...at(sel.value),
        message: "A LoadBalancer pool must be available on every node: its nodeSelector must be exactly 'all()' (or left out).",
        data: { field: 'spec.nodeSelector', suggestion: 'all()' },
      });
    }
  }
  if (ctx.edition === 'enterprise' && uses?.includes('L2Workload') && pool.usesPair?.value) {
    const other = uses.filter((u) => u === 'Workload' || u === 'Tunnel' || u === 'LoadBalancer' || u === 'HostSecondaryInterface');
    if (other.length > 0) {
      ctx.report(CODE, { ...at(pool.usesPair.value), message: `An L2Workload pool cannot also be used for ${other.join(' or ')}; make a separate pool for ${other.length > 1 ? 'those' : 'that'}.`, data: { conflict: other } });
    }
    for (const mode of [pool.ipip, pool.vxlan]) {
      if (!mode?.value || str(mode.value) === 'Never' || str(mode.value) === '') continue;
      ctx.report(CODE, { ...at(mode.value), message: `An L2Workload pool cannot use encapsulation; set '${mode.keyText}: Never' or remove it.`, data: { field: `spec.${mode.keyText}` } });
    }
    const noExport = present(spec, 'disableBGPExport');
    if (!(noExport?.value && noExport.value.kind === 'scalar' && noExport.value.value === true)) {
      ctx.report(CODE, { ...(noExport?.value ? at(noExport.value) : at(pool.usesPair.value)), message: "An L2Workload pool's addresses stay on their layer-2 network: set 'disableBGPExport: true'.", data: { field: 'spec.disableBGPExport' } });
    }
  }
  const nsSel = nonEmpty(spec, 'namespaceSelector');
  if (!nsSel || str(nsSel.value) === undefined) return;
  if (uses?.includes('Tunnel')) {
    ctx.report(CODE, {
      ...keyAt(nsSel),
      message: 'A pool that allows Tunnel addresses cannot have a namespaceSelector; remove Tunnel from allowedUses or drop the selector.',
      data: { field: 'spec.namespaceSelector' },
    });
  } else if (!uses || uses.length === 0) {
    ctx.report(CODE, {
      ...keyAt(nsSel),
      message: "allowedUses is not set, so calicoctl and the Calico API server default it to Workload and Tunnel and then refuse this namespaceSelector; set 'allowedUses: [Workload]'.",
      data: { field: 'spec.namespaceSelector', defaulted: true },
      severity: 'warning',
    });
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'An IP pool allowedUses combination the CRD forbids (LoadBalancer mixed with other uses or settings, Tunnel with a namespaceSelector).',
  celRules: [
    "!has(self.allowedUses) || !self.allowedUses.exists(u, u == 'LoadBalancer') || (!has(self.ipipMode) || size(self.ipipMode) == 0 || self.ipipMode == 'Never') && (!has(self.vxlanMode) || size(self.vxlanMode) == 0 || self.vxlanMode == 'Never')",
    "!has(self.allowedUses) || !self.allowedUses.exists(u, u == 'LoadBalancer') || !self.allowedUses.exists(u, u == 'Workload' || u == 'Tunnel')",
    "!has(self.allowedUses) || !self.allowedUses.exists(u, u == 'LoadBalancer') || !has(self.disableBGPExport) || !self.disableBGPExport",
    "!has(self.allowedUses) || !self.allowedUses.exists(u, u == 'LoadBalancer') || self.nodeSelector == 'all()'",
    "!has(self.allowedUses) || !self.allowedUses.exists(u, u == 'Tunnel') || !has(self.namespaceSelector) || size(self.namespaceSelector) == 0",
    // Calico Enterprise/Cloud's CRD only.
    "!has(self.allowedUses) || !self.allowedUses.exists(u, u == 'L2Workload') || !self.allowedUses.exists(u, u == 'Workload' || u == 'Tunnel' || u == 'LoadBalancer' || u == 'HostSecondaryInterface')",
    "!has(self.allowedUses) || !self.allowedUses.exists(u, u == 'L2Workload') || (!has(self.ipipMode) || size(self.ipipMode) == 0 || self.ipipMode == 'Never') && (!has(self.vxlanMode) || size(self.vxlanMode) == 0 || self.vxlanMode == 'Never')",
    "!has(self.allowedUses) || !self.allowedUses.exists(u, u == 'L2Workload') || (has(self.disableBGPExport) && self.disableBGPExport)",
  ],
  kinds: ['IPPool'],
  check,
};
