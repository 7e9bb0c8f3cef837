/**
 * `globalalert-fields` (Calico Enterprise/Cloud): GlobalAlert and GlobalAlertTemplate fields
 * that only make sense together, from the CRDs' CEL rules (a string counts as set when non-empty):
 * - `field` needs a `metric` to apply to, and `count` takes no `field` while every other metric
 *   (avg, max, min, sum) needs one;
 * - a `metric` needs a `condition` to compare it with;
 * - a rule-based alert (the default type) needs a `dataSet` to query.
 *
 * Each finding is on the key of the field that is wrong or that needs the missing one.
 */
import type { ResourceContext, ResourceRule } from '../types';
import type { YPair } from '../../yaml/tree';
import { keyAt, nonEmpty, present, specOf, str } from '../resources/walk';

const CODE = 'globalalert-fields';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  const kindPair = ctx.root.pairs.find((p) => p.keyText === 'kind');
  const report = (p: YPair | undefined, message: string, field: string): void => {
    const at = p ? keyAt(p) : kindPair ? keyAt(kindPair) : { start: ctx.root.start, end: ctx.root.start };
    ctx.report(CODE, { ...at, message, data: { field } });
  };
  const field = nonEmpty(spec, 'field');
  const metricPair = nonEmpty(spec, 'metric');
  const metric = str(metricPair?.value);
  const condition = nonEmpty(spec, 'condition');
  if (field && !metricPair) report(field, "'field' names what a 'metric' is computed over; set 'metric' (avg, max, min or sum) or remove 'field'.", 'spec.field');
  if (metricPair && metric === 'count' && field) report(field, "The 'count' metric counts matching records and takes no 'field'; remove 'field' or use another metric.", 'spec.field');
  if (metricPair && metric !== undefined && metric !== 'count' && !field) report(metricPair, `The '${metric}' metric is computed over a field; set 'field' to the record field to aggregate.`, 'spec.metric');
  if (metricPair && !condition) report(metricPair, "A 'metric' is compared with 'threshold' by a 'condition' (eq, not_eq, gt, gte, lt, lte); set 'condition'.", 'spec.metric');
  const typePair = present(spec, 'type');
  const type = str(typePair?.value);
  const ruleBased = typePair === undefined || type === 'RuleBased';
  if (ruleBased && !nonEmpty(spec, 'dataSet')) {
    report(specPair(ctx), "A rule-based alert needs a 'dataSet' (flows, dns, audit, l7, waf or vulnerability) to query.", 'spec.dataSet');
  }
}

function specPair(ctx: ResourceContext): YPair | undefined {
  return ctx.root.pairs.find((p) => p.keyText === 'spec');
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'GlobalAlert or GlobalAlertTemplate fields that need each other: metric, field, condition, dataSet (Calico Enterprise/Cloud).',
  editions: ['enterprise'],
  celRules: [
    '!has(self.field) || size(self.field) == 0 || (has(self.metric) && size(self.metric) > 0)',
    "!has(self.metric) || self.metric != 'count' || !has(self.field) || size(self.field) == 0",
    "!has(self.metric) || self.metric == 'count' || size(self.metric) == 0 || (has(self.field) && size(self.field) > 0)",
    '!has(self.metric) || size(self.metric) == 0 || (has(self.condition) && size(self.condition) > 0)',
    "(has(self.type) && self.type != 'RuleBased') || (has(self.dataSet) && size(self.dataSet) > 0)",
  ],
  kinds: ['GlobalAlert', 'GlobalAlertTemplate'],
  check,
};
