/**
 * `threatfeed-fields` (Calico Enterprise/Cloud): GlobalThreatFeed fields that exclude each other,
 * from the CRD's CEL rules:
 * - a pulled feed's `format` is one of `newlineDelimited`, `json` or `csv`, not several;
 * - a CSV column is chosen by `fieldNum` or by `fieldName`, not both;
 * - an HTTP header takes its value from `value` or from `valueFrom`, not both;
 * - a `DomainNameSet` feed cannot fill a GlobalNetworkSet (sets hold IP networks, not names).
 *
 * Each finding is on the key of the field that has to go (the later of the pair).
 */
import type { ResourceContext, ResourceRule } from '../types';
import { keyAt, nonEmpty, present, select, specOf, str } from '../resources/walk';

const CODE = 'threatfeed-fields';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  for (const hit of select(spec, 'pull.http.format')) {
    const set = ['newlineDelimited', 'json', 'csv'].map((k) => present(hit.node, k)).filter((p) => p !== undefined);
    for (const p of set.slice(1)) {
      ctx.report(CODE, { ...keyAt(p), message: `A feed has one format: '${set[0]!.keyText}' is already set, so remove '${p.keyText}'.`, data: { field: `spec.pull.http.format.${p.keyText}` } });
    }
  }
  for (const hit of select(spec, 'pull.http.format.csv')) {
    const name = nonEmpty(hit.node, 'fieldName');
    if (present(hit.node, 'fieldNum') && name) {
      ctx.report(CODE, { ...keyAt(name), message: "Choose the CSV column either by 'fieldNum' or by 'fieldName', not both.", data: { field: 'spec.pull.http.format.csv.fieldName' } });
    }
  }
  for (const hit of select(spec, 'pull.http.headers[*]')) {
    const from = present(hit.node, 'valueFrom');
    if (present(hit.node, 'value') && from) {
      ctx.report(CODE, { ...keyAt(from), message: "A header's value comes either from 'value' or from 'valueFrom', not both.", data: { field: `spec.${hit.path}.valueFrom` } });
    }
  }
  const content = present(spec, 'content');
  const gns = present(spec, 'globalNetworkSet');
  if (str(content?.value) === 'DomainNameSet' && gns) {
    ctx.report(CODE, { ...keyAt(gns), message: "A 'DomainNameSet' feed holds domain names, which a GlobalNetworkSet cannot carry; remove 'globalNetworkSet' or use content 'IPSet'.", data: { field: 'spec.globalNetworkSet' } });
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'GlobalThreatFeed fields that cannot be used together (Calico Enterprise/Cloud).',
  editions: ['enterprise'],
  celRules: [
    '!has(self.fieldNum) || !has(self.fieldName) || size(self.fieldName) == 0',
    '[has(self.newlineDelimited), has(self.json), has(self.csv)].filter(x, x).size() <= 1',
    '!has(self.value) || !has(self.valueFrom)',
    "self.content != 'DomainNameSet' || !has(self.globalNetworkSet)",
  ],
  kinds: ['GlobalThreatFeed'],
  check,
};
