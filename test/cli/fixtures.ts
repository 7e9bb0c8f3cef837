/**
 * YAML texts shared by the CLI tests, each with a known outcome.
 */

/** A HostEndpoint with one error: `interface` is an unknown field (Calico calls it `interfaceName`). */
export const HEP_TYPO = [
  'apiVersion: projectcalico.org/v3',
  'kind: HostEndpoint',
  'metadata:',
  '  name: memcached-node-1-eth0',
  '  labels:',
  '    memcached: server',
  'spec:',
  '  interface: eth0',
  '  node: memcached-node-1',
  '  expectedIPs: ["10.128.0.162"]',
  '',
].join('\n');

/** The canonical untracked memcached pair: no diagnostic at all. */
export const CLEAN = [
  'apiVersion: projectcalico.org/v3',
  'kind: HostEndpoint',
  'metadata:',
  '  name: memcached-node-1-eth0',
  '  labels:',
  '    memcached: server',
  'spec:',
  '  interfaceName: eth0',
  '  node: memcached-node-1',
  '  expectedIPs: ["10.128.0.162"]',
  '---',
  'apiVersion: projectcalico.org/v3',
  'kind: GlobalNetworkPolicy',
  'metadata:',
  '  name: memcached-server',
  'spec:',
  "  selector: memcached == 'server'",
  '  applyOnForward: true',
  '  doNotTrack: true',
  '  ingress:',
  '    - action: Allow',
  '      protocol: TCP',
  "      source: {selector: memcached == 'client'}",
  '      destination: {ports: [12211]}',
  '  egress:',
  '    - action: Allow',
  '      protocol: TCP',
  '      source: {ports: [12211]}',
  "      destination: {selector: memcached == 'client'}",
  '',
].join('\n');

/** Accepted by Calico, but the untracked policy has no reply rule: warnings, no error. */
export const WARNING_ONLY = CLEAN.slice(0, CLEAN.indexOf('  egress:\n')).replace('name: memcached-server', 'name: memcached-server-one-way');

/** Untracked policy without applyOnForward: an error whose fix (adding the key) is safe. */
export const SAFE_FIXABLE = CLEAN.replace('  applyOnForward: true\n', '');

/** A Deployment: not Calico, so nothing is reported even though it would be wrong for Calico. */
export const NOT_CALICO = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec: {interface: eth0}', ''].join('\n');

/** Returns the 0-based line/character range of `needle` in `text` (UTF-16, LF line ends). */
export function find(text: string, needle: string, occurrence = 0) {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, at).split('\n');
  const line = before.length - 1;
  const character = before[line]!.length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}
