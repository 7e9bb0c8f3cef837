/**
 * `services-misplaced`: a `services` match on the side of a rule where Calico does not allow it.
 * Service matches describe the remote peer: the destination of an egress rule, or the source of an
 * ingress rule. Calico's validator refuses them in an egress rule's source and in an ingress
 * rule's destination (it skips this check for staged deletions, which must be empty anyway).
 */
import type { ResourceRule } from '../types';
import { CALICO_POLICY_KINDS, keySpan, policyRules, presentPair, ruleEntities } from '../../model/rule-fields';
import { isStagedDelete } from './staged';

export const rule: ResourceRule = {
  code: 'services-misplaced',
  severity: 'error',
  origin: 'validator',
  summary: "A 'services' match in an egress rule's source or an ingress rule's destination.",
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    if (isStagedDelete(ctx.root)) return;
    for (const r of policyRules(ctx.root)) {
      for (const e of ruleEntities(r)) {
        const services = presentPair(e.node, 'services');
        if (!services) continue;
        const wrong = (r.direction === 'egress' && e.side === 'source') || (r.direction === 'ingress' && e.side === 'destination');
        if (!wrong) continue;
        const right = r.direction === 'egress' ? 'destination' : 'source';
        ctx.report('services-misplaced', {
          ...keySpan(services),
          message: `'services' is not allowed in the ${e.side} of an ${r.direction} rule; put it in the ${right}.`,
          data: { path: `${e.path}.services`, direction: r.direction, side: e.side },
        });
      }
    }
  },
};
