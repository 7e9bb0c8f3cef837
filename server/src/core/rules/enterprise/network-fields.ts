/**
 * `network-fields` (Calico Enterprise/Cloud): the CEL rules of the Network kind's layer-2 bridge:
 * - an existing bridge named `calb-…` or `calq-…` is refused (Calico names the bridges it manages so);
 * - a VLAN `range` runs from `start` to an `end` that is not smaller;
 * - a trunk port's `nativeVLAN` is a VLAN id, 1 to 4094 (the schema's bounds say the same; the
 *   rule is listed so that nothing of the CRD goes unchecked).
 *
 * Not reproduced: the update-only rules that `vrf` and `l2Bridge` cannot be added or removed
 * after creation (they compare with the stored object).
 */
import type { ResourceContext, ResourceRule } from '../types';
import { int, present, reportOn, select, specOf, str } from '../resources/walk';

const CODE = 'network-fields';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  for (const hit of select(spec, 'l2Bridge.hostConfig[*].bridge.existingBridge.name')) {
    const name = str(hit.node);
    if (name !== undefined && (name.startsWith('calb-') || name.startsWith('calq-'))) {
      reportOn(ctx, CODE, hit.node, `'${name.slice(0, 5)}' names are reserved for the bridges Calico creates; an existing bridge must be named otherwise.`, { data: { field: `spec.${hit.path}` } });
    }
  }
  for (const hit of select(spec, 'l2Bridge.vlans[*].vlan.range')) {
    const start = int(present(hit.node, 'start')?.value);
    const endPair = present(hit.node, 'end');
    const end = int(endPair?.value);
    if (start !== undefined && end !== undefined && endPair?.value && start > end) {
      reportOn(ctx, CODE, endPair.value, `The VLAN range ends (${end}) before it starts (${start}); 'end' must be at least 'start'.`, { data: { field: `spec.${hit.path}.end` } });
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'Network layer-2 bridge settings the CRD refuses: a reserved bridge name or a VLAN range that ends before it starts (Calico Enterprise/Cloud).',
  editions: ['enterprise'],
  celRules: [
    "!self.name.startsWith('calb-') && !self.name.startsWith('calq-')",
    '!has(self.nativeVLAN) || self.nativeVLAN >= 1 && self.nativeVLAN <= 4094',
    'self.start <= self.end',
  ],
  kinds: ['Network'],
  check,
};
