/**
 * terway-config-json: the CNI configuration in Terway's `eni-config` ConfigMap (`10-terway.conf`,
 * `10-terway.conflist`) is not valid JSON, is not a JSON object, or has a `cilium_args` that is
 * not a string. Terway's policy container parses the file with Go's encoding/json and exits on
 * an error (AliyunContainerService/terway, `cmd/terway-cli/policy.go`), so the node's networking
 * agent does not start. The span is the exact character of the JSON error inside the block scalar.
 */
import type { ConntrackRule } from './types';

export const rule: ConntrackRule = {
  code: 'terway-config-json',
  severity: 'error',
  origin: 'component',
  summary: "Terway's CNI configuration in the eni-config ConfigMap is not valid JSON, or its cilium_args is not a string.",
  check(ctx) {
    for (const p of ctx.model.problems) {
      if (p.code !== 'terway-config-json') continue;
      ctx.report('terway-config-json', {
        ...p.span,
        message: `${p.detail}. Terway's policy container refuses to start with a configuration it cannot parse.`,
        data: p.data,
      });
    }
  },
};
