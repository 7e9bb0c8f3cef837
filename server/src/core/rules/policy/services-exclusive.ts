/**
 * `services-exclusive`: a `services` match combined with fields it excludes. A service match
 * already names the endpoints (and, for a destination, the ports) of a Kubernetes service, so the
 * CRDs refuse it together with `selector`, `notSelector`, `namespaceSelector`, `serviceAccounts`,
 * `nets` or `notNets` in the same entity, and with `ports`/`notPorts` in the destination.
 */
import type { ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { CALICO_POLICY_KINDS, keySpan, listSize, nonEmptyString, policyRules, presentPair, ruleEntities } from '../../model/rule-fields';

const CEL_RULES = [
  '!has(self.services) || !has(self.namespaceSelector) || size(self.namespaceSelector) == 0',
  '!has(self.services) || !has(self.serviceAccounts)',
  '!has(self.services) || (!has(self.selector) || size(self.selector) == 0) && (!has(self.notSelector) || size(self.notSelector) == 0)',
  '!has(self.services) || (!has(self.nets) || size(self.nets) == 0) && (!has(self.notNets) || size(self.notNets) == 0)',
  '!has(self.destination) || !has(self.destination.services) || (!has(self.destination.ports) || size(self.destination.ports) == 0) && (!has(self.destination.notPorts) || size(self.destination.notPorts) == 0)',
];

export const rule: ResourceRule = {
  code: 'services-exclusive',
  severity: 'error',
  origin: 'cel',
  summary: "A 'services' match combined with selectors, nets, service accounts, or destination ports.",
  celRules: CEL_RULES,
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    for (const r of policyRules(ctx.root)) {
      for (const e of ruleEntities(r)) {
        if (!presentPair(e.node, 'services')) continue;
        const clash: string[] = [];
        for (const f of ['selector', 'notSelector', 'namespaceSelector']) if (nonEmptyString(e.node, f)) clash.push(f);
        if (presentPair(e.node, 'serviceAccounts')) clash.push('serviceAccounts');
        for (const f of ['nets', 'notNets']) if (listSize(e.node, f) > 0) clash.push(f);
        if (e.side === 'destination') for (const f of ['ports', 'notPorts']) if (listSize(e.node, f) > 0) clash.push(f);
        for (const f of clash) {
          const pair = getPair(e.node, f)!;
          const extra = f === 'ports' || f === 'notPorts' ? ' (the service defines the destination ports)' : '';
          ctx.report('services-exclusive', { ...keySpan(pair), message: `'${f}' cannot be combined with 'services' in the same ${e.side}${extra}.`, data: { path: `${e.path}.${f}`, field: f } });
        }
      }
    }
  },
};
