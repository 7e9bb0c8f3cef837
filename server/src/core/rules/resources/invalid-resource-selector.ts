/**
 * `invalid-resource-selector`: a selector field of a non-policy kind that Calico refuses: bad selector
 * syntax (Calico's validator parses every `selector`-tagged field), or `global()` in an IPPool's
 * `nodeSelector`/`namespaceSelector`, which the IPPool CRD forbids by a plain "contains
 * `global(`" test.
 *
 * (Policy selectors are the `invalid-selector` rule's.) FelixConfiguration's `nodeSelector` is not checked by Calico when the resource is written; a
 * selector Felix cannot parse only fails later, so it is reported as a warning.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { validateSelector } from '../../selector';
import { select, stringScalar } from './walk';
import { scalarValueSpan } from '../../yaml/scalar-offsets';

const CODE = 'invalid-resource-selector';

interface Field {
  path: string;
  /** The CRD forbids `global(` anywhere in the text. */
  noGlobal?: boolean;
  /** Calico does not validate the field when it is written. */
  unchecked?: boolean;
}

const FIELDS: Record<string, readonly Field[]> = {
  IPPool: [
    { path: 'spec.nodeSelector', noGlobal: true },
    { path: 'spec.namespaceSelector', noGlobal: true },
  ],
  BGPPeer: [{ path: 'spec.nodeSelector' }, { path: 'spec.peerSelector' }, { path: 'spec.localWorkloadSelector' }],
  KubeControllersConfiguration: [{ path: 'spec.controllers.node.hostEndpoint.templates[*].nodeSelector' }],
  FelixConfiguration: [{ path: 'spec.nodeSelector', unchecked: true }],
  // Calico Enterprise/Cloud kinds (checked only in that edition; `validate:"selector"` in tigera/api).
  DeepPacketInspection: [{ path: 'spec.selector' }],
  PacketCapture: [{ path: 'spec.selector' }],
  GlobalReport: [{ path: 'spec.endpoints.selector' }, { path: 'spec.endpoints.namespaces.selector' }, { path: 'spec.endpoints.serviceAccounts.selector' }],
  Network: [{ path: 'spec.l2Bridge.hostConfig[*].nodeSelector' }, { path: 'spec.vrf.hostConfig[*].nodeSelector' }],
  PolicyRecommendationScope: [{ path: 'spec.namespaceSpec.selector' }, { path: 'spec.hostEndpointSpec.selector' }],
  UISettings: [{ path: 'spec.view.hostAggregationSelectors[*].selector' }],
};

function check(ctx: ResourceContext): void {
  for (const f of FIELDS[ctx.kind] ?? []) {
    for (const hit of select(ctx.root, f.path)) {
      const node = stringScalar(hit.node);
      if (!node) continue;
      const text = node.value as string;
      const err = validateSelector(text);
      if (err) {
        const span = scalarValueSpan(ctx.text, node, err.offset, err.end);
        const message = f.unchecked
          ? `Calico saves this selector without checking it, but Felix cannot parse it (${err.message}), so this configuration will not apply as intended.`
          : `Invalid selector: ${err.message}.`;
        ctx.report(CODE, { ...span, message, data: { field: hit.path, offset: err.offset }, ...(f.unchecked ? { severity: 'warning' as const } : {}) });
      }
      if (f.noGlobal) {
        const i = text.indexOf('global(');
        if (i !== -1) {
          ctx.report(CODE, {
            ...scalarValueSpan(ctx.text, node, i, i + 'global('.length),
            message: `An IP pool's ${hit.path.split('.').pop()} cannot use global(); it selects ${hit.path.endsWith('nodeSelector') ? 'nodes' : 'namespaces'} by their own labels.`,
            data: { field: hit.path, global: true },
          });
        }
      }
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'A selector that Calico refuses for this field: invalid syntax, or global() where it is not allowed.',
  celRules: ["!has(self.nodeSelector) || !self.nodeSelector.contains('global(')", "!has(self.namespaceSelector) || !self.namespaceSelector.contains('global(')"],
  kinds: Object.keys(FIELDS),
  check,
};
