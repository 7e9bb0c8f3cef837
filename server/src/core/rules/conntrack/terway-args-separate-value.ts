/**
 * terway-args-separate-value: a flag in Terway's `cilium_args` written `--name value`. Terway cuts
 * the string at each `--` and passes every piece as one argument (AliyunContainerService/terway,
 * `cmd/terway-cli/policy.go`, `extractArgs`), so cilium-agent receives `--name value` as a single
 * argument: a flag whose name contains a space, which its flag parser refuses ("unknown flag"),
 * and the agent does not start. Written `--name=value` it is one flag with its value.
 */
import type { ConntrackRule } from './types';
import { bounded } from './values';

export const rule: ConntrackRule = {
  code: 'terway-args-separate-value',
  severity: 'error',
  origin: 'component',
  summary: "A flag in Terway's cilium_args is written '--name value'; Terway passes it as one argument that cilium-agent refuses.",
  check(ctx) {
    for (const s of ctx.model.cilium) {
      if (s.source !== 'cilium_args') continue;
      for (const o of s.options) {
        if (!o.separated) continue;
        ctx.report('terway-args-separate-value', {
          ...o.span,
          message: `Terway passes '--${bounded(o.name)}' to cilium-agent as one argument, a flag named '${bounded(o.name)}' that the agent refuses; write '--${bounded(o.separated.name)}=${bounded(o.separated.value)}'.`,
          data: { name: o.separated.name, value: o.separated.value },
        });
      }
    }
  },
};
