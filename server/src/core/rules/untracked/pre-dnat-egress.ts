/**
 * `pre-dnat-egress` (error): a pre-DNAT policy with egress rules, or with `Egress` in `types`.
 * Pre-DNAT policy only filters traffic arriving at a host endpoint before DNAT; Calico's CRD rules
 * refuse egress in it.
 */
import type { ResourceRule } from '../types';
import { getPair, getValue } from '../../yaml/tree';
import { DOCS, GLOBAL_POLICY_KINDS, readFlags } from './common';

const CEL_EGRESS = '(!has(self.preDNAT) || !self.preDNAT) || !has(self.egress) || size(self.egress) == 0';
const CEL_TYPES = "(!has(self.preDNAT) || !self.preDNAT) || !has(self.types) || !self.types.exists(t, t == 'Egress')";

export const rule: ResourceRule = {
  code: 'pre-dnat-egress',
  severity: 'error',
  origin: 'cel',
  summary: 'Pre-DNAT policies can only have ingress rules.',
  celRules: [CEL_EGRESS, CEL_TYPES],
  kinds: GLOBAL_POLICY_KINDS,
  check(ctx) {
    const f = readFlags(ctx.root);
    if (!f || !f.isPreDNAT) return;
    const egress = getPair(f.spec, 'egress');
    if (egress?.value && egress.value.kind === 'seq' && egress.value.items.length > 0) {
      ctx.report('pre-dnat-egress', {
        start: egress.key.start,
        end: egress.key.end,
        message: `A pre-DNAT policy cannot have egress rules: it only filters traffic entering a host endpoint, before DNAT. Move these rules to a separate policy without 'preDNAT' (see ${DOCS.preDnat}).`,
        data: { what: 'rules' },
      });
    }
    const types = getValue(f.spec, 'types');
    if (types && types.kind === 'seq') {
      for (const t of types.items) {
        if (t.kind === 'scalar' && t.value === 'Egress') {
          ctx.report('pre-dnat-egress', {
            start: t.start,
            end: t.end,
            message: "A pre-DNAT policy cannot list 'Egress' in 'types': pre-DNAT policy applies to ingress traffic only.",
            data: { what: 'types' },
          });
        }
      }
    }
  },
};
