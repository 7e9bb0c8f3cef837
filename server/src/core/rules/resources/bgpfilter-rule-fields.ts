/**
 * `bgpfilter-rule-fields`: field combinations a BGPFilter rule must respect (CRD CEL rules on every
 * item of `exportV4`, `importV4`, `exportV6` and `importV6`): `cidr` and `matchOperator` go
 * together (both or neither); `prefixLength` needs a `cidr`; and `operations` are only allowed on
 * rules whose `action` is `Accept`.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { keyAt, nonEmpty, present, select, str } from './walk';

const CODE = 'bgpfilter-rule-fields';

function check(ctx: ResourceContext): void {
  for (const list of ['exportV4', 'importV4', 'exportV6', 'importV6']) {
    for (const hit of select(ctx.root, `spec.${list}[*]`)) {
      const r = hit.node;
      if (r.kind !== 'map') continue;
      const cidr = nonEmpty(r, 'cidr');
      const op = nonEmpty(r, 'matchOperator');
      if (cidr && !op) {
        ctx.report(CODE, { ...keyAt(cidr), message: "A rule with 'cidr' also needs 'matchOperator' (Equal, NotEqual, In or NotIn).", data: { field: `${hit.path}.matchOperator`, missing: 'matchOperator' } });
      } else if (op && !cidr) {
        ctx.report(CODE, { ...keyAt(op), message: "'matchOperator' compares against 'cidr'; add a cidr or remove the operator.", data: { field: `${hit.path}.cidr`, missing: 'cidr' } });
      }
      const pl = present(r, 'prefixLength');
      if (pl && !cidr) {
        ctx.report(CODE, { ...keyAt(pl), message: "'prefixLength' narrows a 'cidr' match; add a cidr (and matchOperator) or remove it.", data: { field: `${hit.path}.cidr`, missing: 'cidr' } });
      }
      const ops = nonEmpty(r, 'operations');
      const action = str(present(r, 'action')?.value);
      if (ops && ops.value?.kind === 'seq' && action !== undefined && action !== 'Accept') {
        ctx.report(CODE, { ...keyAt(ops), message: `Operations change accepted routes, so they are only allowed with 'action: Accept' (this rule has ${action || 'an empty action'}).`, data: { field: `${hit.path}.operations` } });
      }
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'A BGPFilter rule with cidr/matchOperator unpaired, prefixLength without cidr, or operations on a non-Accept rule.',
  celRules: [
    '(has(self.cidr) && size(self.cidr) > 0) == (has(self.matchOperator) && size(self.matchOperator) > 0)',
    '!has(self.prefixLength) || (has(self.cidr) && size(self.cidr) > 0)',
    "!has(self.operations) || size(self.operations) == 0 || self.action == 'Accept'",
  ],
  kinds: ['BGPFilter'],
  check,
};
