/**
 * `tier-invariant`: the built-in tiers must keep their fixed order and default action:
 * `kube-admin` order 1000 and `Pass`, `default` order 1000000 and `Deny`, `kube-baseline` order
 * 10000000 and `Pass` (CRD CEL rules on Tier). An omitted `defaultAction` counts as `Deny`, the
 * schema default. An omitted `order` fails the CRD rule; for `default` only, `calicoctl apply`
 * first fills in 1000000, so that case is reported as a warning rather than an error.
 */
import type { ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { keySpan, mapField, nodeSpan, presentPair } from '../../model/rule-fields';
import { BUILT_IN_TIERS } from '../../model/tiers';

export const rule: ResourceRule = {
  code: 'tier-invariant',
  severity: 'error',
  origin: 'cel',
  summary: 'A built-in tier (default, kube-admin, kube-baseline) with the wrong order or default action.',
  celRules: [
    "self.metadata.name == 'kube-admin' ? (has(self.spec.defaultAction) && self.spec.defaultAction == 'Pass') : true",
    "self.metadata.name == 'kube-baseline' ? (has(self.spec.defaultAction) && self.spec.defaultAction == 'Pass') : true",
    "self.metadata.name == 'default' ? (has(self.spec.defaultAction) && self.spec.defaultAction == 'Deny') : true",
    "self.metadata.name != 'default' || (has(self.spec.order) && self.spec.order == 1000000.0)",
    "self.metadata.name != 'kube-admin' || (has(self.spec.order) && self.spec.order == 1000.0)",
    "self.metadata.name != 'kube-baseline' || (has(self.spec.order) && self.spec.order == 10000000.0)",
  ],
  kinds: ['Tier'],
  check(ctx) {
    const nameNode = getPair(mapField(ctx.root, 'metadata'), 'name')?.value;
    if (!nameNode || nameNode.kind !== 'scalar' || nameNode.type !== 'string') return;
    const name = nameNode.value as string;
    const want = BUILT_IN_TIERS.get(name);
    if (!want) return;
    const specPair = getPair(ctx.root, 'spec');
    const spec = mapField(ctx.root, 'spec');
    const anchor = specPair ? keySpan(specPair) : nodeSpan(nameNode);

    const actionPair = presentPair(spec, 'defaultAction');
    const action = actionPair?.value;
    if (action && action.kind === 'scalar' && action.type === 'string') {
      if (action.value !== want.defaultAction) {
        ctx.report('tier-invariant', { ...nodeSpan(action), message: `The built-in '${name}' tier must have 'defaultAction: ${want.defaultAction}'.`, data: { tier: name, field: 'defaultAction', expected: want.defaultAction } });
      }
    } else if (!actionPair && want.defaultAction !== 'Deny') {
      ctx.report('tier-invariant', { ...anchor, message: `The built-in '${name}' tier must set 'defaultAction: ${want.defaultAction}' (an omitted action means Deny).`, data: { tier: name, field: 'defaultAction', expected: want.defaultAction } });
    }

    const orderPair = presentPair(spec, 'order');
    const order = orderPair?.value;
    if (order && order.kind === 'scalar' && (order.type === 'integer' || order.type === 'float')) {
      if (order.value !== want.order) {
        ctx.report('tier-invariant', { ...nodeSpan(order), message: `The built-in '${name}' tier must have 'order: ${want.order}'.`, data: { tier: name, field: 'order', expected: want.order } });
      }
    } else if (!orderPair) {
      const message = name === 'default'
        ? `The 'default' tier should set 'order: ${want.order}': calicoctl apply fills it in, but kubectl and calicoctl validate reject the tier without it.`
        : `The built-in '${name}' tier must set 'order: ${want.order}'.`;
      ctx.report('tier-invariant', { ...anchor, message, data: { tier: name, field: 'order', expected: want.order }, ...(name === 'default' ? { severity: 'warning' as const } : {}) });
    }
  },
};
