/**
 * `blockaffinity-deleted`: `spec.deleted` is Calico's internal marker for an affinity being torn
 * down; its validator refuses a BlockAffinity written with `deleted: true`.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { at, bool, present, specOf } from './walk';

const CODE = 'blockaffinity-deleted';

function check(ctx: ResourceContext): void {
  const p = present(specOf(ctx), 'deleted');
  if (!p?.value || bool(p.value) !== true) return;
  ctx.report(CODE, { ...at(p.value), message: "A BlockAffinity cannot be written with 'deleted: true'; Calico sets that itself while releasing the block.", data: { field: 'spec.deleted' } });
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: "A BlockAffinity with 'deleted: true'.",
  kinds: ['BlockAffinity'],
  check,
};
