/**
 * conntrack-value-not-string: in a recognised shape, a value that Kubernetes requires to be a
 * string is written as a YAML number, boolean, mapping or list: a container `env` `value`
 * (`EnvVar.value` is a string) or a ConfigMap `data` value (`map[string]string`). The API server
 * refuses the whole object when decoding it (https://kubernetes.io/docs/reference/kubernetes-api/).
 * Only the conntrack-cleaner variables, Terway's CNI keys and the Cilium conntrack options are
 * checked; the rest of such objects is not ours.
 */
import type { ConntrackRule } from './types';
import { OPTIONS_BY_NAME } from '../../conntrack/options';
import { bounded } from './values';

export const rule: ConntrackRule = {
  code: 'conntrack-value-not-string',
  severity: 'error',
  origin: 'component',
  summary: 'A conntrack setting in an env var or ConfigMap is a YAML number or boolean; Kubernetes accepts only strings there.',
  check(ctx) {
    for (const p of ctx.model.problems) {
      if (p.code !== 'conntrack-value-not-string') continue;
      ctx.report('conntrack-value-not-string', { ...p.span, message: `${p.detail}; Kubernetes refuses the object. Quote the value.`, data: p.data });
    }
    for (const s of ctx.model.cilium) {
      if (s.source !== 'cilium-config') continue;
      for (const o of s.options) {
        const n = o.nonStringValue;
        if (!n || !OPTIONS_BY_NAME.has(o.name)) continue;
        const what = n.kind === 'scalar' ? `${n.type === 'boolean' ? 'the boolean' : n.type === 'null' ? '' : 'the number'} ${bounded(n.text)}`.trim() : n.kind === 'map' ? 'a mapping' : 'a list';
        ctx.report('conntrack-value-not-string', {
          start: n.start,
          end: n.end,
          message: `The value of '${o.name}' is ${what}, not a string; Kubernetes refuses a ConfigMap whose data values are not strings. Quote the value.`,
          data: { yamlType: n.kind === 'scalar' ? n.type : n.kind, option: o.name },
        });
      }
    }
  },
};
