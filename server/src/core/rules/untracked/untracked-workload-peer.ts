/**
 * `untracked-workload-peer` (information): an untracked Allow rule whose peer is clearly a
 * workload (`namespaceSelector`, `serviceAccounts` or `services`). Untracked policy acts on host
 * endpoints; for traffic to or from local pods it has no net effect, because the reply packets find
 * no conntrack state and are dropped as invalid by the workload's own policy
 * (https://docs.tigera.io/calico/latest/reference/host-endpoints/summary).
 */
import type { ResourceRule } from '../types';
import { getPair, getValue } from '../../yaml/tree';
import { DOCS, GLOBAL_POLICY_KINDS, allowRules, readFlags } from './common';

const WORKLOAD_FIELDS = ['namespaceSelector', 'serviceAccounts', 'services'];

export const rule: ResourceRule = {
  code: 'untracked-workload-peer',
  severity: 'information',
  origin: 'advice',
  summary: 'Untracked policy has no net effect on traffic to or from local workloads.',
  kinds: GLOBAL_POLICY_KINDS,
  check(ctx) {
    const f = readFlags(ctx.root);
    if (!f || !f.isDoNotTrack) return;
    for (const { direction, item } of allowRules(f.spec)) {
      for (const side of ['source', 'destination']) {
        const peer = getValue(item, side);
        for (const field of WORKLOAD_FIELDS) {
          const p = getPair(peer, field);
          if (!p || !p.value || (p.value.kind === 'scalar' && p.value.type === 'null')) continue;
          ctx.report('untracked-workload-peer', {
            start: p.key.start,
            end: p.key.end,
            message: `'${field}' matches pods, but untracked policy is meant for host endpoints and host-networked processes: traffic to or from local pods gets no lasting effect from it, because replies without conntrack state are dropped as invalid. Use a normal (tracked) policy for pods (see ${DOCS.summary}).`,
            data: { field, direction },
          });
        }
      }
    }
  },
};
