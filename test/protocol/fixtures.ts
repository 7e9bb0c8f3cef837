/**
 * Shared YAML texts and range helpers for the protocol tests. Expected ranges are always found by
 * searching the text (`keyRange`, `valueRange`), never written as numbers, so a test stays right
 * when its text is edited.
 */
import { rangeOf } from '../support/lspClient';

/** A HostEndpoint whose `interface` key is an unknown field (Calico calls it `interfaceName`). */
export const HOST_ENDPOINT_TYPO = [
  'apiVersion: projectcalico.org/v3',
  'kind: HostEndpoint',
  'metadata:',
  '  name: web-node-1-eth0',
  '  labels:',
  '    role: web',
  'spec:',
  '  interface: eth0',
  '  node: web-node-1',
  '  expectedIPs: ["10.0.0.1"]',
  '',
].join('\n');

/** The same resource, correct. */
export const HOST_ENDPOINT_OK = HOST_ENDPOINT_TYPO.replace('  interface: eth0', '  interfaceName: eth0');

/** A GlobalNetworkPolicy with a quoted order (type mismatch) and a bad action (invalid value). */
export const POLICY_MISTAKES = [
  'apiVersion: projectcalico.org/v3',
  'kind: GlobalNetworkPolicy',
  'metadata:',
  '  name: allow-web',
  'spec:',
  '  order: "100"',
  "  selector: role == 'web'",
  '  types: [Ingress]',
  '  ingress:',
  '    - action: Accept',
  '      protocol: TCP',
  '      destination:',
  '        ports: [80, 443]',
  '',
].join('\n');

/** The range of the `occurrence`-th key `key` (the name only, without the colon). */
export function keyRange(text: string, key: string, occurrence = 0) {
  const r = rangeOf(text, `${key}:`, occurrence);
  return { start: r.start, end: { line: r.end.line, character: r.end.character - 1 } };
}

/** The range of a value, found by its exact text. */
export function valueRange(text: string, value: string, occurrence = 0) {
  return rangeOf(text, value, occurrence);
}

interface DiagnosticLike {
  code?: unknown;
  range: unknown;
  severity?: unknown;
}

/**
 * The diagnostics a test is about: every error, plus those whose code is listed. Advice from other
 * rules (for example "no policy selects this HostEndpoint") is left out, so that adding an
 * advisory rule does not break tests about ranges and the protocol.
 */
export function relevant<D extends DiagnosticLike>(diagnostics: readonly D[], codes: readonly string[] = []): D[] {
  return diagnostics.filter((d) => d.severity === 1 || codes.includes(String(d.code)));
}

/** A compact view of the relevant diagnostics (see `relevant`) for deepEqual. */
export function brief(diagnostics: readonly DiagnosticLike[], codes: readonly string[] = []) {
  return relevant(diagnostics, codes).map((d) => ({ code: d.code, severity: d.severity, range: d.range }));
}

/** `[code, severity]` pairs of the relevant diagnostics. */
export function codes(diagnostics: readonly DiagnosticLike[], listed: readonly string[] = []) {
  return relevant(diagnostics, listed).map((d) => [d.code, d.severity]);
}
