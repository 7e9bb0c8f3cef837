/**
 * `invalid-port-range`: a FelixConfiguration port or port range Calico refuses
 * (`kubeNodePortRanges` items, `natPortRange`, `bpfPSNATPorts`). Calico reads these as its port
 * type: a number, or a quoted `min:max` range, within 1–65535 (`"0:100"` or `70000` cannot be
 * used), or a port name that is an IANA service name. `kubeNodePortRanges` takes numbers and ranges
 * only, since node ports are numeric.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { parsePort } from '../../model/numorstring';
import { reportOn, select, shown } from './walk';

const CODE = 'invalid-port-range';

const FIELDS: ReadonlyArray<readonly [string, boolean]> = [
  ['spec.kubeNodePortRanges[*]', true],
  ['spec.natPortRange', false],
  ['spec.bpfPSNATPorts', false],
];

function check(ctx: ResourceContext): void {
  for (const [path, numericOnly] of FIELDS) {
    for (const hit of select(ctx.root, path)) {
      const data = { field: hit.path };
      const p = parsePort(hit.node);
      if (p.kind === 'error') {
        if (p.layer !== 'type') reportOn(ctx, CODE, hit.node, `Invalid port: ${p.message}.`, { data });
        continue;
      }
      if (numericOnly && p.kind === 'named') {
        reportOn(ctx, CODE, hit.node, `Node port ranges must be port numbers or 'min:max' ranges, not named ports like ${shown(p.name)}.`, { data });
      }
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'A Felix port or port range that Calico cannot read or refuses.',
  kinds: ['FelixConfiguration'],
  check,
};
