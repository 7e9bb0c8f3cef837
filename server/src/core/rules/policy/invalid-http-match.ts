/**
 * `invalid-http-match`: an `http` match Calico's validator refuses: a method listed twice, or a
 * path entry that does not set exactly one of `exact` / `prefix`, or whose path does not start
 * with '/' or contains '?', '#' or a space.
 */
import type { ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { CALICO_POLICY_KINDS, mapField, nodeSpan, policyRules, stringScalar } from '../../model/rule-fields';

export const rule: ResourceRule = {
  code: 'invalid-http-match',
  severity: 'error',
  origin: 'validator',
  summary: 'An HTTP match with a repeated method or a malformed path.',
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    for (const r of policyRules(ctx.root)) {
      const http = mapField(r.node, 'http');
      if (!http) continue;
      const methods = getPair(http, 'methods')?.value;
      if (methods && methods.kind === 'seq') {
        const seen = new Map<string, number>();
        methods.items.forEach((m, i) => {
          if (m.kind !== 'scalar' || m.type === 'null') return;
          const text = m.text;
          const first = seen.get(text);
          if (first === undefined) seen.set(text, i);
          else ctx.report('invalid-http-match', { ...nodeSpan(m), message: `The HTTP method '${text}' is already listed (entry ${first}); list each method once.`, data: { path: `${r.path}.http.methods[${i}]`, duplicateOf: first } });
        });
      }
      const paths = getPair(http, 'paths')?.value;
      if (!paths || paths.kind !== 'seq') continue;
      paths.items.forEach((p, i) => {
        if (p.kind !== 'map') return;
        const where = `${r.path}.http.paths[${i}]`;
        const exact = stringScalar(p, 'exact');
        const prefix = stringScalar(p, 'prefix');
        const exactText = (exact?.value as string | undefined) ?? '';
        const prefixText = (prefix?.value as string | undefined) ?? '';
        if (exactText !== '' && prefixText !== '') {
          ctx.report('invalid-http-match', { ...nodeSpan(p), message: "An HTTP path match sets both 'exact' and 'prefix'; keep only one.", data: { path: where, reason: 'both' } });
          return;
        }
        const value = exactText || prefixText;
        const node = exactText ? exact! : prefix;
        if (value === '') {
          ctx.report('invalid-http-match', { ...nodeSpan(p), message: "An HTTP path match needs a non-empty 'exact' or 'prefix'.", data: { path: where, reason: 'empty' } });
          return;
        }
        if (!value.startsWith('/') || /[? #]/.test(value)) {
          const why = !value.startsWith('/') ? "must start with '/'" : "must not contain '?', '#' or spaces (match the path only, without query or fragment)";
          ctx.report('invalid-http-match', { ...nodeSpan(node!), message: `The HTTP path '${value}' ${why}.`, data: { path: where, reason: 'syntax' } });
        }
      });
    }
  },
};
