/**
 * `invalid-format`: FelixConfiguration text settings whose format Calico's validator checks beyond
 * the CRD schema:
 * - `openstackRegion`: a DNS label (lower case, digits, '-') of at most 46 characters, as it is
 *   used in a namespace name;
 * - `prometheusMetricsHost`: 1–64 of letters, digits, ':', '.', '_', '+', '-' (a host name or IP);
 * - `featureDetectOverride`, `featureGates`: comma-separated `key=value` items whose keys are
 *   letters, digits and '_' only;
 * - `healthTimeoutOverrides[].name`: letters, digits, '_', '-' and spaces, not empty.
 */
import type { ResourceContext, ResourceRule } from '../types';
import type { YNode } from '../../yaml/tree';
import { isDnsLabel } from './go-names';
import { reportOn, select, shown, str } from './walk';
import { goRegexp } from '../../util/re2';

const CODE = 'invalid-format';

// Go's pattern, matched as Go matches it: its `\s` is ASCII whitespace and its `.` takes `\r`,
// where JavaScript's would differ on both.
const KV_ITEM = goRegexp('^\\s*(\\w+)=(.*)$');

function keyValueProblem(s: string): string | undefined {
  if (s.trim() === '') return undefined;
  for (const item of s.split(',')) {
    if (item === '') continue;
    if (!KV_ITEM.test(item)) return `${shown(item)} is not a key=value item (keys may only use letters, digits and '_')`;
  }
  return undefined;
}

function check(ctx: ResourceContext): void {
  const strings = (path: string): Array<{ node: YNode; path: string; value: string }> =>
    select(ctx.root, path).flatMap((h) => {
      const value = str(h.node);
      return value === undefined ? [] : [{ node: h.node, path: h.path, value }];
    });
  for (const h of strings('spec.openstackRegion')) {
    if (h.value === '') continue;
    if (h.value.length > 46) reportOn(ctx, CODE, h.node, `The OpenStack region is ${h.value.length} characters long; Calico allows at most 46.`, { data: { field: h.path } });
    else if (!isDnsLabel(h.value)) reportOn(ctx, CODE, h.node, `${shown(h.value)} is not a valid OpenStack region: use lower-case letters, digits and '-', starting and ending with a letter or digit.`, { data: { field: h.path } });
  }
  for (const h of strings('spec.prometheusMetricsHost')) {
    if (h.value === '' || /^[a-zA-Z0-9:._+-]{1,64}$/.test(h.value)) continue;
    reportOn(ctx, CODE, h.node, `${shown(h.value)} is not a valid host: use a host name or IP address of at most 64 letters, digits, ':', '.', '_', '+' or '-'.`, { data: { field: h.path } });
  }
  for (const path of ['spec.featureDetectOverride', 'spec.featureGates']) {
    for (const h of strings(path)) {
      const why = keyValueProblem(h.value);
      if (why) reportOn(ctx, CODE, h.node, `Invalid ${path.slice(5)}: ${why}.`, { data: { field: h.path } });
    }
  }
  for (const h of strings('spec.healthTimeoutOverrides[*].name')) {
    if (/^[a-zA-Z0-9_ -]+$/.test(h.value)) continue;
    const why = h.value === '' ? 'it is empty' : "it may only contain letters, digits, '_', '-' and spaces";
    reportOn(ctx, CODE, h.node, `Invalid health timeout override name: ${why}.`, { data: { field: h.path } });
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: "A FelixConfiguration text setting in a format Calico's validator refuses.",
  kinds: ['FelixConfiguration'],
  check,
};
