/**
 * `invalid-choice`: a field that takes one of a few fixed words holds another, where the CRD
 * schema does not already catch it. Calico's validator compares these exactly (`oneof`), so a
 * different letter case is refused even where the CRD pattern ignores case (Felix's
 * `serviceLoopPrevention` and `workloadSourceSpoofing`), and kube-controllers'
 * `createDefaultHostEndpoint` has no schema constraint at all. Empty values mean unset.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { reportOn, select, shown, str } from './walk';

const CODE = 'invalid-choice';

interface Field {
  path: string;
  allowed: readonly string[];
  /** The schema already refuses values that differ from `allowed` other than by letter case. */
  schemaIgnoresCase?: boolean;
}

const FIELDS: Record<string, readonly Field[]> = {
  FelixConfiguration: [
    { path: 'spec.serviceLoopPrevention', allowed: ['Drop', 'Reject', 'Disabled'], schemaIgnoresCase: true },
    { path: 'spec.workloadSourceSpoofing', allowed: ['Disabled', 'Any'], schemaIgnoresCase: true },
  ],
  KubeControllersConfiguration: [{ path: 'spec.controllers.node.hostEndpoint.createDefaultHostEndpoint', allowed: ['Enabled', 'Disabled'] }],
};

function check(ctx: ResourceContext): void {
  for (const f of FIELDS[ctx.kind] ?? []) {
    for (const hit of select(ctx.root, f.path)) {
      const value = str(hit.node);
      if (!value || f.allowed.includes(value)) continue;
      const same = f.allowed.find((a) => a.toLowerCase() === value.toLowerCase());
      if (f.schemaIgnoresCase && !same) continue;
      const message = same
        ? `Calico compares this value exactly: write '${same}' instead of ${shown(value)}.`
        : `${shown(value)} is not a valid value; use ${f.allowed.join(' or ')}.`;
      reportOn(ctx, CODE, hit.node, message, { data: { field: hit.path, allowed: f.allowed, ...(same ? { suggestion: same } : {}) } });
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'A value that is not one of the exact words Calico accepts for the field (letter case included).',
  kinds: Object.keys(FIELDS),
  check,
};
