/**
 * BGPPeer, BGPConfiguration and BGPFilter checks (Calico's validator, Go decoding and the CRDs'
 * CEL rules) beyond the parity fixtures.
 */
import { test } from 'node:test';
import { checkCase, header, type Case } from './resource-kinds-cases';

const peer = (spec: string): string => `${header('BGPPeer', 'p')}spec:\n${spec}`;
const conf = (spec: string): string => `${header('BGPConfiguration')}spec:\n${spec}`;
const filter = (spec: string): string => `${header('BGPFilter', 'f')}spec:\n${spec}`;

const CASES: Case[] = [
  ['peer with port', peer("  peerIP: '10.0.0.1:1179'\n  asNumber: 64512\n"), []],
  ['bracketed v4 with port is accepted', peer("  peerIP: '[10.0.0.1]:179'\n  asNumber: 64512\n"), []],
  ['v6 without brackets and a port', peer("  peerIP: 'fd00::1:179'\n  asNumber: 64512\n"), []],
  ['peer IP with prefix', peer("  peerIP: '10.0.0.1/32'\n  asNumber: 64512\n"), ['invalid-peer-ip']],
  ['reachableBy same family through port form', peer("  peerIP: '[fd00::1]:179'\n  reachableBy: 'fd00::fe'\n  asNumber: 1\n"), []],
  ['reachableBy invalid', peer("  peerIP: 10.0.0.1\n  reachableBy: gateway\n  asNumber: 1\n"), ['invalid-ip']],
  ['empty strings count as unset', peer("  node: ''\n  nodeSelector: all()\n  peerIP: ''\n  peerSelector: all()\n"), []],
  ['asNumber 0 with peerSelector', peer('  peerSelector: all()\n  asNumber: 0\n'), []],
  ['localWorkloadSelector with asNumber', peer("  localWorkloadSelector: app == 'vm'\n  asNumber: 65000\n"), []],
  ['keepOriginalNextHop false with nextHopMode', peer('  peerIP: 10.0.0.1\n  asNumber: 1\n  keepOriginalNextHop: false\n  nextHopMode: Self\n'), []],
  ['negative local AS', peer('  peerIP: 10.0.0.1\n  asNumber: 1\n  localASNumber: -5\n'), ['invalid-number']],
  ['bad filter name', peer('  peerIP: 10.0.0.1\n  asNumber: 1\n  filters: [ok, Not_OK]\n'), ['invalid-resource-name']],
  ['bad durations', peer("  peerIP: 10.0.0.1\n  asNumber: 1\n  keepaliveTime: '30'\n  maxRestartTime: 2m\n"), ['invalid-duration']],
  ['selector syntax', peer("  peerSelector: 'has(a'\n"), ['invalid-resource-selector']],
  ['communities ok', conf("  communities:\n    - {name: a, value: '65535:65535'}\n    - {name: b, value: '4294967295:1:2'}\n  prefixAdvertisements:\n    - cidr: 10.0.0.0/8\n      communities: [a, b, '1:2']\n"), []],
  ['large community out of range', conf("  communities:\n    - {name: a, value: '4294967296:1:2'}\n  prefixAdvertisements:\n    - cidr: 10.0.0.0/8\n      communities: [a]\n"), ['invalid-community']],
  ['empty prefix advertisement communities list', conf('  prefixAdvertisements:\n    - cidr: 10.0.0.0/8\n      communities: []\n'), []],
  ['communities with empty prefix advertisements', conf("  communities:\n    - {name: a, value: '1:2'}\n  prefixAdvertisements: []\n"), ['bgpconfig-communities-unused']],
  ['mesh settings with mesh unset', conf('  nodeMeshMaxRestartTime: 90s\n'), []],
  ['mesh password with mesh off', conf('  nodeToNodeMeshEnabled: false\n  nodeMeshPassword:\n    secretKeyRef: {name: s, key: k}\n'), ['bgpconfig-node-mesh']],
  ['ignored interfaces', conf("  ignoredInterfaces: ['eth*', '*x', 'a.b-c_d']\n"), []],
  ['service IPs masked', conf("  serviceClusterIPs:\n    - cidr: 10.96.0.0/12\n  serviceExternalIPs:\n    - cidr: 'fd00::/64'\n"), []],
  ['negative AS number', conf('  asNumber: -1\n'), ['invalid-number']],
  ['filter ok', filter("  exportV4:\n    - {action: Accept, cidr: 10.0.0.0/8, matchOperator: In, prefixLength: {min: 16, max: 24}, interface: 'eth*'}\n  importV6:\n    - {action: Reject, cidr: 'fd00::/8', matchOperator: NotIn}\n"), []],
  // Go counts an IPv4-mapped prefix as IPv4, and this one is masked, so Calico accepts it.
  ['filter v4 rule with IPv4-mapped v6 CIDR', filter("  exportV4:\n    - {action: Accept, cidr: '::ffff:a00:0/104', matchOperator: In}\n"), []],
  ['filter operations on Accept', filter('  exportV4:\n    - action: Accept\n      operations:\n        - prependASPath: {prefix: [65000]}\n'), []],
  ['filter negative AS in prepend', filter('  exportV6:\n    - action: Accept\n      operations:\n        - prependASPath: {prefix: [-1]}\n'), ['invalid-number']],
];

for (const c of CASES) test(`bgp: ${c[0]}`, () => checkCase(c));
