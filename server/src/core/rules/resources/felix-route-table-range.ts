/**
 * `felix-route-table-range`: FelixConfiguration route-table settings Calico refuses.
 *
 * `routeTableRange` (the older single range) must satisfy 1 ≤ min ≤ max ≤ 250. Each
 * `routeTableRanges` entry needs 1 ≤ min ≤ max ≤ 4294967295, and all entries together may designate
 * at most 65535 tables. The two settings cannot be used together.
 */
import type { ResourceContext, ResourceRule } from '../types';
import type { YNode } from '../../yaml/tree';
import { at, int, keyAt, present, select, specOf } from './walk';

const CODE = 'felix-route-table-range';

function minMax(node: YNode): { min: number; max: number } | undefined {
  const min = int(present(node, 'min')?.value);
  const max = int(present(node, 'max')?.value);
  return min === undefined || max === undefined ? undefined : { min, max };
}

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  const single = present(spec, 'routeTableRange');
  const multi = present(spec, 'routeTableRanges');
  if (single && multi) {
    ctx.report(CODE, { ...keyAt(single), message: "Use 'routeTableRanges' or the older 'routeTableRange', not both.", data: { field: 'spec.routeTableRange' } });
  }
  if (single?.value) {
    const r = minMax(single.value);
    if (r && !(r.min >= 1 && r.max >= r.min && r.max <= 250)) {
      ctx.report(CODE, { ...at(single.value), message: `routeTableRange ${r.min}–${r.max} is not allowed: it must satisfy 1 ≤ min ≤ max ≤ 250 (use routeTableRanges for higher table numbers).`, data: { field: 'spec.routeTableRange' } });
    }
  }
  if (multi?.value?.kind === 'seq') {
    let total = 0;
    let complete = true;
    for (const item of select(spec, 'routeTableRanges[*]')) {
      const r = minMax(item.node);
      if (!r) {
        complete = false;
        continue;
      }
      total += r.max - r.min + 1;
      const why = r.min < 1 ? 'min must be at least 1' : r.min > r.max ? 'min is greater than max' : r.max > 4294967295 ? 'max is above 4294967295' : undefined;
      if (why) ctx.report(CODE, { ...at(item.node), message: `Invalid route table range ${r.min}–${r.max}: ${why}.`, data: { field: `spec.${item.path}` } });
    }
    if (complete && total > 65535) {
      ctx.report(CODE, { ...keyAt(multi), message: `routeTableRanges designate ${total} tables; Felix allows at most 65535 in total.`, data: { field: 'spec.routeTableRanges', total } });
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'A route table range outside the allowed bounds, too many tables, or both range settings at once.',
  celRules: ['self.min >= 1 && self.max >= self.min && self.max <= 250', 'self.min >= 1', 'self.min <= self.max', '!has(self.routeTableRange) || !has(self.routeTableRanges)'],
  kinds: ['FelixConfiguration'],
  check,
};
