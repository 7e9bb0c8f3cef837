/**
 * `invalid-label`: a `metadata.labels` key or value that Calico (and the Kubernetes API server)
 * refuses. Keys are qualified names (optional DNS subdomain prefix and '/', then a name of at most
 * 63 characters); values are empty or at most 63 characters of letters, digits, '-', '_' and '.',
 * starting and ending alphanumeric. On NetworkSet and GlobalNetworkSet the key
 * `projectcalico.org/namespace` is reserved: Calico sets it itself when it maps namespaces.
 *
 * Values that are not strings (a bare number or boolean) are the schema's business.
 */
import type { ResourceRule } from '../types';
import { labelValueProblems, qualifiedNameProblems } from '../../util/k8s-names';
import { mapField, nodeSpan } from '../../model/rule-fields';

const RESERVED_ON_NETWORK_SETS = 'projectcalico.org/namespace';

export const rule: ResourceRule = {
  code: 'invalid-label',
  severity: 'error',
  origin: 'validator',
  summary: 'A label key or value that Calico does not accept.',
  check(ctx) {
    const labels = mapField(mapField(ctx.root, 'metadata'), 'labels');
    if (!labels) return;
    for (const pair of labels.pairs) {
      if (pair.keyText === null) continue;
      const key = pair.keyText;
      const keyProblems = qualifiedNameProblems(key);
      if (keyProblems.length > 0) {
        ctx.report('invalid-label', { ...nodeSpan(pair.key), message: `The label key '${key}' ${keyProblems[0]}.`, data: { key, part: 'key' } });
      } else if (key === RESERVED_ON_NETWORK_SETS && (ctx.kind === 'NetworkSet' || ctx.kind === 'GlobalNetworkSet')) {
        ctx.report('invalid-label', { ...nodeSpan(pair.key), message: `The label '${key}' is reserved for Calico's own use on ${ctx.kind} resources; choose another key.`, data: { key, part: 'reserved' } });
      }
      const v = pair.value;
      if (v && v.kind === 'scalar' && v.type === 'string') {
        const value = v.value as string;
        const problems = labelValueProblems(value);
        if (problems.length > 0) {
          ctx.report('invalid-label', { ...nodeSpan(v), message: `The value of label '${key}' ${problems[0]}.`, data: { key, part: 'value' } });
        }
      }
    }
  },
};
