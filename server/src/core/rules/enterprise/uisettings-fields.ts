/**
 * `uisettings-fields` (Calico Enterprise/Cloud): a UISettings resource is exactly one thing, a
 * `view`, a `layer` or a `dashboard` (the CRD's CEL rule counts the three and wants one).
 *
 * Reported on the second and later of them, or on `spec` when none is set.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { keyAt, present, specOf } from '../resources/walk';

const CODE = 'uisettings-fields';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  const set = ['view', 'layer', 'dashboard'].map((k) => present(spec, k)).filter((p) => p !== undefined);
  if (set.length === 0) {
    const at = getPair(ctx.root, 'spec');
    if (at) ctx.report(CODE, { ...keyAt(at), message: "A UISettings resource holds exactly one of 'view', 'layer' or 'dashboard'; none is set.", data: { field: 'spec' } });
    return;
  }
  for (const p of set.slice(1)) {
    ctx.report(CODE, { ...keyAt(p), message: `A UISettings resource holds exactly one of 'view', 'layer' or 'dashboard'; '${set[0]!.keyText}' is already set, so move '${p.keyText}' to a UISettings of its own.`, data: { field: `spec.${p.keyText}` } });
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'A UISettings resource with not exactly one of view, layer or dashboard (Calico Enterprise/Cloud).',
  editions: ['enterprise'],
  celRules: ['[has(self.view), has(self.layer), has(self.dashboard)].filter(x, x).size() == 1'],
  kinds: ['UISettings'],
  check,
};
