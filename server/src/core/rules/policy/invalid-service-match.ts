/**
 * `invalid-service-match`: a `services` match that does not name a service properly. Calico wants
 * a non-empty `name` (CRD CEL rule); `name` and `namespace` must be valid Kubernetes names
 * (validator); and in a GlobalNetworkPolicy (or its staged form), which has no namespace of its
 * own, the `namespace` is required (validator).
 */
import type { ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { matchesDns1123Subdomain } from '../../util/k8s-names';
import { CALICO_POLICY_KINDS, GLOBAL_POLICY_KINDS, keySpan, mapField, nodeSpan, policyRules, presentPair, ruleEntities, stringScalar } from '../../model/rule-fields';
import { isStagedDelete } from './staged';

export const rule: ResourceRule = {
  code: 'invalid-service-match',
  severity: 'error',
  origin: 'validator',
  summary: "A 'services' match without a valid service name, or without a namespace in a global policy.",
  celRules: ['!has(self.services) || size(self.services.name) > 0'],
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    const global = GLOBAL_POLICY_KINDS.includes(ctx.kind);
    const stagedDelete = isStagedDelete(ctx.root);
    for (const r of policyRules(ctx.root)) {
      for (const e of ruleEntities(r)) {
        const pair = presentPair(e.node, 'services');
        if (!pair) continue;
        const services = mapField(e.node, 'services');
        if (!services) continue;
        const path = `${e.path}.services`;
        const name = stringScalar(services, 'name');
        const nameValue = (name?.value as string | undefined) ?? '';
        if (nameValue === '') {
          const at = getPair(services, 'name');
          ctx.report('invalid-service-match', { ...(at ? keySpan(at) : keySpan(pair)), message: "A 'services' match needs the service's 'name'.", data: { path, reason: 'missing-name' } });
        } else if (!matchesDns1123Subdomain(nameValue)) {
          ctx.report('invalid-service-match', { ...nodeSpan(name!), message: `'${nameValue}' is not a valid service name: use lower-case letters, digits, '-' and '.'.`, data: { path: `${path}.name`, reason: 'bad-name' } });
        }
        const ns = stringScalar(services, 'namespace');
        const nsValue = (ns?.value as string | undefined) ?? '';
        if (nsValue !== '' && !matchesDns1123Subdomain(nsValue)) {
          ctx.report('invalid-service-match', { ...nodeSpan(ns!), message: `'${nsValue}' is not a valid namespace name: use lower-case letters, digits, '-' and '.'.`, data: { path: `${path}.namespace`, reason: 'bad-namespace' } });
        }
        // The validator checks the namespace only where services are allowed (egress destination,
        // ingress source), and not for staged deletions.
        const allowedSide = (r.direction === 'egress' && e.side === 'destination') || (r.direction === 'ingress' && e.side === 'source');
        if (global && !stagedDelete && allowedSide && nsValue === '') {
          const at = getPair(services, 'namespace');
          ctx.report('invalid-service-match', {
            ...(at ? keySpan(at) : keySpan(pair)),
            message: `A 'services' match in a ${ctx.kind} needs a 'namespace': the policy has none of its own to look the service up in.`,
            data: { path: `${path}.namespace`, reason: 'missing-namespace' },
          });
        }
      }
    }
  },
};
