/**
 * `invalid-port`: a rule port Calico cannot read or refuses.
 *
 * Calico ports are a number 1–65535, a range `"min:max"` with 1 ≤ min ≤ max ≤ 65535, or a port
 * name that is a valid IANA service name (1–15 of `a-z`, `0-9`, `-`, at least one letter). Values
 * it cannot decode at all (`70000`, `"200:100"`, `"*"`, `""`) reject the resource at decoding;
 * `0` and names such as `http_alt` decode but fail validation.
 *
 * StagedKubernetesNetworkPolicy ports are Kubernetes ports (`port` plus optional `endPort`);
 * Calico converts them to its own form (`"port:endPort"`) and refuses those it cannot convert.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { getPair, type YNode } from '../../yaml/tree';
import { parsePort } from '../../model/numorstring';
import { CALICO_POLICY_KINDS, nodeSpan, policyRules, rulePortLists } from '../../model/rule-fields';
import { quoteValue } from '../../util/strings';

export const rule: ResourceRule = {
  code: 'invalid-port',
  severity: 'error',
  origin: 'validator',
  summary: 'A port that is not 1–65535, a valid min:max range, or a valid port name.',
  kinds: [...CALICO_POLICY_KINDS, 'StagedKubernetesNetworkPolicy'],
  check(ctx) {
    if (ctx.kind === 'StagedKubernetesNetworkPolicy') {
      checkKubernetesPorts(ctx);
      return;
    }
    for (const r of policyRules(ctx.root)) {
      for (const list of rulePortLists(r)) {
        list.items.forEach((item, i) => {
          const result = parsePort(item);
          if (result.kind !== 'error' || result.layer === 'type') return;
          ctx.report('invalid-port', { ...nodeSpan(item), message: `Invalid port: ${result.message}.`, data: { path: `${list.path}[${i}]`, layer: result.layer } });
        });
      }
    }
  },
};

/** Kubernetes ports are int32 or strings; Calico rebuilds `port[:endPort]` and parses that. */
function checkKubernetesPorts(ctx: ResourceContext): void {
  const spec = getPair(ctx.root, 'spec')?.value;
  for (const direction of ['ingress', 'egress']) {
    const rules = getPair(spec, direction)?.value;
    if (!rules || rules.kind !== 'seq') continue;
    for (const r of rules.items) {
      const ports = getPair(r, 'ports')?.value;
      if (!ports || ports.kind !== 'seq') continue;
      for (const p of ports.items) {
        const port = getPair(p, 'port')?.value;
        if (!port || port.kind !== 'scalar' || port.type === 'null') continue;
        const text = kubePortText(port);
        if (text === undefined) continue;
        const end = getPair(p, 'endPort')?.value;
        const endText = end && end.kind === 'scalar' && end.type === 'integer' ? `:${String(end.value)}` : '';
        const rebuilt = text + endText;
        const result = parsePortText(rebuilt);
        if (!result) continue;
        const at = endText && result.range ? end! : port;
        ctx.report('invalid-port', { ...nodeSpan(at), message: `Calico cannot convert the port ${quoteValue(rebuilt)}: ${result.message}.`, data: { port: rebuilt, layer: 'decode' } });
      }
    }
  }
}

function kubePortText(node: YNode): string | undefined {
  if (node.kind !== 'scalar') return undefined;
  if (node.type === 'integer') return String(node.value);
  if (node.type === 'float' && Number.isInteger(node.value)) return String(node.value);
  if (node.type === 'string') return node.value as string;
  return undefined;
}

/** Only decoding matters here: the converted policy's ports are not re-validated. */
function parsePortText(text: string): { message: string; range: boolean } | undefined {
  const fake: YNode = { kind: 'scalar', type: 'string', value: text, text, style: 'plain', start: 0, end: 0 };
  const r = parsePort(fake);
  if (r.kind === 'error' && r.layer === 'decode') return { message: r.message, range: text.includes(':') };
  return undefined;
}
